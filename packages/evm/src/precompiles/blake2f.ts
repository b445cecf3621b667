/**
 * 0x09 BLAKE2F (EIP-152, Istanbul): the BLAKE2b compression function F with a caller-chosen
 * number of rounds (RFC 7693 §3.2 fixes it at 12; the precompile does not). Input is exactly
 * 213 bytes: rounds (u32 big-endian) ‖ h (8 × u64 LE) ‖ m (16 × u64 LE) ‖ t (2 × u64 LE) ‖ f
 * (one byte, 0 or 1). Gas is one per round. noble exposes only whole-message hashing, so the
 * compression is written here over 32-bit halves (no bigint in the round loop).
 */
import { INVALID_INPUT_LENGTH, OUT_OF_GAS_RESULT, type Precompile, type PrecompileResult, failure, success } from './types.js';

export const BLAKE2F_INPUT_LENGTH = 213;
export const BLAKE2F_GAS_PER_ROUND = 1;

// RFC 7693 §2.6: the SHA-512 initialisation vector, as [lo, hi] 32-bit halves.
const IV = Uint32Array.of(
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
);

// RFC 7693 §2.7: message word schedule; round i uses row i mod 10.
const SIGMA: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

// The mixing function's four column and four diagonal applications (RFC 7693 §3.2).
const MIX_LANES: readonly (readonly [number, number, number, number])[] = [
  [0, 4, 8, 12],
  [1, 5, 9, 13],
  [2, 6, 10, 14],
  [3, 7, 11, 15],
  [0, 5, 10, 15],
  [1, 6, 11, 12],
  [2, 7, 8, 13],
  [3, 4, 9, 14],
];

const TWO_POW_32 = 0x100000000;

/** v[a] += v[b] + m[x] on 64-bit words stored as [lo, hi] at indices 2i, 2i+1. */
function add3(v: Uint32Array, a: number, b: number, m: Uint32Array, x: number): void {
  const lo = v[2 * a] + v[2 * b] + m[2 * x];
  const hi = v[2 * a + 1] + v[2 * b + 1] + m[2 * x + 1] + Math.floor(lo / TWO_POW_32);
  v[2 * a] = lo;
  v[2 * a + 1] = hi;
}

function add2(v: Uint32Array, a: number, b: number): void {
  const lo = v[2 * a] + v[2 * b];
  const hi = v[2 * a + 1] + v[2 * b + 1] + Math.floor(lo / TWO_POW_32);
  v[2 * a] = lo;
  v[2 * a + 1] = hi;
}

/** v[d] = rotr64(v[d] ^ v[a], n) for n ∈ {32, 24, 16, 63}. */
function xorRotr(v: Uint32Array, d: number, a: number, n: number): void {
  const lo = v[2 * d] ^ v[2 * a];
  const hi = v[2 * d + 1] ^ v[2 * a + 1];
  switch (n) {
    case 32:
      v[2 * d] = hi;
      v[2 * d + 1] = lo;
      return;
    case 63: // rotr 63 = rotl 1
      v[2 * d] = (lo << 1) | (hi >>> 31);
      v[2 * d + 1] = (hi << 1) | (lo >>> 31);
      return;
    default: // 24 or 16: shift within the halves
      v[2 * d] = (lo >>> n) | (hi << (32 - n));
      v[2 * d + 1] = (hi >>> n) | (lo << (32 - n));
  }
}

/**
 * BLAKE2b F: mixes message block `m` (16 words) into state `h` (8 words) in place; words are
 * [lo, hi] pairs. `t` is the 128-bit offset counter as [t0lo, t0hi, t1lo, t1hi].
 */
export function blake2bCompress(rounds: number, h: Uint32Array, m: Uint32Array, t: Uint32Array, finalBlock: boolean): void {
  const v = new Uint32Array(32);
  v.set(h, 0);
  v.set(IV, 16);
  v[24] ^= t[0];
  v[25] ^= t[1];
  v[26] ^= t[2];
  v[27] ^= t[3];
  if (finalBlock) {
    v[28] = ~v[28];
    v[29] = ~v[29];
  }
  for (let round = 0; round < rounds; round++) {
    const s = SIGMA[round % 10];
    for (let lane = 0; lane < 8; lane++) {
      const [a, b, c, d] = MIX_LANES[lane];
      add3(v, a, b, m, s[2 * lane]);
      xorRotr(v, d, a, 32);
      add2(v, c, d);
      xorRotr(v, b, c, 24);
      add3(v, a, b, m, s[2 * lane + 1]);
      xorRotr(v, d, a, 16);
      add2(v, c, d);
      xorRotr(v, b, c, 63);
    }
  }
  for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
}

function readWordsLE(input: Uint8Array, offset: number, words: number): Uint32Array {
  const out = new Uint32Array(words * 2);
  const view = new DataView(input.buffer, input.byteOffset + offset, words * 8);
  for (let i = 0; i < words * 2; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

export const blake2f: Precompile = {
  name: 'BLAKE2F',
  run(input: Uint8Array, gasLimit: number): PrecompileResult {
    if (input.length !== BLAKE2F_INPUT_LENGTH) return failure(INVALID_INPUT_LENGTH);
    const rounds = ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
    const gas = rounds * BLAKE2F_GAS_PER_ROUND;
    if (gas > gasLimit) return OUT_OF_GAS_RESULT;
    const flag = input[212];
    if (flag > 1) return failure('invalid final flag');
    const h = readWordsLE(input, 4, 8);
    blake2bCompress(rounds, h, readWordsLE(input, 68, 16), readWordsLE(input, 196, 2), flag === 1);
    const output = new Uint8Array(64);
    const view = new DataView(output.buffer);
    for (let i = 0; i < 16; i++) view.setUint32(i * 4, h[i], true);
    return success(gas, output);
  },
};
