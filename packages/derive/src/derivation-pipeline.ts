/**
 * The derivation stages wired together for a driver: L1Traversal → FrameQueue → ChannelStage →
 * ChannelReaderStage → BatchMux, where the mux serves batches from the pre-Holocene BatchQueue
 * until the L1 origin reaches Holocene and from the Holocene BatchStage after (op-node's
 * BatchMux). At the switch the queue's buffered batches are dropped and the stage takes over its
 * L1 block window (holocene/derivation.md "Activation"); the frame and channel stages switch by
 * themselves on the origin's timestamp.
 */
import { BatchQueue, BatchStage, type NextBatch, type SingularBatchSource } from './batch-queue.js';
import type { SafeChainSource } from './batch-validity.js';
import type { BatchSource } from './channel-reader-stage.js';
import { ChannelReaderStage } from './channel-reader-stage.js';
import { ChannelStage } from './channel-stage.js';
import { type DeriveConfig, isForkActive } from './config.js';
import { FrameQueue } from './frame-queue.js';
import { type L1Block, type L1ChainSource, L1Traversal, type TraversalConfig } from './l1-traversal.js';
import type { Pull } from './stage.js';
import type { SystemConfig } from './system-config.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

export class BatchMux implements SingularBatchSource {
  private readonly queue: BatchQueue;
  private readonly stage: BatchStage;
  private holocene: boolean | undefined;

  constructor(
    readonly config: DeriveConfig,
    private readonly prev: BatchSource,
    l2: SafeChainSource,
  ) {
    this.queue = new BatchQueue(config, prev, l2);
    this.stage = new BatchStage(config, prev, l2);
  }

  origin(): L1BlockRef {
    return this.prev.origin();
  }

  private current(): BatchQueue | BatchStage {
    const holocene = isForkActive(this.config, 'holocene', this.prev.origin().timestamp);
    if (holocene !== this.holocene) {
      if (this.holocene === false && holocene) {
        this.stage.reset();
        this.stage.adoptOrigins(this.queue);
        this.queue.reset();
      }
      this.holocene = holocene;
    }
    return holocene ? this.stage : this.queue;
  }

  nextBatch(parent: L2BlockRef): Pull<NextBatch> {
    return this.current().nextBatch(parent);
  }

  /** Holocene: an invalid payload drops the rest of its span batch and channel. */
  flushChannel(): void {
    if (this.current() === this.stage) this.stage.flushChannel();
  }

  reset(): void {
    this.queue.reset();
    this.stage.reset();
    this.holocene = undefined;
  }
}

export interface DerivationPipeline {
  readonly traversal: L1Traversal;
  readonly batches: BatchMux;
}

export function createDerivationPipeline(
  config: TraversalConfig,
  chain: L1ChainSource,
  start: L1Block,
  systemConfig: SystemConfig,
  l2: SafeChainSource,
): DerivationPipeline {
  const traversal = new L1Traversal(config, chain, start, systemConfig);
  const reader = new ChannelReaderStage(config, new ChannelStage(config, new FrameQueue(config, traversal)));
  return { traversal, batches: new BatchMux(config, reader, l2) };
}
