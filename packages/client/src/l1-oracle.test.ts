import {
  blobCommitment,
  blobEvaluationPoints as hostBlobPoints,
  versionedHash as toVersionedHash,
} from '@faultline/host';
import { blobKey, keccakKey, OracleClient, sha256Key } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, u64ToBytes } from '@faultline/primitives';
import { encodeReceipt, type Receipt } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { defaultBlobCommitter, pureJsBlobCommitter } from './blob-committer.js';
import { BLS_MODULUS, blobEvaluationPoints } from './blob-points.js';
import { OracleDataError } from './errors.js';
import { HintedOracle } from './hinted-oracle.js';
import { L1Oracle } from './l1-oracle.js';
import { putHeader, putOrderedTrie, testHeader } from './test-chain.js';
import { serveFromStore, TestPreimageStore, testOracle } from './test-host.js';

/** Element i holds i (a canonical blob that is easy to recognise). */
function countingBlob(): Uint8Array {
  const blob = new Uint8Array(131072);
  for (let i = 0; i < 4096; i++) blob.set(u64ToBytes(i), 32 * i + 24);
  return blob;
}

/**
 * A store laid out as a host lays out a blob (the commitment under the sha256 key of the
 * versioned hash, element i under its blob key), with the commitment from c-kzg of the blob as
 * given and `tamper` applied to the stored elements only.
 */
function storeBlob(blob: Uint8Array, tamper?: (elements: Uint8Array) => void) {
  const commitment = blobCommitment(blob);
  const versionedHash = toVersionedHash(commitment);
  const elements = blob.slice();
  tamper?.(elements);
  const store = new TestPreimageStore();
  store.set(sha256Key(versionedHash), commitment);
  const points = blobEvaluationPoints();
  for (let i = 0; i < 4096; i++) store.set(blobKey(commitment, points[i]!), elements.subarray(32 * i, 32 * i + 32));
  return { store, versionedHash, commitment };
}

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
    const { store, versionedHash } = storeBlob(countingBlob());
    const l1 = new L1Oracle(testOracle(store));
    const blob = l1.blob(1234n, { versionedHash, index: 3 });
    expect(blob).toEqual(countingBlob());
    expect(store.hints()).toEqual([
      `l1-blob ${bytesToHex(concatBytes(versionedHash, u64ToBytes(3), u64ToBytes(1234)))}`,
    ]);
    expect(store.gets()[0]).toBe(bytesToHex(sha256Key(versionedHash)));
    expect(store.gets()).toHaveLength(4097);
  });

  describe('a blob is used only if its field elements reproduce the commitment under the versioned hash', () => {
    it.each([
      ['one flipped bit in one element', (b: Uint8Array) => (b[32 * 1000 + 31]! ^= 0x01)],
      [
        'elements 0 and 1 swapped',
        (b: Uint8Array) => {
          const first = b.slice(0, 32);
          b.copyWithin(0, 32, 64);
          b.set(first, 32);
        },
      ],
    ])('%s → OracleDataError (default committer: pure JS)', (_what, tamper) => {
      const { store, versionedHash, commitment } = storeBlob(countingBlob(), tamper);
      expect(() => new L1Oracle(testOracle(store)).blob(1n, { versionedHash, index: 0 })).toThrow(
        new RegExp(
          `^blob ${bytesToHex(versionedHash)}: field elements do not match the commitment \\(${bytesToHex(commitment)}, recomputed 0x`,
        ),
      );
    });

    it('a non-canonical element (≥ BLS modulus) → OracleDataError naming it', () => {
      const { store, versionedHash } = storeBlob(countingBlob(), (b) => b.fill(0xff, 32 * 9, 32 * 10));
      const read = () => new L1Oracle(testOracle(store)).blob(1n, { versionedHash, index: 0 });
      expect(read).toThrow(OracleDataError);
      expect(read).toThrow(/field element 9 is not below the BLS modulus/);
    });

    it('a versioned hash whose version byte is not 0x01 → OracleDataError before any request', () => {
      const { store, versionedHash } = storeBlob(countingBlob());
      const v2 = versionedHash.slice();
      v2[0] = 2;
      expect(() => new L1Oracle(testOracle(store)).blob(1n, { versionedHash: v2, index: 0 })).toThrow(
        /versioned hash version 2, expected 1/,
      );
      expect(store.log).toEqual([]);
    });

    it('a commitment that does not hash to the versioned hash → OracleDataError, even from an oracle that checks nothing', () => {
      const { store, versionedHash, commitment } = storeBlob(countingBlob());
      const other = commitment.slice();
      other[47]! ^= 1;
      store.set(sha256Key(versionedHash), other);
      const unchecked = new HintedOracle(new OracleClient(serveFromStore(store).preimages, { verify: false }), {
        hint: () => {},
      });
      expect(() => new L1Oracle(unchecked).blob(1n, { versionedHash, index: 0 })).toThrow(
        /the commitment served does not hash to the versioned hash/,
      );
    });

    it('an injected committer is used instead of the default; its failure is an OracleDataError', () => {
      const { store, versionedHash, commitment } = storeBlob(countingBlob());
      const seen: Uint8Array[] = [];
      const l1 = new L1Oracle(testOracle(store), {
        commitment: (b) => {
          seen.push(b);
          return commitment;
        },
      });
      expect(l1.blob(1n, { versionedHash, index: 0 })).toEqual(countingBlob());
      expect(seen).toEqual([countingBlob()]);
      const failing = new L1Oracle(testOracle(store), {
        commitment: () => {
          throw new Error('native: bad field element');
        },
      });
      expect(() => failing.blob(1n, { versionedHash, index: 0 })).toThrow(
        `blob ${bytesToHex(versionedHash)}: native: bad field element`,
      );
    });

    it("the engine's native blobToKzgCommitment (globalThis.faultlineNative) is the default when present", () => {
      const { store, versionedHash, commitment } = storeBlob(countingBlob());
      const calls: number[] = [];
      const g = globalThis as { faultlineNative?: unknown };
      g.faultlineNative = {
        blobToKzgCommitment: (b: Uint8Array) => {
          calls.push(b.length);
          return commitment;
        },
      };
      try {
        expect(defaultBlobCommitter()).not.toBe(pureJsBlobCommitter);
        expect(new L1Oracle(testOracle(store)).blob(1n, { versionedHash, index: 0 })).toEqual(countingBlob());
        expect(calls).toEqual([131072]);
      } finally {
        delete g.faultlineNative;
      }
      expect(defaultBlobCommitter()).toBe(pureJsBlobCommitter);
    });
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
