/**
 * The memory-tree hashing rules shared by both memories (MIPS32: depth 27, MIPS64: depth 59),
 * the proof verifiers and tests: node = keccak256(left ++ right), leaves are raw 32-byte memory
 * chunks (not hashed), and an empty subtree of height h hashes to ZERO_HASHES[h] (Cannon
 * `memory.go` zeroHashes; cannon-fault-proof-vm.md "Memory").
 */
import { keccak256, SizeError } from '@faultline/primitives';
import { MEM_PROOF_SIZE, MEM_TREE_DEPTH } from './constants.js';

/** The deepest tree either VM uses: 64-bit addresses, 32-byte leaves (2^59 of them). */
export const MAX_TREE_DEPTH = 59;

const pair = new Uint8Array(64);

/** keccak256(left ++ right) through one reused scratch buffer. */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  pair.set(left, 0);
  pair.set(right, 32);
  return keccak256(pair);
}

/** ZERO_HASHES[h] = root of an all-zero subtree of height h (h = 0 is a zero leaf), h ≤ 59. */
export const ZERO_HASHES: readonly Uint8Array[] = (() => {
  const out: Uint8Array[] = [new Uint8Array(32)];
  for (let i = 1; i <= MAX_TREE_DEPTH; i++) out.push(hashPair(out[i - 1]!, out[i - 1]!));
  return out;
})();

/** Root of the 32-bit memory with nothing in it (`0x838c5655…c41e`). */
export const EMPTY_MEMORY_ROOT = ZERO_HASHES[MEM_TREE_DEPTH]!;

/**
 * Folds a proof of a tree of `depth` levels — the leaf, then `depth` siblings from the bottom up —
 * into a root. `leafIndex` is the leaf's position (address >> 5): its bit i says whether the node
 * at height i is a right child. With `leaf` given, that value replaces the proof's own leaf,
 * which is how a verifier computes the root after a store.
 */
export function rootFromProofAt(proof: Uint8Array, depth: number, leafIndex: bigint, leaf?: Uint8Array): Uint8Array {
  const size = (depth + 1) * 32;
  if (proof.length !== size) throw new SizeError('memory proof', size, proof.length);
  let node = leaf ?? proof.subarray(0, 32);
  let path = leafIndex;
  for (let i = 0; i < depth; i++) {
    const sib = proof.subarray(32 + i * 32, 64 + i * 32);
    node = (path & 1n) === 0n ? hashPair(node, sib) : hashPair(sib, node);
    path >>= 1n;
  }
  return node;
}

/** `rootFromProofAt` for the 32-bit memory: a 28×32-byte proof for the byte address `addr`. */
export function rootFromProof(proof: Uint8Array, addr: number, leaf?: Uint8Array): Uint8Array {
  if (proof.length !== MEM_PROOF_SIZE) throw new SizeError('memory proof', MEM_PROOF_SIZE, proof.length);
  let node = leaf ?? proof.subarray(0, 32);
  let path = addr >>> 5;
  for (let i = 0; i < MEM_TREE_DEPTH; i++) {
    const sib = proof.subarray(32 + i * 32, 64 + i * 32);
    node = (path & 1) === 0 ? hashPair(node, sib) : hashPair(sib, node);
    path >>>= 1;
  }
  return node;
}
