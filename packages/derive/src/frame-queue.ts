/**
 * Frame queue stage (derivation.md "Frame Queue"; holocene "Frame Queue"): parses one batcher
 * transaction's data at a time into frames and hands them out in order. Data that fails to parse
 * is skipped whole. From Holocene (by the origin's timestamp) the queue is pruned after each
 * load so it only holds ordered, contiguous frames per channel.
 */
import { type DeriveConfig, isForkActive } from './config.js';
import { FrameParseError } from './errors.js';
import { type Frame, parseFrames } from './frame.js';
import { pruneFrameQueue } from './holocene-frames.js';
import { type L1DataSource, PROGRESS, type Pull, type Stage, value } from './stage.js';
import type { L1BlockRef } from './types.js';

export interface FrameSource extends Stage {
  nextFrame(): Pull<Frame>;
}

export class FrameQueue implements FrameSource {
  /** The frames of the current batcher transaction, handed out from `next` on (no shift: a
   * transaction can hold ~100k frames, and shifting each one out would be quadratic). */
  private frames: Frame[] = [];
  private next = 0;
  /** Batcher data that failed to parse, most recent last (for diagnostics; capped). */
  readonly rejected: FrameParseError[] = [];

  constructor(
    readonly config: DeriveConfig,
    private readonly prev: L1DataSource,
  ) {}

  origin(): L1BlockRef {
    return this.prev.origin();
  }

  nextFrame(): Pull<Frame> {
    if (this.next >= this.frames.length) {
      const data = this.prev.nextData();
      if (data.kind !== 'value') return data;
      this.load(data.value);
    }
    const frame = this.frames[this.next];
    if (frame === undefined) return PROGRESS;
    this.next++;
    return value(frame);
  }

  private load(data: Uint8Array): void {
    this.frames = [];
    this.next = 0;
    let frames: Frame[];
    try {
      frames = parseFrames(data);
    } catch (e) {
      if (!(e instanceof FrameParseError)) throw e;
      if (this.rejected.push(e) > 16) this.rejected.shift();
      return;
    }
    this.frames = isForkActive(this.config, 'holocene', this.origin().timestamp) ? pruneFrameQueue(frames) : frames;
  }

  reset(): void {
    this.frames = [];
    this.next = 0;
  }
}
