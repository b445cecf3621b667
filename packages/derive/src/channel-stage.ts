/**
 * Channel stage: turns frames into complete compressed channels. Before Holocene it is the
 * channel bank (FIFO of open channels, timeouts, pruning, Canyon reads); from Holocene (by the
 * origin's timestamp) the single-staging-channel assembler. Crossing Holocene discards all
 * buffered channels (holocene/derivation.md "Activation").
 */
import { ChannelBank } from './channel-bank.js';
import { type DeriveConfig, isForkActive } from './config.js';
import type { FrameSource } from './frame-queue.js';
import { ChannelAssembler } from './holocene-frames.js';
import { PROGRESS, type Pull, type Stage, value } from './stage.js';
import type { L1BlockRef } from './types.js';

export interface ChannelSource extends Stage {
  nextChannel(): Pull<Uint8Array>;
}

export class ChannelStage implements ChannelSource {
  private readonly bank: ChannelBank;
  private readonly assembler: ChannelAssembler;
  private holocene: boolean | undefined;

  constructor(
    readonly config: DeriveConfig,
    private readonly prev: FrameSource,
  ) {
    this.bank = new ChannelBank(config);
    this.assembler = new ChannelAssembler(config);
  }

  origin(): L1BlockRef {
    return this.prev.origin();
  }

  nextChannel(): Pull<Uint8Array> {
    const origin = this.origin();
    const holocene = isForkActive(this.config, 'holocene', origin.timestamp);
    if (this.holocene !== holocene) {
      if (this.holocene !== undefined) this.reset();
      this.holocene = holocene;
    }
    return holocene ? this.nextHolocene(origin) : this.nextBank(origin);
  }

  private nextBank(origin: L1BlockRef): Pull<Uint8Array> {
    const read = this.bank.read(origin);
    if (read.kind === 'channel') return value(read.data);
    if (read.kind === 'timed-out') return PROGRESS;
    const frame = this.prev.nextFrame();
    if (frame.kind !== 'value') return frame;
    this.bank.ingestFrame(frame.value, origin);
    return PROGRESS;
  }

  /** Frames of one batcher transaction are ingested in a loop until a channel completes (op-node). */
  private nextHolocene(origin: L1BlockRef): Pull<Uint8Array> {
    for (;;) {
      const frame = this.prev.nextFrame();
      if (frame.kind !== 'value') return frame;
      const out = this.assembler.ingestFrame(frame.value, origin);
      if (out.kind === 'channel') return value(out.data);
    }
  }

  reset(): void {
    this.bank.reset();
    this.assembler.reset();
  }
}
