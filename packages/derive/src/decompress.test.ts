import { brotliCompressSync, deflateSync } from 'node:zlib';
import { equalBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MAX_RLP_BYTES_PER_CHANNEL_BEDROCK } from './config.js';
import { CHANNEL_VERSION_BROTLI, decompressChannel } from './decompress.js';

const sample = new Uint8Array(200_000).map((_, i) => (i * 31 + (i >> 7)) & 0xff);
const zlib = (d: Uint8Array) => new Uint8Array(deflateSync(d));
const brotli = (d: Uint8Array) => new Uint8Array([CHANNEL_VERSION_BROTLI, ...brotliCompressSync(d)]);
const isPrefix = (p: Uint8Array, of: Uint8Array) => p.length <= of.length && equalBytes(p, of.subarray(0, p.length));

describe('decompressChannel', () => {
  it('inflates zlib channels (node:zlib as the reference compressor)', () => {
    const r = decompressChannel(zlib(sample), MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, false);
    expect(r.algo).toBe('zlib');
    expect(r.error).toBeUndefined();
    expect(equalBytes(r.data, sample)).toBe(true);
  });

  it('decodes Fjord brotli channels (0x01 prefix)', () => {
    const r = decompressChannel(brotli(sample), MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, true);
    expect(r.algo).toBe('brotli');
    expect(r.error).toBeUndefined();
    expect(equalBytes(r.data, sample)).toBe(true);
  });

  it('rejects brotli before Fjord, unknown version bytes, empty data and bad zlib headers', () => {
    expect(decompressChannel(brotli(sample), 1000, false).error?.message).toMatch(/only valid from Fjord/);
    expect(decompressChannel(new Uint8Array([0x02, 1, 2]), 1000, true).error?.message).toMatch(/unknown channel/);
    expect(decompressChannel(new Uint8Array(0), 1000, true).error?.message).toMatch(/empty/);
    const badCheck = zlib(sample);
    badCheck[1]! ^= 1;
    expect(decompressChannel(badCheck, 1000, true).error?.message).toMatch(/check bits/);
    // 0x?F: reserved compression method 15 is recognised as zlib but fails the header check.
    expect(decompressChannel(new Uint8Array([0x0f, 0x00]), 1000, true).error?.message).toMatch(/zlib header/);
  });

  it('cuts a zlib bomb at the limit instead of inflating it', () => {
    const bomb = zlib(new Uint8Array(3 * 1024 * 1024 + 17));
    expect(bomb.length).toBeLessThan(10_000);
    const r = decompressChannel(bomb, 1_000_000, false);
    expect(r.truncated).toBe(true);
    expect(r.data.length).toBe(1_000_000);
    expect(r.error).toBeUndefined();
  });

  it('cuts a brotli bomb at the limit', () => {
    const r = decompressChannel(brotli(new Uint8Array(3 * 1024 * 1024)), 500_000, true);
    expect(r.truncated).toBe(true);
    expect(r.data.length).toBe(500_000);
  });

  it('a truncated zlib stream yields the prefix it did carry', () => {
    const z = zlib(sample);
    const r = decompressChannel(z.subarray(0, z.length >> 1), MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, false);
    expect(r.data.length).toBeGreaterThan(0);
    expect(r.data.length).toBeLessThan(sample.length);
    expect(isPrefix(r.data, sample)).toBe(true);
  });

  it('a corrupt deflate block yields the prefix before it plus an error', () => {
    // zlib header, one non-final stored block of 50,000 bytes, then a block of reserved type 3.
    const n = 50_000;
    const stored = [0x00, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff, ...sample.subarray(0, n)];
    const corrupt = new Uint8Array([0x78, 0x01, ...stored, 0b111, 0, 0, 0, 0]);
    const r = decompressChannel(corrupt, MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, false);
    expect(r.error?.name).toBe('ChannelDecompressError');
    expect(r.error?.severity).toBe('temporary');
    expect(r.data.length).toBe(n);
    expect(equalBytes(r.data, sample.subarray(0, n))).toBe(true);
  });

  it('ignores bytes after the end of the zlib stream', () => {
    const r = decompressChannel(new Uint8Array([...zlib(sample), 1, 2, 3, 4, 5]), 1e7, false);
    expect(equalBytes(r.data, sample)).toBe(true);
  });

  it('a corrupt brotli stream is an error, never a throw', () => {
    const b = brotli(sample);
    b[20]! ^= 0xff;
    const r = decompressChannel(b, MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, true);
    expect(isPrefix(r.data, sample) || r.error !== undefined).toBe(true);
  });
});
