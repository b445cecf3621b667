export { InvalidNodeError, InvalidProofError, MissingNodeError } from './errors.js';
export { type TrieEntry, trieEntries } from './iterate.js';
export { bytesToNibbles, hexPrefixDecode } from './nibbles.js';
export { MemoryNodeStore, type NodeSource, RecordingNodeSource, type TrieNodeEntry } from './node-source.js';
export { orderedTrie, orderedTrieRoot } from './ordered-root.js';
export { createProof, verifyProof } from './proof.js';
export { SecureTrie } from './secure-trie.js';
export { type CommitResult, EMPTY_TRIE_ROOT, Trie } from './trie.js';
