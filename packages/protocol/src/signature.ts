/**
 * secp256k1 public-key recovery for transactions and EIP-7702 authorizations. Ethereum's rules
 * on top of ECDSA: r and s in [1, n-1], y-parity 0 or 1, and from Homestead s ≤ n/2 (EIP-2) so a
 * signature has exactly one valid form.
 */

import { keccak256, recoverPublicKey, SECP256K1_ORDER } from '@faultline/primitives';
import { TransactionError } from './errors.js';

export const SECP256K1_N = SECP256K1_ORDER;
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

export type SignatureRules = { lowS: boolean };

/** Why a signature is unusable, or `undefined` when its values are in range. */
export function signatureValuesProblem(
  yParity: bigint,
  r: bigint,
  s: bigint,
  rules: SignatureRules,
): string | undefined {
  if (yParity !== 0n && yParity !== 1n) return `y-parity must be 0 or 1, got ${yParity}`;
  if (r < 1n || r >= SECP256K1_N) return 'r is outside [1, n-1]';
  if (s < 1n || s >= SECP256K1_N) return 's is outside [1, n-1]';
  if (rules.lowS && s > SECP256K1_HALF_N) return 's is above n/2 (EIP-2)';
  return undefined;
}

/** Address of the key that signed `hash`, or a `TransactionError`. */
export function recoverAddress(
  hash: Uint8Array,
  yParity: bigint,
  r: bigint,
  s: bigint,
  rules: SignatureRules,
): Uint8Array {
  const problem = signatureValuesProblem(yParity, r, s, rules);
  if (problem) throw new TransactionError('INVALID_SIGNATURE', problem);
  const pub = recoverPublicKey(hash, r, s, Number(yParity));
  if (pub === undefined) throw new TransactionError('RECOVERY_FAILED', 'public key recovery failed');
  return keccak256(pub.subarray(1)).subarray(12);
}
