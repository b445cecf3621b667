/**
 * The WebAssembly field kernel against BigInt arithmetic mod p, on edge values (0, 1, p − 1,
 * values whose products or sums land just above p or 2^256) and pseudo-random ones; the point
 * formulas are checked through the recoveries in secp256k1-recover.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createSecp256k1Kernel, SECP256K1_KERNEL, USER } from './secp256k1-wasm.js';

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
// Its own instance: writing USER slots of the shared one would clobber the recovery's constants.
const kernel = createSecp256k1Kernel()!;
const u32 = new Uint32Array(kernel.memory.buffer);
const A = USER(0);
const B = USER(1);
const D = USER(2);

function write(at: number, v: bigint): void {
  for (let i = 0; i < 8; i++) u32[at / 4 + i] = Number((v >> BigInt(32 * i)) & 0xffffffffn);
}
function read(at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 32n) | BigInt(u32[at / 4 + i]!);
  return v;
}
function pow(b: bigint, e: bigint): bigint {
  let x = 1n;
  let base = b % P;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) x = (x * base) % P;
    base = (base * base) % P;
  }
  return x;
}

/** Deterministic 256-bit values below p (a 64-bit LCG, four outputs a value). */
function values(count: number): bigint[] {
  let s = 0x9e3779b97f4a7c15n;
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s;
  };
  return Array.from({ length: count }, () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % P);
}

const EDGE = [
  0n,
  1n,
  2n,
  977n,
  P - 1n,
  P - 2n,
  (P + 1n) / 2n,
  1n << 255n,
  (1n << 32n) + 977n,
  P - (1n << 32n),
  (1n << 224n) - 1n,
];
const ALL = [...EDGE, ...values(600)];

describe('secp256k1 WebAssembly field kernel', () => {
  it('is available under Node', () => {
    expect(SECP256K1_KERNEL).toBeDefined();
  });

  it('multiplies, squares, adds and subtracts mod p, fully reduced', () => {
    for (const a of ALL) {
      for (const b of [...EDGE, ALL[(Number(a % 1000n) + 7) % ALL.length]!]) {
        write(A, a);
        write(B, b);
        kernel.fmul(D, A, B);
        expect(read(D)).toBe((a * b) % P);
        kernel.fsqr(D, B);
        expect(read(D)).toBe((b * b) % P);
        kernel.fadd(D, A, B);
        expect(read(D)).toBe((a + b) % P);
        kernel.fsub(D, A, B);
        expect(read(D)).toBe((((a - b) % P) + P) % P);
      }
    }
  });

  it('allows the destination to be an operand', () => {
    write(A, P - 5n);
    kernel.fmul(A, A, A);
    expect(read(A)).toBe(25n);
    write(A, P - 5n);
    kernel.fsqr(A, A);
    expect(read(A)).toBe(25n);
    kernel.fsub(A, A, A);
    expect(read(A)).toBe(0n);
  });

  it('inverts (Fermat) and takes the square-root candidate a^((p+1)/4)', () => {
    for (const a of ALL.slice(0, 80)) {
      write(A, a);
      kernel.fsqrt(D, A);
      expect(read(D)).toBe(pow(a, (P + 1n) / 4n));
      if (a === 0n) continue;
      kernel.finv(D, A);
      expect((read(D) * a) % P).toBe(1n);
    }
  });

  it('tests for zero', () => {
    write(A, 0n);
    expect(kernel.iszero(A)).toBe(1);
    for (const v of [1n, 1n << 64n, 1n << 255n]) {
      write(A, v);
      expect(kernel.iszero(A)).toBe(0);
    }
  });

  it('inverts mod any odd modulus by the binary extended Euclid (the group order n, and p)', () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const M = USER(3);
    for (const m of [n, P]) {
      write(M, m);
      for (const a of [
        1n,
        2n,
        m - 1n,
        m - 2n,
        (m + 1n) / 2n,
        1n << 255n,
        ...values(150).map((v) => (v % (m - 1n)) + 1n),
      ]) {
        write(A, a);
        kernel.ninv(D, A, M);
        const inv = read(D);
        expect(inv < m).toBe(true);
        expect((inv * a) % m).toBe(1n);
      }
    }
  });
});
