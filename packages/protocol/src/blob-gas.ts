/**
 * Blob gas accounting (EIP-4844 "Gas accounting"; EIP-7691 raised the Prague target/max): the
 * excess blob gas carried from header to header and the blob base fee derived from it with
 * `fake_exponential`. OP L2 blocks have no blobs (blobGasUsed = excessBlobGas = 0 from
 * Ecotone), but the L1-info deposit needs the *L1* origin's blob base fee, whose update
 * fraction depends on the L1 fork (ecotone/l1-attributes.md; OP Sepolia's pectra blob schedule).
 * It lives in protocol, not executor, because derivation builds that deposit.
 */
import { type Fork, isForkActive } from '@faultline/evm';

export const GAS_PER_BLOB = 131_072n;
export const MIN_BASE_FEE_PER_BLOB_GAS = 1n;

export type BlobSchedule = { target: bigint; max: bigint; baseFeeUpdateFraction: bigint };

/** EIP-4844 (Cancun): target 3 blobs, max 6. EIP-7691 (Prague): target 6, max 9. */
export const BLOB_SCHEDULES = {
  Cancun: { target: 3n, max: 6n, baseFeeUpdateFraction: 3_338_477n },
  Prague: { target: 6n, max: 9n, baseFeeUpdateFraction: 5_007_716n },
} as const satisfies Record<string, BlobSchedule>;

/** EIP-4844 `fake_exponential`: factor · e^(numerator/denominator) by Taylor expansion in integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accum = factor * denominator;
  while (accum > 0n) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

export function blobBaseFee(excessBlobGas: bigint, schedule: BlobSchedule): bigint {
  return fakeExponential(MIN_BASE_FEE_PER_BLOB_GAS, excessBlobGas, schedule.baseFeeUpdateFraction);
}

/** EIP-4844 `calc_excess_blob_gas` (without EIP-7918's Osaka reserve price). */
export function nextExcessBlobGas(
  parentExcessBlobGas: bigint,
  parentBlobGasUsed: bigint,
  schedule: BlobSchedule,
): bigint {
  const target = schedule.target * GAS_PER_BLOB;
  const sum = parentExcessBlobGas + parentBlobGasUsed;
  return sum < target ? 0n : sum - target;
}

/**
 * The blob schedule that prices the L1 origin's blobs in the L1-info deposit. With
 * `pectraBlobScheduleTime` set (OP Sepolia), Prague's fraction applies from that L1 timestamp
 * and Cancun's before it (pectra-blob-schedule/derivation.md); otherwise the L1 fork's own
 * schedule. Osaka's blob-parameter-only forks are not modelled: Osaka uses Prague's schedule.
 */
export function l1OriginBlobSchedule(l1Fork: Fork, l1Timestamp: bigint, pectraBlobScheduleTime?: bigint): BlobSchedule {
  if (pectraBlobScheduleTime !== undefined) {
    return l1Timestamp >= pectraBlobScheduleTime ? BLOB_SCHEDULES.Prague : BLOB_SCHEDULES.Cancun;
  }
  return isForkActive(l1Fork, 'Prague') ? BLOB_SCHEDULES.Prague : BLOB_SCHEDULES.Cancun;
}

/** The L1 origin's blob base fee for the L1-info deposit: 1 (the minimum) if it predates blobs. */
export function l1OriginBlobBaseFee(
  excessBlobGas: bigint | undefined,
  l1Fork: Fork,
  l1Timestamp: bigint,
  pectraBlobScheduleTime?: bigint,
): bigint {
  if (excessBlobGas === undefined) return MIN_BASE_FEE_PER_BLOB_GAS;
  return blobBaseFee(excessBlobGas, l1OriginBlobSchedule(l1Fork, l1Timestamp, pectraBlobScheduleTime));
}
