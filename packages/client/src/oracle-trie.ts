/**
 * Reading tries whose nodes are keccak pre-images: a `NodeSource` over the oracle, and the
 * values of an ordered (transactions / receipts) trie, which are keyed by `rlp(index)` (Yellow
 * Paper §4.3; op-program `mpt.ReadTrie`). The trie is walked index by index until the first
 * absent key, so the order is the block's order whatever the key bytes sort to.
 */
import { keccakKey } from '@faultline/preimage';
import { rlpEncode } from '@faultline/primitives';
import { EMPTY_TRIE_ROOT, type NodeSource, Trie } from '@faultline/trie';
import type { PreimageOracle } from './hinted-oracle.js';

/** Trie nodes straight from the oracle (the caller sent the hint that covers them). */
export class OracleNodeSource implements NodeSource {
  constructor(private readonly oracle: PreimageOracle) {}

  get(hash: Uint8Array): Uint8Array {
    return this.oracle.get(keccakKey(hash));
  }
}

export function readOrderedTrie(root: Uint8Array, nodes: NodeSource): Uint8Array[] {
  const out: Uint8Array[] = [];
  const trie = Trie.open(root, nodes);
  if (trie.isEmpty() || root.every((b, i) => b === EMPTY_TRIE_ROOT[i])) return out;
  for (let i = 0; ; i++) {
    const value = trie.get(rlpEncode(i));
    if (value === undefined) return out;
    out.push(value);
  }
}
