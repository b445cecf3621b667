/**
 * The BLS12-381 WebAssembly kernel: the field bodies of bls12-381-fp-wasm.ts plus Jacobian point
 * doubling and mixed addition over Fp (G1: y² = x³ + 4) and over Fp2 (G2: y² = x³ + 4(u + 1)),
 * assembled into one module at first use with primitives' mini-assembler (no toolchain, no
 * binary blob). bls12-381-subgroup.ts drives it for the EIP-2537 subgroup checks.
 *
 * Both curves have a = 0, so the formulas are the Explicit-Formulas Database's dbl-2009-l
 * (2M + 5S) and madd-2007-bl (7M + 4S), written once over an abstract field and emitted twice.
 * `madd` returns 1 when the two points are equal and 2 when they are opposite (the incomplete
 * formula's cases, left to the caller), else 0; `dbl` returns 1 when the result is infinity
 * (Z = 0, only for a point of order 2 — neither curve group has one, as both cofactors are odd).
 *
 * Memory: element slots of 96 bytes (an Fp2 element; an Fp element uses the first 48) from
 * byte 256; bytes 0–95 are the zero element. A point's X is at its slot and Y one slot later.
 */
import { instantiateWasm, section, sleb, uleb, vec, WASM_HEADER, wasmName } from '@faultline/primitives';
import {
  body,
  FP_BYTES,
  f2linearBody,
  f2mulBody,
  f2sqrBody,
  faddBody,
  fmulBody,
  fsubBody,
  iszeroBody,
  OP,
  set,
} from './bls12-381-fp-wasm.js';

export const SLOT_BYTES = 96;
const slot = (i: number): number => 256 + SLOT_BYTES * i;
/** The zero element: memory starts zeroed and nothing writes here. */
export const ZERO = 0;
const F2_SCRATCH = { t0: slot(0), t1: slot(1), t2: slot(2), t3: slot(3) };
const T = (i: number): number => slot(4 + i);
/** The Jacobian accumulator (X, Y, Z). */
export const ACC_X = slot(20);
export const ACC_Y = slot(21);
export const ACC_Z = slot(22);
/** Free slots for the caller. */
export const USER = (i: number): number => slot(32 + i);
const MEMORY_PAGES = 1;

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
  dbl2: 10,
  madd2: 11,
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
  sqr: (d, a) => call(F.fmul, d, a, a),
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

/** dbl(): ACC = 2·ACC (dbl-2009-l, a = 0); ACC is not infinity. Returns 1 when 2·ACC is. */
function dblBody(f: Field): number[] {
  const [A, B, C, D, E, F2, X] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6)] as const;
  const code = [
    ...f.sqr(A, ACC_X),
    ...f.sqr(B, ACC_Y),
    ...f.sqr(C, B),
    ...f.add(X, ACC_X, B),
    ...f.sqr(X, X),
    ...f.sub(X, X, A),
    ...f.sub(X, X, C),
    ...f.add(D, X, X), // D = 2((X + B)² − A − C)
    ...f.add(E, A, A),
    ...f.add(E, E, A), // E = 3A
    ...f.sqr(F2, E),
    ...f.mul(ACC_Z, ACC_Y, ACC_Z),
    ...f.add(ACC_Z, ACC_Z, ACC_Z), // Z3 = 2·Y·Z, before Y changes
    ...f.sub(ACC_X, F2, D),
    ...f.sub(ACC_X, ACC_X, D), // X3 = F − 2D
    ...f.sub(X, D, ACC_X),
    ...f.mul(X, E, X),
    ...f.add(C, C, C),
    ...f.add(C, C, C),
    ...f.add(C, C, C), // 8C
    ...f.sub(ACC_Y, X, C), // Y3 = E(D − X3) − 8C
    ...f.iszero(ACC_Z),
  ];
  return body([], code);
}

/** madd(q): ACC += the affine point (X at q, Y at q + 96) (madd-2007-bl); ACC is not infinity. */
function maddBody(f: Field): number[] {
  const Q = { l: 0 };
  const QY = { l: 1 }; // i32 local: q + 96
  const [ZZ, U2, S2, H, R, HH, I, J, V, W] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6), T(7), T(8), T(9)] as const;
  const code = [
    ...addr(Q),
    ...[OP.i32Const, ...sleb(SLOT_BYTES), OP.i32Add],
    ...set(QY.l),
    ...f.sqr(ZZ, ACC_Z),
    ...f.mul(U2, Q, ZZ),
    ...f.mul(S2, ACC_Z, ZZ),
    ...f.mul(S2, QY, S2),
    ...f.sub(H, U2, ACC_X),
    ...f.sub(R, S2, ACC_Y),
    // H = 0: the x-coordinates agree, so the points are equal (R = 0) or opposite.
    ...f.iszero(H),
    ...[OP.if, OP.void],
    ...[OP.i32Const, 2],
    ...f.iszero(R),
    ...[OP.i32Sub, OP.return, OP.end],
    ...f.add(R, R, R),
    ...f.sqr(HH, H),
    ...f.add(I, HH, HH),
    ...f.add(I, I, I),
    ...f.mul(J, H, I),
    ...f.mul(V, ACC_X, I),
    ...f.mul(W, ACC_Y, J),
    ...f.add(W, W, W), // 2·Y1·J, before Y changes
    ...f.sqr(ACC_X, R),
    ...f.sub(ACC_X, ACC_X, J),
    ...f.sub(ACC_X, ACC_X, V),
    ...f.sub(ACC_X, ACC_X, V), // X3 = r² − J − 2V
    ...f.sub(ACC_Y, V, ACC_X),
    ...f.mul(ACC_Y, R, ACC_Y),
    ...f.sub(ACC_Y, ACC_Y, W), // Y3 = r(V − X3) − 2·Y1·J
    ...f.add(ACC_Z, ACC_Z, H),
    ...f.sqr(ACC_Z, ACC_Z),
    ...f.sub(ACC_Z, ACC_Z, ZZ),
    ...f.sub(ACC_Z, ACC_Z, HH), // Z3 = (Z1 + H)² − Z1Z1 − HH
    ...[OP.i32Const, 0],
  ];
  return body([[1, OP.i32]], code);
}

function assemble(): Uint8Array {
  const i32 = OP.i32;
  const types = vec([
    [0x60, ...vec([[i32], [i32], [i32]]), ...vec([])], // 0: (d, a, b)
    [0x60, ...vec([[i32], [i32]]), ...vec([])], // 1: (d, a)
    [0x60, ...vec([]), ...vec([[i32]])], // 2: () → status
    [0x60, ...vec([[i32]]), ...vec([[i32]])], // 3: (q) → status
    [0x60, ...vec([[i32], [i32]]), ...vec([[i32]])], // 4: (a, bytes) → bool
  ]);
  // In F order.
  const funcTypes = [[0], [0], [0], [4], [0], [1], [0], [0], [2], [3], [2], [3]];
  const calls = { fmul: F.fmul, fadd: F.fadd, fsub: F.fsub };
  const exports = Object.entries(F).map(([name, index]) => [...wasmName(name), 0x00, ...uleb(index)]);
  const bytes = [
    ...WASM_HEADER,
    ...section(1, types),
    ...section(3, vec(funcTypes)),
    ...section(5, vec([[0x00, ...uleb(MEMORY_PAGES)]])),
    ...section(7, vec([[...wasmName('memory'), 0x02, 0], ...exports])),
    ...section(
      10,
      vec([
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
        dblBody(FP2),
        maddBody(FP2),
      ]),
    ),
  ];
  return Uint8Array.from(bytes);
}

export interface Bls12381Kernel {
  memory: { buffer: ArrayBuffer };
  /** d = a·b·2^−384 mod p (Montgomery product). */
  fmul(d: number, a: number, b: number): void;
  fadd(d: number, a: number, b: number): void;
  fsub(d: number, a: number, b: number): void;
  /** 1 when `bytes` bytes at a are zero. */
  iszero(a: number, bytes: number): number;
  f2mul(d: number, a: number, b: number): void;
  f2sqr(d: number, a: number): void;
  f2add(d: number, a: number, b: number): void;
  f2sub(d: number, a: number, b: number): void;
  /** ACC = 2·ACC over Fp (G1); 1 when the result is infinity. */
  dbl1(): number;
  /** ACC += affine point at q over Fp; 0, or 1 (equal: double instead), or 2 (opposite: infinity). */
  madd1(q: number): number;
  dbl2(): number;
  madd2(q: number): number;
}

/** A fresh instance with its own memory, or undefined in an engine without WebAssembly (QuickJS). */
export function createBls12381Kernel(): Bls12381Kernel | undefined {
  return instantiateWasm<Bls12381Kernel>(assemble());
}
