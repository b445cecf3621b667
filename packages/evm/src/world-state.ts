/**
 * The EVM's journaled view of world state for one transaction. It reads through a `StateReader`
 * lazily, keeps every write in memory, and records an undo closure per write so that a reverted
 * call frame costs O(its own changes) (geth `core/state/journal.go`). Besides accounts and
 * storage it journals everything that must roll back with a frame: EIP-161 touches, EIP-2929
 * warm sets, EIP-1153 transient storage, logs, the refund counter, self-destructs and the set of
 * accounts created in this transaction (EIP-6780). `diff()` produces the `StateDiff` handed to
 * the committer.
 */
import { bytesToHex, KECCAK256_EMPTY, keccak256 } from '@faultline/primitives';
import { type Log, LogArena } from './log-arena.js';
import type { AccountDiff, AddressHex, StateDiff, StateReader } from './state-interface.js';

const EMPTY_CODE = new Uint8Array(0);
const KECCAK_EMPTY_KEY = bytesToHex(KECCAK256_EMPTY);

export class Account {
  /** Present in the trie at tx start, or created since. */
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Hex of `codeHash`, the jumpdest-cache key. */
  codeHashKey: string;
  code: Uint8Array | undefined;
  codeChanged = false;
  /** Storage was reset by a (re)creation in this tx: committed reads return 0. */
  storageWiped = false;
  /** Current (dirty) values written in this tx. */
  readonly storage = new Map<bigint, bigint>();
  /** Values at tx start, cached on first read (EIP-2200 "original value"). */
  readonly original = new Map<bigint, bigint>();

  constructor(exists: boolean, nonce: bigint, balance: bigint, codeHash: Uint8Array) {
    this.exists = exists;
    this.nonce = nonce;
    this.balance = balance;
    this.codeHash = codeHash;
    this.codeHashKey = codeHash === KECCAK256_EMPTY ? KECCAK_EMPTY_KEY : bytesToHex(codeHash);
    this.code = this.codeHashKey === KECCAK_EMPTY_KEY ? EMPTY_CODE : undefined;
  }

  hasCode(): boolean {
    return this.codeHashKey !== KECCAK_EMPTY_KEY;
  }

  /** EIP-161 emptiness. */
  isEmpty(): boolean {
    return this.nonce === 0n && this.balance === 0n && this.codeHashKey === KECCAK_EMPTY_KEY;
  }
}

export type { Log } from './log-arena.js';

type Undo = () => void;

export class WorldState {
  private readonly accounts = new Map<AddressHex, Account>();
  private readonly journal: Undo[] = [];
  /** Accounts written or touched (candidates for the diff). */
  private readonly dirty = new Set<AddressHex>();
  readonly touched = new Set<AddressHex>();
  readonly accessedAddresses = new Set<AddressHex>();
  readonly accessedSlots = new Map<AddressHex, Set<bigint>>();
  readonly transient = new Map<AddressHex, Map<bigint, bigint>>();
  readonly destructed = new Set<AddressHex>();
  readonly createdInTx = new Set<AddressHex>();
  logs: Log[] = [];
  /** Where LOG instructions put topics and data (log-arena.ts). */
  readonly logArena = new LogArena();
  refund = 0;

  constructor(readonly reader: StateReader) {}

  // ---- snapshots ----
  snapshot(): number {
    return this.journal.length;
  }

  revert(snapshot: number): void {
    const j = this.journal;
    while (j.length > snapshot) j.pop()!();
  }

  // ---- accounts ----
  account(address: AddressHex): Account {
    let a = this.accounts.get(address);
    if (a === undefined) {
      const info = this.reader.getAccount(address);
      a = info
        ? new Account(true, info.nonce, info.balance, info.codeHash)
        : new Account(false, 0n, 0n, KECCAK256_EMPTY);
      this.accounts.set(address, a);
    }
    return a;
  }

  exists(address: AddressHex): boolean {
    return this.account(address).exists;
  }

  /** EIP-161: non-existent or empty. */
  isDead(address: AddressHex): boolean {
    const a = this.account(address);
    return !a.exists || a.isEmpty();
  }

  code(a: Account): Uint8Array {
    if (a.code === undefined) a.code = this.reader.getCode(a.codeHash);
    return a.code;
  }

  private markDirty(address: AddressHex): void {
    this.dirty.add(address);
  }

  touch(address: AddressHex): void {
    this.markDirty(address);
    if (!this.touched.has(address)) {
      this.touched.add(address);
      this.journal.push(() => this.touched.delete(address));
    }
  }

  /** Makes the account exist (possibly empty). */
  ensureExists(address: AddressHex): Account {
    const a = this.account(address);
    if (!a.exists) {
      a.exists = true;
      this.markDirty(address);
      this.journal.push(() => {
        a.exists = false;
      });
    }
    return a;
  }

  setBalance(address: AddressHex, value: bigint): void {
    const a = this.ensureExists(address);
    const prev = a.balance;
    a.balance = value;
    this.touch(address);
    this.journal.push(() => {
      a.balance = prev;
    });
  }

  addBalance(address: AddressHex, amount: bigint): void {
    this.setBalance(address, this.account(address).balance + amount);
  }

  setNonce(address: AddressHex, value: bigint): void {
    const a = this.ensureExists(address);
    const prev = a.nonce;
    a.nonce = value;
    this.markDirty(address);
    this.journal.push(() => {
      a.nonce = prev;
    });
  }

  setCode(address: AddressHex, code: Uint8Array): void {
    const a = this.ensureExists(address);
    const prev = { code: a.code, hash: a.codeHash, key: a.codeHashKey, changed: a.codeChanged };
    a.code = code;
    a.codeHash = code.length === 0 ? KECCAK256_EMPTY : keccak256(code);
    a.codeHashKey = bytesToHex(a.codeHash);
    a.codeChanged = true;
    this.markDirty(address);
    this.journal.push(() => {
      a.code = prev.code;
      a.codeHash = prev.hash;
      a.codeHashKey = prev.key;
      a.codeChanged = prev.changed;
    });
  }

  /**
   * (Re)creates an account for CREATE/CREATE2: existing balance is kept, storage is wiped
   * (EIP-7610 already rejected addresses with storage, so this only matters for diff semantics).
   */
  createAccount(address: AddressHex): void {
    const a = this.ensureExists(address);
    const prevWiped = a.storageWiped;
    const prevStorage = new Map(a.storage);
    a.storageWiped = true;
    a.storage.clear();
    if (!this.createdInTx.has(address)) {
      this.createdInTx.add(address);
      this.journal.push(() => this.createdInTx.delete(address));
    }
    this.markDirty(address);
    this.journal.push(() => {
      a.storageWiped = prevWiped;
      a.storage.clear();
      for (const [k, v] of prevStorage) a.storage.set(k, v);
    });
  }

  // ---- storage ----
  /** Value at the start of the transaction (EIP-2200 original value). */
  originalStorage(address: AddressHex, slot: bigint): bigint {
    const a = this.account(address);
    let v = a.original.get(slot);
    if (v === undefined) {
      v = a.exists && !a.storageWiped ? this.reader.getStorage(address, slot) : 0n;
      a.original.set(slot, v);
    }
    return v;
  }

  getStorage(address: AddressHex, slot: bigint): bigint {
    const a = this.account(address);
    const v = a.storage.get(slot);
    if (v !== undefined) return v;
    if (a.storageWiped) return 0n;
    return this.originalStorage(address, slot);
  }

  setStorage(address: AddressHex, slot: bigint, value: bigint): void {
    const a = this.account(address);
    const had = a.storage.has(slot);
    const prev = a.storage.get(slot);
    a.storage.set(slot, value);
    this.markDirty(address);
    this.journal.push(() => {
      if (had) a.storage.set(slot, prev!);
      else a.storage.delete(slot);
    });
  }

  hasStorageAtStart(address: AddressHex): boolean {
    return this.reader.hasStorage?.(address) ?? false;
  }

  // ---- transient storage (EIP-1153) ----
  getTransient(address: AddressHex, slot: bigint): bigint {
    return this.transient.get(address)?.get(slot) ?? 0n;
  }

  setTransient(address: AddressHex, slot: bigint, value: bigint): void {
    let m = this.transient.get(address);
    if (m === undefined) {
      m = new Map();
      this.transient.set(address, m);
    }
    const map = m;
    const prev = map.get(slot) ?? 0n;
    map.set(slot, value);
    this.journal.push(() => map.set(slot, prev));
  }

  // ---- access lists (EIP-2929) ----
  /** Marks warm; returns true when it was cold. */
  warmAddress(address: AddressHex): boolean {
    if (this.accessedAddresses.has(address)) return false;
    this.accessedAddresses.add(address);
    this.journal.push(() => this.accessedAddresses.delete(address));
    return true;
  }

  warmSlot(address: AddressHex, slot: bigint): boolean {
    let s = this.accessedSlots.get(address);
    if (s === undefined) {
      s = new Set();
      this.accessedSlots.set(address, s);
    }
    if (s.has(slot)) return false;
    const set = s;
    set.add(slot);
    this.journal.push(() => set.delete(slot));
    return true;
  }

  // ---- logs, refunds, self-destructs ----
  addLog(log: Log): void {
    this.logs.push(log);
    this.journal.push(() => this.logs.pop());
  }

  addRefund(delta: number): void {
    const prev = this.refund;
    this.refund = prev + delta;
    this.journal.push(() => {
      this.refund = prev;
    });
  }

  markDestructed(address: AddressHex): void {
    this.markDirty(address);
    if (!this.destructed.has(address)) {
      this.destructed.add(address);
      this.journal.push(() => this.destructed.delete(address));
    }
  }

  /** Start-of-tx reset for state shared across the tx (warm sets, transient storage). */
  clearJournal(): void {
    this.journal.length = 0;
  }

  // ---- result ----
  /**
   * The net effect of the transaction. `deleteEmpty` applies EIP-161 to touched accounts;
   * `destructDeletes` is false from Cancun on for accounts not created in this tx (EIP-6780 is
   * enforced when marking, so every destructed account here is deleted).
   */
  diff(deleteEmpty: boolean): StateDiff {
    const out: StateDiff = new Map();
    for (const address of this.dirty) {
      const a = this.accounts.get(address)!;
      const deleted = this.destructed.has(address) || (deleteEmpty && this.touched.has(address) && a.isEmpty());
      if (!a.exists && !deleted) continue;
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of a.storage) storage.set(k, v);
      const d: AccountDiff = {
        deleted: deleted || !a.exists,
        storageWiped: a.storageWiped,
        nonce: a.nonce,
        balance: a.balance,
        codeHash: a.codeHash,
        storage,
      };
      if (a.codeChanged) d.code = this.code(a);
      out.set(address, d);
    }
    return out;
  }
}
