/**
 * What the host has learnt about the L2 state from the `eth_getProof` answers and headers it
 * fetched: for every node hash it has seen referenced, which trie it lies in (the account trie,
 * or one account's storage trie), at which block, and under which nibble path; and for every code
 * hash, an account that has it. Standard JSON-RPC has no lookup by hash, so this is how a node or
 * code the client asks for by hash alone is fetched: a node by a proof of any key under its path
 * (the sibling a deletion pulls up when it collapses a branch, kona#235), code by `eth_getCode`
 * of its owner.
 *
 * Nodes are indexed from their parents, so a proof indexes the children it passes by as well as
 * the ones it walks through. Paths are walked along the proof's own key and each node is checked
 * against its parent's reference, so a proof that does not follow its key is indexed no further
 * than it does. A wrong location only costs a failed fetch: every value is checked against its
 * hash when stored.
 */
import { bytesToHex, equalBytes, keccak256, type RlpItem, rlpDecode } from '@faultline/primitives';
import { bytesToNibbles, EMPTY_TRIE_ROOT, hexPrefixDecode } from '@faultline/trie';

/** The account trie, or the storage trie of `address`. */
export type TrieId = { kind: 'account' } | { kind: 'storage'; address: Uint8Array };

export interface NodeLocation {
  trie: TrieId;
  /** Nibbles from the trie's root to the node. */
  path: Uint8Array;
  /** Block parameter for `eth_getProof` (block hash or number, as hex). */
  block: string;
}

export interface CodeOwner {
  address: Uint8Array;
  block: string;
}

const HASH = 32;
const BRANCH_ITEMS = 17;
const ACCOUNT_FIELDS = 4;

function hashRef(item: RlpItem | undefined): Uint8Array | undefined {
  return item instanceof Uint8Array && item.length === HASH ? item : undefined;
}

function concat(a: Uint8Array, b: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export class ProofIndex {
  private readonly nodes = new Map<string, NodeLocation>();
  private readonly codes = new Map<string, CodeOwner>();

  /** Where a node hash was seen referenced, if anywhere. */
  node(hash: Uint8Array): NodeLocation | undefined {
    return this.nodes.get(bytesToHex(hash));
  }

  /** An account whose code hashes to `hash`, if one has been proven. */
  codeOwner(hash: Uint8Array): CodeOwner | undefined {
    return this.codes.get(bytesToHex(hash));
  }

  /** A block's state root is the root of its account trie. */
  addStateRoot(root: Uint8Array, block: string): void {
    this.nodes.set(bytesToHex(root), { trie: { kind: 'account' }, path: new Uint8Array(0), block });
  }

  /** An account proof for `address` (root first), as `eth_getProof` returns it. */
  addAccountProof(address: Uint8Array, proof: readonly Uint8Array[], block: string): void {
    const leaf = this.walk({ kind: 'account' }, keccak256(address), proof, block);
    if (leaf === undefined) return;
    let fields: RlpItem;
    try {
      fields = rlpDecode(leaf);
    } catch {
      return;
    }
    if (!Array.isArray(fields) || fields.length !== ACCOUNT_FIELDS) return;
    const storageRoot = hashRef(fields[2]);
    const codeHash = hashRef(fields[3]);
    if (storageRoot && bytesToHex(storageRoot) !== bytesToHex(EMPTY_TRIE_ROOT)) {
      this.nodes.set(bytesToHex(storageRoot), {
        trie: { kind: 'storage', address },
        path: new Uint8Array(0),
        block,
      });
    }
    if (codeHash) this.codes.set(bytesToHex(codeHash), { address, block });
  }

  /** A storage proof for `slot` of `address` (root first). */
  addStorageProof(address: Uint8Array, slot: Uint8Array, proof: readonly Uint8Array[], block: string): void {
    this.walk({ kind: 'storage', address }, keccak256(slot), proof, block);
  }

  /**
   * Follows `key` through the proof, indexing every hash-referenced child of every node under its
   * path; returns the leaf value when the proof ends at the key's leaf. Each proof node after the
   * first must hash to the reference its parent holds on the key's path, and a child embedded in
   * its parent (under 32 bytes, left out of EIP-1186 proofs) is walked in place; a proof that
   * breaks either rule is indexed no further.
   */
  private walk(trie: TrieId, key: Uint8Array, proof: readonly Uint8Array[], block: string): Uint8Array | undefined {
    const nibbles = bytesToNibbles(key);
    let path: Uint8Array = new Uint8Array(0);
    let next = 0;
    /** The node to walk: decoded from the proof, or embedded in its parent. */
    let node: RlpItem | undefined;
    let expected: Uint8Array | undefined;
    for (;;) {
      if (node === undefined) {
        const encoded = proof[next++];
        if (encoded === undefined) return undefined;
        if (expected !== undefined && !equalBytes(keccak256(encoded), expected)) return undefined;
        try {
          node = rlpDecode(encoded);
        } catch {
          return undefined;
        }
      }
      if (!Array.isArray(node)) return undefined;
      let child: RlpItem | undefined;
      if (node.length === BRANCH_ITEMS) {
        for (let j = 0; j < 16; j++) {
          const ref = hashRef(node[j]);
          if (ref) this.nodes.set(bytesToHex(ref), { trie, path: concat(path, [j]), block });
        }
        if (path.length >= nibbles.length) return undefined;
        child = node[nibbles[path.length]!];
        path = concat(path, [nibbles[path.length]!]);
      } else {
        if (node.length !== 2 || !(node[0] instanceof Uint8Array)) return undefined;
        let decoded: { nibbles: Uint8Array; leaf: boolean };
        try {
          decoded = hexPrefixDecode(node[0]);
        } catch {
          return undefined;
        }
        const below = concat(path, decoded.nibbles);
        if (decoded.leaf) {
          const matches = below.length === nibbles.length && below.every((n, i) => n === nibbles[i]);
          return matches && node[1] instanceof Uint8Array ? node[1] : undefined;
        }
        const ref = hashRef(node[1]);
        if (ref) this.nodes.set(bytesToHex(ref), { trie, path: below, block });
        if (below.length > nibbles.length || !below.every((n, i) => n === nibbles[i])) return undefined;
        child = node[1];
        path = below;
      }
      // A 32-byte string is a reference to the next proof node; a list is the child itself.
      expected = hashRef(child);
      if (expected !== undefined) node = undefined;
      else if (Array.isArray(child)) node = child;
      else return undefined;
    }
  }
}
