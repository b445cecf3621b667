import { blobBaseFee, fakeExponential, GAS_PER_BLOB } from '@faultline/evm';
import { describe, expect, it } from 'vitest';
import {
  BLOB_SCHEDULES,
  BlobScheduleError,
  l1ConfigBlobBaseFee,
  l1ConfigBlobSchedule,
  l1OriginBlobBaseFee,
  l1OriginBlobSchedule,
  nextExcessBlobGas,
} from './blob-gas.js';
import { parseChainConfig } from './chain-config.js';
import { builtinL1ChainConfig } from './l1-chains.js';

describe('blob gas (EIP-4844, EIP-7691)', () => {
  it('fake_exponential approximates factor · e^(n/d) from below', () => {
    expect(fakeExponential(1n, 0n, 3_338_477n)).toBe(1n);
    // e^(13107200/3338477) = e^3.9261 ≈ 50.7
    expect(blobBaseFee(13_107_200n, BLOB_SCHEDULES.Cancun)).toBe(50n);
    // e^(20000000/3338477) = e^5.9908 ≈ 399.6; Prague: e^(20000000/5007716) = e^3.9938 ≈ 54.3
    expect(blobBaseFee(20_000_000n, BLOB_SCHEDULES.Cancun)).toBe(399n);
    expect(blobBaseFee(20_000_000n, BLOB_SCHEDULES.Prague)).toBe(54n);
    // e^1 · 1000 = 2718.28…; with denominator 1 every Taylor term truncates: 1000+1000+500+166+41+8+1
    expect(fakeExponential(1000n, 1_000_000n, 1_000_000n)).toBe(2718n);
    expect(fakeExponential(1000n, 1n, 1n)).toBe(2716n);
  });

  it('carries the excess above the target (3 blobs Cancun, 6 Prague)', () => {
    expect(nextExcessBlobGas(0n, 2n * GAS_PER_BLOB, BLOB_SCHEDULES.Cancun)).toBe(0n);
    expect(nextExcessBlobGas(0n, 6n * GAS_PER_BLOB, BLOB_SCHEDULES.Cancun)).toBe(3n * GAS_PER_BLOB);
    expect(nextExcessBlobGas(GAS_PER_BLOB, 6n * GAS_PER_BLOB, BLOB_SCHEDULES.Prague)).toBe(GAS_PER_BLOB);
    // OP L2 blocks: no blobs, no excess
    expect(nextExcessBlobGas(0n, 0n, BLOB_SCHEDULES.Cancun)).toBe(0n);
  });

  it('prices the L1 origin by its fork, or by the pectra blob schedule time when set', () => {
    expect(l1OriginBlobSchedule('Cancun', 100n)).toBe(BLOB_SCHEDULES.Cancun);
    expect(l1OriginBlobSchedule('Prague', 100n)).toBe(BLOB_SCHEDULES.Prague);
    expect(l1OriginBlobSchedule('Prague', 99n, 100n)).toBe(BLOB_SCHEDULES.Cancun);
    expect(l1OriginBlobSchedule('Prague', 100n, 100n)).toBe(BLOB_SCHEDULES.Prague);
    expect(l1OriginBlobBaseFee(undefined, 'Shanghai', 0n)).toBe(1n);
    expect(l1OriginBlobBaseFee(20_000_000n, 'Prague', 0n)).toBe(54n);
  });
});

describe('L1 blob schedule from the L1 chain config (Prague, Osaka, BPO1/BPO2 of EIP-7892)', () => {
  const mainnet = builtinL1ChainConfig(1n)!;
  const excess = 100_000_000n;
  it('prices an L1 origin by the blob fork active at its time (hand-checked fake_exponential)', () => {
    const fee = (t: bigint) => l1ConfigBlobBaseFee(excess, mainnet, t);
    // Cancun fraction 3,338,477: e^29.95 ≈ 1.0e13.
    expect(fee(1_746_612_310n)).toBe(10_203_769_476_395n);
    // Prague and Osaka fraction 5,007,716: e^19.97 ≈ 4.70e8.
    expect(fee(1_746_612_311n)).toBe(470_442_149n);
    expect(fee(1_764_798_551n)).toBe(470_442_149n);
    // BPO1 (2025-12-09) fraction 8,346,193: e^11.98 ≈ 159,8xx; BPO2 (2026-01-07) 11,684,671: e^8.558 ≈ 5,2xx.
    expect(fee(1_765_290_071n)).toBe(159_773n);
    expect(fee(1_767_747_671n)).toBe(5_209n);
    expect(l1ConfigBlobSchedule(mainnet, 1_767_747_671n)).toEqual({
      target: 14,
      max: 21,
      baseFeeUpdateFraction: 11_684_671n,
    });
    expect(l1ConfigBlobSchedule(mainnet, 1_710_338_134n)).toBeUndefined(); // before Cancun
    expect(l1ConfigBlobBaseFee(undefined, mainnet, 1_767_747_671n)).toBe(1n);
  });

  it('keeps the Cancun fraction before pectra_blob_schedule_time, then follows the L1 (OP Sepolia)', () => {
    const sepolia = builtinL1ChainConfig(11155111n)!;
    const pectra = 1_742_486_400n;
    expect(l1ConfigBlobSchedule(sepolia, pectra - 1n, pectra)).toBe(BLOB_SCHEDULES.Cancun);
    expect(l1ConfigBlobSchedule(sepolia, pectra, pectra)?.baseFeeUpdateFraction).toBe(5_007_716n);
    expect(l1ConfigBlobSchedule(sepolia, 1_761_607_008n, pectra)?.baseFeeUpdateFraction).toBe(11_684_671n);
  });

  it('reads a geth chain config: Osaka without an entry uses Prague’s, a BPO without one is an error', () => {
    const config = parseChainConfig({
      chainId: 900,
      cancunTime: 0,
      pragueTime: 10,
      osakaTime: 20,
      bpo1Time: 30,
      blobSchedule: { cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 } },
    });
    expect(l1ConfigBlobSchedule(config, 25n)).toEqual(BLOB_SCHEDULES.Prague);
    expect(() => l1ConfigBlobSchedule(config, 30n)).toThrow(BlobScheduleError);
    expect(() => l1ConfigBlobSchedule(config, 30n)).toThrow('bpo1Time is set but blobSchedule.bpo1 is missing');
  });
});
