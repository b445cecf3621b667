/**
 * keccak-256 and sha-256 through one backend, chosen once at load:
 * - the engine's native functions when it has them (the QuickJS runtime of client.elf, where
 *   JavaScript hashing would cost ~80× more VM steps; native.ts);
 * - WebAssembly under V8 for keccak: our own module (keccak-wasm.ts, one call per hash, ~8×
 *   pure JS on the inputs that dominate here — environment-notes.md §3.4);
 * - @noble/hashes otherwise (and for sha-256 under Node: sha-256 is cold here — versioned
 *   hashes and the 0x02 precompile — and noble is within noise of hash-wasm below 4 KB).
 * Every call is synchronous and nothing runs at load but table set-up: no top-level await, so
 * the same module graph bundles into a plain script for QuickJS.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { keccak_256 as nobleKeccak256 } from '@noble/hashes/sha3.js';
import {
  KECCAK_WASM_AVAILABLE,
  keccak256Into as keccak256IntoWasm,
  keccak256MerkleNodesWasm,
  keccak256Wasm,
  keccak256WasmParts,
  MERKLE_MAX_LEAF_BYTES,
} from './keccak-wasm.js';
import { KECCAK_X2_AVAILABLE, keccak256MerkleNodesX2 } from './keccak-wasm-x2.js';
import { NATIVE } from './native.js';

type Hash = (data: Uint8Array) => Uint8Array;

function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Which implementation serves keccak-256 in this engine (reported by the self-test). */
export const KECCAK_BACKEND: 'native' | 'wasm' | 'js' =
  NATIVE.keccak256 !== undefined ? 'native' : KECCAK_WASM_AVAILABLE ? 'wasm' : 'js';

const keccakImpl: Hash =
  KECCAK_BACKEND === 'native' ? NATIVE.keccak256! : KECCAK_BACKEND === 'wasm' ? keccak256Wasm : nobleKeccak256;
const sha256Impl: Hash = NATIVE.sha256 ?? nobleSha256;

export function keccak256(data: Uint8Array): Uint8Array {
  return keccakImpl(data);
}

/** keccak-256 over several parts without concatenating them first (where the backend streams). */
export function keccak256Parts(...parts: Uint8Array[]): Uint8Array {
  return KECCAK_BACKEND === 'wasm' ? keccak256WasmParts(parts) : keccakImpl(concatParts(parts));
}

/**
 * keccak-256 of `src[off..off+len)` written to `out[outOff..outOff+32)`; allocation-free under
 * WASM (the EVM's KECCAK256 over memory).
 */
export function keccak256Into(src: Uint8Array, off: number, len: number, out: Uint8Array, outOff: number): void {
  if (KECCAK_BACKEND === 'wasm') keccak256IntoWasm(src, off, len, out, outOff);
  else out.set(keccakImpl(src.subarray(off, off + len)), outOff);
}

/**
 * Internal nodes of the binary keccak-256 Merkle tree whose 2^h leaves (32 bytes each, used as
 * they are, not hashed) are `leaves`: node i in heap order (root 1, children 2i, 2i + 1) goes to
 * `nodes[32i..32i+32)`, 1 ≤ i < 2^h; `nodes[0..32)` is left alone. Under WASM the whole tree is
 * one copy in and one kernel call per level (the MIPS memory's page subtrees), two hashes per
 * pass with SIMD.
 */
export function keccak256MerkleNodes(leaves: Uint8Array, nodes: Uint8Array): void {
  const n = leaves.length >>> 5;
  if (n < 2 || (n & (n - 1)) !== 0 || leaves.length !== n * 32)
    throw new RangeError(`merkle leaves: expected 2^h × 32 bytes (h ≥ 1), got ${leaves.length}`);
  if (nodes.length < leaves.length)
    throw new RangeError(`merkle nodes: expected at least ${leaves.length} bytes, got ${nodes.length}`);
  if (KECCAK_BACKEND === 'wasm' && leaves.length <= MERKLE_MAX_LEAF_BYTES) {
    // Two permutations per pass where the engine has WASM SIMD (keccak-wasm-x2.ts).
    if (KECCAK_X2_AVAILABLE) keccak256MerkleNodesX2(leaves, nodes);
    else keccak256MerkleNodesWasm(leaves, nodes);
    return;
  }
  const pair = new Uint8Array(64);
  for (let i = n - 1; i >= 1; i--) {
    const l = 2 * i;
    pair.set(l >= n ? leaves.subarray((l - n) * 32, (l - n) * 32 + 64) : nodes.subarray(l * 32, l * 32 + 64));
    nodes.set(keccakImpl(pair), i * 32);
  }
}

export function sha256(data: Uint8Array): Uint8Array {
  return sha256Impl(data);
}

/** keccak256 of the empty string: the code hash of an account without code. */
export const KECCAK256_EMPTY = keccak256(new Uint8Array(0));
/** keccak256(rlp("")) = the root of an empty trie. */
export const KECCAK256_RLP_EMPTY = keccak256(Uint8Array.of(0x80));
