/**
 * The EVM's only window onto world state, and the shape of what it hands back (revm's `Database`
 * + `DatabaseCommit` split). The EVM never sees a trie: it reads accounts, code by hash, storage
 * slots and block hashes through `StateReader` (synchronous: the fault-proof client is sync), keeps
 * every write in its own journal, and at the end of a transaction returns a `StateDiff` that the
 * `state` package commits to the Merkle-Patricia trie. Structural typing means `state` can
 * implement this without importing `evm`.
 *
 * Addresses in this interface are lower-case `0x`-prefixed 20-byte hex strings (cheap Map keys,
 * stable, deterministic); storage slots and values are bigints (the EVM computes with them).
 */

/** Lower-case `0x` + 40 hex chars. */
export type AddressHex = string;

/** An account as stored in the state trie, minus the storage root (the EVM never needs it). */
export interface AccountInfo {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the code; `KECCAK256_EMPTY` for accounts without code. */
  codeHash: Uint8Array;
}

export interface StateReader {
  /** `undefined` when the account does not exist in the trie. */
  getAccount(address: AddressHex): AccountInfo | undefined;
  /** Code for a hash previously returned by `getAccount`; empty for `KECCAK256_EMPTY`. */
  getCode(codeHash: Uint8Array): Uint8Array;
  /** Committed storage value (0n when absent). */
  getStorage(address: AddressHex, slot: bigint): bigint;
  /**
   * Hash of block `number` for the BLOCKHASH opcode; called only for the 256 blocks before the
   * current one. `undefined` means unknown (the opcode pushes 0).
   */
  getBlockHash(number: bigint): Uint8Array | undefined;
  /**
   * Optional: whether the account has any non-empty storage in the trie. Needed for EIP-7610
   * (a CREATE into an address with storage fails as a collision). Absent ⇒ treated as `false`.
   */
  hasStorage?(address: AddressHex): boolean;
}

/** What one transaction (or block of them) did to one account. */
export interface AccountDiff {
  /**
   * The account must be removed from the trie (EIP-161 empty-account clearing or a SELFDESTRUCT).
   * When set, the other fields are irrelevant.
   */
  deleted: boolean;
  /**
   * The account was (re)created during execution: its old storage must be wiped before applying
   * `storage` (CREATE into an address that previously existed, e.g. as a bare balance holder, or
   * re-creation after a SELFDESTRUCT in the same block).
   */
  storageWiped: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Present only when the code changed (new contract or EIP-7702 delegation). */
  code?: Uint8Array;
  /** Changed slots: slot → new value (0n means delete the slot). */
  storage: Map<bigint, bigint>;
}

/**
 * Every account touched by execution with its final values. Map iteration order is insertion
 * order of first touch, which is deterministic for a given transaction; committers that need a
 * canonical order sort the keys.
 */
export type StateDiff = Map<AddressHex, AccountDiff>;

/** The write half: `state` implements it to fold a diff into its trie (revm `DatabaseCommit`). */
export interface StateCommitter {
  commit(diff: StateDiff): void;
}
