/**
 * secp256k1 field and point arithmetic as a WebAssembly module assembled at load time, for the
 * recovery in secp256k1-recover-wasm.ts. BigInt arithmetic allocates a fresh heap number for every
 * intermediate (a 512-bit product, the fold, the sum), so the BigInt recovery spent most of its
 * ~0.5 ms in the allocator and in scavenges; here a field element is eight 32-bit limbs in linear
 * memory and a product is 64 i64 multiplications with no allocation at all.
 *
 * Representation: little-endian u32 limbs at a byte address, always fully reduced (< p), so
 * equality and zero tests are limb comparisons. Multiplication is schoolbook: each 64-bit partial
 * product's low half goes to its column and its high half to the next one, so a column sum stays
 * below 2^36. Reduction folds 2^256 ≡ 2^32 + 977 (mod p) twice (SEC 2 §2.4.1: p = 2^256 − 2^32 −
 * 977), a last carry once more, then subtracts p when the value is ≥ p (tested as value + 2^32 +
 * 977 ≥ 2^256).
 *
 * Point operations work on the accumulator ACC (Jacobian X, Y, Z): `dbl` is dbl-2009-l (a = 0)
 * and `madd` madd-2007-bl (Jacobian + affine) from the Explicit-Formulas Database, as in the
 * BigInt code. `madd` returns 1 when the two points are equal and 2 when they are opposite (the
 * incomplete formula's cases; the caller doubles or takes infinity) and 0 otherwise. `finv`
 * is Fermat's a^(p−2) and `fsqrt` a^((p+1)/4), both by addition chains over runs of ones in
 * the exponent.
 */
import {
  funcBody as body,
  localGet as get,
  HAS_WASM,
  i64Const as i64c,
  instantiateWasm,
  memoryModule,
  localSet as set,
  sleb,
  localTee as tee,
  uleb,
  vec,
  WASM,
} from './wasm-asm.js';

/** The shared opcode table (wasm-asm.ts), under the short name these emitters use. */
const OP = WASM;

/** Byte address of field slot i (32 bytes each); slot addresses below are the module's ABI. */
const slot = (i: number): number => 64 + 32 * i;
/** The zero element (memory starts zeroed and nothing writes here). */
export const ZERO = 0;
/** Temporaries of dbl/madd (0–11) and the chains (12–27). */
const T = (i: number): number => slot(i);
/** The Jacobian accumulator. */
export const ACC_X = slot(40);
export const ACC_Y = slot(41);
export const ACC_Z = slot(42);
/** madd's negated y. */
const NEG_Y = slot(43);
/** Free slots for the caller (secp256k1-recover-wasm.ts). */
export const USER = (i: number): number => slot(48 + i);
export const USER_SLOTS = 64;
/** Where the caller keeps its point tables (64 bytes per affine point) and scratch. */
export const HEAP = 4096;
export const MEMORY_BYTES = 4 * 65536;

const M32 = sleb(0xffffffff);
const FOLD_LO = 977;

// Instruction helpers. An operand is a constant address (number) or a local ({ l: index }).
type Operand = number | { l: number };
const addr = (o: Operand): number[] => (typeof o === 'number' ? [OP.i32Const, ...sleb(o)] : get(o.l));
const load32 = (base: number, off: number): number[] => [...get(base), OP.i64Load32U, 2, ...uleb(off)];

/** Function indices, in the order of the code section. */
const F = {
  fmul: 0,
  fadd: 1,
  fsub: 2,
  sqrn: 3,
  iszero: 4,
  finv: 5,
  fsqrt: 6,
  dbl: 7,
  madd: 8,
  ninv: 9,
  fsqr: 10,
} as const;
const call = (f: number, ...args: Operand[]): number[] => [...args.flatMap(addr), OP.call, ...uleb(f)];
const mul = (d: Operand, a: Operand, b: Operand) => call(F.fmul, d, a, b);
const add = (d: Operand, a: Operand, b: Operand) => call(F.fadd, d, a, b);
const sub = (d: Operand, a: Operand, b: Operand) => call(F.fsub, d, a, b);
const sqr = (d: Operand, a: Operand) => call(F.fsqr, d, a);
const sqrn = (d: Operand, a: Operand, n: number): number[] => [
  ...addr(d),
  ...addr(a),
  OP.i32Const,
  ...sleb(n),
  OP.call,
  F.sqrn,
];

/**
 * Stores limbs (locals) `r[0..7]` at param 0, or `s[k]` instead when local `cond` (an i64) is
 * non-zero: the final conditional correction of every operation.
 */
function storeSelect(r: number[], s: number[], cond: number): number[] {
  const code: number[] = [];
  for (let k = 0; k < 8; k++) {
    code.push(...get(0), ...get(s[k]!), ...get(r[k]!), ...get(cond), OP.i64Eqz, OP.i32Eqz, OP.select);
    code.push(OP.i64Store32, 2, ...uleb(4 * k));
  }
  return code;
}

/**
 * `s = r + (2^32 + 977)` limb by limb from locals r into locals s; leaves the carry out of bit
 * 256 in local c. r + 2^32 + 977 ≥ 2^256 exactly when r ≥ p.
 */
function addFold(r: number[], s: number[], c: number): number[] {
  const code: number[] = [];
  for (let k = 0; k < 8; k++) {
    code.push(...get(r[k]!));
    if (k === 0) code.push(...i64c(FOLD_LO), OP.i64Add);
    else code.push(...get(c), OP.i64Add);
    if (k === 1) code.push(...i64c(1), OP.i64Add);
    code.push(...tee(c), OP.i64Const, ...M32, OP.i64And, ...set(s[k]!));
    code.push(...get(c), ...i64c(32), OP.i64ShrU, ...set(c));
  }
  return code;
}

/**
 * The 16 columns of a 256×256-bit product into locals t(0..15): each 64-bit partial product's
 * low half to its column, its high half (in local `nxt`) to the next. For a square, a·a's
 * off-diagonal products appear once, doubled (both halves shifted left: < 2^33 each).
 */
function columns(code: number[], A: (i: number) => number, B: (i: number) => number, square: boolean, l: Locals): void {
  const { t, C, NXT, P } = l;
  code.push(...i64c(0), ...set(C), ...i64c(0), ...set(NXT));
  for (let k = 0; k < 15; k++) {
    // c += the previous column's high halves; this column's high halves start from zero.
    code.push(...get(C), ...get(NXT), OP.i64Add, ...set(C), ...i64c(0), ...set(NXT));
    for (let i = Math.max(0, k - 7); i <= Math.min(7, square ? k >> 1 : k); i++) {
      const twice = square && 2 * i !== k;
      code.push(...get(A(i)), ...get(B(k - i)), OP.i64Mul, ...tee(P));
      code.push(OP.i64Const, ...M32, OP.i64And);
      if (twice) code.push(...i64c(1), OP.i64Shl);
      code.push(...get(C), OP.i64Add, ...set(C));
      code.push(...get(P), ...i64c(32), OP.i64ShrU);
      if (twice) code.push(...i64c(1), OP.i64Shl);
      code.push(...get(NXT), OP.i64Add, ...set(NXT));
    }
    code.push(...get(C), OP.i64Const, ...M32, OP.i64And, ...set(t(k)));
    code.push(...get(C), ...i64c(32), OP.i64ShrU, ...set(C));
  }
  code.push(...get(C), ...get(NXT), OP.i64Add, ...set(t(15)));
}

interface Locals {
  t: (i: number) => number;
  C: number;
  NXT: number;
  P: number;
}

/** Reduces t(0..15) mod p and stores it at param 0. */
function reduceAndStore(code: number[], l: Locals): void {
  const { t, C, P } = l;
  // First fold: L + H·977 + H·2^32, limbs r_k into t_k (t_k is not read again once replaced).
  for (let k = 0; k <= 8; k++) {
    if (k > 0) code.push(...get(C), ...get(t(k + 7)), OP.i64Add);
    if (k === 8) {
      code.push(...set(t(8))); // the part above 2^256, below 2^35
      break;
    }
    code.push(...get(t(k)), ...get(t(k + 8)), ...i64c(FOLD_LO), OP.i64Mul, OP.i64Add);
    if (k > 0) code.push(OP.i64Add);
    code.push(...tee(C), OP.i64Const, ...M32, OP.i64And, ...set(t(k)), ...get(C), ...i64c(32), OP.i64ShrU, ...set(C));
  }
  // Second fold of t8, then of the (0 or 1) carry it leaves: after that nothing carries out.
  for (let pass = 0; pass < 2; pass++) {
    const top = pass === 0 ? t(8) : C;
    code.push(...get(top), ...set(P));
    for (let k = 0; k < 8; k++) {
      code.push(...get(t(k)));
      if (k === 0) code.push(...get(P), ...i64c(FOLD_LO), OP.i64Mul, OP.i64Add);
      else code.push(...get(C), OP.i64Add);
      if (k === 1) code.push(...get(P), OP.i64Add);
      code.push(...tee(C), OP.i64Const, ...M32, OP.i64And, ...set(t(k)), ...get(C), ...i64c(32), OP.i64ShrU, ...set(C));
    }
  }
  const r = [0, 1, 2, 3, 4, 5, 6, 7].map(t);
  const s = [8, 9, 10, 11, 12, 13, 14, 15].map(t);
  code.push(...addFold(r, s, C), ...storeSelect(r, s, C));
}

/** fmul(d, a, b): d = a·b mod p. Params 0–2; locals a 3–10, b 11–18, t 19–34, c 35, nxt 36, p 37. */
function fmulBody(): number[] {
  const A = (i: number) => 3 + i;
  const B = (i: number) => 11 + i;
  const l: Locals = { t: (i) => 19 + i, C: 35, NXT: 36, P: 37 };
  const code: number[] = [];
  for (let i = 0; i < 8; i++) code.push(...load32(1, 4 * i), ...set(A(i)), ...load32(2, 4 * i), ...set(B(i)));
  columns(code, A, B, false, l);
  reduceAndStore(code, l);
  return body([[35, OP.i64]], code);
}

/** fsqr(d, a): d = a² mod p with 36 products instead of 64. Locals a 2–9, t 10–25, c 26, nxt 27, p 28. */
function fsqrBody(): number[] {
  const A = (i: number) => 2 + i;
  const l: Locals = { t: (i) => 10 + i, C: 26, NXT: 27, P: 28 };
  const code: number[] = [];
  for (let i = 0; i < 8; i++) code.push(...load32(1, 4 * i), ...set(A(i)));
  columns(code, A, A, true, l);
  reduceAndStore(code, l);
  return body([[27, OP.i64]], code);
}

/** fadd(d, a, b): d = a + b mod p. Locals r 3–10, s 11–18, c 19, c1 20. */
function faddBody(): number[] {
  const r = [3, 4, 5, 6, 7, 8, 9, 10];
  const s = [11, 12, 13, 14, 15, 16, 17, 18];
  const C = 19;
  const C1 = 20;
  const code: number[] = [...i64c(0), ...set(C)];
  for (let k = 0; k < 8; k++) {
    code.push(...load32(1, 4 * k), ...load32(2, 4 * k), OP.i64Add, ...get(C), OP.i64Add);
    code.push(...tee(C), OP.i64Const, ...M32, OP.i64And, ...set(r[k]!), ...get(C), ...i64c(32), OP.i64ShrU, ...set(C));
  }
  // a + b < 2p < 2^257: it is ≥ p when it carried out of 2^256 or when adding 2^32 + 977 does.
  code.push(...get(C), ...set(C1), ...addFold(r, s, C), ...get(C), ...get(C1), OP.i64Or, ...set(C));
  code.push(...storeSelect(r, s, C));
  return body([[18, OP.i64]], code);
}

/** fsub(d, a, b): d = a − b mod p; on a borrow, p is added (= subtracting 2^32 + 977 mod 2^256). */
function fsubBody(): number[] {
  const r = [3, 4, 5, 6, 7, 8, 9, 10];
  const s = [11, 12, 13, 14, 15, 16, 17, 18];
  const C = 19;
  const BORROW = 20;
  const code: number[] = [...i64c(0), ...set(C)];
  for (let k = 0; k < 8; k++) {
    // c is 0 or −1 (the arithmetic shift of a value in [−2^32, 2^32)).
    code.push(...load32(1, 4 * k), ...load32(2, 4 * k), OP.i64Sub, ...get(C), OP.i64Add);
    code.push(...tee(C), OP.i64Const, ...M32, OP.i64And, ...set(r[k]!), ...get(C), ...i64c(32), OP.i64ShrS, ...set(C));
  }
  code.push(...get(C), ...set(BORROW), ...i64c(0), ...set(C));
  for (let k = 0; k < 8; k++) {
    code.push(...get(r[k]!), ...get(C), OP.i64Add);
    if (k === 0) code.push(...i64c(FOLD_LO), OP.i64Sub);
    if (k === 1) code.push(...i64c(1), OP.i64Sub);
    code.push(...tee(C), OP.i64Const, ...M32, OP.i64And, ...set(s[k]!), ...get(C), ...i64c(32), OP.i64ShrS, ...set(C));
  }
  code.push(...storeSelect(r, s, BORROW));
  return body([[18, OP.i64]], code);
}

/** sqrn(d, a, n): d = a^(2^n), n ≥ 1. */
function sqrnBody(): number[] {
  const code = [
    ...sqr({ l: 0 }, { l: 1 }),
    ...[OP.block, OP.void, OP.loop, OP.void],
    ...get(2),
    ...[OP.i32Const, 1, OP.i32Sub],
    ...tee(2),
    ...[OP.i32Eqz, OP.brIf, 1],
    ...sqr({ l: 0 }, { l: 0 }),
    ...[OP.br, 0, OP.end, OP.end],
  ];
  return body([], code);
}

/** iszero(a): 1 when every limb is 0. */
function iszeroBody(): number[] {
  const code: number[] = [];
  for (let k = 0; k < 4; k++) {
    code.push(...get(0), OP.i64Load, 3, ...uleb(8 * k));
    if (k > 0) code.push(OP.i64Or);
  }
  code.push(OP.i64Eqz);
  return body([], code);
}

/**
 * The runs of ones shared by both exponents: x_k = a^(2^k − 1) in temporaries, ending with
 * x223. (p − 2) and (p + 1)/4 both start with 223 ones (p = 2^256 − 2^32 − 977).
 */
function onesChain(a: Operand): { code: number[]; x2: number; x22: number; x223: number } {
  const [x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22].map(T);
  const code = [
    ...sqr(x2!, a),
    ...mul(x2!, x2!, a),
    ...sqr(x3!, x2!),
    ...mul(x3!, x3!, a),
    ...sqrn(x6!, x3!, 3),
    ...mul(x6!, x6!, x3!),
    ...sqrn(x9!, x6!, 3),
    ...mul(x9!, x9!, x3!),
    ...sqrn(x11!, x9!, 2),
    ...mul(x11!, x11!, x2!),
    ...sqrn(x22!, x11!, 11),
    ...mul(x22!, x22!, x11!),
    ...sqrn(x44!, x22!, 22),
    ...mul(x44!, x44!, x22!),
    ...sqrn(x88!, x44!, 44),
    ...mul(x88!, x88!, x44!),
    ...sqrn(x176!, x88!, 88),
    ...mul(x176!, x176!, x88!),
    ...sqrn(x220!, x176!, 44),
    ...mul(x220!, x220!, x44!),
    ...sqrn(x223!, x220!, 3),
    ...mul(x223!, x223!, x3!),
  ];
  return { code, x2: x2!, x22: x22!, x223: x223! };
}

/**
 * finv(d, a) = a^(p−2). Below the 223 ones, p − 2 has bits 0, 22 ones, then 0000101101
 * (0xfffffc2d is the low word): t = x223·2^23 + x22, ·2^5 + a, ·2^3 + x2, ·2^2 + a.
 */
function finvBody(): number[] {
  const a = { l: 1 };
  const t = T(23);
  const { code, x2, x22, x223 } = onesChain(a);
  code.push(
    ...sqrn(t, x223, 23),
    ...mul(t, t, x22),
    ...sqrn(t, t, 5),
    ...mul(t, t, a),
    ...sqrn(t, t, 3),
    ...mul(t, t, x2),
    ...sqrn(t, t, 2),
    ...mul({ l: 0 }, t, a),
  );
  return body([], code);
}

/**
 * fsqrt(d, a) = a^((p+1)/4), the square root when a is a square (p ≡ 3 mod 4). (p + 1)/4 is 223
 * ones, a zero, 22 ones, 0000, 11, 00: t = x223·2^23 + x22, ·2^6 + x2, ·2^2.
 */
function fsqrtBody(): number[] {
  const a = { l: 1 };
  const t = T(23);
  const { code, x2, x22, x223 } = onesChain(a);
  code.push(...sqrn(t, x223, 23), ...mul(t, t, x22), ...sqrn(t, t, 6), ...mul(t, t, x2), ...sqrn({ l: 0 }, t, 2));
  return body([], code);
}

/** dbl(): ACC = 2·ACC (dbl-2009-l, a = 0); the caller never doubles infinity. */
function dblBody(): number[] {
  const [A, B, C, D, E, F2, X] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6)] as const;
  const code = [
    ...sqr(A, ACC_X),
    ...sqr(B, ACC_Y),
    ...sqr(C, B),
    ...add(X, ACC_X, B),
    ...sqr(X, X),
    ...sub(X, X, A),
    ...sub(X, X, C),
    ...add(D, X, X), // D = 2((X + B)² − A − C)
    ...add(E, A, A),
    ...add(E, E, A), // E = 3A
    ...sqr(F2, E),
    ...mul(ACC_Z, ACC_Y, ACC_Z),
    ...add(ACC_Z, ACC_Z, ACC_Z), // Z3 = 2·Y·Z, before Y changes
    ...sub(ACC_X, F2, D),
    ...sub(ACC_X, ACC_X, D), // X3 = F − 2D
    ...sub(X, D, ACC_X),
    ...mul(X, E, X),
    ...add(C, C, C),
    ...add(C, C, C),
    ...add(C, C, C), // 8C
    ...sub(ACC_Y, X, C), // Y3 = E(D − X3) − 8C
  ];
  return body([], code);
}

/** madd(q, neg): ACC += (x, ±y) at q (madd-2007-bl); ACC is not infinity. Returns 0, 1 or 2. */
function maddBody(): number[] {
  const Q = 0;
  const NEG = 1;
  const QY = 2; // i32 local: address of y (or of −y)
  const [ZZ, U2, S2, H, R, HH, I, J, V, W] = [T(0), T(1), T(2), T(3), T(4), T(5), T(6), T(7), T(8), T(9)] as const;
  const code = [
    ...get(Q),
    ...[OP.i32Const, 32, OP.i32Add],
    ...set(QY),
    ...get(NEG),
    ...[OP.if, OP.void],
    ...sub(NEG_Y, ZERO, { l: QY }),
    ...[OP.i32Const, ...sleb(NEG_Y)],
    ...set(QY),
    OP.end,
    ...sqr(ZZ, ACC_Z),
    ...mul(U2, { l: Q }, ZZ),
    ...mul(S2, ACC_Z, ZZ),
    ...mul(S2, { l: QY }, S2),
    ...sub(H, U2, ACC_X),
    ...sub(R, S2, ACC_Y),
    // H = 0: the x-coordinates agree, so the points are equal (R = 0) or opposite.
    ...call(F.iszero, H),
    ...[OP.if, OP.void],
    ...[OP.i32Const, 2],
    ...call(F.iszero, R),
    ...[OP.i32Sub, OP.return, OP.end],
    ...add(R, R, R),
    ...sqr(HH, H),
    ...add(I, HH, HH),
    ...add(I, I, I),
    ...mul(J, H, I),
    ...mul(V, ACC_X, I),
    ...mul(W, ACC_Y, J),
    ...add(W, W, W), // 2·Y1·J, before Y changes
    ...sqr(ACC_X, R),
    ...sub(ACC_X, ACC_X, J),
    ...sub(ACC_X, ACC_X, V),
    ...sub(ACC_X, ACC_X, V), // X3 = r² − J − 2V
    ...sub(ACC_Y, V, ACC_X),
    ...mul(ACC_Y, R, ACC_Y),
    ...sub(ACC_Y, ACC_Y, W), // Y3 = r(V − X3) − 2·Y1·J
    ...add(ACC_Z, ACC_Z, H),
    ...sqr(ACC_Z, ACC_Z),
    ...sub(ACC_Z, ACC_Z, ZZ),
    ...sub(ACC_Z, ACC_Z, HH), // Z3 = (Z1 + H)² − Z1Z1 − HH
    ...[OP.i32Const, 0],
  ];
  return body([[1, OP.i32]], code);
}

/**
 * ninv(d, a, m): d = a⁻¹ mod m for an odd m and 0 < a < m coprime to it (the caller's
 * precondition: with a = 0 the loop would not end), by the binary extended Euclidean algorithm
 * (Hankerson–Menezes–Vanstone, Guide to ECC, Alg. 2.22), every value in locals:
 *   u = a, v = m, x1 = 1, x2 = 0; while u ≠ 1 and v ≠ 1: halve u while even (x1 = x1/2 mod m),
 *   halve v while even (x2 likewise), then subtract the smaller of u, v from the larger (and
 *   its x from the other's, mod m); the answer is the x beside whichever of u, v reached 1.
 * x1 and x2 stay in [0, m): halving an odd x adds m first (a 257-bit sum, the carry shifted back
 * in), a subtraction that borrows adds m. This replaces ~150 BigInt divisions for r⁻¹ mod n.
 */
function ninvBody(): number[] {
  const U = [3, 4, 5, 6, 7, 8, 9, 10];
  const V = [11, 12, 13, 14, 15, 16, 17, 18];
  const X1 = [19, 20, 21, 22, 23, 24, 25, 26];
  const X2 = [27, 28, 29, 30, 31, 32, 33, 34];
  const Mo = [35, 36, 37, 38, 39, 40, 41, 42];
  const C = 43;
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) code.push(...p);
  };
  for (let k = 0; k < 8; k++) {
    emit(load32(1, 4 * k), set(U[k]!), load32(2, 4 * k), tee(V[k]!), set(Mo[k]!));
    emit(i64c(k === 0 ? 1 : 0), set(X1[k]!), i64c(0), set(X2[k]!));
  }
  const isOne = (R: number[]) => {
    emit(get(R[0]!), i64c(1), [OP.i64Eq]);
    emit(get(R[1]!));
    for (let k = 2; k < 8; k++) emit(get(R[k]!), [OP.i64Or]);
    emit([OP.i64Eqz, OP.i32And]);
  };
  const lowBit = (R: number[]) => emit(get(R[0]!), i64c(1), [OP.i64And]);
  // R = (R + c·2^256) / 2, c in local C (0 or 1)
  const shiftRight = (R: number[]) => {
    for (let k = 0; k < 8; k++) {
      emit(get(R[k]!), i64c(1), [OP.i64ShrU]);
      emit(k < 7 ? get(R[k + 1]!) : get(C), i64c(1), [OP.i64And], i64c(31), [OP.i64Shl, OP.i64Or], set(R[k]!));
    }
  };
  // R = R + S limb by limb, the carry out in C
  const addInto = (R: number[], S: number[]) => {
    emit(i64c(0), set(C));
    for (let k = 0; k < 8; k++) {
      emit(get(R[k]!), get(S[k]!), [OP.i64Add], get(C), [OP.i64Add], tee(C), [OP.i64Const, ...M32, OP.i64And]);
      emit(set(R[k]!), get(C), i64c(32), [OP.i64ShrU], set(C));
    }
  };
  // R = R − S limb by limb, C = 0 or −1 (borrow) after
  const subInto = (R: number[], S: number[]) => {
    emit(i64c(0), set(C));
    for (let k = 0; k < 8; k++) {
      emit(get(R[k]!), get(S[k]!), [OP.i64Sub], get(C), [OP.i64Add], tee(C), [OP.i64Const, ...M32, OP.i64And]);
      emit(set(R[k]!), get(C), i64c(32), [OP.i64ShrS], set(C));
    }
  };
  const halveWhileEven = (R: number[], X: number[]) => {
    emit([OP.block, OP.void, OP.loop, OP.void]);
    lowBit(R);
    emit([OP.i64Eqz, OP.i32Eqz, OP.brIf, 1]);
    emit(i64c(0), set(C));
    shiftRight(R);
    lowBit(X);
    emit([OP.i64Eqz, OP.if, OP.void], i64c(0), set(C), [OP.else]);
    addInto(X, Mo);
    emit([OP.end]);
    shiftRight(X);
    emit([OP.br, 0, OP.end, OP.end]);
  };
  // (R, X) −= (S, Y): R ≥ S; X = X − Y mod m
  const reduce = (R: number[], X: number[], S: number[], Y: number[]) => {
    subInto(R, S);
    subInto(X, Y);
    emit(get(C), [OP.i64Eqz, OP.i32Eqz, OP.if, OP.void]);
    addInto(X, Mo);
    emit([OP.end]);
  };
  emit([OP.block, OP.void, OP.loop, OP.void]);
  isOne(U);
  isOne(V);
  emit([OP.i32Or, OP.brIf, 1]);
  halveWhileEven(U, X1);
  halveWhileEven(V, X2);
  // u ≥ v exactly when u − v does not borrow: computed on the limbs without storing.
  emit(i64c(0), set(C));
  for (let k = 0; k < 8; k++)
    emit(get(U[k]!), get(V[k]!), [OP.i64Sub], get(C), [OP.i64Add], i64c(32), [OP.i64ShrS], set(C));
  emit(get(C), [OP.i64Eqz, OP.if, OP.void]);
  reduce(U, X1, V, X2);
  emit([OP.else]);
  reduce(V, X2, U, X1);
  emit([OP.end, OP.br, 0, OP.end, OP.end]);
  isOne(U);
  emit([OP.if, OP.void]);
  for (let k = 0; k < 8; k++) emit(get(0), get(X1[k]!), [OP.i64Store32, 2, ...uleb(4 * k)]);
  emit([OP.else]);
  for (let k = 0; k < 8; k++) emit(get(0), get(X2[k]!), [OP.i64Store32, 2, ...uleb(4 * k)]);
  emit([OP.end]);
  return body([[41, OP.i64]], code);
}

function assemble(): Uint8Array {
  const i32 = OP.i32;
  const types = [
    [0x60, ...vec([[i32], [i32], [i32]]), ...vec([])], // 0: (d, a, b)
    [0x60, ...vec([[i32], [i32]]), ...vec([])], // 1: (d, a)
    [0x60, ...vec([]), ...vec([])], // 2: ()
    [0x60, ...vec([[i32], [i32]]), ...vec([[i32]])], // 3: (q, neg) → status
    [0x60, ...vec([[i32]]), ...vec([[i32]])], // 4: (a) → bool
  ];
  // In F order: fmul fadd fsub sqrn iszero finv fsqrt dbl madd ninv fsqr.
  const funcTypes = [0, 0, 0, 0, 4, 1, 1, 2, 3, 0, 1];
  return memoryModule(types, funcTypes, MEMORY_BYTES / 65536, F, [
    fmulBody(),
    faddBody(),
    fsubBody(),
    sqrnBody(),
    iszeroBody(),
    finvBody(),
    fsqrtBody(),
    dblBody(),
    maddBody(),
    ninvBody(),
    fsqrBody(),
  ]);
}

export interface Secp256k1Kernel {
  memory: { buffer: ArrayBuffer };
  fmul(d: number, a: number, b: number): void;
  fadd(d: number, a: number, b: number): void;
  fsub(d: number, a: number, b: number): void;
  sqrn(d: number, a: number, n: number): void;
  iszero(a: number): number;
  finv(d: number, a: number): void;
  fsqrt(d: number, a: number): void;
  dbl(): void;
  madd(q: number, neg: number): number;
  /** d = a⁻¹ mod m (m odd, 0 < a < m, gcd 1) — any such modulus, used with the group order. */
  ninv(d: number, a: number, m: number): void;
  fsqr(d: number, a: number): void;
}

/**
 * A fresh instance with its own memory. Tests that write field slots directly take one of these:
 * the shared instance below keeps secp256k1-recover-wasm.ts's constants and tables in its slots
 * for the life of the process.
 */
export function createSecp256k1Kernel(): Secp256k1Kernel | undefined {
  return instantiateWasm<Secp256k1Kernel>(assemble());
}

/** The process's kernel, or undefined in an engine without WebAssembly (QuickJS). */
export const SECP256K1_KERNEL: Secp256k1Kernel | undefined = HAS_WASM ? createSecp256k1Kernel() : undefined;
