/**
 * The frame queue on one batcher transaction with very many frames (fuzz target derive-stages):
 * zero bytes are cheap calldata, so an L1 transaction can carry ~100k empty frames, and every one
 * must come out of the queue — no call-stack overflow from spreading them, no quadratic shifting.
 */
import { describe, expect, it } from 'vitest';
import { DERIVATION_VERSION_0, FRAME_OVERHEAD } from './frame.js';
import { FrameQueue } from './frame-queue.js';
import { EOF, type L1DataSource, type Pull, value } from './stage.js';
import { l1, testConfig } from './test-helpers.js';

/** One L1 block whose only batcher data is `data`. */
class OneItem implements L1DataSource {
  private served = false;
  constructor(private readonly data: Uint8Array) {}
  origin() {
    return l1(1, 100);
  }
  nextData(): Pull<Uint8Array> {
    if (this.served) return EOF;
    this.served = true;
    return value(this.data);
  }
  reset(): void {}
}

/** `version 0` and `n` empty frames of channel 0, all frame number 0, none last. */
const emptyFrames = (n: number) => {
  const data = new Uint8Array(1 + FRAME_OVERHEAD * n);
  data[0] = DERIVATION_VERSION_0;
  return data;
};

function drain(q: FrameQueue): number {
  let frames = 0;
  for (;;) {
    const r = q.nextFrame();
    if (r.kind === 'eof') return frames;
    if (r.kind === 'value') frames++;
  }
}

describe('FrameQueue', () => {
  it('hands out all 140,000 frames of one batcher transaction', () => {
    expect(drain(new FrameQueue(testConfig(), new OneItem(emptyFrames(140_000))))).toBe(140_000);
  });

  it('from Holocene, prunes them to the first (the rest repeat frame 0 of an open channel)', () => {
    const config = testConfig({ forks: { holocene: 0n } });
    expect(drain(new FrameQueue(config, new OneItem(emptyFrames(140_000))))).toBe(1);
  });
});
