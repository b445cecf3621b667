/**
 * Pre-image key types and key construction (OP spec `fault-proof/index.md` "Pre-image key
 * types"; op-preimage `iface.go`). A key is 32 bytes whose first byte names its type; for the
 * hash-based types that byte replaces the first byte of the hash, so the remaining 31 bytes
 * are the hash's bytes 1..31.
 */
import { assertSize, keccak256, keccak256Parts, SizeError, sha256, u64ToBytes } from '@faultline/primitives';
import { UnknownKeyTypeError } from './errors.js';

export const KEY_SIZE = 32;

/**
 * The key type table. `verify` names the hash the host and client check the value against;
 * types without one (local, blob, precompile) are served as stored.
 */
export const KEY_TYPES = {
  local: { byte: 1, verify: undefined },
  keccak256: { byte: 2, verify: 'keccak256' },
  globalGeneric: { byte: 3, verify: undefined },
  sha256: { byte: 4, verify: 'sha256' },
  blob: { byte: 5, verify: undefined },
  precompile: { byte: 6, verify: undefined },
} as const;

export type KeyTypeName = keyof typeof KEY_TYPES;
export type KeyTypeByte = (typeof KEY_TYPES)[KeyTypeName]['byte'];

const BY_BYTE: (KeyTypeName | undefined)[] = [];
for (const [name, t] of Object.entries(KEY_TYPES)) BY_BYTE[t.byte] = name as KeyTypeName;

/** The type name of a key; throws `UnknownKeyTypeError` for bytes outside the table. */
export function keyTypeOf(key: Uint8Array): KeyTypeName {
  assertSize('key', key, KEY_SIZE);
  const name = BY_BYTE[key[0]!];
  if (name === undefined) throw new UnknownKeyTypeError(key[0]!);
  return name;
}

/** Replaces byte 0 of a 32-byte hash with the key type byte. */
export function typedKey(type: KeyTypeName, hash: Uint8Array): Uint8Array {
  assertSize('hash', hash, KEY_SIZE);
  const key = hash.slice();
  key[0] = KEY_TYPES[type].byte;
  return key;
}

/** `0x01 ++ 23 zero bytes ++ uint64 BE index` — local keys are used raw off-chain. */
export function localKey(index: bigint | number): Uint8Array {
  const key = new Uint8Array(KEY_SIZE);
  key[0] = KEY_TYPES.local.byte;
  key.set(u64ToBytes(index), KEY_SIZE - 8);
  return key;
}

/** The index of a local key (the last 8 bytes). */
export function localKeyIndex(key: Uint8Array): bigint {
  assertSize('key', key, KEY_SIZE);
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return view.getBigUint64(KEY_SIZE - 8, false);
}

/** Key of a keccak-256 pre-image, from the hash (e.g. a block hash or trie node hash). */
export function keccakKey(hash: Uint8Array): Uint8Array {
  return typedKey('keccak256', hash);
}

/** Key under which `data` is stored as a keccak-256 pre-image. */
export function keccakKeyOf(data: Uint8Array): Uint8Array {
  return typedKey('keccak256', keccak256(data));
}

/** Key of a sha-256 pre-image, from the hash (e.g. a blob versioned hash). */
export function sha256Key(hash: Uint8Array): Uint8Array {
  return typedKey('sha256', hash);
}

export function sha256KeyOf(data: Uint8Array): Uint8Array {
  return typedKey('sha256', sha256(data));
}

/**
 * Blob field-element key: `0x05 ++ keccak256(commitment ++ z)[1:]` where z is the 32-byte
 * big-endian evaluation point — the bit-reversed root of unity for element i, not i itself
 * (EIP-4844; op-program's 2024 `uint256(i)` was inconsistent with on-chain point evaluation).
 */
export function blobKey(commitment: Uint8Array, z: Uint8Array): Uint8Array {
  if (commitment.length !== 48) throw new SizeError('commitment', 48, commitment.length);
  assertSize('z', z, 32);
  return typedKey('blob', keccak256Parts(commitment, z));
}

/**
 * Precompile key: `0x06 ++ keccak256(address ++ uint64 BE requiredGas ++ input)[1:]`
 * (op-program `l1-precompile-v2`, gas included so the on-chain oracle can force full gas).
 */
export function precompileKey(address: Uint8Array, requiredGas: bigint | number, input: Uint8Array): Uint8Array {
  if (address.length !== 20) throw new SizeError('address', 20, address.length);
  return typedKey('precompile', keccak256Parts(address, u64ToBytes(requiredGas), input));
}
