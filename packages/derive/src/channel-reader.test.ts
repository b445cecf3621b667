import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { concatBytes, hexToBytes, rlpEncode } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from './batch.js';
import { BatchReader, readChannel } from './channel-reader.js';
import { MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, MAX_RLP_BYTES_PER_CHANNEL_FJORD } from './config.js';
import type { SingularBatch } from './singular-batch.js';
import { testConfig } from './test-helpers.js';

const singular = (n: number, txs: Uint8Array[] = []): SingularBatch => ({
  parentHash: new Uint8Array(32).fill(n),
  epochNum: BigInt(n),
  epochHash: new Uint8Array(32).fill(n + 1),
  timestamp: BigInt(1000 + 2 * n),
  transactions: txs,
});
const item = (b: SingularBatch) => rlpEncode(encodeBatch({ type: 0, batch: b }));
const concat = (parts: Uint8Array[]) => concatBytes(...parts);

describe('BatchReader', () => {
  it('reads consecutive batches until the data ends', () => {
    const r = new BatchReader(concat([item(singular(1)), item(singular(2, [new Uint8Array([2, 1])]))]), 1e6);
    const a = r.next();
    const b = r.next();
    expect(a.kind === 'batch' && a.batch.type === 0 && a.batch.batch.epochNum).toBe(1n);
    expect(b.kind === 'batch' && b.batch.type === 0 && b.batch.batch.transactions).toEqual([new Uint8Array([2, 1])]);
    expect(r.next()).toEqual({ kind: 'eof' });
  });

  it('stops at the first malformed batch, keeping the ones before it', () => {
    const bad = rlpEncode(new Uint8Array([7, 1, 2])); // unknown batch type 7
    const r = new BatchReader(concat([item(singular(1)), bad, item(singular(3))]), 1e6);
    expect(r.next().kind).toBe('batch');
    const end = r.next();
    expect(end.kind === 'eof' && end.error?.message).toMatch(/unknown batch type 7/);
    expect(r.next()).toEqual({ kind: 'eof' });
  });

  it('rejects an RLP list where a batch string is expected', () => {
    const r = new BatchReader(rlpEncode([new Uint8Array([0])]), 1e6);
    const end = r.next();
    expect(end.kind === 'eof' && end.error?.message).toMatch(/RLP list/);
  });

  it('reads only batches that end within the channel limit', () => {
    const first = item(singular(1));
    const data = concat([first, item(singular(2))]);
    const r = new BatchReader(data, first.length + 10);
    expect(r.next().kind).toBe('batch');
    const end = r.next();
    expect(end.kind === 'eof' && end.error?.message).toMatch(/past the channel limit/);
  });
});

describe('readChannel', () => {
  it('decompresses and reads a zlib channel of singular batches', () => {
    const raw = concat([1, 2, 3].map((n) => item(singular(n))));
    const { reader } = readChannel(testConfig(), new Uint8Array(deflateSync(raw)), 0n);
    const got: bigint[] = [];
    for (let r = reader.next(); r.kind === 'batch'; r = reader.next())
      if (r.batch.type === 0) got.push(r.batch.batch.epochNum);
    expect(got).toEqual([1n, 2n, 3n]);
  });

  it('a bomb channel is cut at the limit and ends without throwing', () => {
    // One batch, then 10.5 MB of zeros: the zeros decode as single-byte RLP strings "0x00" = empty
    // batches → the reader ends with a decode error after the first batch.
    const raw = concat([item(singular(1)), new Uint8Array(10_500_000)]);
    const { reader, decompressed } = readChannel(testConfig(), new Uint8Array(deflateSync(raw)), 0n);
    expect(decompressed.truncated).toBe(true);
    expect(decompressed.data.length).toBe(MAX_RLP_BYTES_PER_CHANNEL_BEDROCK);
    expect(reader.next().kind).toBe('batch');
    const end = reader.next();
    expect(end.kind).toBe('eof');
    expect(end.kind === 'eof' && end.error?.severity).toBe('temporary');
  });
});

const batchHex = fixturePath('kona-derive-batch-data', 'batch.hex');
describe.runIf(batchHex)('kona fixture batch.hex', () => {
  const channel = () => hexToBytes(`0x${readFileSync(batchHex!, 'utf8').trim().replace(/^0x/, '')}`);
  for (const [fork, limit, forks] of [
    ['Bedrock', MAX_RLP_BYTES_PER_CHANNEL_BEDROCK, {}],
    ['Fjord', MAX_RLP_BYTES_PER_CHANNEL_FJORD, { fjord: 0n }],
  ] as const) {
    it(`reads exactly one span batch and ends at the decompressed length (${fork} limit ${limit})`, () => {
      const { reader, decompressed } = readChannel(testConfig({ forks }), channel(), 1n);
      expect(decompressed.algo).toBe('zlib');
      expect(decompressed.data.length).toBe(1_409_463);
      const r = reader.next();
      expect(r.kind === 'batch' && r.batch.type).toBe(1);
      expect(reader.offset).toBe(1_409_463);
      expect(reader.next()).toEqual({ kind: 'eof' });
    });
  }
});
