import { describe, expect, it } from 'vitest';
import { deriveEmptyBatch, type EmptyBatchContext } from './empty-batch.js';
import { l1, testConfig } from './test-helpers.js';
import type { L2BlockRef } from './types.js';

const E100 = l1(100, 1200);
const E101 = l1(101, 1212);
const safe = (ts: number, origin = E100): L2BlockRef => ({
  number: 50n,
  timestamp: BigInt(ts),
  hash: new Uint8Array(32).fill(0x50),
  l1Origin: { number: origin.number, hash: origin.hash },
});
const ctx = (o: Partial<EmptyBatchContext> = {}): EmptyBatchContext => ({
  config: testConfig({ seqWindowSize: 10n }),
  l1Blocks: [E100, E101],
  safeHead: safe(1204),
  currentL1: l1(111),
  outOfData: false,
  ...o,
});

describe('deriveEmptyBatch (sequencing window expiry)', () => {
  it('waits while the window is open', () => {
    expect(deriveEmptyBatch(ctx({ currentL1: l1(109) }))).toEqual({ kind: 'wait' });
    expect(deriveEmptyBatch(ctx({ currentL1: l1(110) }))).toEqual({ kind: 'wait' });
  });

  it('the window edge counts as expired once all its data is read', () => {
    expect(deriveEmptyBatch(ctx({ currentL1: l1(110), outOfData: true })).kind).toBe('batch');
  });

  it('keeps the current origin while the next L2 time is before the next L1 block', () => {
    const d = deriveEmptyBatch(ctx());
    expect(d).toEqual({
      kind: 'batch',
      batch: { parentHash: safe(0).hash, epochNum: 100n, epochHash: E100.hash, timestamp: 1206n, transactions: [] },
    });
  });

  it('moves to the next epoch once the next L2 time reaches the next L1 block', () => {
    expect(deriveEmptyBatch(ctx({ safeHead: safe(1210) }))).toEqual({ kind: 'advance-epoch' });
  });

  it('always produces the first block of a new epoch', () => {
    const d = deriveEmptyBatch(ctx({ l1Blocks: [E101, l1(102, 1214)], safeHead: safe(1220), currentL1: l1(112) }));
    expect(d.kind === 'batch' && d.batch.epochNum).toBe(101n);
  });

  it('waits for the next L1 block to be known', () => {
    expect(deriveEmptyBatch(ctx({ l1Blocks: [E100] }))).toEqual({ kind: 'wait' });
  });
});
