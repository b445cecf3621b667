/**
 * Holocene's strict frame ordering (holocene/derivation.md "Frame Queue", "Channel Bank").
 * `pruneFrameQueue` keeps only frames that are ordered and contiguous per channel: a non-first
 * frame that does not follow its predecessor is dropped, and a first frame arriving while the
 * previous channel is unclosed drops that channel's frames. `ChannelAssembler` then holds at
 * most one staging channel: a first frame replaces it, a channel over MAX_RLP_BYTES_PER_CHANNEL
 * (compressed, with frame overhead) is dropped, and a closed channel is returned at once.
 */

import { equalBytes } from '@faultline/primitives';
import { Channel } from './channel.js';
import { channelTimeout, type DeriveConfig, maxRlpBytesPerChannel } from './config.js';
import type { Frame } from './frame.js';
import type { L1BlockRef } from './types.js';

export function pruneFrameQueue(input: readonly Frame[]): Frame[] {
  // One pass with the kept frames as a stack (the frame before `next` is the top): linear, where
  // removing from the middle of an array made ~100k frames of one L1 transaction quadratic.
  const kept: Frame[] = [];
  for (const next of input) {
    for (;;) {
      const cur = kept[kept.length - 1];
      if (cur === undefined) {
        kept.push(next);
        break;
      }
      if (equalBytes(cur.channelId, next.channelId)) {
        // Same channel: nothing may follow its closing frame; otherwise numbers must be consecutive.
        if (!cur.isLast && next.number === cur.number + 1) kept.push(next);
        break;
      }
      if (next.number === 0 && !cur.isLast) {
        // A new channel starts while the current one is unclosed: drop the current one's frames,
        // walking back over the earlier frames of the same channel.
        kept.pop();
        continue;
      }
      // A different channel can only start with its first frame (after a closed channel).
      if (next.number === 0) kept.push(next);
      break;
    }
  }
  return kept;
}

export type AssemblerOutcome =
  | { readonly kind: 'channel'; readonly data: Uint8Array; readonly channel: Channel }
  | { readonly kind: 'pending' }
  | {
      readonly kind: 'dropped';
      readonly reason: 'no-channel' | 'out-of-order' | 'duplicate' | 'closed' | 'oversized' | 'timed-out';
    };

export class ChannelAssembler {
  private channel: Channel | undefined;

  constructor(readonly config: DeriveConfig) {}

  get staging(): Channel | undefined {
    return this.channel;
  }

  ingestFrame(frame: Frame, origin: L1BlockRef): AssemblerOutcome {
    let timedOut = false;
    if (this.channel?.isTimedOut(origin, channelTimeout(this.config, origin.timestamp))) {
      this.channel = undefined;
      timedOut = true;
    }
    if (frame.number === 0) this.channel = new Channel(frame.channelId, origin, true);
    const ch = this.channel;
    if (!ch) return { kind: 'dropped', reason: timedOut ? 'timed-out' : 'no-channel' };
    if (!equalBytes(ch.id, frame.channelId)) return { kind: 'dropped', reason: 'no-channel' };
    const added = ch.addFrame(frame, origin);
    if (added !== 'added') {
      const reason = added === 'out-of-order' ? 'out-of-order' : added === 'duplicate-frame' ? 'duplicate' : 'closed';
      return { kind: 'dropped', reason };
    }
    if (ch.size > maxRlpBytesPerChannel(this.config, origin.timestamp)) {
      this.channel = undefined;
      return { kind: 'dropped', reason: 'oversized' };
    }
    if (!frame.isLast) return { kind: 'pending' };
    this.channel = undefined;
    return { kind: 'channel', data: ch.data(), channel: ch };
  }

  reset(): void {
    this.channel = undefined;
  }
}
