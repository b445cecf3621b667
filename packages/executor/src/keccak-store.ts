/**
 * One store for every keccak256 pre-image a stateless block build reads: account- and
 * storage-trie nodes and contract code share the key space (the kona executor fixtures and the
 * op-program oracle both key them by their hash), so the same map serves as the trie's
 * `NodeSource` and the state's `CodeSource`.
 *
 * Lookups are on the hot path of every trie walk, so keys are not turned into hex strings:
 * entries are bucketed by the first four bytes of the hash (uniform for keccak outputs) and the
 * full 32 bytes are compared inside the bucket.
 */
import { equalBytes, hexToBytes } from '@faultline/primitives';

type Entry = readonly [key: Uint8Array, value: Uint8Array];

function bucketOf(hash: Uint8Array): number {
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
}

export class KeccakStore {
  private readonly buckets = new Map<number, Entry[]>();
  private count = 0;

  get(hash: Uint8Array): Uint8Array | undefined {
    const bucket = this.buckets.get(bucketOf(hash));
    if (bucket === undefined) return undefined;
    for (const [key, value] of bucket) if (equalBytes(key, hash)) return value;
    return undefined;
  }

  put(hash: Uint8Array, value: Uint8Array): void {
    const id = bucketOf(hash);
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(id, bucket);
    }
    const at = bucket.findIndex(([key]) => equalBytes(key, hash));
    if (at >= 0) bucket[at] = [hash, value];
    else {
      bucket.push([hash, value]);
      this.count++;
    }
  }

  get size(): number {
    return this.count;
  }

  /**
   * From a `{ "<hex hash>": "<hex value>" }` object (the fixtures' `kv.json`; keys and values
   * with or without `0x`). Keys are trusted here; the trie verifies node hashes as it walks.
   */
  static fromHexObject(obj: Record<string, string>): KeccakStore {
    const store = new KeccakStore();
    const prefixed = (s: string) => (s.startsWith('0x') ? s : `0x${s}`);
    for (const [k, v] of Object.entries(obj)) store.put(hexToBytes(prefixed(k), 32), hexToBytes(prefixed(v)));
    return store;
  }
}
