/**
 * The BLS12-381 WebAssembly kernel: the field bodies of bls12-381-fp-wasm.ts plus Jacobian point
 * doubling and mixed addition over Fp (G1: y² = x³ + 4) and over Fp2 (G2: y² = x³ + 4(u + 1)),
 * assembled into one module at first use with primitives' mini-assembler (no toolchain, no
 * binary blob). bls12-381-subgroup.ts drives it for the EIP-2537 subgroup checks.
 *
 * Both curves have a = 0, so the formulas are the Explicit-Formulas Database's dbl-2009-l
 * (2M + 5S), madd-2007-bl (7M + 4S) and add-2007-bl (11M + 5S), written once over an abstract
 * field and emitted twice. `madd` and `add` return 1 when the two points are equal and 2 when they are opposite (the incomplete
 * formula's cases, left to the caller), else 0; `dbl` returns 1 when the result is infinity
 * (Z = 0, only for a point of order 2 — neither curve group has one, as both cofactors are odd).
 *
 * Memory: element slots of 96 bytes (an Fp2 element; an Fp element uses the first 48) from
 * byte 256; bytes 0–95 are the zero element. A point's X is at its slot and Y one slot later.
 */
import {
  funcBody as body,
  instantiateWasm,
  memoryModule,
  localSet as set,
  sleb,
  uleb,
  vec,
  WASM,
} from '@faultline/primitives';
import {
  BLS_P,
  FP_BYTES,
  f2linearBody,
  f2mulBody,
  f2sqrBody,
  faddBody,
  fmulBody,
  fsqrBody,
  fsubBody,
  iszeroBody,
  MONT_R,
} from './bls12-381-fp-wasm.js';

/** The shared opcode table (wasm-asm.ts), under the short name these emitters use. */
const OP = WASM;

export const SLOT_BYTES = 96;
const slot = (i: number): number => 256 + SLOT_BYTES * i;
/** The zero element: memory starts zeroed and nothing writes here. */
export const ZERO = 0;
const F2_SCRATCH = { t0: slot(0), t1: slot(1), t2: slot(2), t3: slot(3) };
const T = (i: number): number => slot(4 + i);
/** The subgroup checks' Jacobian accumulator (X, Y, Z): a point is three consecutive slots. */
export const ACC_X = slot(20);
export const ACC_Y = slot(21);
export const ACC_Z = slot(22);
/** Free slots for the caller. */
export const USER = (i: number): number => slot(32 + i);
/** Where bls12-381-msm.ts keeps its affine input points and Jacobian buckets. */
export const HEAP = 65536;
/** 4 MiB: room for 5,000 points and 4,096 buckets of either group. */
const MEMORY_PAGES = 64;
/** The end of the kernel's memory: how far the heap may grow. */
export const MEMORY_BYTES = MEMORY_PAGES * 65536;

/** Function indices, in the order of the code section. */
const F = {
  fmul: 0,
  fadd: 1,
  fsub: 2,
  iszero: 3,
  f2mul: 4,
  f2sqr: 5,
  f2add: 6,
  f2sub: 7,
  dbl1: 8,
  madd1: 9,
  add1: 10,
  dbl2: 11,
  madd2: 12,
  add2: 13,
  fsqr: 14,
} as const;

type Operand = number | { l: number };
const addr = (o: Operand): number[] =>
  typeof o === 'number' ? [OP.i32Const, ...sleb(o)] : [OP.localGet, ...uleb(o.l)];
const call = (f: number, ...args: Operand[]): number[] => [...args.flatMap(addr), OP.call, ...uleb(f)];

/** One field as the curve formulas see it. */
interface Field {
  mul(d: Operand, a: Operand, b: Operand): number[];
  sqr(d: Operand, a: Operand): number[];
  add(d: Operand, a: Operand, b: Operand): number[];
  sub(d: Operand, a: Operand, b: Operand): number[];
  iszero(a: Operand): number[];
}

const FP: Field = {
  mul: (d, a, b) => call(F.fmul, d, a, b),
  sqr: (d, a) => call(F.fsqr, d, a),
  add: (d, a, b) => call(F.fadd, d, a, b),
  sub: (d, a, b) => call(F.fsub, d, a, b),
  iszero: (a) => [...addr(a), OP.i32Const, ...sleb(FP_BYTES), OP.call, F.iszero],
};
const FP2: Field = {
  mul: (d, a, b) => call(F.f2mul, d, a, b),
  sqr: (d, a) => call(F.f2sqr, d, a),
  add: (d, a, b) => call(F.f2add, d, a, b),
  sub: (d, a, b) => call(F.f2sub, d, a, b),
  iszero: (a) => [...addr(a), OP.i32Const, ...sleb(2 * FP_BYTES), OP.call, F.iszero],
};

/**
 * Jacobian points are three consecutive slots (X, Y, Z) at an address held in a local; these
 * locals hold the addresses of Y and Z. Sets them from the point's local `p` into `y`, `z`.
 */
function coordinates(p: number, y: number, z: number): number[] {
  return [
    ...[OP.localGet, ...uleb(p), OP.i32Const, ...sleb(SLOT_BYTES), OP.i32Add],
    ...set(y),
    ...[OP.localGet, ...uleb(p), OP.i32Const, ...sleb(2 * SLOT_BYTES), OP.i32Add],
    ...set(z),
  ];
}

/** dbl(a): a = 2·a (dbl-2009-l, a = 0); a is not infinity. Returns 1 when 2·a is. */
function dblBody(f: Field): number[] {
  const [X1, Y1, Z1] = [{ l: 0 }, { l: 1 }, { l: 2 }];
  const [A, B, C, D, E, F2, X] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6)] as const;
  const code = [
    ...coordinates(0, 1, 2),
    ...f.sqr(A, X1),
    ...f.sqr(B, Y1),
    ...f.sqr(C, B),
    ...f.add(X, X1, B),
    ...f.sqr(X, X),
    ...f.sub(X, X, A),
    ...f.sub(X, X, C),
    ...f.add(D, X, X), // D = 2((X + B)² − A − C)
    ...f.add(E, A, A),
    ...f.add(E, E, A), // E = 3A
    ...f.sqr(F2, E),
    ...f.mul(Z1, Y1, Z1),
    ...f.add(Z1, Z1, Z1), // Z3 = 2·Y·Z, before Y changes
    ...f.sub(X1, F2, D),
    ...f.sub(X1, X1, D), // X3 = F − 2D
    ...f.sub(X, D, X1),
    ...f.mul(X, E, X),
    ...f.add(C, C, C),
    ...f.add(C, C, C),
    ...f.add(C, C, C), // 8C
    ...f.sub(Y1, X, C), // Y3 = E(D − X3) − 8C
    ...f.iszero(Z1),
  ];
  return body([[2, OP.i32]], code);
}

/** The equal/opposite exit of both additions: H = 0, so 1 when R = 0 (equal), else 2. */
function sameX(f: Field, H: number, R: number): number[] {
  return [...f.iszero(H), OP.if, OP.void, OP.i32Const, 2, ...f.iszero(R), OP.i32Sub, OP.return, OP.end];
}

/** madd(a, q): a += the affine point (X at q, Y one slot on) (madd-2007-bl); a is not infinity. */
function maddBody(f: Field): number[] {
  const [X1, Q, Y1, Z1, QY] = [{ l: 0 }, { l: 1 }, { l: 2 }, { l: 3 }, { l: 4 }];
  const [ZZ, U2, S2, H, R, HH, I, J, V, W] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6), T(7), T(8), T(9)] as const;
  const code = [
    ...coordinates(0, 2, 3),
    ...[OP.localGet, 1, OP.i32Const, ...sleb(SLOT_BYTES), OP.i32Add],
    ...set(QY.l),
    ...f.sqr(ZZ, Z1),
    ...f.mul(U2, Q, ZZ),
    ...f.mul(S2, Z1, ZZ),
    ...f.mul(S2, QY, S2),
    ...f.sub(H, U2, X1),
    ...f.sub(R, S2, Y1),
    ...sameX(f, H, R),
    ...f.add(R, R, R),
    ...f.sqr(HH, H),
    ...f.add(I, HH, HH),
    ...f.add(I, I, I),
    ...f.mul(J, H, I),
    ...f.mul(V, X1, I),
    ...f.mul(W, Y1, J),
    ...f.add(W, W, W), // 2·Y1·J, before Y changes
    ...f.sqr(X1, R),
    ...f.sub(X1, X1, J),
    ...f.sub(X1, X1, V),
    ...f.sub(X1, X1, V), // X3 = r² − J − 2V
    ...f.sub(Y1, V, X1),
    ...f.mul(Y1, R, Y1),
    ...f.sub(Y1, Y1, W), // Y3 = r(V − X3) − 2·Y1·J
    ...f.add(Z1, Z1, H),
    ...f.sqr(Z1, Z1),
    ...f.sub(Z1, Z1, ZZ),
    ...f.sub(Z1, Z1, HH), // Z3 = (Z1 + H)² − Z1Z1 − HH
    ...[OP.i32Const, 0],
  ];
  return body([[3, OP.i32]], code);
}

/** add(a, b): a += b, both Jacobian and neither infinity (add-2007-bl). Returns 0, 1 or 2 as madd. */
function addBody(f: Field): number[] {
  const [X1, X2, Y1, Z1, Y2, Z2] = [{ l: 0 }, { l: 1 }, { l: 2 }, { l: 3 }, { l: 4 }, { l: 5 }];
  const [Z1Z1, Z2Z2, U1, U2, S1, S2, H, I, J, R, V] = [
    T(0),
    T(1),
    T(2),
    T(3),
    T(4),
    T(5),
    T(6),
    T(7),
    T(8),
    T(9),
    T(10),
  ] as const;
  const code = [
    ...coordinates(0, 2, 3),
    ...coordinates(1, 4, 5),
    ...f.sqr(Z1Z1, Z1),
    ...f.sqr(Z2Z2, Z2),
    ...f.mul(U1, X1, Z2Z2),
    ...f.mul(U2, X2, Z1Z1),
    ...f.mul(S1, Y1, Z2),
    ...f.mul(S1, S1, Z2Z2),
    ...f.mul(S2, Y2, Z1),
    ...f.mul(S2, S2, Z1Z1),
    ...f.sub(H, U2, U1),
    ...f.sub(R, S2, S1),
    ...sameX(f, H, R),
    ...f.add(I, H, H),
    ...f.sqr(I, I), // I = (2H)²
    ...f.mul(J, H, I),
    ...f.add(R, R, R), // r = 2(S2 − S1)
    ...f.mul(V, U1, I),
    ...f.sqr(X1, R),
    ...f.sub(X1, X1, J),
    ...f.sub(X1, X1, V),
    ...f.sub(X1, X1, V), // X3 = r² − J − 2V
    ...f.sub(Y1, V, X1),
    ...f.mul(Y1, R, Y1),
    ...f.mul(S1, S1, J),
    ...f.add(S1, S1, S1),
    ...f.sub(Y1, Y1, S1), // Y3 = r(V − X3) − 2·S1·J
    ...f.add(Z1, Z1, Z2),
    ...f.sqr(Z1, Z1),
    ...f.sub(Z1, Z1, Z1Z1),
    ...f.sub(Z1, Z1, Z2Z2),
    ...f.mul(Z1, Z1, H), // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
    ...[OP.i32Const, 0],
  ];
  return body([[4, OP.i32]], code);
}

function assemble(): Uint8Array {
  const i32 = OP.i32;
  const types = [
    [0x60, ...vec([[i32], [i32], [i32]]), ...vec([])], // 0: (d, a, b)
    [0x60, ...vec([[i32], [i32]]), ...vec([])], // 1: (d, a)
    [0x60, ...vec([[i32]]), ...vec([[i32]])], // 2: (a) → status
    [0x60, ...vec([[i32], [i32]]), ...vec([[i32]])], // 3: (a, q) → status
    [0x60, ...vec([[i32], [i32]]), ...vec([[i32]])], // 4: (a, bytes) → bool
  ];
  // In F order.
  const funcTypes = [0, 0, 0, 4, 0, 1, 0, 0, 2, 3, 3, 2, 3, 3, 1];
  const calls = { fmul: F.fmul, fadd: F.fadd, fsub: F.fsub };
  return memoryModule(types, funcTypes, MEMORY_PAGES, F, [
    fmulBody(),
    faddBody(),
    fsubBody(),
    iszeroBody(),
    f2mulBody(calls, F2_SCRATCH),
    f2sqrBody(calls, F2_SCRATCH),
    f2linearBody(F.fadd),
    f2linearBody(F.fsub),
    dblBody(FP),
    maddBody(FP),
    addBody(FP),
    dblBody(FP2),
    maddBody(FP2),
    addBody(FP2),
    fsqrBody(),
  ]);
}

export interface Bls12381Kernel {
  memory: { buffer: ArrayBuffer };
  /** d = a·b·2^−384 mod p (Montgomery product). */
  fmul(d: number, a: number, b: number): void;
  /** d = a²·2^−384 mod p. */
  fsqr(d: number, a: number): void;
  fadd(d: number, a: number, b: number): void;
  fsub(d: number, a: number, b: number): void;
  /** 1 when `bytes` bytes at a are zero. */
  iszero(a: number, bytes: number): number;
  f2mul(d: number, a: number, b: number): void;
  f2sqr(d: number, a: number): void;
  f2add(d: number, a: number, b: number): void;
  f2sub(d: number, a: number, b: number): void;
  /** a = 2·a for the Jacobian point at a over Fp (G1); 1 when the result is infinity. */
  dbl1(a: number): number;
  /** a += the affine point at q over Fp; 0, or 1 (equal: double instead), or 2 (opposite: infinity). */
  madd1(a: number, q: number): number;
  /** a += b, both Jacobian over Fp; statuses as madd1. */
  add1(a: number, b: number): number;
  dbl2(a: number): number;
  madd2(a: number, q: number): number;
  add2(a: number, b: number): number;
}

/** A fresh instance with its own memory, or undefined in an engine without WebAssembly (QuickJS). */
export function createBls12381Kernel(): Bls12381Kernel | undefined {
  return instantiateWasm<Bls12381Kernel>(assemble());
}

/** The process's instance and views of its memory. */
export interface KernelState {
  k: Bls12381Kernel;
  u32: Uint32Array;
  mem: Uint8Array;
}

/** Slots every user of the shared instance reads: R mod p (Montgomery 1), R² mod p, and 1 (plain). */
export const ONE = USER(0);
const R2 = USER(1);
const PLAIN_ONE = USER(2);
/** The first USER slot the shared instance's users may claim. */
export const FIRST_FREE_USER = 3;

/** Writes v (< 2^384) as twelve little-endian limbs, not converted. */
export function writePlain(u32: Uint32Array, at: number, v: bigint): void {
  for (let i = 0; i < 12; i++) u32[(at >> 2) + i] = Number((v >> BigInt(32 * i)) & 0xffffffffn);
}

let shared: KernelState | undefined;

/** The process's kernel, made at first use; throws in an engine without WebAssembly. */
export function bls12381Kernel(): KernelState {
  if (shared !== undefined) return shared;
  const k = createBls12381Kernel();
  if (k === undefined) throw new Error('bls12-381 kernel: this engine has no WebAssembly');
  const u32 = new Uint32Array(k.memory.buffer);
  writePlain(u32, ONE, MONT_R % BLS_P);
  writePlain(u32, R2, (MONT_R * MONT_R) % BLS_P);
  writePlain(u32, PLAIN_ONE, 1n);
  shared = { k, u32, mem: new Uint8Array(k.memory.buffer) };
  return shared;
}

/** Writes the constant v in Montgomery form (v·R² ·R⁻¹ = v·R) at `at`. */
export function writeMont(s: KernelState, at: number, v: bigint): void {
  writePlain(s.u32, at, v);
  s.k.fmul(at, at, R2);
}

/**
 * Loads the 48-byte big-endian value after an EIP-2537 Fp element's 16 zero bytes (the codec
 * has checked both) at input[offset..offset+64], in Montgomery form.
 */
export function loadFp(s: KernelState, at: number, input: Uint8Array, offset: number): void {
  const base = at >> 2;
  const end = offset + 64;
  for (let i = 0; i < 12; i++) {
    const o = end - 4 * i - 4;
    s.u32[base + i] = ((input[o]! << 24) | (input[o + 1]! << 16) | (input[o + 2]! << 8) | input[o + 3]!) >>> 0;
  }
  s.k.fmul(at, at, R2);
}

/** The Fp element at `at` (Montgomery form) as a plain BigInt; `scratch` is a free slot. */
export function readFp(s: KernelState, at: number, scratch: number): bigint {
  s.k.fmul(scratch, at, PLAIN_ONE); // a·R · 1 · R⁻¹
  let v = 0n;
  for (let i = 11; i >= 0; i--) v = (v << 32n) | BigInt(s.u32[(scratch >> 2) + i]!);
  return v;
}
