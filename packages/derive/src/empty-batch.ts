/**
 * Deposit-only batches when the sequencing window expires (derivation.md "Batch Queue", last
 * part). Once no batch can be accepted and every batch that could be included by L1 block
 * `epoch.number + SEQUENCING_WINDOW_SIZE` has been read, the batch queue fills the next L2 slot
 * with an empty batch: it keeps the current L1 origin while the next L2 timestamp is still
 * before the next L1 block (L2 time ≥ L1 time) or when it would be the epoch's first block;
 * otherwise the queue moves on to the next epoch and asks again. This is a pure decision; the
 * caller owns `l1Blocks` (op-node's batch queue drops `l1Blocks[0]` on `advance-epoch`).
 */
import type { DeriveConfig } from './config.js';
import type { SingularBatch } from './singular-batch.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

export type EmptyBatchDecision =
  | { readonly kind: 'batch'; readonly batch: SingularBatch }
  | { readonly kind: 'advance-epoch' }
  | { readonly kind: 'wait' };

export interface EmptyBatchContext {
  readonly config: DeriveConfig;
  /** The current epoch first (`l1Blocks[0]`), then the following known L1 blocks. */
  readonly l1Blocks: readonly L1BlockRef[];
  readonly safeHead: L2BlockRef;
  /** The L1 block the pipeline has read up to. */
  readonly currentL1: L1BlockRef;
  /** Every batch from `currentL1` has been read. */
  readonly outOfData: boolean;
}

export function deriveEmptyBatch(ctx: EmptyBatchContext): EmptyBatchDecision {
  const { config, l1Blocks, safeHead, currentL1, outOfData } = ctx;
  const epoch = l1Blocks[0];
  if (!epoch) return { kind: 'wait' };
  const expiry = epoch.number + config.seqWindowSize;
  const expired = (expiry === currentL1.number && outOfData) || expiry < currentL1.number;
  if (!expired) return { kind: 'wait' };
  const nextEpoch = l1Blocks[1];
  if (!nextEpoch) return { kind: 'wait' };
  const nextTimestamp = safeHead.timestamp + config.blockTime;
  const firstOfEpoch = epoch.number === safeHead.l1Origin.number + 1n;
  if (nextTimestamp < nextEpoch.timestamp || firstOfEpoch) {
    return {
      kind: 'batch',
      batch: {
        parentHash: safeHead.hash,
        epochNum: epoch.number,
        epochHash: epoch.hash,
        timestamp: nextTimestamp,
        transactions: [],
      },
    };
  }
  return { kind: 'advance-epoch' };
}
