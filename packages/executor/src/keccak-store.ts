/**
 * One store for every keccak256 pre-image a stateless block build reads: account- and
 * storage-trie nodes and contract code share the key space (the kona executor fixtures and the
 * op-program oracle both key them by their hash), so the same map serves as the trie's
 * `NodeSource` and the state's `CodeSource`.
 */
import { bytesToHex, hexToBytes } from '@faultline/primitives';

export class KeccakStore {
  private readonly values = new Map<string, Uint8Array>();

  get(hash: Uint8Array): Uint8Array | undefined {
    return this.values.get(bytesToHex(hash));
  }

  put(hash: Uint8Array, value: Uint8Array): void {
    this.values.set(bytesToHex(hash), value);
  }

  get size(): number {
    return this.values.size;
  }

  /**
   * From a `{ "<hex hash>": "<hex value>" }` object (the fixtures' `kv.json`; keys and values
   * with or without `0x`). Keys are trusted here; the trie verifies node hashes as it walks.
   */
  static fromHexObject(obj: Record<string, string>): KeccakStore {
    const store = new KeccakStore();
    const prefixed = (s: string) => (s.startsWith('0x') ? s : `0x${s}`);
    for (const [k, v] of Object.entries(obj)) store.values.set(prefixed(k).toLowerCase(), hexToBytes(prefixed(v)));
    return store;
  }
}
