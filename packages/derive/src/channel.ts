/**
 * One channel being assembled from frames (derivation.md "Channel Bank" / "Loading frames").
 * Frames may arrive out of order (before Holocene); the channel is ready once it is closed and
 * holds every frame from 0 to the closing one. Rejections are returned as values: the frame is
 * simply not buffered, which is what the spec asks for.
 */
import type { Frame } from './frame.js';
import type { L1BlockRef } from './types.js';

/** Per-frame overhead counted in a channel's size for pruning (derivation.md "Pruning"). */
export const CHANNEL_FRAME_OVERHEAD = 200;

export type AddFrameOutcome = 'added' | 'duplicate-close' | 'duplicate-frame' | 'beyond-close' | 'out-of-order';

export function frameSize(frame: Frame): number {
  return frame.data.length + CHANNEL_FRAME_OVERHEAD;
}

export class Channel {
  readonly frames = new Map<number, Frame>();
  closed = false;
  endFrameNumber = 0;
  highestFrameNumber = 0;
  size = 0;
  highestL1InclusionBlock: L1BlockRef;

  constructor(
    readonly id: Uint8Array,
    readonly openBlock: L1BlockRef,
    /** Holocene: frames must arrive as 0, 1, 2, … (holocene/derivation.md "Channel Bank"). */
    readonly requireInOrder = false,
  ) {
    this.highestL1InclusionBlock = openBlock;
  }

  addFrame(frame: Frame, inclusion: L1BlockRef): AddFrameOutcome {
    if (frame.isLast && this.closed) return 'duplicate-close';
    if (this.frames.has(frame.number)) return 'duplicate-frame';
    if (this.closed && frame.number >= this.endFrameNumber) return 'beyond-close';
    if (this.requireInOrder && frame.number !== this.frames.size) return 'out-of-order';
    if (frame.isLast) {
      this.endFrameNumber = frame.number;
      this.closed = true;
      // A closing frame removes higher-numbered frames. op-node and kona both subtract the size
      // of EVERY buffered frame while scanning (kept ones too), so the size restarts from the
      // closing frame; pruning by MAX_CHANNEL_BANK_SIZE depends on it, so we do the same.
      if (this.endFrameNumber < this.highestFrameNumber) {
        for (const n of [...this.frames.keys()]) if (n >= this.endFrameNumber) this.frames.delete(n);
        this.size = 0;
        this.highestFrameNumber = this.endFrameNumber;
      }
    }
    if (frame.number > this.highestFrameNumber) this.highestFrameNumber = frame.number;
    if (inclusion.number > this.highestL1InclusionBlock.number) this.highestL1InclusionBlock = inclusion;
    this.frames.set(frame.number, frame);
    this.size += frameSize(frame);
    return 'added';
  }

  isReady(): boolean {
    if (!this.closed || this.frames.size !== this.endFrameNumber + 1) return false;
    for (let i = 0; i <= this.endFrameNumber; i++) if (!this.frames.has(i)) return false;
    return true;
  }

  /** The channel's compressed data: frame data 0..end concatenated (call when ready). */
  data(): Uint8Array {
    let total = 0;
    for (let i = 0; i <= this.endFrameNumber; i++) total += this.frames.get(i)?.data.length ?? 0;
    const out = new Uint8Array(total);
    let p = 0;
    for (let i = 0; i <= this.endFrameNumber; i++) {
      const d = this.frames.get(i)?.data;
      if (!d) break;
      out.set(d, p);
      p += d.length;
    }
    return out;
  }

  isTimedOut(current: L1BlockRef, timeout: bigint): boolean {
    return this.openBlock.number + timeout < current.number;
  }
}
