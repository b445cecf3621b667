/**
 * How the client recomputes a blob's KZG commitment (EIP-4844 `blob_to_kzg_commitment`) to check
 * the 4,096 field elements it read against the commitment under the blob's versioned hash, as
 * op-program (`client/l1/oracle.go` GetBlob) and kona do: blob pre-images (key type 5) carry no
 * hash of their own, so this is the only thing that stops a wrong element from reaching
 * derivation. The computation is injectable because its cost differs by five orders of magnitude
 * between engines:
 * - the engine's native function, `globalThis.faultlineNative.blobToKzgCommitment` (client.elf's
 *   QuickJS runtime implements it in C, `packages/client-elf/runtime/kzg`);
 * - one the embedder passes in (the Node entry passes c-kzg, `node/ckzg-committer.ts`);
 * - otherwise the pure-JS multi-scalar multiplication in `kzg-msm.ts`.
 */
import { pureJsBlobToKzgCommitment } from './kzg-msm.js';

export interface BlobCommitter {
  /** The 48-byte compressed commitment of a 131,072-byte blob; throws on a non-canonical element. */
  commitment(blob: Uint8Array): Uint8Array;
}

/** What an embedding engine may define natively (see the file comment). */
interface NativeKzg {
  blobToKzgCommitment?: (blob: Uint8Array) => Uint8Array;
}

export const pureJsBlobCommitter: BlobCommitter = { commitment: pureJsBlobToKzgCommitment };

/** The engine's native commitment, if it has one. */
export function nativeBlobCommitter(): BlobCommitter | undefined {
  const native = (globalThis as { faultlineNative?: NativeKzg }).faultlineNative?.blobToKzgCommitment;
  return native === undefined ? undefined : { commitment: (blob) => native(blob) };
}

/** Native when the engine has it, else pure JS. */
export function defaultBlobCommitter(): BlobCommitter {
  return nativeBlobCommitter() ?? pureJsBlobCommitter;
}
