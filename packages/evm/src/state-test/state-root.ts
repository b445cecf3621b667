/**
 * State root of a `MemoryState` (secure MPT: key keccak(address), value
 * rlp[nonce, balance, storageRoot, codeHash]; storage key keccak(slot), value rlp(minimal value)).
 * Only the state-test tooling uses this; the EVM itself never sees a trie.
 */
import { bigIntToBytes, rlpEncode } from '@faultline/primitives';
import { SecureTrie } from '@faultline/trie';
import type { MemoryState } from './memory-state.js';

export function memoryStateRoot(state: MemoryState): Uint8Array {
  const trie = new SecureTrie();
  for (const [address, a] of state.accounts) {
    const storage = new SecureTrie();
    for (const [k, v] of a.storage) if (v !== 0n) storage.put(bigIntToBytes(k, 32), rlpEncode(v));
    const value = rlpEncode([a.nonce, a.balance, storage.root(), a.codeHash]);
    trie.put(hexAddress(address), value);
  }
  return trie.root();
}

function hexAddress(address: string): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = Number.parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
