/**
 * EIP-7702 authorization tuples: the signed message `keccak(0x05 ++ rlp([chainId, address,
 * nonce]))` and recovery of the authority. Per EIP-7702 an invalid authorization is skipped,
 * not fatal, so recovery returns `undefined` instead of throwing.
 */
import { concatBytes, keccak256, rlpEncode } from '@faultline/primitives';
import { recoverAddress } from './signature.js';
import type { Authorization } from './tx-fields.js';

/** EIP-7702 MAGIC prefix of the authorization signing message. */
export const SET_CODE_AUTHORIZATION_MAGIC = 0x05;

export function authorizationSigningHash(auth: Pick<Authorization, 'chainId' | 'address' | 'nonce'>): Uint8Array {
  return keccak256(
    concatBytes(Uint8Array.of(SET_CODE_AUTHORIZATION_MAGIC), rlpEncode([auth.chainId, auth.address, auth.nonce])),
  );
}

/** The authority (signer) of an authorization, or `undefined` if its signature is invalid. */
export function recoverAuthority(auth: Authorization): Uint8Array | undefined {
  try {
    return recoverAddress(authorizationSigningHash(auth), auth.yParity, auth.r, auth.s, { lowS: true });
  } catch {
    return undefined;
  }
}
