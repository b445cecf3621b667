/**
 * ADD … SHR, ADDMOD and MULMOD as pure functions of their operands: the one definition of these
 * instructions. The interpreter (`interpreter.ts`) and compiled blocks (`block-compiler.ts`) both
 * write the two-number-words fast path out inline and call these for everything else, where the
 * bigint work dwarfs the call. Operand order is the stack's: `a` is the top.
 */
import { big, canon, MASK, MODULUS, SMALL_LIMIT, type Word } from './words.js';

/** `BigInt(k)` for every shift amount: a bigint shift by a table entry allocates only its result. */
const SHIFT: readonly bigint[] = Array.from({ length: 257 }, (_, k) => BigInt(k));
/** 2^k as doubles (exact). */
const POW2: Float64Array = Float64Array.from({ length: 257 }, (_, k) => 2 ** k);
/** 2^(256−k): a value below it shifted left by k stays below 2^256, so needs no mask. */
const SHL_LIMIT: readonly bigint[] = Array.from({ length: 257 }, (_, k) => 1n << BigInt(256 - k));

/** Two number words: the sum is exact (< 2^33). Otherwise compare instead of masking: no second
 * bigint allocation in the common no-overflow case. */
export function add(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return r < SMALL_LIMIT ? r : BigInt(r);
  }
  const r = big(a) + big(b);
  return canon(r > MASK ? r - MODULUS : r);
}

/**
 * A double product of number words below 2^32 is exact; a larger one is redone in bigint (it may
 * be inexact beyond 2^53, and never needs the mask). × 2^k, the pre-Constantinople way of
 * shifting left, is a bigint shift: several times cheaper than a bigint multiplication.
 */
export function mul(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return r < SMALL_LIMIT ? r : BigInt(a) * BigInt(b);
  }
  if (typeof b === 'number' && b !== 0 && (b & (b - 1)) === 0)
    return canon((big(a) << SHIFT[31 - Math.clz32(b)]!) & MASK);
  if (typeof a === 'number' && a !== 0 && (a & (a - 1)) === 0)
    return canon((big(b) << SHIFT[31 - Math.clz32(a)]!) & MASK);
  const r = big(a) * big(b);
  return canon(r > MASK ? r & MASK : r);
}

/** a − b, wrapping below zero. */
export function sub(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return r >= 0 ? r : MODULUS + BigInt(r);
  }
  const r = big(a) - big(b);
  return canon(r < 0n ? r + MODULUS : r);
}

/** a / b, 0 when b is 0; ÷ 2^k (the pre-Constantinople shift right) is a bigint shift. */
export function div(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? 0 : (a / b) >>> 0;
  if (typeof b === 'number' && b !== 0 && (b & (b - 1)) === 0) return canon(big(a) >> SHIFT[31 - Math.clz32(b)]!);
  const d = big(b);
  return d === 0n ? 0 : canon(big(a) / d);
}

/**
 * AND with a number word is below 2^32: the bigint operand's low 32 bits as a number suffice
 * (one small bigint instead of converting the number and building a wide result).
 */
export function and(a: Word, b: Word): Word {
  if (typeof a === 'number') return (a & (typeof b === 'number' ? b : Number(BigInt.asUintN(32, b)))) >>> 0;
  if (typeof b === 'number') return (b & Number(BigInt.asUintN(32, a))) >>> 0;
  return canon(a & b);
}
export const or = (a: Word, b: Word): Word =>
  typeof a === 'number' && typeof b === 'number' ? (a | b) >>> 0 : canon(big(a) | big(b));
export const xor = (a: Word, b: Word): Word =>
  typeof a === 'number' && typeof b === 'number' ? (a ^ b) >>> 0 : canon(big(a) ^ big(b));
/** NOT of a number word is ≥ 2^256 − 2^32: always a bigint word. */
export const not = (a: Word): Word => (typeof a === 'number' ? MASK ^ BigInt(a) : canon(MASK ^ a));

/**
 * SHL: `a` is the shift, `b` the value. A number value times 2^a is an exact double (at most
 * 32 significant bits), so it becomes a bigint in one conversion; the mask is needed only when
 * the result can pass 2^256.
 */
export function shl(a: Word, b: Word): Word {
  if (a >= 256) return 0;
  const k = typeof a === 'number' ? a : Number(a);
  if (typeof b === 'number') {
    const r = b * POW2[k]!;
    if (r < SMALL_LIMIT) return r;
    return k <= 224 ? BigInt(r) : canon(BigInt(r) & MASK);
  }
  return canon(b < SHL_LIMIT[k]! ? b << SHIFT[k]! : (b << SHIFT[k]!) & MASK);
}

/** SHR: `a` is the shift, `b` the value. */
export function shr(a: Word, b: Word): Word {
  if (a >= 256) return 0;
  const k = typeof a === 'number' ? a : Number(a);
  if (typeof b === 'number') return k < 32 ? b >>> k : 0;
  return canon(b >> SHIFT[k]!);
}

/** 2^53: products and sums of number words below it are exact doubles. */
const EXACT = 9007199254740992;

/**
 * ADDMOD (a + b) mod c, 0 when c is 0, computed without the 2^256 wrap (Yellow Paper). Number
 * words add exactly (< 2^33); operands already reduced (the usual case in modular code) need one
 * subtraction, not a division.
 */
export function addmod(a: Word, b: Word, c: Word): Word {
  if (typeof c === 'number') {
    if (c === 0) return 0;
    if (typeof a === 'number' && typeof b === 'number') return (a + b) % c;
    return Number((big(a) + big(b)) % BigInt(c));
  }
  if (c === 0n) return 0;
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r < c) return r < SMALL_LIMIT ? r : BigInt(r);
  } else if (a < c && b < c) {
    const r = big(a) + big(b);
    return canon(r >= c ? r - c : r);
  }
  return canon((big(a) + big(b)) % c);
}

/**
 * MULMOD (a · b) mod c, 0 when c is 0, over the full 512-bit product (Yellow Paper). A number
 * modulus keeps everything in doubles: residues below 2^32 multiplied in two 16-bit halves stay
 * below 2^53. With a bigint modulus, a product of number words below 2^53 that is already
 * smaller than c is the result (`<` compares number with bigint by value); the rest is one bigint
 * product and remainder — the division is most of MULMOD's cost (~4× the product), so zero and
 * one operands skip both.
 */
export function mulmod(a: Word, b: Word, c: Word): Word {
  if (typeof c === 'number') {
    if (c === 0) return 0;
    const x = typeof a === 'number' ? a % c : Number(a % BigInt(c));
    const y = typeof b === 'number' ? b % c : Number(b % BigInt(c));
    const p = x * y;
    if (p < EXACT) return p % c;
    return (((x * (y >>> 16)) % c) * 65536 + x * (y & 0xffff)) % c;
  }
  if (c === 0n) return 0;
  if (typeof a === 'number') {
    if (a === 0) return 0;
    if (typeof b === 'number') {
      const p = a * b;
      if (p < EXACT && p < c) return p < SMALL_LIMIT ? p : BigInt(p);
    } else if (a === 1) return canon(b < c ? b : b % c);
  } else if (typeof b === 'number') {
    if (b === 0) return 0;
    if (b === 1) return canon(a < c ? a : a % c);
  }
  return canon((big(a) * big(b)) % c);
}
