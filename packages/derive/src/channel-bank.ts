/**
 * The pre-Holocene channel bank (derivation.md "Channel Bank"): channels are opened by their
 * first-seen frame, kept in FIFO order, timed out CHANNEL_TIMEOUT L1 blocks after the block
 * they opened in, and pruned oldest-first while the total buffered size exceeds
 * MAX_CHANNEL_BANK_SIZE. Before Canyon only the oldest channel may be read; from Canyon the
 * first ready channel in FIFO order is. Fork checks use the current L1 origin's timestamp.
 */
import { Channel } from './channel.js';
import { channelTimeout, type DeriveConfig, isForkActive, maxChannelBankSize } from './config.js';
import { channelKey, type Frame } from './frame.js';
import type { L1BlockRef } from './types.js';

export type IngestOutcome =
  | 'added'
  | 'timed-out'
  | 'duplicate-close'
  | 'duplicate-frame'
  | 'beyond-close'
  | 'out-of-order';

export type ChannelBankRead =
  | { readonly kind: 'channel'; readonly id: Uint8Array; readonly data: Uint8Array; readonly channel: Channel }
  | { readonly kind: 'timed-out'; readonly id: Uint8Array }
  | { readonly kind: 'eof' };

export class ChannelBank {
  private readonly channels = new Map<string, Channel>();
  /** Channel keys in the order they were opened. */
  private queue: string[] = [];
  /**
   * The buffered size and the channels ready to read, kept as frames arrive and channels leave:
   * one L1 transaction can open ~100k channels, and summing or scanning them all for every frame
   * would be quadratic.
   */
  private total = 0;
  private readonly ready = new Set<string>();

  constructor(readonly config: DeriveConfig) {}

  get size(): number {
    return this.total;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  ingestFrame(frame: Frame, origin: L1BlockRef): IngestOutcome {
    const key = channelKey(frame.channelId);
    let ch = this.channels.get(key);
    if (!ch) {
      ch = new Channel(frame.channelId, origin);
      this.channels.set(key, ch);
      this.queue.push(key);
    }
    if (ch.isTimedOut(origin, channelTimeout(this.config, origin.timestamp))) return 'timed-out';
    const before = ch.size;
    const outcome = ch.addFrame(frame, origin);
    if (outcome === 'added') {
      this.total += ch.size - before;
      if (ch.isReady()) this.ready.add(key);
      this.prune(origin);
    }
    return outcome;
  }

  private prune(origin: L1BlockRef): void {
    const max = maxChannelBankSize(this.config, origin.timestamp);
    while (this.total > max && this.queue.length > 0) this.remove(0);
  }

  /**
   * One read step: drops a timed-out head channel (the caller calls again), returns the next
   * ready channel, or `eof` when none is ready and more frames are needed.
   */
  read(origin: L1BlockRef): ChannelBankRead {
    const head = this.queue[0];
    if (head === undefined) return { kind: 'eof' };
    const timeout = channelTimeout(this.config, origin.timestamp);
    const first = this.channels.get(head)!;
    if (first.isTimedOut(origin, timeout)) {
      this.remove(0);
      return { kind: 'timed-out', id: first.id };
    }
    if (this.ready.size === 0) return { kind: 'eof' };
    const last = isForkActive(this.config, 'canyon', origin.timestamp) ? this.queue.length : 1;
    for (let i = 0; i < last; i++) {
      const ch = this.channels.get(this.queue[i]!)!;
      if (ch.isTimedOut(origin, timeout) || !ch.isReady()) continue;
      this.remove(i);
      return { kind: 'channel', id: ch.id, data: ch.data(), channel: ch };
    }
    return { kind: 'eof' };
  }

  private remove(index: number): void {
    const [key] = this.queue.splice(index, 1);
    this.total -= this.channels.get(key!)!.size;
    this.channels.delete(key!);
    this.ready.delete(key!);
  }

  reset(): void {
    this.channels.clear();
    this.queue = [];
    this.total = 0;
    this.ready.clear();
  }
}
