export {
  decodeAccount,
  decodeStorageValue,
  EMPTY_CODE_HASH,
  EMPTY_STORAGE_ROOT,
  encodeAccount,
  encodeStorageValue,
  type StateAccount,
} from './account.js';
export {
  type AllocAccount,
  type AllocStateOptions,
  allocStateRoot,
  allocToDiff,
  type GenesisAlloc,
  stateFromAlloc,
} from './alloc.js';
export { type CodeSource, MemoryCodeStore } from './code-source.js';
export { InvalidAccountError, MissingCodeError } from './errors.js';
export { type MemoryAccount, MemoryState } from './memory-state.js';
export { type StateCommit, TrieState, type TrieStateOptions } from './trie-state.js';
export type { AccountDiff, AccountInfo, AddressHex, BlockHashLookup, StateDiff } from './types.js';
