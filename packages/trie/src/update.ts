/**
 * Insert and delete on immutable nodes (Yellow Paper appendix D; the restructuring rules are
 * geth's `trie.insert` / `trie.delete`). Each returns the new subtree root, or the very same node
 * object when nothing changed, so callers can tell "no-op" by identity and unchanged subtrees
 * keep their cached hashes. After a delete the trie is renormalised: a branch left with one
 * entry collapses into its child, and adjacent short nodes merge their paths.
 */
import { equalBytes } from '@faultline/primitives';
import { commonPrefixLength, concatNibbles } from './nibbles.js';
import {
  BRANCH,
  BranchNode,
  EXTENSION,
  ExtensionNode,
  emptyChildren,
  HASH,
  type HashNode,
  LEAF,
  LeafNode,
  type ResolvedNode,
  type TrieNode,
} from './node.js';

export type Resolver = (node: HashNode) => ResolvedNode;

/** Sets `path[offset..]` to `value` (non-empty) under `node`. */
export function insertNode(
  node: TrieNode | undefined,
  path: Uint8Array,
  offset: number,
  value: Uint8Array,
  resolve: Resolver,
): TrieNode {
  if (node === undefined) return new LeafNode(path.subarray(offset), value);
  if (node.kind === HASH) return insertNode(resolve(node), path, offset, value, resolve);
  if (node.kind === BRANCH) {
    if (offset === path.length) {
      if (node.value !== undefined && equalBytes(node.value, value)) return node;
      return new BranchNode(node.children, value);
    }
    const index = path[offset]!;
    const child = node.children[index];
    const updated = insertNode(child, path, offset + 1, value, resolve);
    if (updated === child) return node;
    const children = node.children.slice();
    children[index] = updated;
    return new BranchNode(children, node.value);
  }
  const match = commonPrefixLength(node.path, path, offset);
  if (node.kind === LEAF) {
    if (match === node.path.length && offset + match === path.length) {
      return equalBytes(node.value, value) ? node : new LeafNode(node.path, value);
    }
  } else if (match === node.path.length) {
    const updated = insertNode(node.child, path, offset + match, value, resolve);
    return updated === node.child ? node : new ExtensionNode(node.path, updated);
  }
  // The paths diverge after `match` nibbles: a branch takes both tails, under an extension for
  // the shared prefix if there is one.
  const children = emptyChildren();
  let branchValue: Uint8Array | undefined;
  if (node.kind === LEAF) {
    if (match === node.path.length) branchValue = node.value;
    else children[node.path[match]!] = new LeafNode(node.path.subarray(match + 1), node.value);
  } else {
    const rest = node.path.length - match - 1;
    children[node.path[match]!] =
      rest === 0 ? node.child : new ExtensionNode(node.path.subarray(match + 1), node.child);
  }
  const at = offset + match;
  if (at === path.length) branchValue = value;
  else children[path[at]!] = new LeafNode(path.subarray(at + 1), value);
  const branch = new BranchNode(children, branchValue);
  return match === 0 ? branch : new ExtensionNode(node.path.subarray(0, match), branch);
}

/** Removes `path[offset..]` under `node`; `undefined` when the subtree becomes empty. */
export function deleteNode(
  node: TrieNode | undefined,
  path: Uint8Array,
  offset: number,
  resolve: Resolver,
): TrieNode | undefined {
  if (node === undefined) return undefined;
  if (node.kind === HASH) {
    const resolved = resolve(node);
    const updated = deleteNode(resolved, path, offset, resolve);
    return updated === resolved ? node : updated;
  }
  if (node.kind === LEAF) {
    const match = commonPrefixLength(node.path, path, offset);
    return match === node.path.length && offset + match === path.length ? undefined : node;
  }
  if (node.kind === EXTENSION) {
    const match = commonPrefixLength(node.path, path, offset);
    if (match !== node.path.length) return node;
    const updated = deleteNode(node.child, path, offset + match, resolve);
    if (updated === node.child) return node;
    // Only a malformed trie (an extension over a leaf) can leave an extension without a child.
    return updated === undefined ? undefined : prependPath(node.path, updated, resolve);
  }
  let children = node.children;
  let value = node.value;
  if (offset === path.length) {
    if (value === undefined) return node;
    value = undefined;
  } else {
    const index = path[offset]!;
    const child = children[index];
    const updated = deleteNode(child, path, offset + 1, resolve);
    if (updated === child) return node;
    children = children.slice();
    children[index] = updated;
  }
  return collapseBranch(children, value, resolve);
}

/** A branch after a delete: kept if it still has two entries, otherwise merged into its only one. */
function collapseBranch(
  children: (TrieNode | undefined)[],
  value: Uint8Array | undefined,
  resolve: Resolver,
): TrieNode | undefined {
  let count = value === undefined ? 0 : 1;
  let only = -1;
  for (let i = 0; i < children.length && count < 2; i++) {
    if (children[i] !== undefined) {
      count++;
      only = i;
    }
  }
  if (count >= 2) return new BranchNode(children, value);
  if (count === 0) return undefined;
  if (value !== undefined) return new LeafNode(new Uint8Array(0), value);
  return prependPath(Uint8Array.of(only), children[only]!, resolve);
}

/** `prefix` followed by `node`: merged into a leaf/extension path, or an extension over a branch. */
function prependPath(prefix: Uint8Array, node: TrieNode, resolve: Resolver): TrieNode {
  const resolved = node.kind === HASH ? resolve(node) : node;
  if (resolved.kind === LEAF) return new LeafNode(concatNibbles(prefix, resolved.path), resolved.value);
  if (resolved.kind === EXTENSION) return new ExtensionNode(concatNibbles(prefix, resolved.path), resolved.child);
  // Keep the original reference (possibly an unopened hash) as the extension's child.
  return new ExtensionNode(prefix, node);
}
