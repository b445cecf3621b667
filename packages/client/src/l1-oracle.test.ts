import { blobEvaluationPoints as hostBlobPoints } from '@faultline/host';
import { blobKey, keccakKey, sha256KeyOf } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, u64ToBytes } from '@faultline/primitives';
import { encodeReceipt, type Receipt } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { BLS_MODULUS, blobEvaluationPoints } from './blob-points.js';
import { L1Oracle } from './l1-oracle.js';
import { putHeader, putOrderedTrie, testHeader } from './test-chain.js';
import { TestPreimageStore, testOracle } from './test-host.js';

function receipt(i: number): Receipt {
  return {
    type: 2,
    status: i % 2 === 0,
    cumulativeGasUsed: BigInt(21000 * (i + 1)),
    logsBloom: new Uint8Array(256),
    logs: [{ address: new Uint8Array(20).fill(i), topics: [new Uint8Array(32).fill(1)], data: new Uint8Array([i]) }],
  };
}

describe('L1Oracle', () => {
  it('reads a header by hash after hinting l1-block-header, and caches it', () => {
    const store = new TestPreimageStore();
    const header = testHeader({ number: 77n });
    const hash = putHeader(store, header);
    const l1 = new L1Oracle(testOracle(store));
    expect(l1.headerByHash(hash)).toEqual(header);
    expect(l1.headerByHash(hash).number).toBe(77n);
    expect(store.log).toEqual([`hint l1-block-header ${bytesToHex(hash)}`, `get ${bytesToHex(keccakKey(hash))}`]);
  });

  it('reads all transactions and receipts through the block tries, in block order (>128 items)', () => {
    const store = new TestPreimageStore();
    // 130 items: rlp(128) = 0x8180 sorts before rlp(1) = 0x01, so order must come from the index.
    const txs = Array.from({ length: 130 }, (_, i) => concatBytes(new Uint8Array([2]), u64ToBytes(i)));
    const receipts = Array.from({ length: 3 }, (_, i) => receipt(i));
    const header = testHeader({
      number: 5n,
      transactionsRoot: putOrderedTrie(store, txs),
      receiptsRoot: putOrderedTrie(store, receipts.map(encodeReceipt)),
    });
    const hash = putHeader(store, header);
    const l1 = new L1Oracle(testOracle(store));
    expect(l1.transactions(hash)).toEqual(txs);
    expect(l1.receipts(hash)).toEqual(receipts);
    expect(store.hints()).toEqual([
      `l1-block-header ${bytesToHex(hash)}`,
      `l1-transactions ${bytesToHex(hash)}`,
      `l1-receipts ${bytesToHex(hash)}`,
    ]);
    // Every get after a body hint is a trie node (keccak key), and each hint precedes its gets.
    const log = store.log;
    expect(log.indexOf(`hint l1-transactions ${bytesToHex(hash)}`)).toBeLessThan(
      log.indexOf(`get ${bytesToHex(keccakKey(header.transactionsRoot))}`),
    );
    expect(log.indexOf(`hint l1-receipts ${bytesToHex(hash)}`)).toBeLessThan(
      log.indexOf(`get ${bytesToHex(keccakKey(header.receiptsRoot))}`),
    );
    // A second read is cached: no new traffic.
    const before = log.length;
    l1.transactions(hash);
    l1.receipts(hash);
    expect(log.length).toBe(before);
  });

  it('reads a blob: hint versionedHash ++ index ++ timestamp, commitment by sha256 key, elements by root of unity', () => {
    const store = new TestPreimageStore();
    const commitment = new Uint8Array(48).fill(0xc0);
    const versionedHash = sha256KeyOf(commitment);
    versionedHash[0] = 1;
    store.set(sha256KeyOf(commitment), commitment);
    const points = blobEvaluationPoints();
    for (let i = 0; i < 4096; i++) {
      const el = new Uint8Array(32);
      el.set(u64ToBytes(i), 24);
      store.set(blobKey(commitment, points[i]!), el);
    }
    const l1 = new L1Oracle(testOracle(store));
    const blob = l1.blob(1234n, { versionedHash, index: 3 });
    expect(blob.length).toBe(131072);
    expect(blob.subarray(32 * 4095 + 24, 32 * 4096)).toEqual(u64ToBytes(4095));
    expect(store.hints()).toEqual([
      `l1-blob ${bytesToHex(concatBytes(versionedHash, u64ToBytes(3), u64ToBytes(1234)))}`,
    ]);
    expect(store.gets()[0]).toBe(bytesToHex(sha256KeyOf(commitment)));
    expect(store.gets()).toHaveLength(4097);
  });

  it('uses the EIP-4844 bit-reversed roots of unity as evaluation points', () => {
    const points = blobEvaluationPoints();
    // z_0 = 1 and z_1 = w^2048 = -1 (bit reversal of 1 is 2048); every z_i^4096 = 1.
    expect(points[0]).toEqual(hexToBytes(`0x${'00'.repeat(31)}01`));
    expect(BigInt(bytesToHex(points[1]!))).toBe(BLS_MODULUS - 1n);
    const z = BigInt(bytesToHex(points[5]!));
    let p = 1n;
    for (let i = 0; i < 4096; i++) p = (p * z) % BLS_MODULUS;
    expect(p).toBe(1n);
    expect(new Set(points.map(bytesToHex)).size).toBe(4096);
    // The host derives the keys it stores independently; both sides must agree.
    expect(points).toEqual(hostBlobPoints());
  });

  it('a header pre-image that does not hash to its key is fatal (client-side verification)', () => {
    const store = new TestPreimageStore();
    const hash = putHeader(store, testHeader({ number: 1n }));
    store.set(keccakKey(hash), new Uint8Array([0xc0]));
    expect(() => new L1Oracle(testOracle(store)).headerByHash(hash)).toThrow(/hashes to/);
  });
});
