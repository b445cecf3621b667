/**
 * The batcher's channels read back with derive's own reader, as derivation will: every kind
 * (span, singular) × compression (zlib, brotli behind the 0x01 version byte) decompresses under
 * Fjord and yields, block by block, the L2 chain's timestamps, L1 origins and user transactions;
 * a span batch checks the parent and the last L1 origin. Frames split at 100 kB and reassemble.
 */
import {
  type Batch,
  deriveConfigFromRollup,
  deriveSpanBatch,
  encodeBatcherData,
  parseFrames,
  readChannel,
  type SingularBatch,
} from '@faultline/derive';
import { bytesToHex, concatBytes, keccak256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-fixtures/chain.js';
import { type BatchKind, type Compression, encodeChannel, framesOf } from './batcher.js';

describe('batcher channels', () => {
  const { node, chain } = fixture();
  const blocks = chain.blocks.slice(1);
  const parent = chain.blocks[0]!;
  const userTxs = (i: number) => blocks[i]!.transactions.filter((t) => t[0] !== 0x7e).map(bytesToHex);

  for (const kind of ['span', 'singular'] as BatchKind[]) {
    for (const compression of ['zlib', 'brotli'] as Compression[]) {
      it(`${kind} batch, ${compression}: derivation reads back every block`, () => {
        const channel = encodeChannel(blocks, parent, kind, compression, node);
        expect(channel[0] === 0x01).toBe(compression === 'brotli');
        const { reader, decompressed } = readChannel(
          deriveConfigFromRollup(chain.rollup),
          channel,
          chain.head.header.timestamp,
        );
        expect(decompressed.error).toBeUndefined();
        const batches: Batch[] = [];
        for (let r = reader.next(); r.kind === 'batch'; r = reader.next()) batches.push(r.batch);
        if (kind === 'singular') {
          expect(batches.length).toBe(blocks.length);
          batches.forEach((b, i) => {
            const s = b.batch as SingularBatch;
            expect(b.type).toBe(0);
            expect(s.timestamp).toBe(blocks[i]!.header.timestamp);
            expect(s.parentHash).toEqual(blocks[i]!.header.parentHash);
            expect(s.epochNum).toBe(blocks[i]!.ref.l1Origin.number);
            expect(s.transactions.map(bytesToHex)).toEqual(userTxs(i));
          });
        } else {
          expect(batches.map((b) => b.type)).toEqual([1]);
          const span = deriveSpanBatch(batches[0]!.batch as Parameters<typeof deriveSpanBatch>[0], {
            blockTime: chain.rollup.blockTime,
            l2GenesisTime: chain.rollup.genesis.l2Time,
            l2ChainId: chain.rollup.l2ChainId,
          });
          expect(bytesToHex(span.parentCheck)).toBe(bytesToHex(parent.hash.subarray(0, 20)));
          expect(bytesToHex(span.l1OriginCheck)).toBe(bytesToHex(blocks.at(-1)!.ref.l1Origin.hash.subarray(0, 20)));
          expect(span.elements.map((e) => [e.timestamp, e.epochNum])).toEqual(
            blocks.map((b) => [b.header.timestamp, b.ref.l1Origin.number]),
          );
          for (const [i, e] of span.elements.entries()) expect(e.transactions.map(bytesToHex)).toEqual(userTxs(i));
        }
      });
    }
  }

  it('frames: at most 100 kB of channel data each, numbered, the last one closing the channel', () => {
    const data = new Uint8Array(250_000).map((_, i) => i & 0xff);
    const id = new Uint8Array(16).fill(7);
    const frames = framesOf(id, data);
    expect(frames.map((f) => [f.number, f.data.length, f.isLast])).toEqual([
      [0, 100_000, false],
      [1, 100_000, false],
      [2, 50_000, true],
    ]);
    expect(bytesToHex(keccak256(concatBytes(...frames.map((f) => f.data))))).toBe(bytesToHex(keccak256(data)));
    // Posted one frame per transaction: each reads back as exactly that frame.
    for (const f of frames) {
      const [back] = parseFrames(encodeBatcherData([f]));
      expect([back!.number, back!.isLast, back!.data.length]).toEqual([f.number, f.isLast, f.data.length]);
    }
  });
});
