import { blobBaseFee, fakeExponential, GAS_PER_BLOB } from '@faultline/evm';
import { describe, expect, it } from 'vitest';
import { BLOB_SCHEDULES, l1OriginBlobBaseFee, l1OriginBlobSchedule, nextExcessBlobGas } from './blob-gas.js';

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
