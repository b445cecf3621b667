import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, addmod, and, div, mul, mulmod, not, or, shl, shr, sub, xor } from './word-ops.js';
import { big, canon, type Word } from './words.js';

const MAX = (1n << 256n) - 1n;
/** Operands over the whole range and around the number/bigint boundary and 2^53. */
const value = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX }),
  fc.bigInt({ min: 0n, max: 1n << 40n }),
  fc.bigInt({ min: 0n, max: 0xffffffffn }),
  fc.constantFrom(0n, 1n, 2n, 0xffffffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 53n, MAX),
);
/** A value as a canonical word, or (consumers must accept it) a small value held as a bigint. */
const word = fc.tuple(value, fc.boolean()).map(([v, raw]): Word => (raw ? v : canon(v)));

function isCanonical(w: Word): boolean {
  return typeof w === 'number' ? Number.isInteger(w) && w >= 0 && w < 2 ** 32 : w >= 2n ** 32n && w <= MAX;
}

/** Shift amounts: every one that matters, and some that do not. */
const shift = fc.oneof(fc.integer({ min: 0, max: 260 }), fc.constantFrom(0, 31, 32, 33, 224, 225, 255, 256));

describe('word-ops U256 arithmetic (Yellow Paper semantics, canonical results)', () => {
  const binary: [string, (a: Word, b: Word) => Word, (a: bigint, b: bigint) => bigint][] = [
    ['add', add, (a, b) => (a + b) & MAX],
    ['sub', sub, (a, b) => (a - b) & MAX],
    ['mul', mul, (a, b) => (a * b) & MAX],
    ['div', div, (a, b) => (b === 0n ? 0n : a / b)],
    ['and', and, (a, b) => a & b],
    ['or', or, (a, b) => a | b],
    ['xor', xor, (a, b) => a ^ b],
  ];
  for (const [name, op, reference] of binary)
    it(name, () => {
      fc.assert(
        fc.property(word, word, (a, b) => {
          const r = op(a, b);
          expect(isCanonical(r)).toBe(true);
          expect(big(r)).toBe(reference(big(a), big(b)));
        }),
        { numRuns: 1000 },
      );
    });

  it('not', () => {
    fc.assert(
      fc.property(word, (a) => {
        const r = not(a);
        expect(isCanonical(r)).toBe(true);
        expect(big(r)).toBe(MAX ^ big(a));
      }),
    );
  });

  it('shl and shr take the shift from the top (a) and the value below it (b)', () => {
    fc.assert(
      fc.property(shift, fc.boolean(), word, (k, rawShift, b) => {
        const a: Word = rawShift ? BigInt(k) : k;
        const l = shl(a, b);
        const r = shr(a, b);
        expect(isCanonical(l) && isCanonical(r)).toBe(true);
        expect(big(l)).toBe(k >= 256 ? 0n : (big(b) << BigInt(k)) & MAX);
        expect(big(r)).toBe(k >= 256 ? 0n : big(b) >> BigInt(k));
      }),
      { numRuns: 3000 },
    );
    expect(shl(1, 0xffffffff)).toBe(0x1fffffffen);
    expect(shl(255, 3)).toBe(1n << 255n);
    expect(shl(224, 0xffffffff)).toBe(0xffffffffn << 224n);
    expect(shl(225, 0xffffffff)).toBe((0xffffffffn << 225n) & MAX);
    expect(shl(0xffffffffn << 32n, 1)).toBe(0);
  });
});

describe('word-ops modular arithmetic', () => {
  it('addmod is (a + b) mod c without the 2^256 wrap, 0 for c = 0, as a canonical word', () => {
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        const r = addmod(a, b, c);
        expect(isCanonical(r)).toBe(true);
        expect(big(r)).toBe(big(c) === 0n ? 0n : (big(a) + big(b)) % big(c));
      }),
      { numRuns: 3000 },
    );
  });

  it('mulmod is (a · b) mod c over the 512-bit product, 0 for c = 0, as a canonical word', () => {
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        const r = mulmod(a, b, c);
        expect(isCanonical(r)).toBe(true);
        expect(big(r)).toBe(big(c) === 0n ? 0n : (big(a) * big(b)) % big(c));
      }),
      { numRuns: 3000 },
    );
  });

  it('mulmod with a number modulus is exact where the double product is not (> 2^53)', () => {
    // 0xfffffffb is prime; (2^32 − 6)^2 needs 64 bits.
    expect(mulmod(0xfffffffa, 0xfffffffa, 0xfffffffb)).toBe(1);
    expect(mulmod(MAX, MAX, 0xfffffffb)).toBe(Number((MAX * MAX) % 0xfffffffbn));
    // The BN254 field modulus (weierstrudel's) with operands either side of it.
    const p = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
    expect(mulmod(p - 1n, p - 1n, p)).toBe(1);
    expect(mulmod(p + 5n, 1, p)).toBe(5);
    expect(mulmod(0xffffffff, 0xffffffff, p)).toBe(0xffffffffn * 0xffffffffn);
    expect(addmod(p - 1n, 2, p)).toBe(1);
    expect(addmod(0xffffffff, 0xffffffff, 5n)).toBe(Number((2n * 0xffffffffn) % 5n));
  });
});
