/**
 * Merkle proofs in the `eth_getProof` format (EIP-1186): the RLP encodings of every node on the
 * path from the root towards the key, root first, leaving out nodes embedded in their parent.
 * Verification replays the lookup over a source made of exactly those nodes: a value proves
 * presence, a path that ends (empty branch slot, diverging leaf or extension) proves absence,
 * and a node the walk needs but the proof lacks makes the proof invalid.
 */
import { bytesToHex, keccak256 } from '@faultline/primitives';
import { InvalidNodeError, InvalidProofError, MissingNodeError } from './errors.js';
import { bytesToNibbles, commonPrefixLength } from './nibbles.js';
import { EXTENSION, encodeNode, HASH, LEAF, type TrieNode } from './node.js';
import { MemoryNodeStore } from './node-source.js';
import { Trie } from './trie.js';

const HASH_LENGTH = 32;

/** The proof nodes for `key` (whether or not the key is present). */
export function createProof(trie: Trie, key: Uint8Array): Uint8Array[] {
  const proof: Uint8Array[] = [];
  const path = bytesToNibbles(key);
  let node: TrieNode | undefined = trie.rootNodeForWalk();
  let offset = 0;
  while (node !== undefined) {
    const resolved = node.kind === HASH ? trie.resolve(node) : node;
    const encoded = encodeNode(resolved);
    if (proof.length === 0 || encoded.length >= HASH_LENGTH) proof.push(encoded);
    if (resolved.kind === LEAF) break;
    if (resolved.kind === EXTENSION) {
      if (commonPrefixLength(resolved.path, path, offset) !== resolved.path.length) break;
      offset += resolved.path.length;
      node = resolved.child;
    } else {
      if (offset === path.length) break;
      node = resolved.children[path[offset++]!];
    }
  }
  return proof;
}

/**
 * The value `proof` proves for `key` under `root`, or `undefined` when it proves the key absent.
 * Throws `InvalidProofError` when the proof does not connect to the root.
 */
export function verifyProof(root: Uint8Array, key: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | undefined {
  const store = new MemoryNodeStore();
  for (const node of proof) store.put(keccak256(node), node);
  try {
    return Trie.open(root, store).get(key);
  } catch (error) {
    if (error instanceof MissingNodeError) {
      throw new InvalidProofError(`node ${bytesToHex(error.hash)} is not in the proof`, { cause: error });
    }
    if (error instanceof InvalidNodeError) throw new InvalidProofError(error.shortMessage, { cause: error });
    throw error;
  }
}
