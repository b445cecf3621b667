import { describe, expect, it } from 'vitest';
import { type L1TransactionInfo, selectBatcherData } from './l1-retrieval.js';

const inbox = new Uint8Array(20).fill(0xff);
const batcher = new Uint8Array(20).fill(0xba);
const other = new Uint8Array(20).fill(0x01);
const h = (n: number) => new Uint8Array(32).fill(n);

const txs: L1TransactionInfo[] = [
  { type: 2, to: inbox, from: batcher, input: new Uint8Array([0, 1]) },
  { type: 2, to: inbox, from: other, input: new Uint8Array([0, 2]) }, // wrong sender
  { type: 3, to: other, from: other, input: new Uint8Array(0), blobVersionedHashes: [h(1), h(2)] }, // not batcher
  { type: 2, to: null, from: batcher, input: new Uint8Array([0, 3]) }, // contract creation
  { type: 3, to: inbox, from: batcher, input: new Uint8Array([0, 9]), blobVersionedHashes: [h(3), h(4)] },
  { type: 0, to: other, from: batcher, input: new Uint8Array([0, 4]) }, // wrong inbox
];

describe('selectBatcherData', () => {
  it('after Ecotone: calldata of non-blob txs, blobs (indexed across the block) of blob txs', () => {
    const out = selectBatcherData(txs, { batchInboxAddress: inbox, batcherAddress: batcher, ecotone: true });
    expect(out).toEqual([
      { kind: 'calldata', txIndex: 0, data: new Uint8Array([0, 1]) },
      { kind: 'blob', txIndex: 4, blobIndex: 2, versionedHash: h(3) },
      { kind: 'blob', txIndex: 4, blobIndex: 3, versionedHash: h(4) },
    ]);
  });

  it('before Ecotone: calldata of every batcher transaction', () => {
    const out = selectBatcherData(txs, { batchInboxAddress: inbox, batcherAddress: batcher, ecotone: false });
    expect(out.map((d) => d.kind === 'calldata' && d.data[1])).toEqual([1, 9]);
  });
});
