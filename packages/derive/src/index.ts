/**
 * @faultline/derive — OP Stack L2 chain derivation, client side: synchronous, deterministic,
 * no `node:*` imports. Everything here is a pure function or a small pull-based stage.
 *
 * Stage design (derivation.md "L2 Chain Derivation Pipeline"; holocene/derivation.md). Each stage
 * pulls from the one before it with `next…(): Pull<T>` — `value`, `eof` (nothing more until the
 * L1 origin advances) or `progress` (work was done, pull again) — and reports `origin()`, the L1
 * block being processed, which is always the outermost stage's:
 *
 *   L1Traversal    (an L1DataSource) one L1 block at a time over an `L1ChainSource` the client
 *      │            implements with its oracle; `advance()` checks parent hashes (reorg → reset) and
 *      │            applies `updateSystemConfig` from the block's receipts; data = `selectBatcherData`
 *      │            + `decodeBlobData`                              nextData(): Pull<Uint8Array>
 *   FrameQueue     parseFrames per batcher tx; Holocene prune     nextFrame(): Pull<Frame>
 *   ChannelStage   ChannelBank (pre-Holocene) | ChannelAssembler  nextChannel(): Pull<Uint8Array>
 *   ChannelReaderStage  decompressChannel + BatchReader + deriveSpanBatch
 *      │                                                          nextBatch(): Pull<DerivedBatch>, flushChannel()
 *   BatchQueue | BatchStage  checkBatch / checkSpanBatchPrefix / checkSingularBatch,
 *      │                     spanBatchToSingularBatches, deriveEmptyBatch
 *      ▼                                                          nextBatch(safeHead): Pull<NextBatch>
 *   BatchMux       BatchQueue until the L1 origin reaches Holocene, BatchStage after (derivation-pipeline.ts)
 *      ▼
 *   attributes     `buildPayloadAttributes`: L1-info deposit (protocol `l1InfoDepositTx`, form by fork,
 *                  sequence number in the epoch) + user deposits (`deriveUserDeposits`, first block of
 *                  an epoch) + `upgradeTransactions` (fork activation blocks) + batch txs
 *   driver         `runDerivation`: pull a batch, build attributes against the L2 chain's system
 *                  config, `executeAttributes`, move the safe head; Holocene: an invalid payload is
 *                  replaced by its deposit-only form; stops at the target block or the L1 head.
 *
 * The driver loop: `r = batches.nextBatch(safe)`; on `value` build the block and move `safe`; on
 * `progress` pull again; on `eof` call `traversal.advance()` (false: the L1 head is reached). On a
 * `reset`-severity error the stages are rebuilt from the safe head (op-node's sync start: a channel
 * timeout before its L1 origin); for a proof a reset that recurs is a failure. Holocene's
 * activation discards buffered frames, channels and batches (ChannelStage and BatchMux do this).
 * `safeHeadFromBlock` / `systemConfigFromBlock` read a client's starting point from its L2 block.
 * Malformed batcher data never throws out of a stage: it is dropped as the spec says, with the
 * typed `DeriveError`s (severity `temporary`) available from the pure functions for diagnostics.
 */

export * from './attributes.js';
export * from './batch.js';
export * from './batch-queue.js';
export * from './batch-validity.js';
export * from './blob.js';
export * from './byte-reader.js';
export * from './channel.js';
export * from './channel-bank.js';
export * from './channel-reader.js';
export * from './channel-reader-stage.js';
export * from './channel-stage.js';
export * from './config.js';
export * from './decompress.js';
export * from './derivation-pipeline.js';
export * from './driver.js';
export * from './empty-batch.js';
export * from './errors.js';
export * from './frame.js';
export * from './frame-queue.js';
export * from './holocene-frames.js';
export * from './l1-retrieval.js';
export * from './l1-traversal.js';
export * from './l2-block-info.js';
export * from './singular-batch.js';
export * from './span-batch.js';
export * from './span-batch-singulars.js';
export * from './span-batch-tx.js';
export * from './stage.js';
export * from './system-config.js';
export type * from './types.js';
export * from './upgrade-bytecode.js';
export * from './upgrade-transactions.js';
export * from './user-deposits.js';
