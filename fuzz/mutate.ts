/**
 * Byte-level mutation (AFL-style "havoc", written for this project): bit flips, interesting
 * integers of 1/2/4/8 bytes in either byte order, small arithmetic, block deletion, insertion,
 * duplication and overwrite, truncation, splicing with another seed and dictionary tokens. The
 * structure-aware mutators (RLP, JSON, binary field tables) call this for their leaves and fall
 * back to it, so every target also gets plain byte noise.
 */
import type { Rng } from './rng.js';

/** Values at the edges of integer types and common lengths (AFL's "interesting values" idea). */
export const INTERESTING_8 = [
  0, 1, 2, 0x10, 0x20, 0x37, 0x38, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xbf, 0xc0, 0xf7, 0xf8, 0xfe, 0xff,
];
export const INTERESTING_32 = [
  0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 52, 55, 56, 63, 64, 100, 127, 128, 255, 256, 1000, 1024, 4095, 4096, 4097,
  0x7fff, 0x8000, 0xffff, 0x10000, 0x100000, 0xfffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];

export interface MutateContext {
  /** Other seeds of the same target, for splicing. */
  readonly seeds: readonly Uint8Array[];
  /** Byte strings worth inserting (magic numbers, keywords). */
  readonly dictionary?: readonly Uint8Array[];
  readonly maxLength: number;
}

function putUint(out: Uint8Array, at: number, size: number, value: number, littleEndian: boolean): void {
  let v = value;
  for (let i = 0; i < size; i++) {
    const byte = v % 256;
    out[littleEndian ? at + i : at + size - 1 - i] = byte;
    v = Math.floor(v / 256);
  }
}

function getUint(b: Uint8Array, at: number, size: number, littleEndian: boolean): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[littleEndian ? at + size - 1 - i : at + i]!;
  return v;
}

function splice(a: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length - remove + insert.length);
  out.set(a.subarray(0, at));
  out.set(insert, at);
  out.set(a.subarray(at + remove), at + insert.length);
  return out;
}

/** One havoc operation on `input` (which is not modified). */
export function mutateOnce(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array {
  const n = input.length;
  const op = rng.int(16);
  if (n === 0 && op < 10) return rng.bytes(rng.smallLength(64));
  const at = rng.int(n);
  switch (op) {
    case 0: {
      const out = input.slice();
      out[at] ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      const out = input.slice();
      out[at] = rng.u32() & 0xff;
      return out;
    }
    case 2: {
      const out = input.slice();
      out[at] = rng.pick(INTERESTING_8);
      return out;
    }
    case 3:
    case 4: {
      const size = rng.pick([2, 4, 8]);
      if (n < size) return mutateOnce(input, rng, ctx);
      const out = input.slice();
      const pos = rng.int(n - size + 1);
      const value = rng.oneIn(4) ? 2 ** (size * 8) - 1 - rng.int(3) : rng.pick(INTERESTING_32);
      putUint(out, pos, size, Math.min(value, 2 ** (size * 8) - 1), rng.oneIn(3));
      return out;
    }
    case 5: {
      const size = rng.pick([1, 2, 4]);
      if (n < size) return mutateOnce(input, rng, ctx);
      const out = input.slice();
      const pos = rng.int(n - size + 1);
      const le = rng.oneIn(3);
      const max = 2 ** (size * 8);
      const delta = (rng.int(35) + 1) * (rng.oneIn(2) ? 1 : -1);
      putUint(out, pos, size, (((getUint(out, pos, size, le) + delta) % max) + max) % max, le);
      return out;
    }
    case 6: {
      const len = Math.min(n - at, 1 + rng.smallLength(n));
      return splice(input, at, len, new Uint8Array(0));
    }
    case 7: {
      const len = rng.smallLength(64);
      return splice(input, at, 0, rng.oneIn(2) ? rng.bytes(len) : new Uint8Array(len).fill(rng.u32() & 0xff));
    }
    case 8: {
      const from = rng.int(n);
      const len = Math.min(n - from, 1 + rng.smallLength(n));
      return splice(input, at, 0, input.slice(from, from + len));
    }
    case 9: {
      const from = rng.int(n);
      const len = Math.min(n - from, n - at, 1 + rng.smallLength(n));
      const out = input.slice();
      out.copyWithin(at, from, from + len);
      return out;
    }
    case 10:
      return input.slice(0, rng.int(n + 1));
    case 11:
      return splice(input, n, 0, rng.bytes(1 + rng.smallLength(64)));
    case 12: {
      const other = ctx.seeds.length > 0 ? rng.pick(ctx.seeds) : input;
      if (other.length === 0) return input.slice(0, at);
      const from = rng.int(other.length);
      return splice(input, at, rng.int(n - at + 1), other.subarray(from, from + 1 + rng.smallLength(other.length)));
    }
    case 13: {
      const dict = ctx.dictionary;
      if (!dict || dict.length === 0) return mutateOnce(input, rng, ctx);
      const token = rng.pick(dict);
      return rng.oneIn(2) ? splice(input, at, 0, token) : splice(input, at, Math.min(token.length, n - at), token);
    }
    case 14: {
      // Flip a run of bits across a word boundary, a typical single-event upset in a length.
      const out = input.slice();
      const len = Math.min(n - at, 1 + rng.int(4));
      for (let i = 0; i < len; i++) out[at + i] = ~out[at + i]! & 0xff;
      return out;
    }
    default: {
      const out = input.slice();
      const len = Math.min(n - at, 1 + rng.smallLength(32));
      out.fill(rng.pick([0, 0xff, 0x80, 0x7f]), at, at + len);
      return out;
    }
  }
}

/** 1 to 8 stacked havoc operations, the result cut to `maxLength`. */
export function havoc(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array {
  let out = input;
  const rounds = 1 << rng.int(4);
  for (let i = 0; i < rounds; i++) out = mutateOnce(out, rng, ctx);
  return out.length > ctx.maxLength ? out.subarray(0, ctx.maxLength) : out;
}

/** Writes an unsigned integer field (big-endian unless told) — used by the binary field mutators. */
export function setField(out: Uint8Array, at: number, size: number, value: number, littleEndian = false): void {
  if (at + size <= out.length) putUint(out, at, size, Math.max(0, Math.min(value, 2 ** (size * 8) - 1)), littleEndian);
}

export { getUint };
