/**
 * Channel reader stage (derivation.md "Channel Reader (Batch Decoding)"): decompresses each
 * channel and emits its batches, tagged with the L1 block they were read in (the inclusion block
 * for batch validity). Span batches are expanded here with the chain's genesis time, block time
 * and chain id. A span batch read before Delta, or one whose transactions cannot be rebuilt, is
 * skipped and the channel continues (op-node returns a temporary error for that batch only);
 * a malformed batch ends the channel. `flushChannel` drops the rest of the current channel
 * (Holocene "Fast Channel Invalidation").
 */
import type { BatchReader } from './channel-reader.js';
import { readChannel } from './channel-reader.js';
import type { ChannelSource } from './channel-stage.js';
import { type DeriveConfig, isForkActive } from './config.js';
import { SpanBatchDeriveError } from './errors.js';
import type { SingularBatch } from './singular-batch.js';
import { deriveSpanBatch, type SpanBatch } from './span-batch.js';
import { PROGRESS, type Pull, type Stage, value } from './stage.js';
import type { L1BlockRef } from './types.js';

export type DerivedBatch =
  | { readonly type: 0; readonly batch: SingularBatch; readonly inclusion: L1BlockRef }
  | { readonly type: 1; readonly batch: SpanBatch; readonly inclusion: L1BlockRef };

export interface BatchSource extends Stage {
  nextBatch(): Pull<DerivedBatch>;
  /** Drops whatever is left of the channel being read. */
  flushChannel(): void;
}

export class ChannelReaderStage implements BatchSource {
  private reader: BatchReader | undefined;

  constructor(
    readonly config: DeriveConfig,
    private readonly prev: ChannelSource,
  ) {}

  origin(): L1BlockRef {
    return this.prev.origin();
  }

  nextBatch(): Pull<DerivedBatch> {
    const origin = this.origin();
    if (!this.reader) {
      const channel = this.prev.nextChannel();
      if (channel.kind !== 'value') return channel;
      this.reader = readChannel(this.config, channel.value, origin.timestamp).reader;
    }
    const read = this.reader.next();
    if (read.kind === 'eof') {
      this.reader = undefined;
      return PROGRESS;
    }
    const { batch } = read;
    if (batch.type === 0) return value({ type: 0, batch: batch.batch, inclusion: origin });
    // Span batches are only read from L1 blocks after Delta (the batch queue re-checks by origin).
    if (!isForkActive(this.config, 'delta', origin.timestamp)) return PROGRESS;
    try {
      return value({ type: 1, batch: deriveSpanBatch(batch.batch, this.config), inclusion: origin });
    } catch (e) {
      if (e instanceof SpanBatchDeriveError) return PROGRESS;
      throw e;
    }
  }

  flushChannel(): void {
    this.reader = undefined;
  }

  reset(): void {
    this.reader = undefined;
  }
}
