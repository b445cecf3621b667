/**
 * Building a state from an allocation: the `pre` / `post.state` section of a state test, or a
 * genesis `alloc` (address → {nonce, balance, code, storage}; numbers as 0x-hex or decimal,
 * addresses with or without 0x and in any case). The allocation becomes one diff in which every
 * account is created with wiped storage, committed through the normal path.
 */
import { bytesToHex, KECCAK256_EMPTY, keccak256, looseHexToBytes, parseQuantity } from '@faultline/primitives';
import type { NodeSource } from '@faultline/trie';
import type { CodeSource } from './code-source.js';
import { TrieState } from './trie-state.js';
import type { AccountDiff, AddressHex, BlockHashLookup } from './types.js';

type Quantity = string | number | bigint;

export interface AllocAccount {
  nonce?: Quantity;
  balance?: Quantity;
  code?: string;
  storage?: Record<string, Quantity>;
}

export type GenesisAlloc = Record<string, AllocAccount>;

const ADDRESS_BYTES = 20;

/** The allocation as a `StateDiff` creating every account (zero storage values are dropped). */
export function allocToDiff(alloc: GenesisAlloc): Map<AddressHex, AccountDiff> {
  const diff = new Map<AddressHex, AccountDiff>();
  for (const [rawAddress, account] of Object.entries(alloc)) {
    const address = bytesToHex(looseHexToBytes(rawAddress, ADDRESS_BYTES));
    const code = looseHexToBytes(account.code ?? '');
    const storage = new Map<bigint, bigint>();
    for (const [slot, value] of Object.entries(account.storage ?? {})) {
      const v = parseQuantity(value, `${address} storage value`);
      if (v !== 0n) storage.set(parseQuantity(slot, `${address} storage slot`), v);
    }
    const codeHash = code.length === 0 ? KECCAK256_EMPTY : keccak256(code);
    diff.set(address, {
      deleted: false,
      storageWiped: true,
      nonce: parseQuantity(account.nonce ?? 0, `${address} nonce`),
      balance: parseQuantity(account.balance ?? 0, `${address} balance`),
      codeHash,
      ...(code.length === 0 ? {} : { code }),
      storage,
    });
  }
  return diff;
}

export interface AllocStateOptions {
  nodes?: NodeSource;
  code?: CodeSource;
  blockHash?: BlockHashLookup;
}

/** A fresh `TrieState` holding exactly `alloc`. */
export function stateFromAlloc(alloc: GenesisAlloc, options: AllocStateOptions = {}): TrieState {
  const state = new TrieState(options);
  state.commit(allocToDiff(alloc));
  return state;
}

export function allocStateRoot(alloc: GenesisAlloc): Uint8Array {
  return stateFromAlloc(alloc).root();
}
