/**
 * A plain in-memory world state for tests and the state-test runner: accounts in a Map, code by
 * hash, storage per account. Implements `StateReader` and commits a `StateDiff`. The state root
 * is computed by an injected function (the trie lives in another package; the EVM does not
 * depend on it).
 */
import { bytesToHex, KECCAK256_EMPTY, keccak256 } from '@faultline/primitives';
import type { AccountInfo, AddressHex, StateDiff, StateReader } from '../state-interface.js';

export interface MemoryAccount {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  codeHash: Uint8Array;
  storage: Map<bigint, bigint>;
}

export class MemoryState implements StateReader {
  readonly accounts = new Map<AddressHex, MemoryAccount>();
  private readonly codes = new Map<string, Uint8Array>();
  blockHash: (n: bigint) => Uint8Array | undefined = () => undefined;

  setAccount(
    address: AddressHex,
    nonce: bigint,
    balance: bigint,
    code: Uint8Array,
    storage: Map<bigint, bigint>,
  ): void {
    const codeHash = code.length === 0 ? KECCAK256_EMPTY : keccak256(code);
    this.codes.set(bytesToHex(codeHash), code);
    const s = new Map<bigint, bigint>();
    for (const [k, v] of storage) if (v !== 0n) s.set(k, v);
    this.accounts.set(address.toLowerCase(), { nonce, balance, code, codeHash, storage: s });
  }

  getAccount(address: AddressHex): AccountInfo | undefined {
    const a = this.accounts.get(address);
    return a ? { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash } : undefined;
  }

  getCode(codeHash: Uint8Array): Uint8Array {
    return this.codes.get(bytesToHex(codeHash)) ?? new Uint8Array(0);
  }

  getStorage(address: AddressHex, slot: bigint): bigint {
    return this.accounts.get(address)?.storage.get(slot) ?? 0n;
  }

  getBlockHash(number: bigint): Uint8Array | undefined {
    return this.blockHash(number);
  }

  hasStorage(address: AddressHex): boolean {
    return (this.accounts.get(address)?.storage.size ?? 0) > 0;
  }

  commit(diff: StateDiff): void {
    for (const [address, d] of diff) {
      if (d.deleted) {
        this.accounts.delete(address);
        continue;
      }
      const prev = this.accounts.get(address);
      const storage = d.storageWiped || !prev ? new Map<bigint, bigint>() : prev.storage;
      for (const [k, v] of d.storage) {
        if (v === 0n) storage.delete(k);
        else storage.set(k, v);
      }
      let code = prev?.code ?? new Uint8Array(0);
      if (d.code !== undefined) {
        code = d.code;
        this.codes.set(bytesToHex(d.codeHash), code);
      }
      this.accounts.set(address, { nonce: d.nonce, balance: d.balance, code, codeHash: d.codeHash, storage });
    }
  }
}
