/**
 * Blobs for generated L1 blocks (EIP-4844): the KZG commitment as the host's stored-blob check
 * computes it (pure JS for a process's first blobs, so `faultline demo` with its one blob never
 * loads c-kzg's 2-4 s setup; c-kzg after), the versioned hash, and the pre-images a client reads
 * a blob through (OP spec fault-proof "Blob pre-images": the commitment under the sha256 key of
 * the versioned hash, each field element under its blob key) — computed by the host's own
 * helpers, so the generated store is laid out exactly as a fetching host would lay it out.
 */
import { blobPreimages, storedBlobCommit, versionedHash } from '@faultline/host';
import { bytesToHex } from '@faultline/primitives';
import type { GeneratedBlob } from './l1-chain.js';

export function blobCommitment(blob: Uint8Array): Uint8Array {
  return storedBlobCommit(blob);
}

export function blobVersionedHash(commitment: Uint8Array): Uint8Array {
  return versionedHash(commitment);
}

/** Adds every pre-image of `blob` to `out` (key hex → value). */
export function putBlobPreimages(out: Map<string, Uint8Array>, blob: GeneratedBlob): void {
  for (const [key, value] of blobPreimages(blob.commitment, blob.blob)) out.set(bytesToHex(key), value);
}
