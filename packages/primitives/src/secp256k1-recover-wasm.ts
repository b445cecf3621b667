/**
 * secp256k1 public-key recovery on the WebAssembly field kernel (secp256k1-wasm.ts): the same
 * algorithm as secp256k1-recover.ts — R from r and the parity, GLV halves of u1 and u2 in wNAF,
 * one shared doubling chain over G, ψ(G), R, ψ(R) — with every field operation in linear memory
 * instead of BigInt. r⁻¹ mod n is the kernel's binary extended Euclid; the rest of the scalar
 * work mod n (the GLV split, the digits) stays in BigInt: a few dozen operations against ~2,000
 * field multiplications. Engines without
 * WebAssembly use the BigInt recovery; both give noble's answer for every input (the tests).
 *
 * Tables are affine points, 64 bytes each (x then y) from HEAP: G's and ψ(G)'s 256 odd multiples
 * built once per process, R's and ψ(R)'s 8 per call.
 */
import { BETA, G_WINDOW, GX, GY, N, R_WINDOW, recoveryDigits } from './secp256k1-recover.js';
import { ACC_X, ACC_Y, ACC_Z, HEAP, SECP256K1_KERNEL, type Secp256k1Kernel, USER, ZERO } from './secp256k1-wasm.js';

const G_COUNT = 1 << (G_WINDOW - 2);
const R_COUNT = 1 << (R_WINDOW - 2);
const POINT = 64;
const G_TABLE = HEAP;
const G_ENDO = G_TABLE + G_COUNT * POINT;
const R_TABLE = G_ENDO + G_COUNT * POINT;
const R_ENDO = R_TABLE + R_COUNT * POINT;
/** Jacobian scratch (96 bytes a point) and prefix products (32 bytes) while a table is built. */
const JACOBIAN = R_ENDO + R_COUNT * POINT;
const PREFIX = JACOBIAN + G_COUNT * 96;

const ONE = USER(0);
/** 2A as (X2, Y2, Z2) in USER(1..3): madd reads Y2 at X2 + 32, and dbl's result is copied in whole. */
const X2 = USER(1);
const Z2 = USER(3);
const Z22 = USER(4);
const Z23 = USER(5);
const PROD = USER(6);
const ZI = USER(7);
const ZI2 = USER(8);
const ZI3 = USER(9);
const RX = USER(10);
const RY = USER(11);
const SEVEN = USER(12);
const BETA_SLOT = USER(13);
const AX = USER(14);
const AY = USER(15);
const C = USER(16);
const CHECK = USER(17);
const ORDER = USER(18);
const R_INV = USER(19);

function writeField(u32: Uint32Array, at: number, v: bigint): void {
  let x = v;
  for (let i = 0; i < 8; i++) {
    u32[(at >> 2) + i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

function readField(u32: Uint32Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 32n) | BigInt(u32[(at >> 2) + i]!);
  return v;
}

function copy(mem: Uint8Array, to: number, from: number, bytes: number): void {
  mem.copyWithin(to, from, from + bytes);
}

/**
 * The affine odd multiples 1·A … (2·count − 1)·A of A = (AX, AY) into `table`, and ψ of each into
 * `endo`. As in the BigInt code: 2A = (X2, Y2, Z2) is affine on the isomorphic curve
 * y² = x³ + 7·Z2⁶, the multiples are built there by mixed additions, and one batch inversion
 * (Montgomery's trick) maps them all back.
 */
function oddMultiples(k: Secp256k1Kernel, mem: Uint8Array, count: number, table: number, endo: number): void {
  copy(mem, ACC_X, AX, 32);
  copy(mem, ACC_Y, AY, 32);
  copy(mem, ACC_Z, ONE, 32);
  k.dbl();
  copy(mem, X2, ACC_X, 96); // X2, Y2, Z2
  k.fmul(Z22, Z2, Z2);
  k.fmul(Z23, Z22, Z2);
  k.fmul(JACOBIAN, AX, Z22);
  k.fmul(JACOBIAN + 32, AY, Z23);
  copy(mem, JACOBIAN + 64, ONE, 32);
  for (let i = 1; i < count; i++) {
    copy(mem, ACC_X, JACOBIAN + 96 * (i - 1), 96);
    // (2i+1)·A ≠ ∞ and (2i−1)·A ≠ ±2A for 2i+1 < n: no special case arises.
    if (k.madd(X2, 0) !== 0) throw new Error('secp256k1: odd multiples hit a special case');
    copy(mem, JACOBIAN + 96 * i, ACC_X, 96);
  }
  copy(mem, PROD, ONE, 32);
  for (let i = 0; i < count; i++) {
    const z = JACOBIAN + 96 * i + 64;
    k.fmul(z, z, Z2);
    copy(mem, PREFIX + 32 * i, PROD, 32);
    k.fmul(PROD, PROD, z);
  }
  k.finv(PROD, PROD);
  for (let i = count - 1; i >= 0; i--) {
    const j = JACOBIAN + 96 * i;
    k.fmul(ZI, PROD, PREFIX + 32 * i);
    k.fmul(PROD, PROD, j + 64);
    k.fmul(ZI2, ZI, ZI);
    k.fmul(ZI3, ZI2, ZI);
    k.fmul(table + POINT * i, j, ZI2);
    k.fmul(table + POINT * i + 32, j + 32, ZI3);
    k.fmul(endo + POINT * i, table + POINT * i, BETA_SLOT);
    copy(mem, endo + POINT * i + 32, table + POINT * i + 32, 32);
  }
}

interface Kernel {
  k: Secp256k1Kernel;
  mem: Uint8Array;
  u32: Uint32Array;
}

let ready: Kernel | undefined;

function kernel(k: Secp256k1Kernel): Kernel {
  if (ready !== undefined) return ready;
  const mem = new Uint8Array(k.memory.buffer);
  const u32 = new Uint32Array(k.memory.buffer);
  writeField(u32, ONE, 1n);
  writeField(u32, SEVEN, 7n);
  writeField(u32, BETA_SLOT, BETA);
  writeField(u32, AX, GX);
  writeField(u32, AY, GY);
  writeField(u32, ORDER, N);
  oddMultiples(k, mem, G_COUNT, G_TABLE, G_ENDO);
  ready = { k, mem, u32 };
  return ready;
}

/** Whether this engine runs the WebAssembly recovery. */
export const SECP256K1_WASM_AVAILABLE: boolean = SECP256K1_KERNEL !== undefined;

/**
 * As `recoverPublicKeyFast`: the 65-byte uncompressed key that signed `hash` with (r, s, recid),
 * or undefined; r and s in [1, n−1], recid 0 or 1. Throws where the engine has no WebAssembly.
 */
export function recoverPublicKeyWasm(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  if (SECP256K1_KERNEL === undefined) throw new Error('secp256k1-wasm: this engine has no WebAssembly');
  const { k, mem, u32 } = kernel(SECP256K1_KERNEL);
  // R = (r, y), y² = r³ + 7 with y's parity = recid (r < n < p).
  writeField(u32, RX, r);
  k.fmul(C, RX, RX);
  k.fmul(C, C, RX);
  k.fadd(C, C, SEVEN);
  k.fsqrt(RY, C);
  k.fmul(CHECK, RY, RY);
  k.fsub(CHECK, CHECK, C);
  if (k.iszero(CHECK) === 0) return undefined; // r is no x-coordinate on the curve
  if ((u32[RY >> 2]! & 1) !== (recid & 1)) k.fsub(RY, ZERO, RY);
  copy(mem, AX, RX, 32);
  copy(mem, AY, RY, 32);
  oddMultiples(k, mem, R_COUNT, R_TABLE, R_ENDO);
  // r⁻¹ mod n by the kernel's binary extended Euclid (r is in [1, n − 1], so the loop ends).
  k.ninv(R_INV, RX, ORDER);
  const { digits, negated, start } = recoveryDigits(hash, r, s, readField(u32, R_INV));
  const tables = [G_TABLE, G_ENDO, R_TABLE, R_ENDO];

  let infinity = true;
  for (let i = start; i >= 0; i--) {
    if (!infinity) k.dbl();
    for (let t = 0; t < 4; t++) {
      const d = digits[t]![i]!;
      if (d === 0) continue;
      // |d| = 2m + 1 is the table's m-th point.
      const q = tables[t]! + 32 * (d > 0 ? d - 1 : -d - 1);
      const neg = d > 0 === negated[t] ? 1 : 0;
      if (infinity) {
        copy(mem, ACC_X, q, 32);
        if (neg) k.fsub(ACC_Y, ZERO, q + 32);
        else copy(mem, ACC_Y, q + 32, 32);
        copy(mem, ACC_Z, ONE, 32);
        infinity = false;
        continue;
      }
      const status = k.madd(q, neg);
      if (status === 1) k.dbl();
      else if (status === 2) infinity = true;
    }
  }
  if (infinity) return undefined;
  k.finv(ZI, ACC_Z);
  k.fmul(ZI2, ZI, ZI);
  k.fmul(ZI3, ZI2, ZI);
  k.fmul(ACC_X, ACC_X, ZI2);
  k.fmul(ACC_Y, ACC_Y, ZI3);
  const key = new Uint8Array(65);
  key[0] = 4;
  for (let i = 0; i < 32; i++) {
    key[1 + i] = mem[ACC_X + 31 - i]!;
    key[33 + i] = mem[ACC_Y + 31 - i]!;
  }
  return key;
}
