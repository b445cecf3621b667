/**
 * Malformed batcher data must end as a typed, temporary DeriveError (or a value), never as a
 * crash: random bytes and random mutations of real encodings through every decoder.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fixturePath } from '@faultline/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from './batch.js';
import { BatchReader } from './channel-reader.js';
import { decompressChannel } from './decompress.js';
import { DeriveError } from './errors.js';
import { parseFrames } from './frame.js';
import { decodeRawSpanBatch, deriveSpanBatch } from './span-batch.js';

const PARAMS = { blockTime: 2n, l2GenesisTime: 0n, l2ChainId: 10n };

/** Runs `f`; anything thrown must be a temporary DeriveError. */
function onlyTemporary(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DeriveError) || e.severity !== 'temporary') throw e;
  }
}

const mutate = (base: Uint8Array) =>
  fc
    .array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })
    .map((edits) => {
      const out = base.slice();
      for (const [i, v] of edits) out[i] = v;
      return out;
    });

describe('malformed inputs never crash', () => {
  it('parseFrames on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (d) => onlyTemporary(() => parseFrames(d))),
      { numRuns: 150 },
    );
  });

  it('decodeBatch + deriveSpanBatch on random bytes after a batch type', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.uint8Array({ maxLength: 300 }), (type, body) =>
        onlyTemporary(() => {
          const b = decodeBatch(new Uint8Array([type, ...body]));
          if (b.type === 1) deriveSpanBatch(b.batch, PARAMS);
        }),
      ),
      { numRuns: 150 },
    );
  });

  it('decompressChannel and BatchReader on random and corrupted zlib data', () => {
    const good = new Uint8Array(deflateSync(new Uint8Array(4000).map((_, i) => i % 251)));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutate(good)), (d) => {
        const r = decompressChannel(d, 1_000_000, true);
        const reader = new BatchReader(r.data, 1_000_000, r.error);
        for (let i = 0; i < 100 && reader.next().kind === 'batch'; i++);
      }),
      { numRuns: 100 },
    );
  });

  const rawPath = fixturePath('kona-derive-batch-data', 'raw_span_batch.bin');
  it.runIf(rawPath)('mutations of the kona span batch decode or fail as BatchDecodeError/SpanBatchDeriveError', () => {
    const base = new Uint8Array(readFileSync(rawPath!));
    fc.assert(
      fc.property(mutate(base), (d) =>
        onlyTemporary(() => {
          const raw = decodeRawSpanBatch(d);
          expect(raw.blockCount).toBeGreaterThan(0);
          deriveSpanBatch(raw, PARAMS);
        }),
      ),
      { numRuns: 100 },
    );
  });
});
