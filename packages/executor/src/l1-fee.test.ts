import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { fjordEstimatedSizeScaled, l1Fee, l1FeeOfTransaction, rollupCostData } from './l1-fee.js';

// The two transactions of op-geth's FastLZ test vectors (see fastlz.test.ts): a 30-byte legacy
// tx with no zero byte (FastLZ size 31) and a 345-byte EIP-1559 call (178 zeros, 167 non-zero,
// FastLZ size 202).
const EMPTY_TX = hexToBytes('0xdd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080');
const CALL = hexToBytes(
  '0x02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8cc2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000000003c1e5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec06449cb922b93b6a12744e',
);

// 1 gwei L1 base fee; OP Mainnet's genesis overhead 188 / scalar 684000 and its Ecotone scalars
// 5227 / 1014213 (superchain registry); blob base fee 1 (MIN_BASE_FEE_PER_BLOB_GAS).
const L1_BASE_FEE = 1_000_000_000n;
const ECOTONE = { l1BaseFee: L1_BASE_FEE, blobBaseFee: 1n, baseFeeScalar: 5227n, blobBaseFeeScalar: 1_014_213n };
// 16 · 1e9 · 5227 + 1 · 1014213
const FEE_SCALED = 83_632_001_014_213n;

describe('L1 data fee (exec-engine.md "L1-Cost fees")', () => {
  it('counts zero and non-zero bytes and the FastLZ size of the full encoding', () => {
    expect(rollupCostData(EMPTY_TX)).toEqual({ zeros: 0n, ones: 30n, fastlzSize: 31n });
    expect(rollupCostData(CALL)).toEqual({ zeros: 178n, ones: 167n, fastlzSize: 202n });
  });

  it('Bedrock before Regolith adds 68 non-zero bytes: (30+68)·16 + 188 = 1756 gas', () => {
    const params = {
      rule: 'bedrock',
      regolith: false,
      l1BaseFee: L1_BASE_FEE,
      overhead: 188n,
      scalar: 684_000n,
    } as const;
    // 1756 · 1e9 · 684000 / 1e6
    expect(l1FeeOfTransaction(params, EMPTY_TX)).toEqual({ fee: 1_201_104_000_000n, l1GasUsed: 1756n });
  });

  it('Regolith drops them: 30·16 + 188 = 668 gas', () => {
    const params = {
      rule: 'bedrock',
      regolith: true,
      l1BaseFee: L1_BASE_FEE,
      overhead: 188n,
      scalar: 684_000n,
    } as const;
    // 668 · 1e9 · 684000 / 1e6
    expect(l1FeeOfTransaction(params, EMPTY_TX)).toEqual({ fee: 456_912_000_000n, l1GasUsed: 668n });
  });

  it('Ecotone: calldataGas · feeScaled / 16e6', () => {
    // 480 · 83632001014213 / 16e6 = 2508960030.4…
    expect(l1FeeOfTransaction({ rule: 'ecotone', ...ECOTONE }, EMPTY_TX)).toEqual({
      fee: 2_508_960_030n,
      l1GasUsed: 480n,
    });
    // (178·4 + 167·16) = 3384 gas; 3384 · 83632001014213 / 16e6 = 17688168214.5…
    expect(l1FeeOfTransaction({ rule: 'ecotone', ...ECOTONE }, CALL)).toEqual({
      fee: 17_688_168_214n,
      l1GasUsed: 3384n,
    });
  });

  it('Fjord: small transactions pay for the 100-byte minimum', () => {
    // −42585600 + 836500·31 < 100e6 → 100e6; 100e6 · 83632001014213 / 1e12 = 8363200101.4…
    expect(fjordEstimatedSizeScaled(31n)).toBe(100_000_000n);
    expect(l1FeeOfTransaction({ rule: 'fjord', ...ECOTONE }, EMPTY_TX)).toEqual({
      fee: 8_363_200_101n,
      l1GasUsed: 1600n,
    });
  });

  it('Fjord: larger transactions follow the linear regression on the FastLZ size', () => {
    // −42585600 + 836500·202 = 126387400; · 83632001014213 / 1e12 = 10570031164.6…; l1GasUsed 126387400·16/1e6 = 2022
    expect(fjordEstimatedSizeScaled(202n)).toBe(126_387_400n);
    expect(l1Fee({ rule: 'fjord', ...ECOTONE }, rollupCostData(CALL))).toEqual({
      fee: 10_570_031_164n,
      l1GasUsed: 2022n,
    });
    expect(FEE_SCALED).toBe(16n * L1_BASE_FEE * 5227n + 1_014_213n);
  });
});
