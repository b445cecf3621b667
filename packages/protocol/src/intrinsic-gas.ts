/**
 * Intrinsic gas of a decoded transaction under a fork: the EVM package's `intrinsicGas` (Yellow
 * Paper G_transaction/G_txcreate, EIP-2028, EIP-2930, EIP-3860, EIP-7702) and, from Prague, its
 * EIP-7623 calldata floor. One implementation serves the executor, TransactionTests and
 * stateless validation.
 */
import { type Fork, floorDataGas, intrinsicGas, isForkActive, rulesFor } from '@faultline/evm';
import { toEvmTransaction } from './evm-transaction.js';
import type { Transaction } from './tx-types.js';

export type IntrinsicGas = {
  /** Gas charged up front. */
  gas: bigint;
  /** EIP-7623 minimum gas used (0 before Prague). The gas limit must cover max(gas, floor). */
  floor: bigint;
};

const NO_SENDER = new Uint8Array(20);

export function transactionIntrinsicGas(tx: Transaction, fork: Fork): IntrinsicGas {
  const gas = intrinsicGas(toEvmTransaction(tx, NO_SENDER), rulesFor(fork));
  return { gas, floor: isForkActive(fork, 'Prague') ? floorDataGas(tx.data) : 0n };
}
