import { bigIntToBytes, concatBytes } from '@faultline/primitives';
import { bn254 } from '@noble/curves/bn254.js';
import { describe, expect, it } from 'vitest';
import {
  BN254_BYZANTIUM_PRICING,
  BN254_ISTANBUL_PRICING,
  createBn254Add,
  createBn254Mul,
  createBn254Pairing,
} from './bn254.js';

const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const Fp2 = bn254.fields.Fp2;
const P = G1.Fp.ORDER;
const N = G1.Fn.ORDER;

function g1Bytes(point: InstanceType<typeof G1>): Uint8Array {
  if (point.is0()) return new Uint8Array(64);
  const { x, y } = point.toAffine();
  return concatBytes(bigIntToBytes(x), bigIntToBytes(y));
}

/** EIP-197 order: imaginary coefficient first. */
function g2Bytes(x: { c0: bigint; c1: bigint }, y: { c0: bigint; c1: bigint }): Uint8Array {
  return concatBytes(bigIntToBytes(x.c1), bigIntToBytes(x.c0), bigIntToBytes(y.c1), bigIntToBytes(y.c0));
}

function g2PointBytes(point: InstanceType<typeof G2>): Uint8Array {
  const { x, y } = point.toAffine();
  return g2Bytes(x, y);
}

const add = createBn254Add(BN254_ISTANBUL_PRICING);
const mul = createBn254Mul(BN254_ISTANBUL_PRICING);
const pairing = createBn254Pairing(BN254_ISTANBUL_PRICING);
const G = G1.BASE;

describe('bn254 add / mul', () => {
  it('G + G equals 2·G, and the EIP-196 value for (1,2)+(1,2)', () => {
    const sum = add.run(concatBytes(g1Bytes(G), g1Bytes(G)), 150);
    const doubled = mul.run(concatBytes(g1Bytes(G), bigIntToBytes(2n)), 6000);
    expect(sum).toEqual(doubled.status === 'success' ? { ...doubled, gasUsed: 150 } : doubled);
    expect(sum.status === 'success' && sum.output.subarray(0, 2)).toEqual(Uint8Array.of(0x03, 0x06));
  });

  it('treats (0,0) as infinity and pads short input with zeros', () => {
    expect(add.run(new Uint8Array(0), 150)).toEqual({ status: 'success', gasUsed: 150, output: new Uint8Array(64) });
    expect(add.run(g1Bytes(G), 150)).toMatchObject({ output: g1Bytes(G) }); // G + (0,0)
    expect(mul.run(g1Bytes(G), 6000)).toMatchObject({ output: new Uint8Array(64) }); // scalar 0
  });

  it('ignores input beyond the fixed length', () => {
    const input = concatBytes(g1Bytes(G), g1Bytes(G), Uint8Array.of(0xff, 0xff));
    expect(add.run(input, 150)).toEqual(add.run(input.subarray(0, 128), 150));
  });

  it('multiplies by scalars ≥ n as their residue', () => {
    const big = mul.run(concatBytes(g1Bytes(G), bigIntToBytes(N + 5n)), 6000);
    expect(big).toEqual(mul.run(concatBytes(g1Bytes(G), bigIntToBytes(5n)), 6000));
  });

  it('fails on a point off the curve or a coordinate ≥ p', () => {
    expect(add.run(concatBytes(bigIntToBytes(1n), bigIntToBytes(3n)), 150)).toMatchObject({ status: 'failure' });
    expect(mul.run(concatBytes(bigIntToBytes(1n + P), bigIntToBytes(2n)), 6000)).toMatchObject({ status: 'failure' });
  });

  it('prices per fork: EIP-196 at Byzantium, EIP-1108 at Istanbul', () => {
    const input = concatBytes(g1Bytes(G), g1Bytes(G));
    expect(createBn254Add(BN254_BYZANTIUM_PRICING).run(input, 500)).toMatchObject({ gasUsed: 500 });
    expect(createBn254Add(BN254_BYZANTIUM_PRICING).run(input, 499)).toMatchObject({ status: 'failure' });
    expect(createBn254Mul(BN254_BYZANTIUM_PRICING).run(input, 40000)).toMatchObject({ gasUsed: 40000 });
    expect(add.run(input, 149)).toEqual({ status: 'failure', reason: 'out of gas' });
  });
});

describe('bn254 pairing', () => {
  const Q = G2.BASE;
  const pair = (p: InstanceType<typeof G1>, q: InstanceType<typeof G2>) => concatBytes(g1Bytes(p), g2PointBytes(q));

  it('e(P, Q) · e(-P, Q) = 1 and e(P, Q) · e(P, Q) ≠ 1', () => {
    const one = pairing.run(concatBytes(pair(G, Q), pair(G.negate(), Q)), 113000);
    expect(one).toEqual({ status: 'success', gasUsed: 113000, output: bigIntToBytes(1n) });
    expect(pairing.run(concatBytes(pair(G, Q), pair(G, Q)), 113000)).toMatchObject({ output: new Uint8Array(32) });
  });

  it('answers 1 for empty input and for pairs containing infinity', () => {
    expect(pairing.run(new Uint8Array(0), 45000)).toEqual({
      status: 'success',
      gasUsed: 45000,
      output: bigIntToBytes(1n),
    });
    expect(pairing.run(concatBytes(new Uint8Array(64), g2PointBytes(Q)), 79000)).toMatchObject({
      output: bigIntToBytes(1n),
    });
  });

  it('fails on a length that is not a multiple of 192', () => {
    expect(pairing.run(new Uint8Array(191), 1_000_000)).toMatchObject({ status: 'failure' });
  });

  it('fails on a twist point outside the order-n subgroup', () => {
    let x = Fp2.fromBigTuple([1n, 0n]);
    let y: ReturnType<typeof Fp2.sqrt> | undefined;
    for (;;) {
      const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2.CURVE().b);
      try {
        y = Fp2.sqrt(rhs);
        if (Fp2.eql(Fp2.sqr(y), rhs)) break;
      } catch {
        // not a square; try the next x
      }
      x = Fp2.add(x, Fp2.ONE);
    }
    const outside = new G2(x, y, Fp2.ONE);
    expect(outside.isTorsionFree()).toBe(false);
    expect(pairing.run(concatBytes(g1Bytes(G), g2Bytes(x, y)), 1_000_000)).toMatchObject({ status: 'failure' });
  });

  it('enforces an OP-stack input cap before pricing (Granite: 112,687 bytes)', () => {
    const granite = createBn254Pairing(BN254_ISTANBUL_PRICING, 112_687);
    // 586 pairs = 112,512 bytes: under the cap, so it is only out of gas
    expect(granite.run(new Uint8Array(586 * 192).fill(1), 260_000)).toEqual({
      status: 'failure',
      reason: 'out of gas',
    });
    // 587 pairs = 112,704 bytes: over the cap, rejected whatever the gas
    const over = granite.run(new Uint8Array(587 * 192), Number.MAX_SAFE_INTEGER);
    expect(over.status === 'failure' && over.reason).toMatch(/longer than 112687/);
  });

  it('prices k pairs as 80000k + 100000 at Byzantium and 34000k + 45000 at Istanbul', () => {
    const input = concatBytes(pair(G, Q), pair(G.negate(), Q));
    expect(createBn254Pairing(BN254_BYZANTIUM_PRICING).run(input, 260000)).toMatchObject({ gasUsed: 260000 });
    expect(createBn254Pairing(BN254_BYZANTIUM_PRICING).run(input, 259999)).toMatchObject({ status: 'failure' });
  });
});
