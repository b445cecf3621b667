/**
 * Blob gas accounting (EIP-4844 "Gas accounting"; EIP-7691 raised the Prague target/max): the
 * excess blob gas carried from header to header; pricing itself (`fake_exponential`, schedules)
 * is the EVM package's. OP L2 blocks have no blobs (excessBlobGas stays 0; from Jovian
 * blobGasUsed holds the DA footprint instead), but the L1-info deposit needs the *L1* origin's
 * blob base fee, whose update fraction depends on the L1 fork (ecotone/l1-attributes.md): Cancun,
 * Prague (EIP-7691), Osaka (Prague's parameters) and the blob-parameter-only forks BPO1…BPO5
 * (EIP-7892), read from the L1's chain config; OP Sepolia's pectra blob schedule delays Prague's.
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
import type { ChainConfig } from './chain-config.js';
import { ConfigError } from './errors.js';

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

/** An L1 chain config that schedules a blob-parameter fork without giving its parameters. */
export class BlobScheduleError extends ConfigError {}

/** Blob forks in activation order: the geth `blobSchedule` entry and the time key that activates it. */
const BLOB_FORKS = [
  ['cancun', 'cancunTime'],
  ['prague', 'pragueTime'],
  ['osaka', 'osakaTime'],
  ['bpo1', 'bpo1Time'],
  ['bpo2', 'bpo2Time'],
  ['bpo3', 'bpo3Time'],
  ['bpo4', 'bpo4Time'],
  ['bpo5', 'bpo5Time'],
] as const;

/** Entries a config may leave out: the EIPs fix them (op-node: "Osaka uses the blobSchedule.prague entry"). */
const IMPLIED: Partial<Record<(typeof BLOB_FORKS)[number][0], BlobSchedule>> = {
  cancun: BLOB_SCHEDULES.Cancun,
  prague: BLOB_SCHEDULES.Prague,
  osaka: BLOB_SCHEDULES.Prague,
};

/**
 * The blob schedule of the L1 block at `l1Timestamp` according to the L1's chain config: the
 * latest blob fork active then (`undefined` before Cancun). With `pectraBlobScheduleTime` set,
 * the Cancun fraction applies to every L1 origin before that time (pectra-blob-schedule/derivation.md).
 */
export function l1ConfigBlobSchedule(
  l1: ChainConfig,
  l1Timestamp: bigint,
  pectraBlobScheduleTime?: bigint,
): BlobSchedule | undefined {
  let active: (typeof BLOB_FORKS)[number] | undefined;
  for (const fork of BLOB_FORKS) {
    const t = l1.times[fork[1]];
    if (t !== undefined && l1Timestamp >= t) active = fork;
  }
  if (active === undefined) return undefined;
  if (pectraBlobScheduleTime !== undefined && l1Timestamp < pectraBlobScheduleTime) return BLOB_SCHEDULES.Cancun;
  const entry = l1.blobSchedule?.[active[0]];
  if (entry) {
    return {
      target: Number(entry.target),
      max: Number(entry.max),
      baseFeeUpdateFraction: entry.baseFeeUpdateFraction,
    };
  }
  const implied = IMPLIED[active[0]];
  if (!implied)
    throw new BlobScheduleError(`L1 chain config: ${active[1]} is set but blobSchedule.${active[0]} is missing`);
  return implied;
}

/** The L1 origin's blob base fee from the L1 chain config: 1 (the minimum) before blobs. */
export function l1ConfigBlobBaseFee(
  excessBlobGas: bigint | undefined,
  l1: ChainConfig,
  l1Timestamp: bigint,
  pectraBlobScheduleTime?: bigint,
): bigint {
  const schedule = l1ConfigBlobSchedule(l1, l1Timestamp, pectraBlobScheduleTime);
  if (excessBlobGas === undefined || schedule === undefined) return MIN_BLOB_BASE_FEE;
  return blobBaseFee(excessBlobGas, schedule);
}
