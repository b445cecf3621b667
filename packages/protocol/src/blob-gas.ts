/**
 * Blob gas accounting (EIP-4844 "Gas accounting"; EIP-7691 raised the Prague target/max): the
 * excess blob gas carried from header to header; pricing itself (`fake_exponential`, schedules)
 * is the EVM package's. OP L2 blocks have no blobs (blobGasUsed = excessBlobGas = 0 from
 * Ecotone), but the L1-info deposit needs the *L1* origin's blob base fee, whose update
 * fraction depends on the L1 fork (ecotone/l1-attributes.md; OP Sepolia's pectra blob schedule).
 * It lives in protocol, not executor, because derivation builds that deposit.
 */
import {
  type BlobSchedule,
  blobBaseFee,
  defaultBlobSchedule,
  type Fork,
  GAS_PER_BLOB,
  isForkActive,
  MIN_BLOB_BASE_FEE,
} from '@faultline/evm';

/** The fork's blob schedule: Cancun (EIP-4844) or Prague (EIP-7691), from the EVM package. */
export const BLOB_SCHEDULES = {
  Cancun: defaultBlobSchedule('Cancun'),
  Prague: defaultBlobSchedule('Prague'),
} as const satisfies Record<string, BlobSchedule>;

/** EIP-4844 `calc_excess_blob_gas` (without EIP-7918's Osaka reserve price). */
export function nextExcessBlobGas(
  parentExcessBlobGas: bigint,
  parentBlobGasUsed: bigint,
  schedule: BlobSchedule,
): bigint {
  const target = BigInt(schedule.target) * GAS_PER_BLOB;
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
  if (excessBlobGas === undefined) return MIN_BLOB_BASE_FEE;
  return blobBaseFee(excessBlobGas, l1OriginBlobSchedule(l1Fork, l1Timestamp, pectraBlobScheduleTime));
}
