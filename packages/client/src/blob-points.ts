/**
 * The evaluation points of a blob (EIP-4844 "Helper functions"): element i of a blob is the
 * polynomial's value at the i-th 4096th root of unity of BLS12-381 Fr in bit-reversed order, and
 * the blob pre-image key of element i is keccak(commitment ++ z_i) with that root as z_i — not
 * the index (the OP spec's "rootOfUnity[i]"; kona #1473).
 */
import { bigIntToBytes } from '@faultline/primitives';

/** EIP-4844 BLS_MODULUS. */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
/** EIP-4844 PRIMITIVE_ROOT_OF_UNITY. */
const PRIMITIVE_ROOT = 7n;
export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const BYTES_PER_FIELD_ELEMENT = 32;
const LOG2_FIELD_ELEMENTS = 12;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

function reverseBits(i: number): number {
  let r = 0;
  for (let k = 0; k < LOG2_FIELD_ELEMENTS; k++) r |= ((i >> k) & 1) << (LOG2_FIELD_ELEMENTS - 1 - k);
  return r;
}

let points: Uint8Array[] | undefined;

/** z_0 … z_4095 as 32-byte big-endian values (computed once). */
export function blobEvaluationPoints(): readonly Uint8Array[] {
  if (points) return points;
  const w = modPow(PRIMITIVE_ROOT, (BLS_MODULUS - 1n) / BigInt(FIELD_ELEMENTS_PER_BLOB), BLS_MODULUS);
  const powers = new Array<bigint>(FIELD_ELEMENTS_PER_BLOB);
  powers[0] = 1n;
  for (let i = 1; i < FIELD_ELEMENTS_PER_BLOB; i++) powers[i] = (powers[i - 1]! * w) % BLS_MODULUS;
  points = powers.map((_, i) => bigIntToBytes(powers[reverseBits(i)]!, 32));
  return points;
}
