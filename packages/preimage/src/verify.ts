/**
 * Client- and host-side verification of hash-keyed pre-images (op-preimage `verifier.go`):
 * a keccak-256 or sha-256 key must equal the hash of its value with byte 0 replaced by the
 * type. Local, blob and precompile values cannot be checked from the key alone.
 */
import { bytesToHex, keccak256, sha256 } from '@faultline/primitives';
import { PreimageMismatchError } from './errors.js';
import { KEY_TYPES, keyTypeOf } from './key-type.js';

const HASHERS = { keccak256, sha256 } as const;

/** True when the key type carries a hash that the value can be checked against. */
export function isVerifiableKey(key: Uint8Array): boolean {
  return KEY_TYPES[keyTypeOf(key)].verify !== undefined;
}

/** Throws `PreimageMismatchError` when a hash-keyed value does not hash to its key. */
export function verifyPreimage(key: Uint8Array, value: Uint8Array): void {
  const hasher = KEY_TYPES[keyTypeOf(key)].verify;
  if (hasher === undefined) return;
  const hash = HASHERS[hasher](value);
  for (let i = 1; i < 32; i++) {
    if (hash[i] !== key[i]) {
      const typed = hash.slice();
      typed[0] = key[0]!;
      throw new PreimageMismatchError(bytesToHex(key), bytesToHex(typed));
    }
  }
}
