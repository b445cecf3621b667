/**
 * A plain in-memory world state: accounts, storage and code in Maps, no trie until a root is
 * asked for, then one is built from scratch. It is the simple, obviously-correct reference the
 * trie-backed `TrieState` is tested against, and a convenient `StateReader` for EVM unit tests.
 */
import { addressToBytes, bigIntToBytes, bytesToHex, KECCAK256_EMPTY } from '@faultline/primitives';
import { SecureTrie } from '@faultline/trie';
import { encodeAccount, encodeStorageValue } from './account.js';
import { MissingCodeError } from './errors.js';
import type { AccountInfo, AddressHex, BlockHashLookup, StateDiff } from './types.js';

const EMPTY_CODE = new Uint8Array(0);

export interface MemoryAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Non-zero slots only. */
  storage: Map<bigint, bigint>;
}

export class MemoryState {
  readonly accounts = new Map<AddressHex, MemoryAccount>();
  readonly codes = new Map<string, Uint8Array>([[bytesToHex(KECCAK256_EMPTY), EMPTY_CODE]]);

  constructor(private readonly blockHashLookup?: BlockHashLookup) {}

  getAccount(address: AddressHex): AccountInfo | undefined {
    const a = this.accounts.get(address.toLowerCase());
    return a === undefined ? undefined : { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash };
  }

  getCode(codeHash: Uint8Array): Uint8Array {
    const code = this.codes.get(bytesToHex(codeHash));
    if (code === undefined) throw new MissingCodeError(codeHash);
    return code;
  }

  getStorage(address: AddressHex, slot: bigint): bigint {
    return this.accounts.get(address.toLowerCase())?.storage.get(slot) ?? 0n;
  }

  getBlockHash(number: bigint): Uint8Array | undefined {
    return this.blockHashLookup?.(number);
  }

  hasStorage(address: AddressHex): boolean {
    return (this.accounts.get(address.toLowerCase())?.storage.size ?? 0) > 0;
  }

  commit(diff: StateDiff): void {
    for (const [rawAddress, change] of diff) {
      const address = rawAddress.toLowerCase();
      if (change.deleted) {
        this.accounts.delete(address);
        continue;
      }
      const previous = this.accounts.get(address);
      const storage = change.storageWiped || previous === undefined ? new Map<bigint, bigint>() : previous.storage;
      for (const [slot, value] of change.storage) {
        if (value === 0n) storage.delete(slot);
        else storage.set(slot, value);
      }
      if (change.code !== undefined) this.codes.set(bytesToHex(change.codeHash), change.code);
      this.accounts.set(address, { nonce: change.nonce, balance: change.balance, codeHash: change.codeHash, storage });
    }
  }

  storageRoot(address: AddressHex): Uint8Array {
    const trie = new SecureTrie();
    for (const [slot, value] of this.accounts.get(address.toLowerCase())?.storage ?? []) {
      trie.put(bigIntToBytes(slot, 32), encodeStorageValue(value));
    }
    return trie.root();
  }

  /** Builds the account trie from scratch (O(state size); fine for tests). */
  root(): Uint8Array {
    const trie = new SecureTrie();
    for (const [address, a] of this.accounts) {
      trie.put(
        addressToBytes(address),
        encodeAccount({
          nonce: a.nonce,
          balance: a.balance,
          storageRoot: this.storageRoot(address),
          codeHash: a.codeHash,
        }),
      );
    }
    return trie.root();
  }
}
