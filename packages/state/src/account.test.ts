import { bytesToHex, hexToBytes, KECCAK256_EMPTY, rlpEncode } from '@faultline/primitives';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { decodeAccount, decodeStorageValue, encodeAccount, encodeStorageValue } from './account.js';
import { InvalidAccountError } from './errors.js';

describe('account encoding', () => {
  it('is rlp([nonce, balance, storageRoot, codeHash]) and round-trips', () => {
    const account = { nonce: 1n, balance: 10n ** 18n, storageRoot: EMPTY_TRIE_ROOT, codeHash: KECCAK256_EMPTY };
    const encoded = encodeAccount(account);
    expect(encoded).toEqual(rlpEncode([1n, 10n ** 18n, EMPTY_TRIE_ROOT, KECCAK256_EMPTY]));
    expect(decodeAccount(encoded)).toEqual(account);
  });
  it('matches a real account leaf (hex_encoded_securetrie_test, account 0xa94f…0b)', () => {
    const leaf = hexToBytes(
      '0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    const account = decodeAccount(leaf);
    expect(account.nonce).toBe(1n);
    expect(account.balance).toBe(0x05f446a7n);
    expect(account.storageRoot).toEqual(EMPTY_TRIE_ROOT);
    expect(account.codeHash).toEqual(KECCAK256_EMPTY);
    expect(bytesToHex(encodeAccount(account))).toBe(bytesToHex(leaf));
  });
  it('rejects malformed accounts with a typed error', () => {
    const bad = [
      rlpEncode([1n, 2n, EMPTY_TRIE_ROOT]),
      rlpEncode([Uint8Array.of(0, 1), 2n, EMPTY_TRIE_ROOT, KECCAK256_EMPTY]),
      rlpEncode([1n, 2n, new Uint8Array(31), KECCAK256_EMPTY]),
      rlpEncode([1n, [], EMPTY_TRIE_ROOT, KECCAK256_EMPTY]),
      rlpEncode([1n, new Uint8Array(33).fill(1), EMPTY_TRIE_ROOT, KECCAK256_EMPTY]),
      Uint8Array.of(0x81, 0x00),
    ];
    for (const b of bad) expect(() => decodeAccount(b)).toThrow(InvalidAccountError);
    expect(() => decodeAccount(rlpEncode([1n, 2n, EMPTY_TRIE_ROOT]))).toThrow(
      'state: invalid account: account must be a list of 4 items',
    );
  });
});

describe('storage values', () => {
  it('are rlp of the minimal big-endian bytes', () => {
    expect(encodeStorageValue(1n)).toEqual(Uint8Array.of(1));
    expect(encodeStorageValue(0x80n)).toEqual(Uint8Array.of(0x81, 0x80));
    expect(decodeStorageValue(Uint8Array.of(0x81, 0x80))).toBe(0x80n);
    expect(decodeStorageValue(encodeStorageValue(2n ** 256n - 1n))).toBe(2n ** 256n - 1n);
  });
  it('rejects lists and oversize values', () => {
    expect(() => decodeStorageValue(Uint8Array.of(0xc0))).toThrow(InvalidAccountError);
    expect(() => decodeStorageValue(rlpEncode(new Uint8Array(33).fill(1)))).toThrow('longer than 32 bytes');
  });
});
