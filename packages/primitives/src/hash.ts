/**
 * keccak-256 and sha-256, both WebAssembly: WASM beats pure-JS hashing ~8× on the inputs that
 * dominate here (trie nodes, MIPS memory leaves) — measured in
 * ../shared/docs/reference/environment-notes.md §3.4. keccak is our own module
 * (keccak-wasm.ts: one call per hash, ~1.7× hash-wasm's speed on 64 bytes); sha-256 is
 * hash-wasm's, created once at module load (top-level await). Every call is synchronous, as the
 * client needs.
 */
import { createSHA256 } from 'hash-wasm';
import { keccak256Wasm, keccak256WasmParts } from './keccak-wasm.js';

export { keccak256Into } from './keccak-wasm.js';

const sha256Hasher = await createSHA256();

export function keccak256(data: Uint8Array): Uint8Array {
  return keccak256Wasm(data);
}

/** keccak-256 over several parts without concatenating them first. */
export function keccak256Parts(...parts: Uint8Array[]): Uint8Array {
  return keccak256WasmParts(parts);
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
