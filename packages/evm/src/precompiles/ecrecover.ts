/**
 * 0x01 ECRECOVER (yellow paper appendix E): recovers the signer address of a secp256k1 signature
 * over a 32-byte hash. Input is `hash ‖ v ‖ r ‖ s` (four 32-byte words, zero-padded when short,
 * extra bytes ignored). Any invalid signature — v not exactly 27/28 as a full word, r or s outside
 * [1, n-1], or an unrecoverable point — is NOT an error: the call succeeds with empty output and
 * still costs 3000 gas. There is no low-s rule here (that is a transaction-validity rule, EIP-2).
 */

import { keccak256, recoverPublicKey, SECP256K1_ORDER } from '@faultline/primitives';
import { OUT_OF_GAS_RESULT, type Precompile, type PrecompileResult, readBigInt, readPadded, success } from './types.js';

export const ECRECOVER_GAS = 3000;

const SECP256K1_N = SECP256K1_ORDER;
const EMPTY = new Uint8Array(0);

/** The 20-byte address left-padded to a word, or undefined when the signature does not recover. */
export function recoverAddressWord(input: Uint8Array): Uint8Array | undefined {
  // v occupies a whole word; only its last byte may be non-zero.
  for (let i = 32; i < 63; i++) if (i < input.length && input[i] !== 0) return undefined;
  const v = 63 < input.length ? input[63] : 0;
  if (v !== 27 && v !== 28) return undefined;
  const r = readBigInt(input, 64, 32);
  const s = readBigInt(input, 96, 32);
  if (r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) return undefined;
  const hash = readPadded(input, 0, 32);
  // undefined: r is not the x-coordinate of a curve point, or the recovered point is the identity.
  const publicKey = recoverPublicKey(hash, r, s, v - 27);
  if (publicKey === undefined) return undefined;
  const word = new Uint8Array(32);
  word.set(keccak256(publicKey.subarray(1)).subarray(12), 12);
  return word;
}

export const ecrecover: Precompile = {
  name: 'ECRECOVER',
  run(input: Uint8Array, gasLimit: number): PrecompileResult {
    if (gasLimit < ECRECOVER_GAS) return OUT_OF_GAS_RESULT;
    return success(ECRECOVER_GAS, recoverAddressWord(input) ?? EMPTY);
  },
};
