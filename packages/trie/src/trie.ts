/**
 * The Merkle-Patricia trie (Yellow Paper appendix D) as a mutable handle over immutable nodes:
 * `put`/`delete` swap in a new root that shares every untouched subtree with the old one, so
 * `copy()` is O(1) and hashes cached on unchanged nodes are reused. Nodes not yet in memory are
 * opened on demand from a synchronous `NodeSource` (a database or a pre-image oracle); a node
 * the source lacks is a `MissingNodeError` carrying its hash.
 *
 * Keys are raw bytes (see `SecureTrie` for keccak-hashed keys). An empty value deletes, as in
 * every Ethereum client.
 */
import { equalBytes, KECCAK256_RLP_EMPTY, SizeError } from '@faultline/primitives';
import { MissingNodeError } from './errors.js';
import { bytesToNibbles } from './nibbles.js';
import {
  BRANCH,
  decodeNode,
  EXTENSION,
  encodeNode,
  HASH,
  HashNode,
  hashNode,
  LEAF,
  type ResolvedNode,
  type TrieNode,
} from './node.js';
import type { NodeSource, TrieNodeEntry } from './node-source.js';
import { deleteNode, insertNode, type Resolver } from './update.js';

/** keccak256(rlp("")): the root of the empty trie. */
export const EMPTY_TRIE_ROOT = KECCAK256_RLP_EMPTY;
const HASH_LENGTH = 32;

export interface CommitResult {
  root: Uint8Array;
  /** Nodes created since the trie was opened or last committed (hash → RLP encoding). */
  nodes: TrieNodeEntry[];
}

export class Trie {
  protected rootNode: TrieNode | undefined;
  protected readonly resolver: Resolver;

  constructor(
    readonly source?: NodeSource,
    root?: TrieNode,
  ) {
    this.rootNode = root;
    this.resolver = (node) => resolveHashNode(node, source);
  }

  /** Opens the trie whose root hash is `root`; nodes are read from `source` only when needed. */
  static open(root: Uint8Array, source: NodeSource): Trie {
    if (root.length !== HASH_LENGTH) throw new SizeError('root', HASH_LENGTH, root.length);
    return new Trie(source, equalBytes(root, EMPTY_TRIE_ROOT) ? undefined : new HashNode(root));
  }

  get(key: Uint8Array): Uint8Array | undefined {
    // Reads nibbles straight from the key bytes: lookups are the hot path and allocate nothing.
    const length = key.length * 2;
    let node = this.rootNode;
    let offset = 0;
    while (node !== undefined) {
      if (node.kind === HASH) node = this.resolver(node);
      if (node.kind === BRANCH) {
        if (offset === length) return node.value;
        const b = key[offset >> 1]!;
        node = node.children[offset & 1 ? b & 15 : b >> 4];
        offset++;
        continue;
      }
      const path = node.path;
      if (offset + path.length > length) return undefined;
      for (let i = 0; i < path.length; i++, offset++) {
        const b = key[offset >> 1]!;
        if (path[i] !== (offset & 1 ? b & 15 : b >> 4)) return undefined;
      }
      if (node.kind === LEAF) return offset === length ? node.value : undefined;
      node = node.child;
    }
    return undefined;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    if (value.length === 0) {
      this.delete(key);
      return;
    }
    this.rootNode = insertNode(this.rootNode, bytesToNibbles(key), 0, value, this.resolver);
  }

  delete(key: Uint8Array): void {
    this.rootNode = deleteNode(this.rootNode, bytesToNibbles(key), 0, this.resolver);
  }

  /** The root hash; only nodes changed since the last call are re-hashed. */
  root(): Uint8Array {
    return this.rootNode === undefined ? EMPTY_TRIE_ROOT : hashNode(this.rootNode);
  }

  isEmpty(): boolean {
    return this.rootNode === undefined;
  }

  /** An independent handle sharing all nodes (O(1)); later writes to either do not affect the other. */
  copy(): Trie {
    return new Trie(this.source, this.rootNode);
  }

  /**
   * Hashes the trie and returns the nodes that are new since it was opened or last committed,
   * so the caller can write them to a store. Each node is reported once: the nodes are marked
   * stored (also in copies sharing them), so write every commit to the same store. The root is
   * always included, even when its encoding is shorter than 32 bytes, so `Trie.open(root)` works.
   */
  commit(): CommitResult {
    const nodes: TrieNodeEntry[] = [];
    const root = this.root();
    const node = this.rootNode;
    if (node !== undefined && node.kind !== HASH && !node.stored) {
      collectNewNodes(node, nodes);
      const encoded = encodeNode(node);
      if (encoded.length < HASH_LENGTH) nodes.push([root, encoded]);
    }
    return { root, nodes };
  }

  /** The root node, for iteration and proofs in this package. */
  rootNodeForWalk(): TrieNode | undefined {
    return this.rootNode;
  }

  /** Opens a hash reference through this trie's source. */
  resolve(node: HashNode): ResolvedNode {
    return this.resolver(node);
  }
}

function resolveHashNode(node: HashNode, source: NodeSource | undefined): ResolvedNode {
  if (node.resolved !== undefined) return node.resolved;
  const encoded = source?.get(node.hash);
  if (encoded === undefined) throw new MissingNodeError(node.hash);
  const resolved = decodeNode(encoded, node.hash);
  node.resolved = resolved;
  return resolved;
}

/** Post-order walk over nodes not yet stored; hash-referenced ones (≥ 32 bytes) are emitted. */
function collectNewNodes(node: ResolvedNode, out: TrieNodeEntry[]): void {
  if (node.kind === BRANCH) {
    for (const child of node.children) {
      if (child !== undefined && child.kind !== HASH && !child.stored) collectNewNodes(child, out);
    }
  } else if (node.kind === EXTENSION) {
    const child = node.child;
    if (child.kind !== HASH && !child.stored) collectNewNodes(child, out);
  }
  const encoded = encodeNode(node);
  if (encoded.length >= HASH_LENGTH) out.push([hashNode(node), encoded]);
  node.stored = true;
}
