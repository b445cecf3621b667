/**
 * Finding a key under a trie path. The state tries are secure tries (keys are keccak256 of the
 * address or slot), so a proof reaches a node at path `p` only for a key whose hash starts with
 * `p`; no such key need exist in the state — a proof of absence passes through the same nodes.
 * Such a key is found by hashing candidates until one fits: 16^|p| tries on average (a million
 * for 5 nibbles, about a second here). Deep paths are refused up front rather than searched for
 * minutes; the caller then falls back to `debug_dbGet`.
 */
import { keccak256 } from '@faultline/primitives';

/** Deepest path searched: 16^6 ≈ 17 M hashes on average (~15 s on a loaded core). */
export const MAX_SEARCH_NIBBLES = 6;
/** Candidates per path before giving up: 8 times the mean (the chance to miss is e^-8). */
const ATTEMPTS_PER_MEAN = 8;
/** Candidates hashed between yields to the event loop (progress lines keep coming). */
const BATCH = 1 << 16;

function matches(hash: Uint8Array, path: Uint8Array): boolean {
  for (let i = 0; i < path.length; i++) {
    const b = hash[i >> 1]!;
    if ((i & 1 ? b & 15 : b >> 4) !== path[i]) return false;
  }
  return true;
}

/**
 * A `size`-byte key (20 for an address, 32 for a storage slot) whose keccak256 starts with the
 * nibbles `path`, or undefined when the path is deeper than `MAX_SEARCH_NIBBLES` or none was found.
 * Candidates are 0, 1, 2, … big-endian, so the answer is the same on every run.
 */
export async function keyUnderPath(path: Uint8Array, size: 20 | 32): Promise<Uint8Array | undefined> {
  if (path.length > MAX_SEARCH_NIBBLES) return undefined;
  const candidate = new Uint8Array(size);
  const view = new DataView(candidate.buffer);
  const limit = ATTEMPTS_PER_MEAN * 16 ** path.length;
  for (let n = 0; n < limit; ) {
    const end = Math.min(limit, n + BATCH);
    for (; n < end; n++) {
      view.setUint32(size - 4, n, false);
      if (matches(keccak256(candidate), path)) return candidate.slice();
    }
    await new Promise<void>((r) => setImmediate(r));
  }
  return undefined;
}
