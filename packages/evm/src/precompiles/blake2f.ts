/**
 * 0x09 BLAKE2F (EIP-152, Istanbul): the BLAKE2b compression function F with a caller-chosen
 * number of rounds (RFC 7693 §3.2 fixes it at 12; the precompile does not). Input is exactly
 * 213 bytes: rounds (u32 big-endian) ‖ h (8 × u64 LE) ‖ m (16 × u64 LE) ‖ t (2 × u64 LE) ‖ f
 * (one byte, 0 or 1). Gas is one per round. noble exposes only whole-message hashing, so the
 * compression is written here: the round loop runs in a small WASM module (blake2b-wasm.ts),
 * with a JavaScript version over 32-bit halves kept as its tested reference.
 */
import { HAS_WASM } from '@faultline/primitives';
import { blake2bRoundsWasm } from './blake2b-wasm.js';
import {
  failure,
  INVALID_INPUT_LENGTH,
  OUT_OF_GAS_RESULT,
  type Precompile,
  type PrecompileResult,
  success,
} from './types.js';

export const BLAKE2F_INPUT_LENGTH = 213;
export const BLAKE2F_GAS_PER_ROUND = 1;

// RFC 7693 §2.6: the SHA-512 initialisation vector, as [lo, hi] 32-bit halves.
const IV = Uint32Array.of(
  0xf3bcc908,
  0x6a09e667,
  0x84caa73b,
  0xbb67ae85,
  0xfe94f82b,
  0x3c6ef372,
  0x5f1d36f1,
  0xa54ff53a,
  0xade682d1,
  0x510e527f,
  0x2b3e6c1f,
  0x9b05688c,
  0xfb41bd6b,
  0x1f83d9ab,
  0x137e2179,
  0x5be0cd19,
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

// SIGMA flattened and pre-doubled into indices of the [lo, hi] message array.
const SIGMA2 = Uint8Array.from(SIGMA.flat(), (word) => 2 * word);

const TWO_POW_32 = 0x100000000;

/**
 * The mixing function G (RFC 7693 §3.1) on 64-bit words stored as [lo, hi] pairs at v[i],
 * v[i+1] (all indices pre-doubled). Halves live in locals; a carry out of the low half is
 * `lo / 2^32 | 0` since every low sum stays below 2^34.
 */
function mix(v: Uint32Array, a: number, b: number, c: number, d: number, m: Uint32Array, x: number, y: number): void {
  let al = v[a];
  let ah = v[a + 1];
  let bl = v[b];
  let bh = v[b + 1];
  let cl = v[c];
  let ch = v[c + 1];
  let dl = v[d];
  let dh = v[d + 1];
  let lo: number;
  let tl: number;
  let th: number;
  // a = a + b + m[x]
  lo = al + bl + m[x];
  ah = (ah + bh + m[x + 1] + ((lo / TWO_POW_32) | 0)) >>> 0;
  al = lo >>> 0;
  // d = rotr64(d ^ a, 32)
  tl = dl ^ al;
  dl = dh ^ ah;
  dh = tl;
  // c = c + d
  lo = cl + (dl >>> 0);
  ch = (ch + (dh >>> 0) + ((lo / TWO_POW_32) | 0)) >>> 0;
  cl = lo >>> 0;
  // b = rotr64(b ^ c, 24)
  tl = bl ^ cl;
  th = bh ^ ch;
  bl = (tl >>> 24) | (th << 8);
  bh = (th >>> 24) | (tl << 8);
  // a = a + b + m[y]
  lo = al + (bl >>> 0) + m[y];
  ah = (ah + (bh >>> 0) + m[y + 1] + ((lo / TWO_POW_32) | 0)) >>> 0;
  al = lo >>> 0;
  // d = rotr64(d ^ a, 16)
  tl = dl ^ al;
  th = dh ^ ah;
  dl = (tl >>> 16) | (th << 16);
  dh = (th >>> 16) | (tl << 16);
  // c = c + d
  lo = cl + (dl >>> 0);
  ch = (ch + (dh >>> 0) + ((lo / TWO_POW_32) | 0)) >>> 0;
  cl = lo >>> 0;
  // b = rotr64(b ^ c, 63) = rotl64(b ^ c, 1)
  tl = bl ^ cl;
  th = bh ^ ch;
  bl = (tl << 1) | (th >>> 31);
  bh = (th << 1) | (tl >>> 31);
  v[a] = al;
  v[a + 1] = ah;
  v[b] = bl;
  v[b + 1] = bh;
  v[c] = cl;
  v[c + 1] = ch;
  v[d] = dl;
  v[d + 1] = dh;
}

/** Applies `count` rounds to the working vector `v` with message `m` (both [lo, hi] pairs). */
export type Blake2bRounds = (v: Uint32Array, m: Uint32Array, count: number) => void;

/** The reference round loop in JavaScript (32-bit halves); the WASM one is tested against it. */
export const blake2bRoundsJs: Blake2bRounds = (v, m, count) => {
  for (let round = 0; round < count; round++) {
    const s = (round % 10) * 16;
    // Columns, then diagonals (RFC 7693 §3.2).
    mix(v, 0, 8, 16, 24, m, SIGMA2[s], SIGMA2[s + 1]);
    mix(v, 2, 10, 18, 26, m, SIGMA2[s + 2], SIGMA2[s + 3]);
    mix(v, 4, 12, 20, 28, m, SIGMA2[s + 4], SIGMA2[s + 5]);
    mix(v, 6, 14, 22, 30, m, SIGMA2[s + 6], SIGMA2[s + 7]);
    mix(v, 0, 10, 20, 30, m, SIGMA2[s + 8], SIGMA2[s + 9]);
    mix(v, 2, 12, 22, 24, m, SIGMA2[s + 10], SIGMA2[s + 11]);
    mix(v, 4, 14, 16, 26, m, SIGMA2[s + 12], SIGMA2[s + 13]);
    mix(v, 6, 8, 18, 28, m, SIGMA2[s + 14], SIGMA2[s + 15]);
  }
};

/** WASM where the engine has it (V8); the JS rounds elsewhere (QuickJS in the MIPS VM). */
const defaultRounds: Blake2bRounds = HAS_WASM ? blake2bRoundsWasm : blake2bRoundsJs;

/**
 * BLAKE2b F: mixes message block `m` (16 words) into state `h` (8 words) in place; words are
 * [lo, hi] pairs. `t` is the 128-bit offset counter as [t0lo, t0hi, t1lo, t1hi].
 */
export function blake2bCompress(
  rounds: number,
  h: Uint32Array,
  m: Uint32Array,
  t: Uint32Array,
  finalBlock: boolean,
  applyRounds: Blake2bRounds = defaultRounds,
): void {
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
  applyRounds(v, m, rounds);
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
