/**
 * The bridge from a decoded protocol transaction to the EVM's `EvmTransaction` view (hex
 * addresses, storage keys as integers, `undefined` for creation). The executor uses it to run a
 * transaction; protocol uses it to price intrinsic gas with the EVM's own rules.
 */
import type { EvmTransaction } from '@faultline/evm';
import { bytesToBigInt, bytesToHex } from '@faultline/primitives';
import type { Transaction } from './tx-types.js';

export function toEvmTransaction(tx: Transaction, sender: Uint8Array): EvmTransaction {
  const out: EvmTransaction = {
    type: tx.type,
    sender: bytesToHex(sender),
    nonce: 'nonce' in tx ? tx.nonce : 0n,
    gasLimit: tx.gasLimit,
    to: tx.to === null ? undefined : bytesToHex(tx.to),
    value: tx.value,
    data: tx.data,
    accessList:
      'accessList' in tx
        ? tx.accessList.map((e) => ({ address: bytesToHex(e.address), storageKeys: e.storageKeys.map(bytesToBigInt) }))
        : [],
  };
  if ('gasPrice' in tx) out.gasPrice = tx.gasPrice;
  if ('maxFeePerGas' in tx) {
    out.maxFeePerGas = tx.maxFeePerGas;
    out.maxPriorityFeePerGas = tx.maxPriorityFeePerGas;
  }
  if (tx.type === 0x03) {
    out.maxFeePerBlobGas = tx.maxFeePerBlobGas;
    out.blobVersionedHashes = tx.blobVersionedHashes;
  }
  if (tx.type === 0x04) {
    out.authorizationList = tx.authorizationList.map((a) => ({ ...a, address: bytesToHex(a.address) }));
  }
  if (tx.type === 0x7e) out.gasPrice = 0n;
  return out;
}
