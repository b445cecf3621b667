import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RLP_BYTES_PER_CHANNEL_BEDROCK } from './config.js';
import type { Frame } from './frame.js';
import { ChannelAssembler, pruneFrameQueue } from './holocene-frames.js';
import { frame, l1, testConfig } from './test-helpers.js';

const ids = (frames: Frame[]) => frames.map((f) => `${f.channelId[0]}:${f.number}${f.isLast ? '!' : ''}`);

describe('pruneFrameQueue (Holocene strict ordering)', () => {
  const cases: [string, Frame[], string[]][] = [
    ['keeps an ordered channel', [frame(1, 0, ''), frame(1, 1, ''), frame(1, 2, '', true)], ['1:0', '1:1', '1:2!']],
    ['drops a gap', [frame(1, 0, ''), frame(1, 2, ''), frame(1, 1, '')], ['1:0', '1:1']],
    ['drops a duplicate', [frame(1, 0, ''), frame(1, 0, ''), frame(1, 1, '', true)], ['1:0', '1:1!']],
    ['drops frames after the close', [frame(1, 0, '', true), frame(1, 1, '')], ['1:0!']],
    ['drops a reused id right after close', [frame(1, 0, '', true), frame(1, 0, '')], ['1:0!']],
    [
      'a first frame drops the unclosed channel before it',
      [frame(1, 0, ''), frame(1, 1, ''), frame(2, 0, '', true)],
      ['2:0!'],
    ],
    ['a non-first frame of another channel is dropped', [frame(1, 0, ''), frame(2, 1, '')], ['1:0']],
    [
      'channels may follow a closed one',
      [frame(1, 0, '', true), frame(2, 0, ''), frame(2, 1, '', true)],
      ['1:0!', '2:0', '2:1!'],
    ],
    ['the head frame is kept even if non-first', [frame(1, 3, ''), frame(1, 4, '', true)], ['1:3', '1:4!']],
  ];
  for (const [name, input, want] of cases) it(name, () => expect(ids(pruneFrameQueue(input))).toEqual(want));

  /** The rule as first written here: walk pairs, splicing frames out of a copy (quadratic). */
  function splicingPrune(input: readonly Frame[]): Frame[] {
    const frames = [...input];
    let i = 0;
    while (i < frames.length - 1) {
      const cur = frames[i]!;
      const next = frames[i + 1]!;
      if (cur.channelId[0] === next.channelId[0]) {
        if (cur.isLast || next.number !== cur.number + 1) {
          frames.splice(i + 1, 1);
          continue;
        }
      } else if (next.number === 0 && !cur.isLast) {
        frames.splice(i, 1);
        if (i > 0) i--;
        continue;
      } else if (next.number !== 0) {
        frames.splice(i + 1, 1);
        continue;
      }
      i++;
    }
    return frames;
  }

  it('keeps what the pairwise splicing rule keeps, on random frame sequences', () => {
    const arbFrame = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.boolean())
      .map(([id, n, last]) => frame(id, n, '', last));
    fc.assert(
      fc.property(fc.array(arbFrame, { maxLength: 12 }), (input) => {
        expect(ids(pruneFrameQueue(input))).toEqual(ids(splicingPrune(input)));
      }),
      { numRuns: 2000 },
    );
  });

  it('prunes 150,000 frames of one L1 transaction (one pass, not one splice per dropped frame)', () => {
    const input = Array.from({ length: 150_000 }, () => frame(1, 0, ''));
    expect(ids(pruneFrameQueue(input))).toEqual(['1:0']);
  });
});

describe('ChannelAssembler (Holocene channel bank)', () => {
  it('returns a channel as soon as its last frame arrives', () => {
    const a = new ChannelAssembler(testConfig());
    expect(a.ingestFrame(frame(1, 0, 'ab'), l1(1)).kind).toBe('pending');
    const r = a.ingestFrame(frame(1, 1, 'c', true), l1(2));
    expect(r.kind === 'channel' && new TextDecoder().decode(r.data)).toBe('abc');
    expect(a.staging).toBeUndefined();
  });

  it('a first frame replaces an incomplete staging channel', () => {
    const a = new ChannelAssembler(testConfig());
    a.ingestFrame(frame(1, 0, 'old'), l1(1));
    a.ingestFrame(frame(2, 0, 'new'), l1(1));
    expect(a.ingestFrame(frame(1, 1, 'x', true), l1(1))).toEqual({ kind: 'dropped', reason: 'no-channel' });
    const r = a.ingestFrame(frame(2, 1, '!', true), l1(1));
    expect(r.kind === 'channel' && new TextDecoder().decode(r.data)).toBe('new!');
  });

  it('drops non-first frames without a channel and out-of-order frames', () => {
    const a = new ChannelAssembler(testConfig());
    expect(a.ingestFrame(frame(1, 1, 'x'), l1(1))).toEqual({ kind: 'dropped', reason: 'no-channel' });
    a.ingestFrame(frame(1, 0, 'x'), l1(1));
    expect(a.ingestFrame(frame(1, 2, 'x'), l1(1))).toEqual({ kind: 'dropped', reason: 'out-of-order' });
  });

  it('drops a timed-out staging channel', () => {
    const a = new ChannelAssembler(testConfig({ channelTimeout: 2n }));
    a.ingestFrame(frame(1, 0, 'x'), l1(10));
    expect(a.ingestFrame(frame(1, 1, 'y', true), l1(13))).toEqual({ kind: 'dropped', reason: 'timed-out' });
  });

  it('drops a channel whose compressed size exceeds MAX_RLP_BYTES_PER_CHANNEL', () => {
    const a = new ChannelAssembler(testConfig());
    const chunk = new Uint8Array(MAX_RLP_BYTES_PER_CHANNEL_BEDROCK / 2);
    expect(a.ingestFrame(frame(1, 0, chunk), l1(1)).kind).toBe('pending');
    expect(a.ingestFrame(frame(1, 1, chunk), l1(1))).toEqual({ kind: 'dropped', reason: 'oversized' });
    expect(a.staging).toBeUndefined();
  });
});
