/**
 * Batch validity (derivation.md "Batch Queue"; delta/span-batches.md "Batch Queue"; holocene
 * "Batch Queue"; isthmus and jovian derivation rules). Given the safe L2 head, the L1 blocks
 * from the safe head's L1 origin onwards (`l1Blocks[0]` is that origin, then consecutive blocks
 * as far as known) and the L1 block the batch was included in, a batch is
 *   accept    — valid now;
 *   drop      — invalid forever (unless L1 reorgs);
 *   undecided — needs more L1 blocks to decide;
 *   future    — not yet (pre-Holocene: buffered and checked again later);
 *   past      — Holocene only: already covered by the safe chain, silently skipped.
 * Holocene rules apply when the batch's L1 inclusion block is at or after Holocene. The rule
 * order follows op-node, because the first failing rule decides between drop and undecided.
 */
import { equalBytes } from '@faultline/primitives';
import { type DeriveConfig, isForkActivationBlock, isForkActive, maxSequencerDrift } from './config.js';
import type { SingularBatch } from './singular-batch.js';
import type { SpanBatch } from './span-batch.js';
import { DEPOSIT_TX_TYPE, SET_CODE_TX_TYPE } from './span-batch-tx.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

export type BatchValidity = 'accept' | 'drop' | 'undecided' | 'future' | 'past';

export interface BatchContext {
  readonly config: DeriveConfig;
  /** The safe head's L1 origin first, then the following L1 blocks that are known. */
  readonly l1Blocks: readonly L1BlockRef[];
  readonly safeHead: L2BlockRef;
  readonly inclusionBlock: L1BlockRef;
}

/** Read access to the safe L2 chain, for span batches that overlap it. */
export interface SafeChainSource {
  l2BlockByNumber(number: bigint): L2BlockRef | undefined;
  /** All transactions of the safe block, deposits included (EIP-2718 encoded). */
  l2TransactionsByNumber(number: bigint): readonly Uint8Array[] | undefined;
}

const CHECK_LENGTH = 20;
const DEPOSITS_ONLY_ACTIVATIONS = ['jovian', 'karst', 'lagoon'] as const;
const POST_EXEC_TX_TYPE = 0x7d;
const ZERO_L1: L1BlockRef = { hash: new Uint8Array(32), number: 0n, timestamp: 0n };

/** Transaction-level rules shared by singular batches and span-batch blocks. */
function checkTransactions(config: DeriveConfig, timestamp: bigint, txs: readonly Uint8Array[]): BatchValidity {
  // From Jovian on, a fork's activation block carries no user transactions (jovian/derivation.md
  // "Activation Block Rules"; op-node applies it to every later fork, Karst and Lagoon included).
  if (txs.length > 0 && DEPOSITS_ONLY_ACTIVATIONS.some((f) => isForkActivationBlock(config, f, timestamp))) {
    return 'drop';
  }
  const isthmus = isForkActive(config, 'isthmus', timestamp);
  for (const tx of txs) {
    if (tx.length === 0) return 'drop';
    if (tx[0] === DEPOSIT_TX_TYPE) return 'drop';
    // Lagoon's post-execution transactions are sequencer-made; before Lagoon (op-node IsSDM) a
    // batch carrying one is dropped. After Lagoon Faultline refuses to derive at all.
    if (tx[0] === POST_EXEC_TX_TYPE) return 'drop';
    if (!isthmus && tx[0] === SET_CODE_TX_TYPE) return 'drop';
  }
  return 'accept';
}

/**
 * Sequencer-drift rule: past `origin.time + max_sequencer_drift` only empty blocks that keep the
 * L1 origin are allowed, and only while the next L1 block is still ahead of the L2 timestamp.
 */
function checkDrift(
  config: DeriveConfig,
  timestamp: bigint,
  txCount: number,
  origin: L1BlockRef,
  keepsOrigin: boolean,
  nextOrigin: L1BlockRef | undefined,
): BatchValidity {
  if (timestamp <= origin.timestamp + maxSequencerDrift(config, origin.timestamp)) return 'accept';
  if (txCount > 0) return 'drop';
  if (!keepsOrigin) return 'accept';
  if (!nextOrigin) return 'undecided';
  return timestamp >= nextOrigin.timestamp ? 'drop' : 'accept';
}

export function checkSingularBatch(ctx: BatchContext, batch: SingularBatch): BatchValidity {
  const { config, l1Blocks, safeHead, inclusionBlock } = ctx;
  const epoch = l1Blocks[0];
  if (!epoch) return 'undecided';
  const holocene = isForkActive(config, 'holocene', inclusionBlock.timestamp);
  const nextTimestamp = safeHead.timestamp + config.blockTime;
  if (batch.timestamp > nextTimestamp) return holocene ? 'drop' : 'future';
  if (batch.timestamp < nextTimestamp) return holocene ? 'past' : 'drop';
  if (!equalBytes(batch.parentHash, safeHead.hash)) return 'drop';
  if (batch.epochNum + config.seqWindowSize < inclusionBlock.number) return 'drop';
  let origin = epoch;
  if (batch.epochNum < epoch.number) return 'drop';
  if (batch.epochNum === epoch.number + 1n) {
    if (!l1Blocks[1]) return 'undecided';
    origin = l1Blocks[1];
  } else if (batch.epochNum !== epoch.number) return 'drop';
  if (!equalBytes(batch.epochHash, origin.hash)) return 'drop';
  if (batch.timestamp < origin.timestamp) return 'drop';
  const drift = checkDrift(
    config,
    batch.timestamp,
    batch.transactions.length,
    origin,
    origin.number === epoch.number,
    l1Blocks[1],
  );
  if (drift !== 'accept') return drift;
  return checkTransactions(config, batch.timestamp, batch.transactions);
}

export interface SpanPrefixResult {
  readonly validity: BatchValidity;
  /** The L2 block the span batch builds on (known once the parent check ran). */
  readonly parent?: L2BlockRef;
}

/**
 * The span-batch checks that do not look at individual blocks (op-node `checkSpanBatchPrefix`);
 * under Holocene this is all a span batch gets before its blocks are checked one by one as
 * singular batches.
 */
export function checkSpanBatchPrefix(ctx: BatchContext, batch: SpanBatch, l2: SafeChainSource): SpanPrefixResult {
  const { config, l1Blocks, safeHead, inclusionBlock } = ctx;
  const epoch = l1Blocks[0];
  const first = batch.elements[0];
  const last = batch.elements[batch.elements.length - 1];
  if (!epoch || !first || !last) return { validity: epoch ? 'drop' : 'undecided' };
  const startEpoch = first.epochNum;
  let origin = epoch;
  if (startEpoch === epoch.number + 1n) {
    if (!l1Blocks[1]) return { validity: 'undecided' };
    origin = l1Blocks[1];
  }
  // Span batches activate by the L1 origin of their first block (span-batches.md "Activation Rule").
  if (!isForkActive(config, 'delta', origin.timestamp)) return { validity: 'drop' };
  const holocene = isForkActive(config, 'holocene', inclusionBlock.timestamp);
  const nextTimestamp = safeHead.timestamp + config.blockTime;
  if (first.timestamp > nextTimestamp) return { validity: holocene ? 'drop' : 'future' };
  if (last.timestamp < nextTimestamp) return { validity: holocene ? 'past' : 'drop' };
  let parent = safeHead;
  if (first.timestamp < nextTimestamp) {
    if (first.timestamp > safeHead.timestamp) return { validity: 'drop' };
    const behind = safeHead.timestamp - first.timestamp;
    if (behind % config.blockTime !== 0n) return { validity: 'drop' };
    const found = l2.l2BlockByNumber(safeHead.number - behind / config.blockTime - 1n);
    if (!found) return { validity: 'undecided' };
    parent = found;
  }
  if (!equalBytes(batch.parentCheck, parent.hash.subarray(0, CHECK_LENGTH))) return { validity: 'drop', parent };
  if (startEpoch + config.seqWindowSize < inclusionBlock.number) return { validity: 'drop', parent };
  if (startEpoch > parent.l1Origin.number + 1n) return { validity: 'drop', parent };
  const endOrigin = l1Blocks.find((b) => b.number === last.epochNum);
  if (!endOrigin) return { validity: 'undecided', parent };
  if (!equalBytes(batch.l1OriginCheck, endOrigin.hash.subarray(0, CHECK_LENGTH))) return { validity: 'drop', parent };
  if (startEpoch < parent.l1Origin.number) return { validity: 'drop', parent };
  return { validity: 'accept', parent };
}

/** The full pre-Holocene span-batch check: prefix, every new block, and the overlap with the safe chain. */
export function checkSpanBatch(ctx: BatchContext, batch: SpanBatch, l2: SafeChainSource): BatchValidity {
  const prefix = checkSpanBatchPrefix(ctx, batch, l2);
  if (prefix.validity !== 'accept' || !prefix.parent) return prefix.validity;
  const { config, l1Blocks, safeHead } = ctx;
  const parent = prefix.parent;
  const elements = batch.elements;
  let originIdx = 0;
  let originAdvanced = elements[0]!.epochNum === parent.l1Origin.number + 1n;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    if (el.timestamp <= safeHead.timestamp) continue;
    // op-node leaves the origin zero-valued when it is not among l1Blocks; we do the same.
    let origin = ZERO_L1;
    for (let j = originIdx; j < l1Blocks.length; j++) {
      if (l1Blocks[j]!.number === el.epochNum) {
        origin = l1Blocks[j]!;
        originIdx = j;
        break;
      }
    }
    if (i > 0) originAdvanced = el.epochNum > elements[i - 1]!.epochNum;
    if (el.timestamp < origin.timestamp) return 'drop';
    const drift = checkDrift(
      config,
      el.timestamp,
      el.transactions.length,
      origin,
      !originAdvanced,
      l1Blocks[originIdx + 1],
    );
    if (drift !== 'accept') return drift;
    const txs = checkTransactions(config, el.timestamp, el.transactions);
    if (txs !== 'accept') return txs;
  }
  // Blocks the safe chain already has must match it exactly (deposits aside).
  const nextTimestamp = safeHead.timestamp + config.blockTime;
  if (elements[0]!.timestamp < nextTimestamp) {
    const overlap = Number(safeHead.number - parent.number);
    for (let i = 0; i < overlap; i++) {
      const number = parent.number + BigInt(i) + 1n;
      const safeTxs = l2.l2TransactionsByNumber(number);
      const safeBlock = l2.l2BlockByNumber(number);
      if (!safeTxs || !safeBlock) return 'undecided';
      const el = elements[i]!;
      const deposits = safeTxs.filter((tx) => tx[0] === DEPOSIT_TX_TYPE).length;
      if (safeTxs.length - deposits !== el.transactions.length) return 'drop';
      for (let j = 0; j < el.transactions.length; j++) {
        if (!equalBytes(safeTxs[j + deposits]!, el.transactions[j]!)) return 'drop';
      }
      if (safeBlock.l1Origin.number !== el.epochNum) return 'drop';
    }
  }
  return 'accept';
}

export type CheckableBatch =
  | { readonly type: 0; readonly batch: SingularBatch }
  | { readonly type: 1; readonly batch: SpanBatch };

/**
 * Validity of a batch against the safe head. Span batches get the full pre-Holocene check, or
 * only the prefix check when Holocene is active for their inclusion block (their blocks are then
 * checked one at a time with `checkSingularBatch` after `spanBatchToSingularBatches`).
 */
export function checkBatch(ctx: BatchContext, batch: CheckableBatch, l2?: SafeChainSource): BatchValidity {
  if (batch.type === 0) return checkSingularBatch(ctx, batch.batch);
  const source: SafeChainSource = l2 ?? { l2BlockByNumber: () => undefined, l2TransactionsByNumber: () => undefined };
  if (isForkActive(ctx.config, 'holocene', ctx.inclusionBlock.timestamp)) {
    return checkSpanBatchPrefix(ctx, batch.batch, source).validity;
  }
  return checkSpanBatch(ctx, batch.batch, source);
}
