/**
 * secp256k1 public-key recovery (SEC 1 §4.1.6) for transaction senders, EIP-7702 authorities and
 * the ECRECOVER precompile — the one place all three go through, so the engine's native
 * recovery (libsecp256k1 in client.elf's runtime: 2.8 M VM steps instead of noble's 55 M) or
 * noble's serves all of them. Range rules (r, s in [1, n-1], low s) belong to the callers: each
 * has its own (EIP-2 for transactions, none for the precompile).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { NATIVE } from './native.js';

/** The group order n. */
export const SECP256K1_ORDER: bigint = secp256k1.Point.Fn.ORDER;

function word(v: bigint, out: Uint8Array, off: number): void {
  let x = v;
  for (let i = 31; i >= 0; i--) {
    out[off + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

function recoverNoble(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  try {
    return new secp256k1.Signature(r, s, recid).recoverPublicKey(hash).toBytes(false);
  } catch {
    // r is not the x-coordinate of a curve point, or the recovered point is the identity.
    return undefined;
  }
}

function recoverNative(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  const sig = new Uint8Array(64);
  word(r, sig, 0);
  word(s, sig, 32);
  return NATIVE.secp256k1Recover!(hash, sig, recid) ?? undefined;
}

const recover = NATIVE.secp256k1Recover !== undefined ? recoverNative : recoverNoble;

/**
 * The 65-byte uncompressed public key (0x04 ‖ x ‖ y) that signed the 32-byte `hash` with
 * (r, s, recid), or `undefined` when the signature recovers no key. r and s must already be in
 * [1, n-1] and recid 0 or 1.
 */
export function recoverPublicKey(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  return recover(hash, r, s, recid);
}
