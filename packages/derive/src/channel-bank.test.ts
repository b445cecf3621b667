import { describe, expect, it } from 'vitest';
import { ChannelBank } from './channel-bank.js';
import { MAX_CHANNEL_BANK_SIZE_BEDROCK } from './config.js';
import { chanId, frame, l1, testConfig } from './test-helpers.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('ChannelBank', () => {
  it('reads a channel once all its frames are in, in any order', () => {
    const bank = new ChannelBank(testConfig());
    bank.ingestFrame(frame(1, 1, 'b', true), l1(10));
    expect(bank.read(l1(10))).toEqual({ kind: 'eof' });
    bank.ingestFrame(frame(1, 0, 'a'), l1(11));
    const r = bank.read(l1(11));
    expect(r.kind === 'channel' && text(r.data)).toBe('ab');
    expect(bank.channelCount).toBe(0);
  });

  it('ignores duplicate frames and frames after the close', () => {
    const bank = new ChannelBank(testConfig());
    expect(bank.ingestFrame(frame(1, 0, 'a'), l1(1))).toBe('added');
    expect(bank.ingestFrame(frame(1, 0, 'z'), l1(1))).toBe('duplicate-frame');
    expect(bank.ingestFrame(frame(1, 1, 'b', true), l1(1))).toBe('added');
    expect(bank.ingestFrame(frame(1, 2, 'c'), l1(1))).toBe('beyond-close');
    const r = bank.read(l1(1));
    expect(r.kind === 'channel' && text(r.data)).toBe('ab');
  });

  it('times a channel out CHANNEL_TIMEOUT blocks after it opened, and drops its late frames', () => {
    const bank = new ChannelBank(testConfig({ channelTimeout: 5n }));
    bank.ingestFrame(frame(1, 0, 'a'), l1(100));
    expect(bank.ingestFrame(frame(1, 1, 'b', true), l1(106))).toBe('timed-out');
    bank.ingestFrame(frame(2, 0, 'x', true), l1(106));
    expect(bank.read(l1(106))).toEqual({ kind: 'timed-out', id: chanId(1) });
    const r = bank.read(l1(106));
    expect(r.kind === 'channel' && text(r.data)).toBe('x');
  });

  it('accepts frames at exactly open + CHANNEL_TIMEOUT', () => {
    const bank = new ChannelBank(testConfig({ channelTimeout: 5n }));
    bank.ingestFrame(frame(1, 0, 'a'), l1(100));
    expect(bank.ingestFrame(frame(1, 1, 'b', true), l1(105))).toBe('added');
  });

  it('uses the Granite channel timeout of 50 once Granite is active', () => {
    const bank = new ChannelBank(testConfig({ channelTimeout: 300n, forks: { granite: 0n } }));
    bank.ingestFrame(frame(1, 0, 'a'), l1(100));
    expect(bank.ingestFrame(frame(1, 1, 'b', true), l1(151))).toBe('timed-out');
  });

  it('before Canyon only the oldest channel can be read; from Canyon the first ready one', () => {
    for (const canyon of [false, true]) {
      const bank = new ChannelBank(testConfig(canyon ? { forks: { canyon: 0n } } : {}));
      bank.ingestFrame(frame(1, 0, 'old'), l1(1));
      bank.ingestFrame(frame(2, 0, 'new', true), l1(1));
      const r = bank.read(l1(1));
      expect(r.kind === 'channel' ? text(r.data) : r.kind).toBe(canyon ? 'new' : 'eof');
    }
  });

  it('prunes the oldest channels while the bank exceeds MAX_CHANNEL_BANK_SIZE', () => {
    const bank = new ChannelBank(testConfig());
    const big = new Uint8Array(MAX_CHANNEL_BANK_SIZE_BEDROCK / 2);
    bank.ingestFrame(frame(1, 0, big), l1(1));
    bank.ingestFrame(frame(2, 0, big), l1(1));
    expect(bank.channelCount).toBe(1); // two halves + 2×200 overhead exceed the limit
    expect(bank.size).toBe(big.length + 200);
    bank.ingestFrame(frame(2, 1, 'z', true), l1(1));
    const r = bank.read(l1(1));
    expect(r.kind === 'channel' && r.id).toEqual(chanId(2));
  });

  it('keeps its size as frames arrive and channels are read, time out or are pruned', () => {
    const bank = new ChannelBank(testConfig({ channelTimeout: 2n, forks: { canyon: 0n } }));
    bank.ingestFrame(frame(1, 0, 'aaaa'), l1(1));
    bank.ingestFrame(frame(2, 1, 'bb', true), l1(1));
    bank.ingestFrame(frame(3, 0, 'c'), l1(2));
    expect(bank.size).toBe(4 + 2 + 1 + 3 * 200);
    bank.ingestFrame(frame(2, 0, 'b'), l1(2));
    expect(bank.read(l1(2)).kind).toBe('channel'); // channel 2 (ready) leaves
    expect(bank.size).toBe(4 + 1 + 2 * 200);
    expect(bank.read(l1(4)).kind).toBe('timed-out'); // channel 1 (opened at 1) leaves
    expect(bank.size).toBe(1 + 200);
    bank.reset();
    expect(bank.size).toBe(0);
  });

  it('holds 100,000 open channels from one L1 transaction and still reads the one that completes', () => {
    const bank = new ChannelBank(testConfig({ forks: { canyon: 0n } }));
    for (let i = 0; i < 100_000; i++) {
      const id = new Uint8Array(16);
      new DataView(id.buffer).setUint32(12, i + 1000);
      bank.ingestFrame({ channelId: id, number: 0, data: new Uint8Array(0), isLast: false }, l1(1));
      expect(bank.read(l1(1)).kind).toBe('eof');
    }
    bank.ingestFrame(frame(9, 0, 'done', true), l1(1));
    const r = bank.read(l1(1));
    expect(r.kind === 'channel' ? text(r.data) : r.kind).toBe('done');
    expect(bank.channelCount).toBe(100_000);
  });
});
