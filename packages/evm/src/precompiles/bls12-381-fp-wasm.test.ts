/**
 * The BLS12-381 kernel's field operations against BigInt arithmetic mod p, on edge values (0, 1,
 * p − 1, values whose sums land just above p or whose limbs are all ones) and pseudo-random
 * ones. Montgomery products are checked as a·b·2^−384 mod p on plain inputs; the point formulas
 * are checked through the subgroup tests (bls12-381-subgroup.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BLS_P as P } from './bls12-381-fp-wasm.js';
import { type Bls12381Kernel, createBls12381Kernel, USER } from './bls12-381-kernel-wasm.js';

// Its own instance (the shared one keeps constants in its slots); none without WebAssembly.
const maybeKernel = createBls12381Kernel();
const kernel = maybeKernel as Bls12381Kernel;
const u32 = maybeKernel ? new Uint32Array(maybeKernel.memory.buffer) : new Uint32Array(0);
const [A, B, D] = [USER(0), USER(1), USER(2)];
const R_INV = (() => {
  // 2^−384 mod p by Fermat.
  let x = 1n;
  let base = (1n << 384n) % P;
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) x = (x * base) % P;
    base = (base * base) % P;
  }
  return x;
})();
const mod = (v: bigint) => ((v % P) + P) % P;

function write(at: number, v: bigint): void {
  for (let i = 0; i < 12; i++) u32[at / 4 + i] = Number((v >> BigInt(32 * i)) & 0xffffffffn);
}
function read(at: number): bigint {
  let v = 0n;
  for (let i = 11; i >= 0; i--) v = (v << 32n) | BigInt(u32[at / 4 + i]!);
  return v;
}

/** Deterministic values below p (a 64-bit LCG, six outputs a value). */
function values(count: number): bigint[] {
  let s = 0x243f6a8885a308d3n;
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s;
  };
  return Array.from({ length: count }, () => {
    let v = 0n;
    for (let i = 0; i < 6; i++) v = (v << 64n) | next();
    return v % P;
  });
}

const EDGE = [
  0n,
  1n,
  2n,
  P - 1n,
  P - 2n,
  (P + 1n) / 2n,
  (P - 1n) / 2n,
  (1n << 380n) - 1n,
  (1n << 32n) - 1n,
  (1n << 384n) % P,
];
const ALL = [...EDGE, ...values(300)];
const pairs = ALL.flatMap((a, i) => [
  [a, ALL[(i * 7 + 3) % ALL.length]!],
  [a, ALL[(i * 13 + 1) % ALL.length]!],
]);

describe.skipIf(maybeKernel === undefined)('BLS12-381 WebAssembly field kernel', () => {
  it('fmul is the Montgomery product a·b·2^−384 mod p, fully reduced', () => {
    for (const [a, b] of [...pairs, ...EDGE.flatMap((a) => EDGE.map((b) => [a, b]))]) {
      write(A, a!);
      write(B, b!);
      kernel.fmul(D, A, B);
      expect(read(D)).toBe(mod(a! * b! * R_INV));
    }
  });

  it('fsqr is the Montgomery square, equal to fmul(a, a)', () => {
    for (const a of ALL) {
      write(A, a);
      kernel.fsqr(D, A);
      expect(read(D)).toBe(mod(a * a * R_INV));
      kernel.fsqr(A, A);
      expect(read(A)).toBe(mod(a * a * R_INV));
    }
  });

  it('fmul may write over its operands', () => {
    const [a, b] = [P - 5n, 0x1234567890abcdefn];
    write(A, a);
    write(B, b);
    kernel.fmul(A, A, B);
    expect(read(A)).toBe(mod(a * b * R_INV));
    write(A, a);
    kernel.fmul(A, A, A);
    expect(read(A)).toBe(mod(a * a * R_INV));
  });

  it('fadd and fsub agree with BigInt mod p', () => {
    for (const [a, b] of [...pairs, ...EDGE.flatMap((a) => EDGE.map((b) => [a, b]))]) {
      write(A, a!);
      write(B, b!);
      kernel.fadd(D, A, B);
      expect(read(D)).toBe(mod(a! + b!));
      kernel.fsub(D, A, B);
      expect(read(D)).toBe(mod(a! - b!));
    }
  });

  it('iszero looks at exactly the bytes it is given', () => {
    write(A, 0n);
    write(A + 48, 0n);
    expect(kernel.iszero(A, 48)).toBe(1);
    expect(kernel.iszero(A, 96)).toBe(1);
    write(A + 48, 1n << 300n);
    expect(kernel.iszero(A, 48)).toBe(1);
    expect(kernel.iszero(A, 96)).toBe(0);
    write(A, 1n << 383n);
    expect(kernel.iszero(A, 48)).toBe(0);
  });

  it('Fp2 (u² = −1) multiplication, squaring, addition and subtraction', () => {
    for (let i = 0; i + 3 < ALL.length; i += 3) {
      const [a0, a1, b0, b1] = [ALL[i]!, ALL[i + 1]!, ALL[i + 2]!, ALL[(i * 5 + 3) % ALL.length]!];
      write(A, a0);
      write(A + 48, a1);
      write(B, b0);
      write(B + 48, b1);
      kernel.f2mul(D, A, B);
      expect([read(D), read(D + 48)]).toEqual([mod((a0 * b0 - a1 * b1) * R_INV), mod((a0 * b1 + a1 * b0) * R_INV)]);
      kernel.f2sqr(D, A);
      expect([read(D), read(D + 48)]).toEqual([mod((a0 * a0 - a1 * a1) * R_INV), mod(2n * a0 * a1 * R_INV)]);
      kernel.f2add(D, A, B);
      expect([read(D), read(D + 48)]).toEqual([mod(a0 + b0), mod(a1 + b1)]);
      kernel.f2sub(D, A, B);
      expect([read(D), read(D + 48)]).toEqual([mod(a0 - b0), mod(a1 - b1)]);
      // in place, as the curve formulas use them
      kernel.f2mul(A, A, B);
      expect([read(A), read(A + 48)]).toEqual([mod((a0 * b0 - a1 * b1) * R_INV), mod((a0 * b1 + a1 * b0) * R_INV)]);
    }
  });
});
