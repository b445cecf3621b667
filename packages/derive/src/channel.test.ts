import { describe, expect, it } from 'vitest';
import { Channel } from './channel.js';
import { chanId, frame, l1 } from './test-helpers.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('Channel.addFrame', () => {
  it('counts 200 bytes of overhead per frame and concatenates data in frame order', () => {
    const ch = new Channel(chanId(1), l1(0));
    expect(ch.addFrame(frame(1, 1, 'four', true), l1(0))).toBe('added');
    expect(ch.size).toBe(204);
    expect(ch.isReady()).toBe(false);
    expect(ch.addFrame(frame(1, 0, 'seven'), l1(1))).toBe('added');
    expect(ch.size).toBe(409);
    expect(ch.isReady()).toBe(true);
    expect(text(ch.data())).toBe('sevenfour');
    expect(ch.highestL1InclusionBlock.number).toBe(1n);
  });

  it('rejects a second closing frame, a duplicate number, and frames past the close', () => {
    const ch = new Channel(chanId(1), l1(0));
    ch.addFrame(frame(1, 2, 'four', true), l1(0));
    expect(ch.addFrame(frame(1, 1, '', true), l1(0))).toBe('duplicate-close');
    expect(ch.addFrame(frame(1, 2, 'seven'), l1(0))).toBe('duplicate-frame');
    expect(ch.addFrame(frame(1, 10, 'seven'), l1(0))).toBe('beyond-close');
    expect(ch.size).toBe(204);
  });

  it('a closing frame drops higher frames; size restarts from the closing frame as in op-node/kona', () => {
    const ch = new Channel(chanId(1), l1(0));
    ch.addFrame(frame(1, 0, 'aa'), l1(0));
    ch.addFrame(frame(1, 5, 'bbb'), l1(0));
    expect(ch.addFrame(frame(1, 2, 'c', true), l1(0))).toBe('added');
    expect([...ch.frames.keys()].sort()).toEqual([0, 2]);
    expect(ch.size).toBe(201);
    ch.addFrame(frame(1, 1, 'x'), l1(0));
    expect(ch.isReady()).toBe(true);
    expect(text(ch.data())).toBe('aaxc');
  });

  it('in-order mode (Holocene) rejects gaps', () => {
    const ch = new Channel(chanId(1), l1(0), true);
    expect(ch.addFrame(frame(1, 1, 'x'), l1(0))).toBe('out-of-order');
    expect(ch.addFrame(frame(1, 0, 'x'), l1(0))).toBe('added');
    expect(ch.addFrame(frame(1, 2, 'x'), l1(0))).toBe('out-of-order');
  });
});
