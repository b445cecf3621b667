/**
 * Intrinsic gas of a transaction: what it costs before any EVM step. Kept at the protocol level
 * because TransactionTests check it and the EVM package exported no such function when this was
 * written; the executor should use this one. Costs: Yellow Paper G_transaction / G_txcreate
 * (Homestead, EIP-2), calldata 68 → 16 per non-zero byte (EIP-2028, Istanbul), access lists
 * (EIP-2930), initcode words (EIP-3860, Shanghai), authorizations (EIP-7702) and the calldata
 * floor (EIP-7623, Prague).
 */
import { type Fork, isForkActive } from '@faultline/evm';
import type { Transaction } from './tx-types.js';

export const TX_BASE_GAS = 21_000n;
export const TX_CREATE_GAS = 32_000n;
export const TX_DATA_ZERO_GAS = 4n;
export const TX_DATA_NONZERO_GAS_FRONTIER = 68n;
export const TX_DATA_NONZERO_GAS_EIP2028 = 16n;
export const ACCESS_LIST_ADDRESS_GAS = 2_400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1_900n;
export const INITCODE_WORD_GAS = 2n;
export const PER_EMPTY_ACCOUNT_COST = 25_000n;
export const TOTAL_COST_FLOOR_PER_TOKEN = 10n;
/** EIP-7623: a non-zero byte counts as 4 tokens, a zero byte as 1. */
export const NONZERO_BYTE_TOKENS = 4n;

export type IntrinsicGas = {
  /** Gas charged up front. */
  gas: bigint;
  /** EIP-7623 minimum gas used (0 before Prague). The gas limit must cover max(gas, floor). */
  floor: bigint;
};

export function countZeroBytes(data: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

export function intrinsicGas(tx: Transaction, fork: Fork): IntrinsicGas {
  const zeros = BigInt(countZeroBytes(tx.data));
  const nonZeros = BigInt(tx.data.length) - zeros;
  const nonZeroCost = isForkActive(fork, 'Istanbul') ? TX_DATA_NONZERO_GAS_EIP2028 : TX_DATA_NONZERO_GAS_FRONTIER;
  const isCreate = tx.to === null;
  let gas = TX_BASE_GAS + zeros * TX_DATA_ZERO_GAS + nonZeros * nonZeroCost;
  if (isCreate && isForkActive(fork, 'Homestead')) gas += TX_CREATE_GAS;
  if (isCreate && isForkActive(fork, 'Shanghai')) gas += INITCODE_WORD_GAS * ((BigInt(tx.data.length) + 31n) / 32n);
  if ('accessList' in tx) {
    for (const entry of tx.accessList) {
      gas += ACCESS_LIST_ADDRESS_GAS + ACCESS_LIST_STORAGE_KEY_GAS * BigInt(entry.storageKeys.length);
    }
  }
  if ('authorizationList' in tx) gas += PER_EMPTY_ACCOUNT_COST * BigInt(tx.authorizationList.length);
  const floor = isForkActive(fork, 'Prague')
    ? TX_BASE_GAS + TOTAL_COST_FLOOR_PER_TOKEN * (zeros + nonZeros * NONZERO_BYTE_TOKENS)
    : 0n;
  return { gas, floor };
}
