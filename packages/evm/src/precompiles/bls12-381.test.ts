import { bigIntToBytes, bytesToBigInt, concatBytes } from '@faultline/primitives';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { createBls12381Precompiles } from './bls12-381.js';
import { G1_MSM_DISCOUNTS, G2_MSM_DISCOUNTS, msmGas, pairingGas } from './bls12-381-gas.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const Fp = G1.Fp;
const P = Fp.ORDER;
const R = G1.Fn.ORDER;
const bls = createBls12381Precompiles();

const fp = (v: bigint) => bigIntToBytes(v, 64);
function g1(point: InstanceType<typeof G1>): Uint8Array {
  if (point.is0()) return new Uint8Array(128);
  const { x, y } = point.toAffine();
  return concatBytes(fp(x), fp(y));
}
function g2(point: InstanceType<typeof G2>): Uint8Array {
  if (point.is0()) return new Uint8Array(256);
  const { x, y } = point.toAffine();
  return concatBytes(fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1));
}
const scalar = (v: bigint) => bigIntToBytes(v, 32);

/** A point on y² = x³ + 4 outside the prime-order subgroup (the cofactor is ≈ 2^125). */
const outsideG1 = (() => {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    try {
      const y = Fp.sqrt(rhs);
      const point = new G1(x, y, Fp.ONE);
      if (!point.isTorsionFree()) return point;
    } catch {
      // not a square
    }
  }
})();

const G = G1.BASE;
const H = G2.BASE;

describe('EIP-2537 gas schedule', () => {
  it('MSM: k · mul · discount(k) / 1000 with the table capped past 128', () => {
    expect(msmGas(1, 12000, G1_MSM_DISCOUNTS)).toBe(12000);
    expect(msmGas(2, 12000, G1_MSM_DISCOUNTS)).toBe(Math.floor((2 * 12000 * 949) / 1000));
    expect(msmGas(128, 12000, G1_MSM_DISCOUNTS)).toBe(Math.floor((128 * 12000 * 519) / 1000));
    expect(msmGas(129, 12000, G1_MSM_DISCOUNTS)).toBe(Math.floor((129 * 12000 * 519) / 1000));
    expect(msmGas(2, 22500, G2_MSM_DISCOUNTS)).toBe(45000);
    expect(msmGas(200, 22500, G2_MSM_DISCOUNTS)).toBe(Math.floor((200 * 22500 * 524) / 1000));
    expect(G1_MSM_DISCOUNTS).toHaveLength(128);
    expect(G2_MSM_DISCOUNTS).toHaveLength(128);
  });

  it('pairing: 32600 · k + 37700', () => {
    expect(pairingGas(1)).toBe(70300);
    expect(pairingGas(2)).toBe(102900);
  });
});

describe('BLS12-381 precompiles', () => {
  it('G1ADD adds, needs exactly 256 bytes, and skips the subgroup check', () => {
    expect(bls.g1Add.run(concatBytes(g1(G), g1(G)), 375)).toEqual({
      status: 'success',
      gasUsed: 375,
      output: g1(G.double()),
    });
    expect(bls.g1Add.run(concatBytes(g1(G), g1(G)), 374)).toEqual({ status: 'failure', reason: 'out of gas' });
    expect(bls.g1Add.run(concatBytes(g1(outsideG1), new Uint8Array(128)), 375)).toMatchObject({
      output: g1(outsideG1),
    });
    expect(bls.g1Add.run(new Uint8Array(255), 375)).toEqual({ status: 'failure', reason: 'invalid input length' });
  });

  it('G2ADD adds two G2 points and handles infinity', () => {
    expect(bls.g2Add.run(concatBytes(g2(H), g2(H.negate())), 600)).toEqual({
      status: 'success',
      gasUsed: 600,
      output: new Uint8Array(256),
    });
    expect(bls.g2Add.run(concatBytes(g2(H), new Uint8Array(256)), 600)).toMatchObject({ output: g2(H) });
  });

  it('field elements: non-zero top bytes and values ≥ p are distinct errors', () => {
    const top = concatBytes(g1(G), g1(G));
    top[0] = 1;
    expect(bls.g1Add.run(top, 375)).toEqual({ status: 'failure', reason: 'invalid field element top bytes' });
    const big = concatBytes(fp(P), fp(2n), g1(G));
    expect(bls.g1Add.run(big, 375)).toEqual({ status: 'failure', reason: 'invalid fp.Element encoding' });
    const off = concatBytes(fp(1n), fp(1n), g1(G));
    expect(bls.g1Add.run(off, 375)).toEqual({ status: 'failure', reason: 'invalid point: not on curve' });
  });

  it('G1MSM: Σ sᵢ·Pᵢ, scalars ≥ r reduced, zero terms and infinity skipped', () => {
    const input = concatBytes(g1(G), scalar(R + 3n), g1(G.double()), scalar(5n), new Uint8Array(128), scalar(7n));
    const gas = msmGas(3, 12000, G1_MSM_DISCOUNTS);
    expect(bls.g1Msm.run(input, gas)).toEqual({ status: 'success', gasUsed: gas, output: g1(G.multiply(13n)) });
    expect(bls.g1Msm.run(input, gas - 1)).toEqual({ status: 'failure', reason: 'out of gas' });
    expect(bls.g1Msm.run(concatBytes(g1(G), scalar(0n)), 12000)).toMatchObject({ output: new Uint8Array(128) });
  });

  it('G1MSM requires the subgroup; empty and ragged inputs are rejected', () => {
    expect(bls.g1Msm.run(concatBytes(g1(outsideG1), scalar(1n)), 12000)).toEqual({
      status: 'failure',
      reason: 'g1 point is not on correct subgroup',
    });
    expect(bls.g1Msm.run(new Uint8Array(0), 1e9)).toEqual({ status: 'failure', reason: 'invalid input length' });
    expect(bls.g1Msm.run(new Uint8Array(161), 1e9)).toEqual({ status: 'failure', reason: 'invalid input length' });
  });

  it('G2MSM agrees with scalar multiplication', () => {
    const input = concatBytes(g2(H), scalar(6n), g2(H), scalar(R - 1n));
    expect(bls.g2Msm.run(input, 45000)).toEqual({ status: 'success', gasUsed: 45000, output: g2(H.multiply(5n)) });
  });

  it('PAIRING: e(2P, 3Q) · e(-6P, Q) = 1; infinity pairs contribute 1', () => {
    const holds = concatBytes(g1(G.double()), g2(H.multiply(3n)), g1(G.multiply(6n).negate()), g2(H));
    expect(bls.pairing.run(holds, 102900)).toEqual({ status: 'success', gasUsed: 102900, output: bigIntToBytes(1n) });
    const fails = concatBytes(g1(G), g2(H));
    expect(bls.pairing.run(fails, 70300)).toMatchObject({ output: new Uint8Array(32) });
    expect(bls.pairing.run(concatBytes(new Uint8Array(128), g2(H)), 70300)).toMatchObject({
      output: bigIntToBytes(1n),
    });
    expect(bls.pairing.run(concatBytes(g1(outsideG1), g2(H)), 70300)).toEqual({
      status: 'failure',
      reason: 'g1 point is not on correct subgroup',
    });
  });

  it('MAP_FP_TO_G1 / MAP_FP2_TO_G2 land in the subgroup and need exact lengths', () => {
    const mapped = bls.mapFpToG1.run(fp(12345n), 5500);
    expect(mapped.status).toBe('success');
    if (mapped.status === 'success') {
      const x = bytesToBigInt(mapped.output.subarray(0, 64));
      const y = bytesToBigInt(mapped.output.subarray(64, 128));
      expect(new G1(x, y, Fp.ONE).isTorsionFree()).toBe(true);
    }
    expect(bls.mapFpToG1.run(fp(P), 5500)).toEqual({ status: 'failure', reason: 'invalid fp.Element encoding' });
    expect(bls.mapFp2ToG2.run(concatBytes(fp(1n), fp(2n)), 23800)).toMatchObject({ status: 'success', gasUsed: 23800 });
    expect(bls.mapFp2ToG2.run(fp(1n), 23800)).toEqual({ status: 'failure', reason: 'invalid input length' });
    expect(bls.mapFp2ToG2.run(concatBytes(fp(1n), fp(2n)), 23799)).toEqual({ status: 'failure', reason: 'out of gas' });
  });

  it('applies OP-stack input caps before anything else', () => {
    const capped = createBls12381Precompiles({ g1Msm: 513_760, g2Msm: 488_448, pairing: 235_008 });
    // 3211 G1 pairs = 513,760 bytes: at the cap, so only gas decides
    expect(capped.g1Msm.run(new Uint8Array(513_760), 1)).toEqual({ status: 'failure', reason: 'out of gas' });
    const over = capped.g1Msm.run(new Uint8Array(513_760 + 160), Number.MAX_SAFE_INTEGER);
    expect(over.status === 'failure' && over.reason).toMatch(/longer than 513760/);
    expect(capped.pairing.run(new Uint8Array(235_008 + 384), Number.MAX_SAFE_INTEGER)).toMatchObject({
      status: 'failure',
    });
    expect(capped.g2Msm.run(new Uint8Array(488_448 + 288), Number.MAX_SAFE_INTEGER)).toMatchObject({
      status: 'failure',
    });
  });
});
