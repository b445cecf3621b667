/**
 * An independent page-tree root for tests: noble's keccak, each page's 128 leaves paired level by
 * level, then the sparse levels above with the zero-subtree hashes — no code shared with
 * page-tree.ts or page-hash.ts, so a root both agree on is not one implementation checking itself.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';

const cat = (a: Uint8Array, b: Uint8Array): Uint8Array => keccak_256(new Uint8Array([...a, ...b]));

/** A page's bytes: its 1,024 words big-endian, as the VM's memory lays them out. */
export function pageBytes(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(4096);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i]!, false);
  return out;
}

/** Root of a tree of 2^keyBits pages holding `pages` (index → words); absent pages are zero. */
export function referencePageRoot(keyBits: number, pages: Map<number, Uint32Array>): Uint8Array {
  const zero: Uint8Array[] = [new Uint8Array(32)];
  for (let h = 1; h <= keyBits + 7; h++) zero.push(cat(zero[h - 1]!, zero[h - 1]!));
  let level = new Map<number, Uint8Array>();
  for (const [index, words] of pages) {
    const bytes = pageBytes(words);
    let nodes: Uint8Array[] = [];
    for (let i = 0; i < 128; i++) nodes.push(bytes.subarray(32 * i, 32 * i + 32));
    while (nodes.length > 1) nodes = nodes.filter((_, i) => i % 2 === 0).map((l, i) => cat(l, nodes[2 * i + 1]!));
    level.set(index, nodes[0]!);
  }
  for (let h = 7; h < keyBits + 7; h++) {
    const up = new Map<number, Uint8Array>();
    for (const k of level.keys()) {
      const p = Math.floor(k / 2);
      if (!up.has(p)) up.set(p, cat(level.get(2 * p) ?? zero[h]!, level.get(2 * p + 1) ?? zero[h]!));
    }
    level = up;
  }
  return level.get(0)!;
}
