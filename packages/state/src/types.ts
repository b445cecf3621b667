/**
 * The EVM's state boundary as seen from this package. These are structural mirrors of
 * `packages/evm/src/state-interface.ts` (`StateReader`, `AccountInfo`, `AccountDiff`,
 * `StateDiff`): `state` implements that interface without importing `evm` (STYLE: the EVM does
 * not know the trie, and the trie side does not depend on the EVM). `types.test.ts` checks the
 * two stay assignable to each other.
 *
 * Addresses are lower-case `0x` + 40 hex chars; slots and values are bigints.
 */
export type AddressHex = string;

export interface AccountInfo {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
}

/** What execution did to one account (see the EVM's `AccountDiff` for the full semantics). */
export interface AccountDiff {
  /** Remove the account (EIP-161 clearing or SELFDESTRUCT); the other fields are ignored. */
  deleted: boolean;
  /** (Re)created: drop the old storage before applying `storage`. */
  storageWiped: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Present only when the code changed. */
  code?: Uint8Array;
  /** Changed slots; 0n deletes the slot. */
  storage: ReadonlyMap<bigint, bigint>;
}

export type StateDiff = ReadonlyMap<AddressHex, AccountDiff>;

/** Block hash by number for BLOCKHASH; `undefined` when unknown. */
export type BlockHashLookup = (number: bigint) => Uint8Array | undefined;
