/**
 * The account record stored in the state trie (Yellow Paper §4.1):
 * rlp([nonce, balance, storageRoot, codeHash]) under keccak256(address), and storage values
 * stored as rlp(minimal big-endian bytes) under keccak256(slot as 32 bytes).
 */
import { bytesToBigInt, KECCAK256_EMPTY, RlpError, type RlpItem, rlpDecode, rlpEncode } from '@faultline/primitives';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { InvalidAccountError } from './errors.js';

const ACCOUNT_FIELDS = 4;
const HASH_LENGTH = 32;
const U256_BYTES = 32;

export interface StateAccount {
  nonce: bigint;
  balance: bigint;
  storageRoot: Uint8Array;
  codeHash: Uint8Array;
}

export { EMPTY_TRIE_ROOT as EMPTY_STORAGE_ROOT, KECCAK256_EMPTY as EMPTY_CODE_HASH };

export function encodeAccount(account: StateAccount): Uint8Array {
  return rlpEncode([account.nonce, account.balance, account.storageRoot, account.codeHash]);
}

function decodeRlp(bytes: Uint8Array, what: string): RlpItem {
  try {
    return rlpDecode(bytes);
  } catch (error) {
    if (error instanceof RlpError) throw new InvalidAccountError(`${what}: ${error.shortMessage}`, { cause: error });
    throw error;
  }
}

function uint(item: RlpItem, what: string): bigint {
  if (!(item instanceof Uint8Array)) throw new InvalidAccountError(`${what} must be a byte string`);
  if (item.length > U256_BYTES) throw new InvalidAccountError(`${what} is longer than 32 bytes`);
  if (item.length > 0 && item[0] === 0) throw new InvalidAccountError(`${what} has a leading zero byte`);
  return bytesToBigInt(item);
}

function hash(item: RlpItem, what: string): Uint8Array {
  if (!(item instanceof Uint8Array) || item.length !== HASH_LENGTH) {
    throw new InvalidAccountError(`${what}: expected 32 bytes`);
  }
  return item;
}

export function decodeAccount(bytes: Uint8Array): StateAccount {
  const item = decodeRlp(bytes, 'account');
  if (!Array.isArray(item) || item.length !== ACCOUNT_FIELDS) {
    throw new InvalidAccountError('account must be a list of 4 items');
  }
  return {
    nonce: uint(item[0]!, 'nonce'),
    balance: uint(item[1]!, 'balance'),
    storageRoot: hash(item[2]!, 'storageRoot'),
    codeHash: hash(item[3]!, 'codeHash'),
  };
}

export function encodeStorageValue(value: bigint): Uint8Array {
  return rlpEncode(value);
}

/** Lenient on leading zeros, as geth is when it reads a slot (`SetBytes` of the RLP content). */
export function decodeStorageValue(bytes: Uint8Array): bigint {
  const item = decodeRlp(bytes, 'storage value');
  if (!(item instanceof Uint8Array)) throw new InvalidAccountError('storage value must be a byte string');
  if (item.length > U256_BYTES) throw new InvalidAccountError('storage value is longer than 32 bytes');
  return bytesToBigInt(item);
}
