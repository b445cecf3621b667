/**
 * Where a trie finds nodes it has not opened yet. `NodeSource` is the read side (a database, a
 * pre-image oracle, the nodes of a proof): synchronous, keyed by the node's keccak256 hash.
 * `MemoryNodeStore` is the plain in-memory key-value store used by tests, proofs and the
 * in-memory state.
 */
import { bytesToHex } from '@faultline/primitives';

export interface NodeSource {
  /** The encoded node whose keccak256 is `hash`, or `undefined` if unknown. */
  get(hash: Uint8Array): Uint8Array | undefined;
}

/** A committed node: its hash and its RLP encoding. */
export type TrieNodeEntry = readonly [hash: Uint8Array, encoded: Uint8Array];

export class MemoryNodeStore implements NodeSource {
  private readonly nodes = new Map<string, Uint8Array>();

  get(hash: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(bytesToHex(hash));
  }

  put(hash: Uint8Array, encoded: Uint8Array): void {
    this.nodes.set(bytesToHex(hash), encoded);
  }

  putAll(entries: Iterable<TrieNodeEntry>): void {
    for (const [hash, encoded] of entries) this.put(hash, encoded);
  }

  get size(): number {
    return this.nodes.size;
  }
}

/**
 * Wraps a source and remembers every node it served: the witness of an execution (what a host
 * must make available as pre-images for the same reads to succeed in the fault-proof client).
 */
export class RecordingNodeSource implements NodeSource {
  readonly accessed = new Map<string, TrieNodeEntry>();

  constructor(private readonly inner: NodeSource) {}

  get(hash: Uint8Array): Uint8Array | undefined {
    const encoded = this.inner.get(hash);
    if (encoded !== undefined) this.accessed.set(bytesToHex(hash), [hash, encoded]);
    return encoded;
  }

  /** The recorded nodes, in first-access order. */
  entries(): TrieNodeEntry[] {
    return [...this.accessed.values()];
  }
}
