/**
 * Tries over ordered lists: the transactions, receipts and withdrawals roots of a block header
 * (Yellow Paper §4.3), where item i is stored under the key rlp(i).
 */
import { rlpEncode } from '@faultline/primitives';
import { Trie } from './trie.js';

/** The trie itself, for callers that need its nodes (a host serving tx-trie pre-images). */
export function orderedTrie(items: readonly Uint8Array[]): Trie {
  const trie = new Trie();
  for (let i = 0; i < items.length; i++) trie.put(rlpEncode(i), items[i]!);
  return trie;
}

export function orderedTrieRoot(items: readonly Uint8Array[]): Uint8Array {
  return orderedTrie(items).root();
}
