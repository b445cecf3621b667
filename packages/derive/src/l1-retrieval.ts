/**
 * L1 retrieval filter (derivation.md "L1 Retrieval"; ecotone/derivation.md "Blob Retrieval"):
 * picks the batcher transactions of one L1 block — `to` is the batch inbox and the sender is the
 * batcher address of the system config at that block — in block order. Before Ecotone every
 * batcher transaction contributes its calldata; from Ecotone, a blob transaction (type 3)
 * contributes its blobs instead and its calldata is ignored. Blob indices count every blob in
 * the block, batcher or not, because they address the block's blob sidecars.
 * `l1TransactionInfo` recovers the sender of a raw L1 transaction with `@faultline/protocol`.
 */
import { equalBytes } from '@faultline/primitives';
import { decodeTransaction, recoverSender } from '@faultline/protocol';
import { DeriveResetError } from './errors.js';

export const BLOB_TX_TYPE = 3;

export interface L1TransactionInfo {
  readonly type: number;
  readonly to: Uint8Array | null;
  /** Recovered sender. */
  readonly from: Uint8Array;
  readonly input: Uint8Array;
  readonly blobVersionedHashes?: readonly Uint8Array[];
}

export type BatcherData =
  | { readonly kind: 'calldata'; readonly txIndex: number; readonly data: Uint8Array }
  | { readonly kind: 'blob'; readonly txIndex: number; readonly blobIndex: number; readonly versionedHash: Uint8Array };

export interface RetrievalParams {
  readonly batchInboxAddress: Uint8Array;
  readonly batcherAddress: Uint8Array;
  /** Ecotone active at the L1 block's timestamp. */
  readonly ecotone: boolean;
}

export function isBatcherTransaction(tx: L1TransactionInfo, params: RetrievalParams): boolean {
  return tx.to !== null && equalBytes(tx.to, params.batchInboxAddress) && equalBytes(tx.from, params.batcherAddress);
}

/** The batcher data items of one L1 block's transactions, in block order. */
export function selectBatcherData(txs: readonly L1TransactionInfo[], params: RetrievalParams): BatcherData[] {
  const out: BatcherData[] = [];
  let blobIndex = 0;
  txs.forEach((tx, txIndex) => {
    const hashes = tx.blobVersionedHashes ?? [];
    const isBlobTx = params.ecotone && tx.type === BLOB_TX_TYPE;
    if (!isBatcherTransaction(tx, params)) {
      blobIndex += hashes.length;
      return;
    }
    if (!isBlobTx) {
      out.push({ kind: 'calldata', txIndex, data: tx.input });
      return;
    }
    for (const versionedHash of hashes) out.push({ kind: 'blob', txIndex, blobIndex: blobIndex++, versionedHash });
  });
  return out;
}

/** Decodes a raw (EIP-2718) L1 transaction and recovers its sender. */
export function l1TransactionInfo(raw: Uint8Array): L1TransactionInfo {
  const tx = decodeTransaction(raw);
  // Deposits exist only on L2; one in an L1 block means the caller handed us the wrong chain.
  if (tx.type === 0x7e) throw new DeriveResetError('deposit transaction found among L1 transactions');
  return {
    type: tx.type,
    to: tx.to,
    from: recoverSender(tx),
    input: tx.data,
    blobVersionedHashes: tx.type === BLOB_TX_TYPE ? tx.blobVersionedHashes : [],
  };
}
