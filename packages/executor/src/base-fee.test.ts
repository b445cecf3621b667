import { readFileSync } from 'node:fs';
import { hexToBytes } from '@faultline/primitives';
import { headerFromJson, parseRollupConfig } from '@faultline/protocol';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { nextBaseFee, opEip1559Params, opNextBaseFee } from './base-fee.js';
import { encodeHoloceneExtraData, encodeJovianExtraData, holoceneExtraDataFromAttributes } from './holocene-params.js';

describe('EIP-1559 base fee', () => {
  const parent = { gasLimit: 30_000_000n, baseFeePerGas: 1000n };
  const params = { denominator: 250n, elasticity: 6n }; // target 5M
  it('moves by (used − target)/target/denominator, at least 1 up', () => {
    // 1000 · 5M/5M / 250 = 4
    expect(nextBaseFee({ ...parent, gasUsed: 10_000_000n }, params)).toBe(1004n);
    expect(nextBaseFee({ ...parent, gasUsed: 0n }, params)).toBe(996n);
    expect(nextBaseFee({ ...parent, gasUsed: 5_000_000n }, params)).toBe(1000n);
    // 1000 · 1/5M / 250 rounds to 0 → the +1 floor
    expect(nextBaseFee({ ...parent, gasUsed: 5_000_001n }, params)).toBe(1001n);
  });
  it('refuses zero parameters instead of dividing by zero', () => {
    expect(() => nextBaseFee({ ...parent, gasUsed: 0n }, { denominator: 250n, elasticity: 0n })).toThrow(
      'base fee: elasticity (0) and denominator (250) must be non-zero',
    );
  });
});

describe('OP EIP-1559 parameters', () => {
  const p = fixturePath('op-chain-configs', 'derived', 'rollup-10.json');
  it.runIf(p)("uses the pre-Canyon denominator, then Canyon's, then the parent extraData (Holocene)", () => {
    const rollup = parseRollupConfig(JSON.parse(readFileSync(p!, 'utf8')));
    const empty = new Uint8Array(0);
    const canyon = rollup.hardforks.canyon!;
    const holocene = rollup.hardforks.holocene!;
    expect(opEip1559Params(rollup, { timestamp: canyon - 4n, extraData: empty }, canyon - 2n)).toEqual({
      denominator: 50n,
      elasticity: 6n,
    });
    expect(opEip1559Params(rollup, { timestamp: canyon - 2n, extraData: empty }, canyon)).toEqual({
      denominator: 250n,
      elasticity: 6n,
    });
    const extra = encodeHoloceneExtraData({ denominator: 100n, elasticity: 3n });
    expect(opEip1559Params(rollup, { timestamp: holocene, extraData: extra }, holocene + 2n)).toEqual({
      denominator: 100n,
      elasticity: 3n,
    });
  });

  // Fixture 26207961's parent is block 26207960, the child of fixture 26207960's parent: so the
  // real base fee of 26207960 is known and must follow from its parent header.
  const a = fixturePath('kona-exec-op-sepolia-26207960', 'fixture.json');
  const b = fixturePath('kona-exec-op-sepolia-26207961', 'fixture.json');
  it.runIf(a && b)('reproduces the base fee of real OP Sepolia block 26207960 from its parent', () => {
    const fa = JSON.parse(readFileSync(a!, 'utf8'));
    const fb = JSON.parse(readFileSync(b!, 'utf8'));
    const rollup = parseRollupConfig(fa.rollup_config);
    const parent = headerFromJson(fa.parent_header);
    const child = headerFromJson(fb.parent_header);
    expect(child.extraData).toEqual(
      holoceneExtraDataFromAttributes(hexToBytes(fa.executing_payload.eip1559Params), {
        denominator: rollup.eip1559.denominatorCanyon,
        elasticity: rollup.eip1559.elasticity,
      }),
    );
    const fee = opNextBaseFee(rollup, { ...parent, baseFeePerGas: parent.baseFeePerGas! }, child.timestamp);
    expect(fee).toBe(child.baseFeePerGas);
  });
});

describe('Jovian base fee (parent is a Jovian block)', () => {
  const rollup = {
    hardforks: { bedrock: 0n, canyon: 0n, holocene: 0n, isthmus: 0n, jovian: 100n },
    eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
  } as unknown as Parameters<typeof opNextBaseFee>[0];
  const jovianParent = (over: Partial<Parameters<typeof opNextBaseFee>[1]>) => ({
    gasLimit: 40_000_000n, // target 20M with elasticity 2
    gasUsed: 10_000_000n,
    blobGasUsed: 0n,
    baseFeePerGas: 1_000_000n,
    timestamp: 100n,
    extraData: encodeJovianExtraData({ denominator: 250n, elasticity: 2n }, 0n),
    ...over,
  });

  it('moves on max(gasUsed, blobGasUsed)', () => {
    // gasUsed 10M < target 20M: 1,000,000 − 1,000,000·10M/20M/250 = 1,000,000 − 2,000 = 998,000.
    expect(opNextBaseFee(rollup, jovianParent({}), 102n)).toBe(998_000n);
    // A DA footprint of 30M dominates: 1,000,000 + 1,000,000·10M/20M/250 = 1,002,000.
    expect(opNextBaseFee(rollup, jovianParent({ blobGasUsed: 30_000_000n }), 102n)).toBe(1_002_000n);
    // A footprint below gasUsed changes nothing.
    expect(opNextBaseFee(rollup, jovianParent({ blobGasUsed: 9_999_999n }), 102n)).toBe(998_000n);
  });

  it('clamps up to the minimum base fee of the parent extraData, never down', () => {
    const extraData = encodeJovianExtraData({ denominator: 250n, elasticity: 2n }, 999_000n);
    expect(opNextBaseFee(rollup, jovianParent({ extraData }), 102n)).toBe(999_000n); // 998,000 → 999,000
    const low = encodeJovianExtraData({ denominator: 250n, elasticity: 2n }, 500_000n);
    expect(opNextBaseFee(rollup, jovianParent({ extraData: low }), 102n)).toBe(998_000n);
    // A parent at base fee 0 (possible before Jovian) jumps straight to the minimum.
    const min = encodeJovianExtraData({ denominator: 250n, elasticity: 2n }, 200_000n);
    expect(opNextBaseFee(rollup, jovianParent({ extraData: min, baseFeePerGas: 0n }), 102n)).toBe(200_000n);
  });

  it('uses the Holocene rule for the activation block (its parent is pre-Jovian)', () => {
    const parent = {
      ...jovianParent({ timestamp: 98n, blobGasUsed: 30_000_000n }),
      extraData: encodeHoloceneExtraData({ denominator: 250n, elasticity: 2n }),
    };
    expect(opNextBaseFee(rollup, parent, 100n)).toBe(998_000n); // blobGasUsed ignored, no minimum
  });

  it('refuses a Jovian parent whose extraData is the Holocene form', () => {
    const parent = jovianParent({ extraData: encodeHoloceneExtraData({ denominator: 250n, elasticity: 2n }) });
    expect(() => opNextBaseFee(rollup, parent, 102n)).toThrow('jovian extraData: expected 17 bytes, got 9');
  });
});
