/**
 * EIP-4844 blob gas pricing: the blob base fee is `fake_exponential(1, excess, fraction)`, an
 * integer Taylor approximation of e^(excess/fraction), with the update fraction and blob limits
 * scheduled per fork (Cancun: target 3 / max 6, fraction 3,338,477; Prague, EIP-7691: 6 / 9,
 * 5,007,716). From Osaka a transaction also has its own cap (EIP-7594), below the block's.
 */
import type { Fork } from './fork.js';
import { isForkActive } from './fork.js';

export const GAS_PER_BLOB = 131072n;
export const MIN_BLOB_BASE_FEE = 1n;
export const BLOB_VERSION_KZG = 0x01;

export interface BlobSchedule {
  target: number;
  max: number;
  baseFeeUpdateFraction: bigint;
}

export function defaultBlobSchedule(fork: Fork): BlobSchedule {
  if (isForkActive(fork, 'Prague')) return { target: 6, max: 9, baseFeeUpdateFraction: 5007716n };
  return { target: 3, max: 6, baseFeeUpdateFraction: 3338477n };
}

/**
 * EIP-7594 (Osaka) `MAX_BLOBS_PER_TX`: a blob transaction carries at most 6 blobs, whatever the
 * block maximum (9 in Osaka, more in the BPO forks of EIP-7892).
 */
export const MAX_BLOBS_PER_TX_OSAKA = 6;

/** Most blobs one transaction may carry: the block maximum, and from Osaka also EIP-7594's cap. */
export function maxBlobsPerTx(fork: Fork, schedule: BlobSchedule): number {
  return isForkActive(fork, 'Osaka') ? Math.min(schedule.max, MAX_BLOBS_PER_TX_OSAKA) : schedule.max;
}

/** EIP-4844 `fake_exponential(factor, numerator, denominator)`. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let acc = factor * denominator;
  while (acc > 0n) {
    output += acc;
    acc = (acc * numerator) / (denominator * i);
    i++;
  }
  return output / denominator;
}

export function blobBaseFee(excessBlobGas: bigint, schedule: BlobSchedule): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, schedule.baseFeeUpdateFraction);
}
