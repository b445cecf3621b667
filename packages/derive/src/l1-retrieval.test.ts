import { readFileSync } from 'node:fs';
import { builtinChain } from '@faultline/protocol';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { parseFrames } from './frame.js';
import { type L1TransactionInfo, l1TransactionInfo, selectBatcherData } from './l1-retrieval.js';

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

const rawTxPath = fixturePath('kona-derive-batch-data', 'raw_batcher_tx.bin');
describe.runIf(rawTxPath)('kona fixture raw_batcher_tx.bin (OP Mainnet calldata batcher tx)', () => {
  it('is selected as batcher data of 119,823 bytes that parses into frames', () => {
    const info = l1TransactionInfo(new Uint8Array(readFileSync(rawTxPath!)));
    const opMainnet = builtinChain(10n)!.rollup;
    expect(info.type).toBe(2);
    expect(info.to).toEqual(opMainnet.batchInboxAddress);
    // The recovered sender is OP Mainnet's batcher from the chain's own genesis system config.
    expect(info.from).toEqual(opMainnet.genesis.systemConfig.batcherAddress);
    const params = { batchInboxAddress: opMainnet.batchInboxAddress, batcherAddress: info.from, ecotone: true };
    const [item, ...rest] = selectBatcherData([info], params);
    expect(rest).toEqual([]);
    expect(item!.kind === 'calldata' && item!.data.length).toBe(119_823);
    expect(item!.kind === 'calldata' && parseFrames(item!.data).length).toBeGreaterThan(0);
    const stranger = { ...params, batcherAddress: new Uint8Array(20).fill(1) };
    expect(selectBatcherData([info], stranger)).toEqual([]);
  });
});
