import { blobKey, keccakKey, localKey, sha256Key } from '@faultline/preimage';
import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MemoryKv } from './kv/memory-kv.js';
import { BYTES_PER_BLOB, blobCommitment, blobEvaluationPoints, blobPreimages, versionedHash } from './prefetch/blob.js';
import { PreimageHost } from './preimage-host.js';
import { StoredBlobError } from './stored-blob-check.js';

function countingBlob(): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i < 4096; i++) {
    blob[32 * i + 30] = i >> 8;
    blob[32 * i + 31] = i & 0xff;
  }
  return blob;
}

/** A datadir holding one blob as a host stores it, with `tamper` applied to the stored elements. */
function datadir(tamper?: (kv: MemoryKv, elementKey: (i: number) => Uint8Array) => void) {
  const blob = countingBlob();
  const commitment = blobCommitment(blob);
  const kv = new MemoryKv();
  for (const [k, v] of blobPreimages(commitment, blob)) kv.put(k, v);
  const elementKey = (i: number) => blobKey(commitment, blobEvaluationPoints()[i]!);
  tamper?.(kv, elementKey);
  return { kv, commitment, elementKey };
}

function setElement(kv: MemoryKv, key: Uint8Array, value: bigint): void {
  kv.put(key, Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex')));
}

describe('a host serves a blob field element only if its blob matches the KZG commitment', () => {
  it('serves every element of an intact blob (and the commitment under its versioned hash)', () => {
    const { kv, commitment, elementKey } = datadir();
    const host = new PreimageHost({ store: kv });
    expect(host.get(elementKey(4095))).toEqual(countingBlob().subarray(32 * 4095));
    expect(host.get(elementKey(0))).toEqual(new Uint8Array(32));
    expect(host.get(sha256Key(versionedHash(commitment)))).toEqual(commitment);
  });

  it('refuses every element of a blob with one altered element — not only the altered one', () => {
    const { kv, commitment, elementKey } = datadir((kv, key) => setElement(kv, key(1000), 1001n));
    const host = new PreimageHost({ store: kv });
    for (const i of [0, 1000, 4095]) {
      expect(() => host.get(elementKey(i))).toThrow(StoredBlobError);
      expect(() => host.get(elementKey(i))).toThrow(
        new RegExp(`^blob ${bytesToHex(commitment)}: the stored field elements do not match the commitment`),
      );
    }
  });

  it('refuses a blob with a non-canonical element, a missing element, or no (commitment ‖ z) pre-image', () => {
    const bad = datadir((kv, key) => setElement(kv, key(7), (1n << 256n) - 1n));
    expect(() => new PreimageHost({ store: bad.kv }).get(bad.elementKey(0))).toThrow(StoredBlobError);
    const missing = datadir((kv, key) => kv.put(key(9), new Uint8Array(31)));
    expect(() => new PreimageHost({ store: missing.kv }).get(missing.elementKey(0))).toThrow(
      /field element 9 is 31 bytes, so the blob cannot be checked/,
    );
    const orphan = datadir();
    const key = orphan.elementKey(3);
    const kv = new MemoryKv();
    kv.put(key, orphan.kv.get(key)!);
    expect(() => new PreimageHost({ store: kv }).get(key)).toThrow(
      /the pre-image of its key \(commitment ‖ z\) is not stored/,
    );
    // The (commitment ‖ z) pre-image itself is hash-checked.
    const forged = datadir((kv, k) => kv.put(keccakKey(k(3)), new Uint8Array(80)));
    expect(() => new PreimageHost({ store: forged.kv }).get(forged.elementKey(3))).toThrow(/hashes to/);
  });

  it('serves the elements of a checked blob as checked: the store is not read again, and a later change is not served', () => {
    const { kv, elementKey } = datadir();
    let reads = 0;
    const counting = {
      get: (k: Uint8Array) => {
        reads++;
        return kv.get(k);
      },
      put: (k: Uint8Array, v: Uint8Array) => kv.put(k, v),
      close: () => kv.close(),
    };
    const host = new PreimageHost({ store: counting });
    expect(host.get(elementKey(5))).toEqual(countingBlob().subarray(32 * 5, 32 * 6));
    const afterCheck = reads;
    // The element, the (commitment ‖ z) pre-image and all 4,096 elements of the blob.
    expect(afterCheck).toBe(4096 + 2);
    setElement(kv, elementKey(6), 7n);
    for (const i of [6, 0, 4095])
      expect(host.get(elementKey(i))).toEqual(countingBlob().subarray(32 * i, 32 * (i + 1)));
    expect(reads).toBe(afterCheck);
  });

  it('with verify: false passes elements on unchecked (the client then has to catch them)', () => {
    const { kv, elementKey } = datadir((kv, key) => setElement(kv, key(1000), 1001n));
    const host = new PreimageHost({ store: kv, verify: false });
    expect(host.get(elementKey(1000))).toEqual(Uint8Array.from(Buffer.from(`${'0'.repeat(61)}3e9`, 'hex')));
    expect(() => host.get(localKey(1))).toThrow(/unknown local key/);
  });
});
