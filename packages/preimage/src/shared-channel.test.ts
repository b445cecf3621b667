import { describe, expect, it } from 'vitest';
import { ChannelClosedError } from './errors.js';
import { HintWriter } from './hint-writer.js';
import { createRing, Ring, SharedSyncChannel } from './shared-channel.js';

describe('shared-memory rings', () => {
  it('wrap around the end of a small ring without losing or reordering bytes', () => {
    const ring = new Ring(createRing(8));
    const out = new Uint8Array(64);
    let next = 0;
    let got = 0;
    for (let round = 0; round < 20; round++) {
      const chunk = Uint8Array.from({ length: 5 }, () => next++ & 0xff);
      expect(ring.put(chunk, 0)).toBe(5);
      got += ring.take(out, got % 60, 5);
      expect([...out.subarray((got - 5) % 60, ((got - 5) % 60) + 5)]).toEqual([...chunk]);
    }
    expect(ring.put(new Uint8Array(20), 0)).toBe(8);
    expect(ring.free()).toBe(0);
  });

  it('a sync reader gets buffered bytes, then a closed-channel error naming the shortfall', () => {
    const up = createRing(16);
    const down = createRing(16);
    const host = new Ring(down);
    host.put(Uint8Array.of(1, 2, 3), 0);
    host.close();
    const ch = new SharedSyncChannel('hint channel', down, up);
    expect([...ch.readExact(2)]).toEqual([1, 2]);
    expect(() => ch.readExact(4)).toThrow(new ChannelClosedError('hint channel', 1, 4));
  });

  it('writes fail once the host has closed', () => {
    const up = createRing(16);
    const down = createRing(16);
    new Ring(down).close();
    expect(() => new HintWriter(new SharedSyncChannel('hint channel', down, up)).hint('x', Uint8Array.of(1))).toThrow(
      'hint channel: channel closed by the other end',
    );
  });

  it('rejects capacities that are not powers of two', () => {
    expect(() => createRing(12)).toThrow('ring capacity 12 is not a power of two');
  });
});
