/**
 * EIP-7702 authorization tuples as the protocol layer sees them (addresses as bytes). The signed
 * message is defined once, in `@faultline/evm`, which also recovers the authority when it applies
 * the authorization list (an invalid authorization is skipped there, not fatal).
 */
import { authorizationSigningHash as signingHash } from '@faultline/evm';
import type { Authorization } from './tx-fields.js';

export function authorizationSigningHash(auth: Pick<Authorization, 'chainId' | 'address' | 'nonce'>): Uint8Array {
  return signingHash(auth.chainId, auth.address, auth.nonce);
}
