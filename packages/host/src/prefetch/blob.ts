/**
 * Blob pre-images (OP spec fault-proof/index.md "Blob pre-images", EIP-4844): a blob is 4096
 * field elements in evaluation form over the 4096th roots of unity of BLS12-381 Fr in
 * bit-reversed order. Element i is keyed by keccak(commitment ++ z_i) where z_i is that
 * bit-reversed root — not the index i (op-program's 2024 `uint256(i)` disagreed with on-chain
 * point evaluation; kona #1473 and the 2026 spec use the root).
 */
import { createRequire } from 'node:module';
import { blobKey, keccakKeyOf, sha256Key } from '@faultline/preimage';
import { BaseError, bigIntToBytes, concatBytes, keccak256, sha256, u64ToBytes } from '@faultline/primitives';

/** A beacon blob that does not reproduce the commitment it is served with or was asked for. */
export class BlobMismatchError extends BaseError {
  override name = 'BlobMismatchError' as const;
}

/** BLS12-381 scalar field modulus r (EIP-4844 BLS_MODULUS). */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
/** 7 generates Fr* (EIP-4844 PRIMITIVE_ROOT_OF_UNITY). */
const PRIMITIVE_ROOT = 7n;
export const FIELD_ELEMENTS_PER_BLOB = 4096;
const LOG2_ELEMENTS = 12;
export const BYTES_PER_BLOB = FIELD_ELEMENTS_PER_BLOB * 32;
const VERSIONED_HASH_VERSION_KZG = 0x01;
/** Key type 5 (fault-proof/index.md "Blob key type"). */
const BLOB_KEY_TYPE = 5;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return r;
}

function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let k = 0; k < bits; k++) r |= ((i >> k) & 1) << (bits - 1 - k);
  return r;
}

let roots: Uint8Array[] | undefined;

/** z_i for i in 0..4095: the bit-reversal permutation of the powers of the 4096th root of unity. */
export function blobEvaluationPoints(): Uint8Array[] {
  if (roots) return roots;
  const w = modPow(PRIMITIVE_ROOT, (BLS_MODULUS - 1n) / BigInt(FIELD_ELEMENTS_PER_BLOB), BLS_MODULUS);
  const powers: bigint[] = [1n];
  for (let i = 1; i < FIELD_ELEMENTS_PER_BLOB; i++) powers.push((powers[i - 1]! * w) % BLS_MODULUS);
  roots = powers.map((_, i) => bigIntToBytes(powers[reverseBits(i, LOG2_ELEMENTS)]!, 32));
  return roots;
}

/** `0x01 ++ sha256(commitment)[1:]` (EIP-4844 kzg_to_versioned_hash). */
export function versionedHash(commitment: Uint8Array): Uint8Array {
  const h = sha256(commitment);
  h[0] = VERSIONED_HASH_VERSION_KZG;
  return h;
}

interface CKzg {
  loadTrustedSetup(precompute: number): void;
  blobToKzgCommitment(blob: Uint8Array): Uint8Array;
  computeBlobKzgProof(blob: Uint8Array, commitment: Uint8Array): Uint8Array;
  verifyBlobKzgProof(blob: Uint8Array, commitment: Uint8Array, proof: Uint8Array): boolean;
}

let kzg: CKzg | undefined;

/** c-kzg with its bundled mainnet setup; one global setup per process (the EVM may load it too). */
export function cKzg(): CKzg {
  if (kzg) return kzg;
  const k = createRequire(import.meta.url)('c-kzg') as CKzg;
  try {
    k.loadTrustedSetup(0);
  } catch {
    // already loaded by another module in this process
  }
  kzg = k;
  return k;
}

/** Whether this module has loaded c-kzg's setup in this process (a commitment here is then ~60 ms). */
export function cKzgLoaded(): boolean {
  return kzg !== undefined;
}

export function blobCommitment(blob: Uint8Array): Uint8Array {
  return new Uint8Array(cKzg().blobToKzgCommitment(blob));
}

/** The blob's KZG proof (EIP-4844 `compute_blob_kzg_proof`), as `blob_sidecars` would carry it. */
export function blobKzgProof(blob: Uint8Array, commitment: Uint8Array): Uint8Array {
  return new Uint8Array(cKzg().computeBlobKzgProof(blob, commitment));
}

/**
 * Where kona's host stores a blob's KZG proof: "element 4096", keyed by keccak of the 80 bytes
 * commitment ‖ z₄₀₉₅[0..24] ‖ u64 BE 4096 (its key buffer still holds the last root of unity when
 * the count is written over the last 8 bytes; `single/handler.rs`). Not a root of unity, so no
 * field element shares the key.
 */
export function konaBlobProofKey(commitment: Uint8Array): { preimage: Uint8Array; key: Uint8Array } {
  const last = blobEvaluationPoints()[FIELD_ELEMENTS_PER_BLOB - 1]!;
  const preimage = concatBytes(commitment, last.subarray(0, 24), u64ToBytes(FIELD_ELEMENTS_PER_BLOB));
  const key = keccak256(preimage);
  key[0] = BLOB_KEY_TYPE;
  return { preimage, key };
}

/** Every pre-image a client needs to read a blob, as (key, value) pairs. */
export function blobPreimages(commitment: Uint8Array, blob: Uint8Array): [Uint8Array, Uint8Array][] {
  const out: [Uint8Array, Uint8Array][] = [[sha256Key(versionedHash(commitment)), commitment]];
  const zs = blobEvaluationPoints();
  for (let i = 0; i < FIELD_ELEMENTS_PER_BLOB; i++) {
    const z = zs[i]!;
    const keyData = concatBytes(commitment, z);
    out.push([keccakKeyOf(keyData), keyData]);
    out.push([blobKey(commitment, z), blob.slice(i * 32, i * 32 + 32)]);
  }
  return out;
}
