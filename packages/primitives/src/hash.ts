/**
 * keccak-256 and sha-256. hash-wasm is used because it is ~8× faster than pure-JS keccak on
 * the inputs that dominate here (trie nodes, MIPS memory leaves) — measured in
 * ../shared/docs/reference/environment-notes.md §3.4. Its WASM instance is created once at
 * module load (top-level await); every call after that is synchronous, as the client needs.
 */
import { createKeccak, createSHA256 } from 'hash-wasm';

const keccakHasher = await createKeccak(256);
const sha256Hasher = await createSHA256();

export function keccak256(data: Uint8Array): Uint8Array {
  keccakHasher.init();
  keccakHasher.update(data);
  return keccakHasher.digest('binary');
}

/** keccak-256 over several parts without concatenating them first. */
export function keccak256Parts(...parts: Uint8Array[]): Uint8Array {
  keccakHasher.init();
  for (const p of parts) keccakHasher.update(p);
  return keccakHasher.digest('binary');
}

export function sha256(data: Uint8Array): Uint8Array {
  sha256Hasher.init();
  sha256Hasher.update(data);
  return sha256Hasher.digest('binary');
}

/** keccak256 of the empty string: the code hash of an account without code. */
export const KECCAK256_EMPTY = keccak256(new Uint8Array(0));
/** keccak256(rlp("")) = the root of an empty trie. */
export const KECCAK256_RLP_EMPTY = keccak256(Uint8Array.of(0x80));
