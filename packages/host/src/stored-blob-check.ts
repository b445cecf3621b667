/**
 * Blob field elements (key type 5) carry no hash of their own value, so a host cannot check one
 * the way it checks a keccak or sha-256 pre-image. It can check the blob they belong to: the
 * key is keccak(commitment ‖ z) with byte 0 set to 5, and the keccak pre-image of the same hash
 * (stored beside every element by op-program's host and ours) names the commitment and z. With
 * the commitment the host reads all 4,096 elements of that blob, recomputes the KZG commitment
 * (EIP-4844 `blob_to_kzg_commitment`, c-kzg) and serves an element only if the two agree — so a
 * corrupted or hand-edited datadir fails at the host instead of handing the client a different
 * blob. One check per blob; its elements are remembered as they were checked and served from
 * there, so what is served is what was checked and the store is not read 4,096 times again.
 */

import { blobKey, keccakKey, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex, equalBytes } from '@faultline/primitives';
import type { KvStore } from './kv/kv-store.js';
import { blobCommitment, blobEvaluationPoints, FIELD_ELEMENTS_PER_BLOB } from './prefetch/blob.js';

const COMMITMENT_BYTES = 48;
const ELEMENT_BYTES = 32;

/** A stored blob field element that cannot be shown to belong to its commitment. */
export class StoredBlobError extends BaseError {
  override name = 'StoredBlobError' as const;
}

export class StoredBlobCheck {
  /** The elements of the blobs checked so far, by key (hex). */
  private readonly elements = new Map<string, Uint8Array>();

  constructor(
    private readonly store: KvStore,
    private readonly commit: (blob: Uint8Array) => Uint8Array = blobCommitment,
  ) {}

  /** The element under `key` if its blob was checked already. */
  checked(key: Uint8Array): Uint8Array | undefined {
    return this.elements.get(bytesToHex(key));
  }

  /**
   * The element under field-element key `key`, as read for the check of its blob; throws
   * `StoredBlobError` unless that blob matches its commitment.
   */
  check(key: Uint8Array): Uint8Array {
    const id = bytesToHex(key);
    const known = this.elements.get(id);
    if (known !== undefined) return known;
    const commitment = this.commitmentOf(key, id);
    const zs = blobEvaluationPoints();
    const keys = zs.map((z) => blobKey(commitment, z));
    if (!keys.some((k) => equalBytes(k, key))) {
      throw new StoredBlobError(`blob field element ${id}: its point z is not one of the blob's evaluation points`);
    }
    const blob = new Uint8Array(FIELD_ELEMENTS_PER_BLOB * ELEMENT_BYTES);
    for (const [i, k] of keys.entries()) {
      const element = this.store.get(k);
      if (element?.length !== ELEMENT_BYTES) {
        throw new StoredBlobError(
          `blob ${bytesToHex(commitment)}: field element ${i} is ${element ? `${element.length} bytes` : 'not stored'}, so the blob cannot be checked`,
        );
      }
      blob.set(element, i * ELEMENT_BYTES);
    }
    let recomputed: Uint8Array;
    try {
      recomputed = this.commit(blob);
    } catch (e) {
      throw new StoredBlobError(`blob ${bytesToHex(commitment)}: ${(e as Error).message}`, { cause: e });
    }
    if (!equalBytes(recomputed, commitment)) {
      throw new StoredBlobError(
        `blob ${bytesToHex(commitment)}: the stored field elements do not match the commitment (they commit to ${bytesToHex(recomputed)})`,
      );
    }
    // Copies out of the checked blob: a store may hand out views it reuses.
    for (const [i, k] of keys.entries())
      this.elements.set(bytesToHex(k), blob.slice(i * ELEMENT_BYTES, (i + 1) * ELEMENT_BYTES));
    return this.elements.get(id)!;
  }

  /** The commitment in the keccak pre-image (commitment ‖ z) that shares the element key's hash. */
  private commitmentOf(key: Uint8Array, id: string): Uint8Array {
    const hashKey = keccakKey(key);
    const pre = this.store.get(hashKey);
    if (pre === undefined) {
      throw new StoredBlobError(`blob field element ${id}: the pre-image of its key (commitment ‖ z) is not stored`);
    }
    verifyPreimage(hashKey, pre);
    if (pre.length !== COMMITMENT_BYTES + ELEMENT_BYTES) {
      throw new StoredBlobError(`blob field element ${id}: its key's pre-image is ${pre.length} bytes, expected 80`);
    }
    return pre.subarray(0, COMMITMENT_BYTES);
  }
}
