import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { type Aff, batchAdd, FP_MODULUS, INFINITY } from './g1-batch-add.js';

const G1 = bls12_381.G1.Point;
type Point = InstanceType<typeof G1>;

function aff(p: Point): Aff {
  if (p.equals(G1.ZERO)) return INFINITY;
  const { x, y } = p.toAffine();
  return { x, y, inf: false };
}

describe('batched affine G1 additions (checked with @noble/curves)', () => {
  it('adds, doubles, cancels and passes infinity through, all in one batch', () => {
    const a = G1.BASE.multiply(12345n);
    const b = G1.BASE.multiply(67890n);
    const cases: [Point, Point][] = [
      [a, b],
      [a, a],
      [a, a.negate()],
      [G1.ZERO, b],
      [b, G1.ZERO],
      [G1.ZERO, G1.ZERO],
      [b, a],
    ];
    const sums = batchAdd(
      cases.map(([p]) => aff(p)),
      cases.map(([, q]) => aff(q)),
    );
    expect(sums).toEqual(cases.map(([p, q]) => aff(p.add(q))));
    expect(FP_MODULUS).toBe(bls12_381.fields.Fp.ORDER);
  });

  it('an empty batch needs no inversion', () => {
    expect(batchAdd([], [])).toEqual([]);
  });
});
