import { describe, expect, it } from 'vitest';
import { DeriveCriticalError } from './errors.js';
import { spanBatchToSingularBatches } from './span-batch-singulars.js';
import { l1 } from './test-helpers.js';

const safe = {
  number: 10n,
  timestamp: 1002n,
  hash: new Uint8Array(32).fill(1),
  l1Origin: { number: 5n, hash: l1(5).hash },
};
const tx = new Uint8Array([2, 0xc0]);
const span = {
  parentCheck: new Uint8Array(20),
  l1OriginCheck: new Uint8Array(20),
  elements: [
    { timestamp: 1000n, epochNum: 5n, transactions: [] },
    { timestamp: 1002n, epochNum: 5n, transactions: [] },
    { timestamp: 1004n, epochNum: 5n, transactions: [tx] },
    { timestamp: 1006n, epochNum: 6n, transactions: [] },
  ],
};

describe('spanBatchToSingularBatches', () => {
  it('skips blocks the safe chain has and fills in L1 origin hashes', () => {
    const out = spanBatchToSingularBatches(span, [l1(5), l1(6)], safe);
    expect(out.map((b) => [b.timestamp, b.epochNum, b.epochHash[0]])).toEqual([
      [1004n, 5n, 5],
      [1006n, 6n, 6],
    ]);
    expect(out[0]!.transactions).toEqual([tx]);
  });

  it('a missing L1 origin is a critical error', () => {
    expect(() => spanBatchToSingularBatches(span, [l1(5)], safe)).toThrow(DeriveCriticalError);
  });
});
