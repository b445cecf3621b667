/**
 * The WebAssembly MSM against noble's `pippenger` on generator multiples with random scalars at
 * sizes that select different window widths, and on inputs built to hit every special case of
 * the incomplete formulas: repeated points (equal bucket additions), a point with its negation
 * (opposite additions, and a sum that is infinity), extreme scalars. The geth vectors in
 * spec/precompiles.test.ts check the precompile's encoded results on top of this.
 */
import { concatBytes } from '@faultline/primitives';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { encodeG1, encodeG2 } from './bls12-381-codec.js';
import { g1MsmWasm, g2MsmWasm } from './bls12-381-msm.js';
import { BLS12_381_WASM_AVAILABLE } from './bls12-381-subgroup.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;
const Fp = G1.Fp;
const Fp2 = bls12_381.fields.Fp2;
const R = G1.Fn.ORDER;

function encodeAll(parts: Uint8Array[]): { input: Uint8Array; offsets: number[] } {
  // A 32-byte gap before each point, as in an MSM input's scalar words.
  const input = concatBytes(...parts.flatMap((p) => [new Uint8Array(32), p]));
  const offsets: number[] = [];
  let at = 0;
  for (const p of parts) {
    offsets.push(at + 32);
    at += 32 + p.length;
  }
  return { input, offsets };
}

/** Jacobian (X, Y, Z) → noble's homogeneous (X·Z, Y, Z³). */
function g1Msm(points: G1P[], scalars: bigint[]): G1P {
  const { input, offsets } = encodeAll(points.map(encodeG1));
  const r = g1MsmWasm(input, offsets, scalars);
  if (r === undefined) throw new Error('too large');
  return r === null ? G1.ZERO : new G1(Fp.mul(r.x, r.z), r.y, Fp.mul(Fp.sqr(r.z), r.z));
}
function g2Msm(points: G2P[], scalars: bigint[]): G2P {
  const { input, offsets } = encodeAll(points.map(encodeG2));
  const r = g2MsmWasm(input, offsets, scalars);
  if (r === undefined) throw new Error('too large');
  if (r === null) return G2.ZERO;
  const [x, y, z] = [r.x, r.y, r.z].map(([c0, c1]) => Fp2.fromBigTuple([c0!, c1!]));
  return new G2(Fp2.mul(x!, z!), y!, Fp2.mul(Fp2.sqr(z!), z!));
}

function scalarsFrom(seed: bigint, count: number): bigint[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    let v = 0n;
    for (let i = 0; i < 4; i++) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      v = (v << 64n) | s;
    }
    return v % R || 1n;
  });
}

describe.skipIf(!BLS12_381_WASM_AVAILABLE)('BLS12-381 MSM on the WebAssembly kernel', () => {
  it('G1: equals noble’s pippenger across window widths', () => {
    for (const n of [1, 2, 3, 9, 33, 140]) {
      const points = scalarsFrom(BigInt(n), n).map((k) => G1.BASE.multiply(k));
      const scalars = scalarsFrom(BigInt(n) + 1000n, n);
      expect(g1Msm(points, scalars).equals(pippenger(G1, points, scalars)), `n = ${n}`).toBe(true);
    }
  });

  it('G1: repeated points, a point with its negation, extreme scalars', () => {
    const p = G1.BASE.multiply(12345n);
    const q = G1.BASE.multiply(777n);
    const cases: [G1P[], bigint[]][] = [
      [
        [p, p],
        [5n, 5n],
      ],
      [
        [p, p, p, p],
        [1n, 1n, 1n, 1n],
      ],
      [
        [p, p.negate()],
        [9n, 9n],
      ], // infinity
      [
        [p, p.negate()],
        [9n, 4n],
      ],
      [
        [p, p.negate(), q],
        [R - 1n, R - 1n, 3n],
      ],
      [
        [p, q, p, q, p.negate(), q.negate()],
        [R - 1n, 1n << 254n, 2n, 3n, 1n, R - 2n],
      ],
      [[p], [R - 1n]],
      [[p], [1n]],
      [
        [q, q, q],
        [1n << 200n, 1n << 200n, 1n],
      ],
    ];
    for (const [points, scalars] of cases) {
      expect(g1Msm(points, scalars).equals(pippenger(G1, points, scalars)), scalars.join()).toBe(true);
    }
    expect(g1Msm([p, p.negate()], [9n, 9n]).is0()).toBe(true);
    // The same doubling through 20 equal additions in one bucket, larger windows.
    const many = Array.from({ length: 20 }, () => q);
    const ones = many.map(() => 1n);
    expect(g1Msm(many, ones).equals(q.multiply(20n))).toBe(true);
  });

  it('G2: equals noble’s pippenger, with repeated and opposite points', () => {
    for (const n of [1, 4, 20]) {
      const points = scalarsFrom(BigInt(n) + 7n, n).map((k) => G2.BASE.multiply(k));
      const scalars = scalarsFrom(BigInt(n) + 2000n, n);
      expect(g2Msm(points, scalars).equals(pippenger(G2, points, scalars)), `n = ${n}`).toBe(true);
    }
    const p = G2.BASE.multiply(31337n);
    expect(g2Msm([p, p.negate()], [R - 1n, R - 1n]).is0()).toBe(true);
    expect(g2Msm([p, p, p.negate()], [7n, 7n, 2n]).equals(p.multiply(12n))).toBe(true);
  });

  it('declines inputs that do not fit its memory (the precompile then uses noble’s)', () => {
    const n = 30000;
    expect(g1MsmWasm(new Uint8Array(0), new Array<number>(n).fill(0), new Array<bigint>(n).fill(1n))).toBeUndefined();
  });
});
