import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { OracleL1ChainSource } from './l1-chain-source.js';
import { L1Oracle } from './l1-oracle.js';
import { putHeader, putOrderedTrie, signedLegacyTx, TEST_SENDER, testHeader } from './test-chain.js';
import { TestPreimageStore, testOracle } from './test-host.js';

function l1Chain(store: TestPreimageStore, length: number) {
  const hashes: Uint8Array[] = [];
  let parent: Uint8Array = new Uint8Array(32);
  for (let n = 0; n < length; n++) {
    const hash = putHeader(
      store,
      testHeader({ number: BigInt(n), parentHash: parent, timestamp: BigInt(1000 + 12 * n) }),
    );
    hashes.push(hash);
    parent = hash;
  }
  return hashes;
}

describe('OracleL1ChainSource', () => {
  it('finds blocks by number by walking back from the L1 head once, then answers nextBlock from memory', () => {
    const store = new TestPreimageStore();
    const hashes = l1Chain(store, 6);
    const src = new OracleL1ChainSource(new L1Oracle(testOracle(store)), hashes[5]!);
    expect(src.headBlock().number).toBe(5n);
    const b2 = src.blockByNumber(2n);
    expect(b2).toEqual({ hash: hashes[2], number: 2n, timestamp: 1024n, parentHash: hashes[1] });
    const gets = store.gets().length;
    expect(src.nextBlock(b2)?.hash).toEqual(hashes[3]);
    expect(src.nextBlock(src.blockByNumber(4n))?.number).toBe(5n);
    expect(store.gets().length).toBe(gets); // all cached
    expect(src.nextBlock(src.headBlock())).toBeUndefined();
    expect(() => src.blockByNumber(6n)).toThrow('L1 block 6 is past the L1 head 5');
  });

  it('hands derivation transactions with recovered senders and receipts of the block', () => {
    const store = new TestPreimageStore();
    const inbox = new Uint8Array(20).fill(0xff);
    const raw = [signedLegacyTx(0n, inbox, new Uint8Array([0, 1, 2])), signedLegacyTx(1n, inbox, new Uint8Array([3]))];
    const head = putHeader(store, testHeader({ number: 3n, transactionsRoot: putOrderedTrie(store, raw) }));
    const src = new OracleL1ChainSource(new L1Oracle(testOracle(store)), head);
    const txs = src.transactions(src.headBlock());
    expect(txs.map((t) => bytesToHex(t.from))).toEqual([bytesToHex(TEST_SENDER), bytesToHex(TEST_SENDER)]);
    expect(txs[0]!.to).toEqual(inbox);
    expect(txs[1]!.input).toEqual(new Uint8Array([3]));
    expect(src.receipts(src.headBlock())).toEqual([]);
  });
});
