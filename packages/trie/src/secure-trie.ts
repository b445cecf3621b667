/**
 * The "secure" trie used for Ethereum state and storage: every key is replaced by its
 * keccak256 before it enters the trie (Yellow Paper §4.1, the collapse function on the world
 * state), which bounds path length to 64 nibbles and keeps the trie balanced.
 */
import { keccak256 } from '@faultline/primitives';
import type { NodeSource } from './node-source.js';
import { type CommitResult, EMPTY_TRIE_ROOT, Trie } from './trie.js';

export class SecureTrie {
  constructor(readonly trie: Trie = new Trie()) {}

  static open(root: Uint8Array, source: NodeSource): SecureTrie {
    return new SecureTrie(Trie.open(root, source));
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.trie.get(keccak256(key));
  }
  put(key: Uint8Array, value: Uint8Array): void {
    this.trie.put(keccak256(key), value);
  }
  delete(key: Uint8Array): void {
    this.trie.delete(keccak256(key));
  }

  /** Access by an already-hashed key (callers that cache keccak(address) avoid re-hashing). */
  getHashed(hashedKey: Uint8Array): Uint8Array | undefined {
    return this.trie.get(hashedKey);
  }
  putHashed(hashedKey: Uint8Array, value: Uint8Array): void {
    this.trie.put(hashedKey, value);
  }
  deleteHashed(hashedKey: Uint8Array): void {
    this.trie.delete(hashedKey);
  }

  root(): Uint8Array {
    return this.trie.root();
  }
  isEmpty(): boolean {
    return this.trie.isEmpty();
  }
  copy(): SecureTrie {
    return new SecureTrie(this.trie.copy());
  }
  commit(): CommitResult {
    return this.trie.commit();
  }
}

export { EMPTY_TRIE_ROOT };
