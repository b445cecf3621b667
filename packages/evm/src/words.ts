/**
 * 256-bit words and their conversions to and from bytes (memory, calldata, hashes, addresses),
 * shared by the interpreter loop and the out-of-line instructions.
 *
 * A `Word` is a JS number when its value is below 2^32 and a bigint otherwise. Most words in real
 * programs are small — offsets, lengths, counters, flags, selectors, jump destinations — and V8
 * computes on small numbers inline without allocating, while every bigint result is a heap
 * object built by a runtime call. Invariants: a number word is always an integer in [0, 2^32);
 * a bigint word is in [0, 2^256). Producers keep words canonical (`canon`, `word`) so the fast
 * paths trigger; consumers stay correct for a small value held as a bigint too (they compare
 * with `==`, which is numeric across the two types, or convert with `big`).
 */
import { KECCAK256_EMPTY, keccak256Into } from '@faultline/primitives';
import type { AddressHex } from './state-interface.js';

export type Word = number | bigint;

export const MASK = (1n << 256n) - 1n;
/** 2^32: the first value held as a bigint. */
export const SMALL_LIMIT = 4294967296;
const SMALL_LIMIT_BIG = 4294967296n;

/** A word as a bigint (for arithmetic the number fast paths do not cover). */
export function big(w: Word): bigint {
  return typeof w === 'number' ? BigInt(w) : w;
}

/** The canonical word for a bigint in [0, 2^256). */
export function canon(v: bigint): Word {
  return v < SMALL_LIMIT_BIG ? Number(v) : v;
}

/** The canonical word for a non-negative safe integer. */
export function word(n: number): Word {
  return n < SMALL_LIMIT ? n : BigInt(n);
}
export const MODULUS = 1n << 256n;
export const SIGN = 1n << 255n;
const ADDR_MASK = (1n << 160n) - 1n;

export function addressFromWord(x: Word): AddressHex {
  const hex = typeof x === 'number' ? x.toString(16) : (x & ADDR_MASK).toString(16);
  return `0x${hex.padStart(40, '0')}`;
}

export function wordFromBytes(b: Uint8Array, off: number, len: number): bigint {
  // len ≤ 32; fold 6 bytes at a time into a double, then into the bigint.
  let n = 0n;
  let i = off;
  const end = off + len;
  for (; i + 6 <= end; i += 6) {
    n =
      (n << 48n) |
      BigInt(
        b[i]! * 2 ** 40 +
          b[i + 1]! * 2 ** 32 +
          b[i + 2]! * 2 ** 24 +
          b[i + 3]! * 2 ** 16 +
          b[i + 4]! * 2 ** 8 +
          b[i + 5]!,
      );
  }
  for (; i < end; i++) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/**
 * 32 bytes of memory as a word. Most words hold small numbers (pointers, lengths, counters), so
 * the leading 28 bytes are checked first: then the word is a plain number, no bigint at all.
 */
export function loadWord(dv: DataView, o: number): Word {
  return isSmallAt(dv, o) ? dv.getUint32(o + 28) : bigWordAt(dv, o);
}

/** True when the leading 28 of the 32 bytes at `o` are zero: the word is a number word. */
export function isSmallAt(dv: DataView, o: number): boolean {
  return (
    (dv.getUint32(o) |
      dv.getUint32(o + 4) |
      dv.getUint32(o + 8) |
      dv.getUint32(o + 12) |
      dv.getUint32(o + 16) |
      dv.getUint32(o + 20) |
      dv.getUint32(o + 24)) ===
    0
  );
}

/** 32 bytes as a bigint, whatever their value (`loadWord` has checked it is not small). */
export function bigWordAt(dv: DataView, o: number): bigint {
  return (
    (dv.getBigUint64(o) << 192n) |
    (dv.getBigUint64(o + 8) << 128n) |
    (dv.getBigUint64(o + 16) << 64n) |
    dv.getBigUint64(o + 24)
  );
}

/**
 * The last few big words stored, with their bytes as big-endian 32-bit words. The same 256-bit
 * values are stored again and again — the caller and the recipient as mapping keys before each
 * KECCAK256, the same addresses and event signature as LOG topics — and a value seen recently
 * is eight 32-bit stores instead of three bigint shifts (three allocations) and four 64-bit
 * conversions. `===` compares bigints by value; unequal ones differ in their first digit.
 */
const RECENT = 8;
const recentWords: bigint[] = new Array<bigint>(RECENT).fill(-1n);
const recentBytes = new Uint32Array(RECENT * 8);
let recentNext = 0;

export function storeWord(dv: DataView, o: number, w: Word): void {
  if (typeof w === 'number') {
    dv.setUint32(o, 0);
    dv.setUint32(o + 4, 0);
    dv.setUint32(o + 8, 0);
    dv.setUint32(o + 12, 0);
    dv.setUint32(o + 16, 0);
    dv.setUint32(o + 20, 0);
    dv.setUint32(o + 24, 0);
    dv.setUint32(o + 28, w);
    return;
  }
  for (let i = 0; i < RECENT; i++) {
    if (recentWords[i] === w) {
      const b = 8 * i;
      for (let k = 0; k < 8; k++) dv.setUint32(o + 4 * k, recentBytes[b + k]!);
      return;
    }
  }
  const v = w;
  // setBigUint64 stores its argument modulo 2^64 (ToBigUint64), so no masks: three bigint
  // shifts are the only allocations.
  dv.setBigUint64(o, v >> 192n);
  dv.setBigUint64(o + 8, v >> 128n);
  dv.setBigUint64(o + 16, v >> 64n);
  dv.setBigUint64(o + 24, v);
  const slot = recentNext;
  recentNext = (slot + 1) & (RECENT - 1);
  recentWords[slot] = v;
  for (let k = 0; k < 8; k++) recentBytes[8 * slot + k] = dv.getUint32(o + 4 * k);
}

/** Shared 32-byte scratch word: converting through it avoids a DataView per conversion. */
const SCRATCH = new Uint8Array(32);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

/** Writes `v` as 32 big-endian bytes into `dst` at `off`. */
export function writeWord(dst: Uint8Array, off: number, v: Word): void {
  storeWord(SCRATCH_VIEW, 0, v);
  dst.set(SCRATCH, off);
}

/** keccak-256 of `b[off..off+len)` as a word, through the scratch word (no allocation). */
export function keccakWord(b: Uint8Array, off: number, len: number): Word {
  keccak256Into(b, off, len, SCRATCH, 0);
  return loadWord(SCRATCH_VIEW, 0);
}

/** A 32-byte big-endian hash (or any full word) as a word. */
export function hashWord(h: Uint8Array): Word {
  SCRATCH.set(h.length === 32 ? h : h.subarray(0, 32));
  return loadWord(SCRATCH_VIEW, 0);
}

/** 32 bytes of `b` from `off`, zero-padded past its end (CALLDATALOAD). */
export function readWordPadded(b: Uint8Array, off: Word): Word {
  const o = Number(off);
  if (o >= b.length) return 0;
  if (o + 32 <= b.length) return hashWord(b.subarray(o, o + 32));
  const avail = b.length - o;
  return canon(wordFromBytes(b, o, avail) << BigInt(8 * (32 - avail)));
}

export function toSigned(x: bigint): bigint {
  return x >= SIGN ? x - MODULUS : x;
}

export const KECCAK_EMPTY_WORD = wordFromBytes(KECCAK256_EMPTY, 0, 32);
