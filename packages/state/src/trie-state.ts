/**
 * World state over the Merkle-Patricia trie: the EVM's `StateReader` for reads and a committer
 * for the `StateDiff` it returns (revm `Database` + `DatabaseCommit`).
 *
 * Accounts live in a secure trie keyed by keccak256(address); each account's storage in its own
 * secure trie keyed by keccak256(slot). Both are opened lazily from one `NodeSource`, so the
 * whole state can sit in a pre-image oracle and only the nodes execution touches are fetched.
 *
 * Commits are cheap: a diff updates the cached accounts and the storage tries in memory (no
 * hashing) and marks accounts dirty. Hashing happens once, in `root()`, which first folds every
 * dirty account's new storage root into its account leaf (geth's `IntermediateRoot`).
 */
import {
  addressToBytes,
  bigIntToBytes,
  bytesToHex,
  equalBytes,
  KECCAK256_EMPTY,
  keccak256,
} from '@faultline/primitives';
import {
  createProof,
  EMPTY_TRIE_ROOT,
  MemoryNodeStore,
  type NodeSource,
  SecureTrie,
  Trie,
  type TrieNodeEntry,
} from '@faultline/trie';
import { decodeAccount, decodeStorageValue, encodeAccount, encodeStorageValue } from './account.js';
import type { CodeSource } from './code-source.js';
import { MissingCodeError } from './errors.js';
import type { AccountInfo, AddressHex, BlockHashLookup, StateDiff } from './types.js';

const EMPTY_CODE = new Uint8Array(0);
const SLOT_BYTES = 32;

/** An account as cached here: trie fields plus its opened storage trie and read slots. */
interface CachedAccount {
  readonly hashedKey: Uint8Array;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** As of the last `root()`; stale while `storage` has unhashed changes. */
  storageRoot: Uint8Array;
  storage: SecureTrie | undefined;
  /** Slot values read or committed (the trie is the truth; this saves hashing the key again). */
  readonly slots: Map<bigint, bigint>;
}

export interface TrieStateOptions {
  /** State root to open; the empty root by default. */
  root?: Uint8Array;
  /** Trie nodes (account and storage tries). A fresh in-memory store by default. */
  nodes?: NodeSource;
  /** Contract code by hash. Code committed through diffs is kept in memory regardless. */
  code?: CodeSource;
  blockHash?: BlockHashLookup;
}

/** What `commitNodes` hands to a caller that persists state. */
export interface StateCommit {
  root: Uint8Array;
  /** Account- and storage-trie nodes created since the last `commitNodes` (hash → encoding). */
  nodes: TrieNodeEntry[];
  /** Code introduced since the last `commitNodes` (hash → code). */
  codes: TrieNodeEntry[];
}

export class TrieState {
  readonly nodes: NodeSource;
  private readonly codeSource: CodeSource | undefined;
  private readonly blockHashLookup: BlockHashLookup | undefined;
  private readonly accountTrie: SecureTrie;
  /** `null` = known absent. */
  private readonly accounts = new Map<AddressHex, CachedAccount | null>();
  /** Accounts whose leaf must be rewritten before hashing. */
  private readonly dirty = new Map<AddressHex, CachedAccount>();
  /** Accounts whose storage trie has nodes not yet reported by `commitNodes`. */
  private readonly uncollected = new Map<AddressHex, CachedAccount>();
  private readonly codes = new Map<string, Uint8Array>();
  private newCodes: TrieNodeEntry[] = [];

  constructor(options: TrieStateOptions = {}) {
    this.nodes = options.nodes ?? new MemoryNodeStore();
    this.codeSource = options.code;
    this.blockHashLookup = options.blockHash;
    this.accountTrie = SecureTrie.open(options.root ?? EMPTY_TRIE_ROOT, this.nodes);
  }

  // ---- StateReader ----

  getAccount(address: AddressHex): AccountInfo | undefined {
    const account = this.load(address);
    if (account === null) return undefined;
    return { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash };
  }

  getCode(codeHash: Uint8Array): Uint8Array {
    if (equalBytes(codeHash, KECCAK256_EMPTY)) return EMPTY_CODE;
    const key = bytesToHex(codeHash);
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.codeSource?.get(codeHash);
      if (code === undefined) throw new MissingCodeError(codeHash);
      this.codes.set(key, code);
    }
    return code;
  }

  getStorage(address: AddressHex, slot: bigint): bigint {
    const account = this.load(address);
    if (account === null) return 0n;
    const cached = account.slots.get(slot);
    if (cached !== undefined) return cached;
    let value = 0n;
    if (account.storage !== undefined || !equalBytes(account.storageRoot, EMPTY_TRIE_ROOT)) {
      const encoded = this.openStorage(account).getHashed(keccak256(bigIntToBytes(slot, SLOT_BYTES)));
      if (encoded !== undefined) value = decodeStorageValue(encoded);
    }
    account.slots.set(slot, value);
    return value;
  }

  getBlockHash(number: bigint): Uint8Array | undefined {
    return this.blockHashLookup?.(number);
  }

  hasStorage(address: AddressHex): boolean {
    const account = this.load(address);
    if (account === null) return false;
    if (account.storage !== undefined) return !account.storage.isEmpty();
    return !equalBytes(account.storageRoot, EMPTY_TRIE_ROOT);
  }

  // ---- commit ----

  /** Folds one transaction's (or block's) diff into the state; hashing is deferred to `root()`. */
  commit(diff: StateDiff): void {
    for (const [rawAddress, change] of diff) {
      const address = rawAddress.toLowerCase();
      const previous = this.load(address);
      if (change.deleted) {
        if (previous !== null) {
          this.accountTrie.deleteHashed(previous.hashedKey);
          this.accounts.set(address, null);
          this.dirty.delete(address);
          this.uncollected.delete(address);
        }
        continue;
      }
      let account = previous;
      if (account === null) {
        account = this.emptyAccount(address);
        this.accounts.set(address, account);
      } else if (change.storageWiped) {
        account.storage = new SecureTrie(new Trie(this.nodes));
        account.storageRoot = EMPTY_TRIE_ROOT;
        account.slots.clear();
      }
      account.nonce = change.nonce;
      account.balance = change.balance;
      account.codeHash = change.codeHash;
      if (change.code !== undefined) this.addCode(change.codeHash, change.code);
      if (change.storage.size > 0) {
        const storage = this.openStorage(account);
        for (const [slot, value] of change.storage) {
          const key = keccak256(bigIntToBytes(slot, SLOT_BYTES));
          if (value === 0n) storage.deleteHashed(key);
          else storage.putHashed(key, encodeStorageValue(value));
          account.slots.set(slot, value);
        }
        this.uncollected.set(address, account);
      }
      this.dirty.set(address, account);
    }
  }

  /** The state root after everything committed so far. */
  root(): Uint8Array {
    for (const account of this.dirty.values()) {
      if (account.storage !== undefined) account.storageRoot = account.storage.root();
      this.accountTrie.putHashed(account.hashedKey, encodeAccount(account));
    }
    this.dirty.clear();
    return this.accountTrie.root();
  }

  /** The storage root of one account (e.g. L2ToL1MessagePasser for the OP output root). */
  getStorageRoot(address: AddressHex): Uint8Array {
    const account = this.load(address);
    if (account === null) return EMPTY_TRIE_ROOT;
    if (account.storage !== undefined) account.storageRoot = account.storage.root();
    return account.storageRoot;
  }

  /**
   * Computes the root and returns every trie node and code blob new since the previous call, for
   * a caller that persists state (write them where `nodes` / `code` will find them).
   */
  commitNodes(): StateCommit {
    const root = this.root();
    const nodes: TrieNodeEntry[] = [];
    for (const account of this.uncollected.values()) {
      if (account.storage !== undefined) nodes.push(...account.storage.commit().nodes);
    }
    this.uncollected.clear();
    nodes.push(...this.accountTrie.commit().nodes);
    const codes = this.newCodes;
    this.newCodes = [];
    return { root, nodes, codes };
  }

  /** `commit(diff)` then `commitNodes()`: the new root with the nodes and code it introduced. */
  commitDiff(diff: StateDiff): StateCommit {
    this.commit(diff);
    return this.commitNodes();
  }

  /** EIP-1186 account proof (root first) against the current root. */
  proveAccount(address: AddressHex): Uint8Array[] {
    this.root();
    return createProof(this.accountTrie.trie, keccak256(addressToBytes(address)));
  }

  /** EIP-1186 storage proof against the account's current storage root. */
  proveStorage(address: AddressHex, slot: bigint): Uint8Array[] {
    const account = this.load(address);
    if (account === null) return [];
    return createProof(this.openStorage(account).trie, keccak256(bigIntToBytes(slot, SLOT_BYTES)));
  }

  // ---- internals ----

  private load(rawAddress: AddressHex): CachedAccount | null {
    let account = this.accounts.get(rawAddress);
    if (account !== undefined) return account;
    const address = rawAddress.toLowerCase();
    if (address !== rawAddress) return this.load(address);
    const hashedKey = keccak256(addressToBytes(address));
    const encoded = this.accountTrie.getHashed(hashedKey);
    if (encoded === undefined) account = null;
    else {
      const decoded = decodeAccount(encoded);
      account = { hashedKey, ...decoded, storage: undefined, slots: new Map() };
    }
    this.accounts.set(address, account);
    return account;
  }

  private emptyAccount(address: AddressHex): CachedAccount {
    return {
      hashedKey: keccak256(addressToBytes(address)),
      nonce: 0n,
      balance: 0n,
      codeHash: KECCAK256_EMPTY,
      storageRoot: EMPTY_TRIE_ROOT,
      storage: new SecureTrie(new Trie(this.nodes)),
      slots: new Map(),
    };
  }

  private openStorage(account: CachedAccount): SecureTrie {
    if (account.storage === undefined) account.storage = SecureTrie.open(account.storageRoot, this.nodes);
    return account.storage;
  }

  private addCode(codeHash: Uint8Array, code: Uint8Array): void {
    const key = bytesToHex(codeHash);
    if (this.codes.has(key)) return;
    this.codes.set(key, code);
    this.newCodes.push([codeHash, code]);
  }
}
