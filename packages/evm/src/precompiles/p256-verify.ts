/**
 * P256VERIFY at 0x…0100: ECDSA verification over secp256r1 (NIST P-256). Introduced on OP-stack
 * chains by Fjord (RIP-7212, 3450 gas) and on L1 by Osaka (EIP-7951, 6900 gas; OP Karst aligns
 * to that price). Input is hash ‖ r ‖ s ‖ qx ‖ qy (5 × 32 bytes). Any invalid input — wrong
 * length, r or s outside [1, n-1], a coordinate ≥ p, the point at infinity, a point off the
 * curve, a failed check — is NOT an error: the call succeeds with empty output and the full
 * price is charged. A valid signature returns the word 1.
 *
 * The verification equation is spelled out here (rather than calling a library `verify`) so
 * every rejection rule above is explicit: R' = (h·s⁻¹)·G + (r·s⁻¹)·Q, accept iff R' ≠ O and
 * R'.x ≡ r (mod n).
 */
import { p256 } from '@noble/curves/nist.js';
import { OUT_OF_GAS_RESULT, type Precompile, type PrecompileResult, readBigInt, success } from './types.js';

/** RIP-7212 price (OP Fjord through Jovian). */
export const P256VERIFY_GAS_RIP7212 = 3450;
/** EIP-7951 price (L1 Osaka; OP Karst). */
export const P256VERIFY_GAS_EIP7951 = 6900;
export const P256VERIFY_INPUT_LENGTH = 160;

const Point = p256.Point;
const Fp = Point.Fp;
const Fn = Point.Fn;
const N = Fn.ORDER;
const P = Fp.ORDER;
const { a: A, b: B } = Point.CURVE();
const EMPTY = new Uint8Array(0);

/** True iff (r, s) is a valid signature of `hash` by the public key (qx, qy). */
export function verifyP256(input: Uint8Array): boolean {
  if (input.length !== P256VERIFY_INPUT_LENGTH) return false;
  const hash = readBigInt(input, 0, 32);
  const r = readBigInt(input, 32, 32);
  const s = readBigInt(input, 64, 32);
  const qx = readBigInt(input, 96, 32);
  const qy = readBigInt(input, 128, 32);
  if (r === 0n || r >= N || s === 0n || s >= N) return false;
  if (qx >= P || qy >= P) return false;
  if (qx === 0n && qy === 0n) return false; // the point at infinity is not a public key
  // y² = x³ + a·x + b
  if (Fp.sqr(qy) !== Fp.add(Fp.add(Fp.mul(Fp.sqr(qx), qx), Fp.mul(A, qx)), B)) return false;
  const q = new Point(qx, qy, Fp.ONE);
  const sInv = Fn.inv(s);
  const u1 = Fn.mul(Fn.create(hash), sInv);
  const u2 = Fn.mul(r, sInv);
  const rPrime = Point.BASE.multiplyUnsafe(u1).add(q.multiplyUnsafe(u2));
  if (rPrime.is0()) return false;
  return Fn.create(rPrime.toAffine().x) === r;
}

export function createP256Verify(gas: number): Precompile {
  return {
    name: 'P256VERIFY',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      if (gas > gasLimit) return OUT_OF_GAS_RESULT;
      if (!verifyP256(input)) return success(gas, EMPTY);
      const word = new Uint8Array(32);
      word[31] = 1;
      return success(gas, word);
    },
  };
}
