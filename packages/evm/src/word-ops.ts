/**
 * The cheap word instructions as pure functions of their operands, for compiled blocks
 * (`block-compiler.ts`): each call site there is in a small function, so V8 inlines these and,
 * when an operand is a PUSH constant, folds its type test away.
 *
 * They compute exactly what the interpreter's inline cases compute (`interpreter.ts`, ADD …
 * SHR); the interpreter keeps its own inline copies because its one huge function exceeds V8's
 * inlining budget, so a call there would stay a call. `block-compiler.test.ts` checks that compiled
 * runs and the interpreter agree.
 * Operand order is the stack's: `a` is the top.
 */
import { big, canon, MASK, MODULUS, SMALL_LIMIT, type Word } from './words.js';

export function add(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return r < SMALL_LIMIT ? r : BigInt(r);
  }
  const r = big(a) + big(b);
  return canon(r > MASK ? r - MODULUS : r);
}

export function mul(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return r < SMALL_LIMIT ? r : BigInt(a) * BigInt(b);
  }
  if (typeof b === 'number' && b !== 0 && (b & (b - 1)) === 0)
    return canon((big(a) << BigInt(31 - Math.clz32(b))) & MASK);
  if (typeof a === 'number' && a !== 0 && (a & (a - 1)) === 0)
    return canon((big(b) << BigInt(31 - Math.clz32(a))) & MASK);
  const r = big(a) * big(b);
  return canon(r > MASK ? r & MASK : r);
}

export function sub(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return r >= 0 ? r : MODULUS + BigInt(r);
  }
  const r = big(a) - big(b);
  return canon(r < 0n ? r + MODULUS : r);
}

export function div(a: Word, b: Word): Word {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? 0 : (a / b) >>> 0;
  if (typeof b === 'number' && b !== 0 && (b & (b - 1)) === 0) return canon(big(a) >> BigInt(31 - Math.clz32(b)));
  const d = big(b);
  return d === 0n ? 0 : canon(big(a) / d);
}

export const lt = (a: Word, b: Word): Word => (a < b ? 1 : 0);
export const gt = (a: Word, b: Word): Word => (a > b ? 1 : 0);
// biome-ignore lint/suspicious/noDoubleEquals: deliberate cross-type numeric comparison (1 == 1n)
export const eq = (a: Word, b: Word): Word => (a == b ? 1 : 0);
// biome-ignore lint/suspicious/noDoubleEquals: a zero word may be 0 or 0n
export const iszero = (a: Word): Word => (a == 0 ? 1 : 0);

export const and = (a: Word, b: Word): Word =>
  typeof a === 'number' && typeof b === 'number' ? (a & b) >>> 0 : canon(big(a) & big(b));
export const or = (a: Word, b: Word): Word =>
  typeof a === 'number' && typeof b === 'number' ? (a | b) >>> 0 : canon(big(a) | big(b));
export const xor = (a: Word, b: Word): Word =>
  typeof a === 'number' && typeof b === 'number' ? (a ^ b) >>> 0 : canon(big(a) ^ big(b));
export const not = (a: Word): Word => (typeof a === 'number' ? MASK ^ BigInt(a) : canon(MASK ^ a));

/** SHL: `a` is the shift, `b` the value. */
export function shl(a: Word, b: Word): Word {
  if (typeof a !== 'number' || a >= 256) return 0;
  if (typeof b === 'number' && a < 32) {
    const r = b * 2 ** a;
    return r < SMALL_LIMIT ? r : BigInt(r);
  }
  return canon((big(b) << BigInt(a)) & MASK);
}

/** SHR: `a` is the shift, `b` the value. */
export function shr(a: Word, b: Word): Word {
  if (typeof a !== 'number' || a >= 256) return 0;
  if (typeof b === 'number') return a < 32 ? b >>> a : 0;
  return canon(b >> BigInt(a));
}
