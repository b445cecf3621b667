/**
 * In-order iteration over a trie's entries (ascending key bytes), optionally starting at the
 * first key ≥ `from`. Subtrees entirely below `from` are skipped without being opened, so a
 * seek over a lazily-loaded trie only touches the nodes on the way to `from`.
 */

import { bytesToNibbles, concatNibbles, nibblesToBytes } from './nibbles.js';
import { BRANCH, EXTENSION, HASH, LEAF, type TrieNode } from './node.js';
import type { Trie } from './trie.js';

export type TrieEntry = [key: Uint8Array, value: Uint8Array];

/** -1: every key under `prefix` is < from; 1: every key is ≥ from; 0: undecided (prefix of from). */
function position(prefix: Uint8Array, from: Uint8Array): number {
  const n = Math.min(prefix.length, from.length);
  for (let i = 0; i < n; i++) if (prefix[i] !== from[i]) return prefix[i]! < from[i]! ? -1 : 1;
  return prefix.length >= from.length ? 1 : 0;
}

export function* trieEntries(trie: Trie, from?: Uint8Array): Generator<TrieEntry> {
  const fromNibbles = from === undefined ? undefined : bytesToNibbles(from);
  yield* walk(trie, trie.rootNodeForWalk(), new Uint8Array(0), fromNibbles);
}

function* walk(
  trie: Trie,
  node: TrieNode | undefined,
  prefix: Uint8Array,
  from: Uint8Array | undefined,
): Generator<TrieEntry> {
  if (node === undefined) return;
  let bound = from;
  if (bound !== undefined) {
    const pos = position(prefix, bound);
    if (pos < 0) return;
    if (pos > 0) bound = undefined;
  }
  const resolved = node.kind === HASH ? trie.resolve(node) : node;
  if (resolved.kind === LEAF) {
    const full = concatNibbles(prefix, resolved.path);
    if (bound === undefined || position(full, bound) > 0) yield [nibblesToBytes(full), resolved.value];
  } else if (resolved.kind === EXTENSION) {
    yield* walk(trie, resolved.child, concatNibbles(prefix, resolved.path), bound);
  } else if (resolved.kind === BRANCH) {
    // The branch's own value has the shortest key under it, so it comes first.
    if (resolved.value !== undefined && bound === undefined) yield [nibblesToBytes(prefix), resolved.value];
    for (let i = 0; i < 16; i++) {
      const child = resolved.children[i];
      if (child !== undefined) yield* walk(trie, child, concatNibbles(prefix, Uint8Array.of(i)), bound);
    }
  }
}
