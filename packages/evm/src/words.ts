/**
 * 256-bit words as bigints: the conversions between stack words and bytes (memory, calldata,
 * hashes, addresses) shared by the interpreter loop and the out-of-line instructions.
 */
import { KECCAK256_EMPTY } from '@faultline/primitives';
import type { AddressHex } from './state-interface.js';

export const MASK = (1n << 256n) - 1n;
export const MODULUS = 1n << 256n;
export const SIGN = 1n << 255n;
const M64 = (1n << 64n) - 1n;
const ADDR_MASK = (1n << 160n) - 1n;

export function addressFromWord(x: bigint): AddressHex {
  return `0x${(x & ADDR_MASK).toString(16).padStart(40, '0')}`;
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

const SMALL = 1n << 48n;

/**
 * 32 bytes of memory as a word. Most words hold small numbers (pointers, lengths, counters), so
 * a 48-bit fast path builds them with one bigint allocation instead of seven.
 */
export function loadWord(dv: DataView, o: number): bigint {
  if (
    (dv.getUint32(o) |
      dv.getUint32(o + 4) |
      dv.getUint32(o + 8) |
      dv.getUint32(o + 12) |
      dv.getUint32(o + 16) |
      dv.getUint32(o + 20) |
      dv.getUint16(o + 24)) ===
    0
  ) {
    return BigInt(dv.getUint16(o + 26) * 4294967296 + dv.getUint32(o + 28));
  }
  return (
    (dv.getBigUint64(o) << 192n) |
    (dv.getBigUint64(o + 8) << 128n) |
    (dv.getBigUint64(o + 16) << 64n) |
    dv.getBigUint64(o + 24)
  );
}

export function storeWord(dv: DataView, o: number, v: bigint): void {
  if (v < SMALL) {
    const n = Number(v);
    dv.setUint32(o, 0);
    dv.setUint32(o + 4, 0);
    dv.setUint32(o + 8, 0);
    dv.setUint32(o + 12, 0);
    dv.setUint32(o + 16, 0);
    dv.setUint32(o + 20, 0);
    dv.setUint16(o + 24, 0);
    dv.setUint16(o + 26, Math.floor(n / 4294967296));
    dv.setUint32(o + 28, n >>> 0);
    return;
  }
  dv.setBigUint64(o, v >> 192n);
  dv.setBigUint64(o + 8, (v >> 128n) & M64);
  dv.setBigUint64(o + 16, (v >> 64n) & M64);
  dv.setBigUint64(o + 24, v & M64);
}

/** Shared 32-byte scratch word: converting through it avoids a DataView per conversion. */
const SCRATCH = new Uint8Array(32);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

export function wordToBytes(v: bigint): Uint8Array {
  storeWord(SCRATCH_VIEW, 0, v);
  return SCRATCH.slice();
}

/** A 32-byte big-endian hash (or any full word) as a bigint. */
export function hashWord(h: Uint8Array): bigint {
  SCRATCH.set(h.length === 32 ? h : h.subarray(0, 32));
  return loadWord(SCRATCH_VIEW, 0);
}

/** 32 bytes of `b` from `off`, zero-padded past its end (CALLDATALOAD). */
export function readWordPadded(b: Uint8Array, off: bigint): bigint {
  if (off >= BigInt(b.length)) return 0n;
  const o = Number(off);
  if (o + 32 <= b.length) return hashWord(b.subarray(o, o + 32));
  const avail = b.length - o;
  return wordFromBytes(b, o, avail) << BigInt(8 * (32 - avail));
}

export function toSigned(x: bigint): bigint {
  return x >= SIGN ? x - MODULUS : x;
}

export const KECCAK_EMPTY_WORD = wordFromBytes(KECCAK256_EMPTY, 0, 32);
