/**
 * BLS12-381 base-field arithmetic as WebAssembly function bodies, for the BLS12-381 kernel
 * (bls12-381-kernel-wasm.ts assembles them into one module with the curve formulas). noble's
 * BigInt field allocates a heap number per intermediate; here an element of Fp is twelve
 * little-endian 32-bit limbs (48 bytes) in linear memory and a product is 288 i64
 * multiplications (a square 222) with no allocation.
 *
 * Representation: Montgomery form a·R mod p with R = 2^384, always fully reduced (< p), so
 * equality and zero tests are limb comparisons. Multiplication is product scanning followed by
 * the separated Montgomery reduction (SOS in Koç, Acar, Kaliski, "Analyzing and Comparing
 * Montgomery Multiplication Algorithms", IEEE Micro 1996): in V8 a product is as fast as the
 * interleaved CIOS form (122 vs 128 ns, best of 30 × 20,000) and the square, which only this
 * form can halve, takes 100 ns. A reduction step t + m·p_j + c on normalised words is at most
 * (2^32 − 1) + (2^32 − 1)² + (2^32 − 1) = 2^64 − 1, so unsigned i64 arithmetic never overflows.
 *
 * Fp2 = Fp[u]/(u² + 1) (the BLS12-381 tower, draft-irtf-cfrg-pairing-friendly-curves §4.2.1):
 * c0 at the element's address, c1 48 bytes after. Its product is Karatsuba's three Fp products,
 * its square (c0 + c1)(c0 − c1) + 2·c0·c1·u.
 */
import {
  funcBody as body,
  localGet as get,
  i64Const as i64c,
  localSet as set,
  sleb,
  localTee as tee,
  uleb,
  WASM,
} from '@faultline/primitives';

/** The shared opcode table (wasm-asm.ts), under the short name these emitters use. */
const OP = WASM;

/** The BLS12-381 base-field modulus (draft-irtf-cfrg-pairing-friendly-curves §4.2.1). */
export const BLS_P =
  0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
export const LIMBS = 12;
/** Bytes of an Fp element; an Fp2 element is twice this. */
export const FP_BYTES = 48;
/** R = 2^384, the Montgomery radix. */
export const MONT_R = 1n << 384n;

/** −p⁻¹ mod 2^32, the CIOS reduction factor. */
function negInverseWord(): bigint {
  // Newton's iteration for p⁻¹ mod 2^32 (p odd): each step doubles the correct low bits.
  let inv = 1n;
  for (let i = 0; i < 5; i++) inv = (inv * (2n - BLS_P * inv)) & 0xffffffffn;
  return (1n << 32n) - inv;
}
const P_INV = Number(negInverseWord());
const P_LIMBS = Array.from({ length: LIMBS }, (_, k) => Number((BLS_P >> BigInt(32 * k)) & 0xffffffffn));

const M32 = sleb(0xffffffff);
const load32 = (base: number, off: number): number[] => [...get(base), OP.i64Load32U, 2, ...uleb(off)];
/** Keeps the low 32 bits of the value on the stack in local `lo` and leaves the high part in local `hi`. */
const split = (lo: number, hi: number, signed = false): number[] => [
  ...tee(hi),
  OP.i64Const,
  ...M32,
  OP.i64And,
  ...set(lo),
  ...get(hi),
  ...i64c(32),
  signed ? OP.i64ShrS : OP.i64ShrU,
  ...set(hi),
];

/** Stores locals r (or s where local `useS`, an i64, is non-zero) as limbs at param 0. */
function storeSelect(r: number[], s: number[], useS: number): number[] {
  const code: number[] = [];
  for (let k = 0; k < LIMBS; k++) {
    code.push(...get(0), ...get(s[k]!), ...get(r[k]!), ...get(useS), OP.i64Eqz, OP.i32Eqz, OP.select);
    code.push(OP.i64Store32, 2, ...uleb(4 * k));
  }
  return code;
}

/**
 * s = r − p limb by limb (locals); local `borrow` ends as 0 when r ≥ p and −1 when r < p.
 * Then r or s is stored: s exactly when r ≥ p.
 */
function subtractPAndStore(r: number[], s: number[], borrow: number, flag: number): number[] {
  const code: number[] = [...i64c(0), ...set(borrow)];
  for (let k = 0; k < LIMBS; k++) {
    code.push(...get(r[k]!), ...i64c(P_LIMBS[k]!), OP.i64Sub, ...get(borrow), OP.i64Add, ...split(s[k]!, borrow, true));
  }
  // flag = 1 when no borrow (r ≥ p)
  code.push(...get(borrow), OP.i64Eqz, OP.i64ExtendI32U, ...set(flag));
  code.push(...storeSelect(r, s, flag));
  return code;
}

/**
 * A Montgomery product body: the 24 columns of a·b (or of a·a, each off-diagonal product once,
 * doubled: 78 products instead of 144), then the separated reduction (SOS, Koç et al. 1996):
 * twelve times m = t_i·(−p⁻¹) mod 2^32 and t += m·p·2^(32i); t/2^384 < 2p, then less p if
 * needed. Column sums stay below 2^38 (at most twelve 32-bit halves, doubled for a square). In
 * the reduction the word above each pass takes its carry unnormalised (< 2^33) and is next met
 * against p's top word 0x1a0111ea, so t + m·p_11 + c stays far below 2^64.
 */
function montBody(square: boolean): number[] {
  const params = square ? 2 : 3;
  const a = (j: number) => params + j;
  const b = square ? a : (j: number) => params + LIMBS + j;
  const base = params + (square ? LIMBS : 2 * LIMBS);
  const t = (j: number) => base + j;
  const [C, NXT, PR, M] = [base + 24, base + 25, base + 26, base + 27];
  const s = Array.from({ length: LIMBS }, (_, j) => base + 28 + j);
  const FLAG = base + 28 + LIMBS;
  const code: number[] = [];
  for (let j = 0; j < LIMBS; j++) {
    code.push(...load32(1, 4 * j), ...set(a(j)));
    if (!square) code.push(...load32(2, 4 * j), ...set(b(j)));
  }
  code.push(...i64c(0), ...set(C), ...i64c(0), ...set(NXT));
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    // c += the previous column's high halves; this column's start from zero.
    code.push(...get(C), ...get(NXT), OP.i64Add, ...set(C), ...i64c(0), ...set(NXT));
    for (let i = Math.max(0, k - (LIMBS - 1)); i <= (square ? k >> 1 : Math.min(k, LIMBS - 1)); i++) {
      const twice = square && 2 * i !== k;
      code.push(...get(a(i)), ...get(b(k - i)), OP.i64Mul, ...tee(PR), OP.i64Const, ...M32, OP.i64And);
      if (twice) code.push(...i64c(1), OP.i64Shl);
      code.push(...get(C), OP.i64Add, ...set(C), ...get(PR), ...i64c(32), OP.i64ShrU);
      if (twice) code.push(...i64c(1), OP.i64Shl);
      code.push(...get(NXT), OP.i64Add, ...set(NXT));
    }
    code.push(...get(C), OP.i64Const, ...M32, OP.i64And, ...set(t(k)), ...get(C), ...i64c(32), OP.i64ShrU, ...set(C));
  }
  code.push(...get(C), ...get(NXT), OP.i64Add, ...set(t(2 * LIMBS - 1)));
  for (let i = 0; i < LIMBS; i++) {
    code.push(...get(t(i)), ...i64c(P_INV), OP.i64Mul, OP.i64Const, ...M32, OP.i64And, ...set(M));
    code.push(...i64c(0), ...set(C));
    for (let j = 0; j < LIMBS; j++) {
      code.push(...get(M), ...i64c(P_LIMBS[j]!), OP.i64Mul, ...get(t(i + j)), OP.i64Add, ...get(C), OP.i64Add);
      code.push(...split(t(i + j), C));
    }
    code.push(...get(t(i + LIMBS)), ...get(C), OP.i64Add, ...set(t(i + LIMBS)));
  }
  const r = Array.from({ length: LIMBS }, (_, j) => t(LIMBS + j));
  code.push(...subtractPAndStore(r, s, C, FLAG));
  return body([[FLAG - params + 1, OP.i64]], code);
}

/** fmul(d, a, b): d = a·b·R⁻¹ mod p. */
export function fmulBody(): number[] {
  return montBody(false);
}

/** fsqr(d, a): d = a²·R⁻¹ mod p. */
export function fsqrBody(): number[] {
  return montBody(true);
}

/** fadd(d, a, b): d = a + b mod p (a + b < 2p < 2^382: no carry out of the top limb). Locals r 3–14, s 15–26, c 27, flag 28. */
export function faddBody(): number[] {
  const r = Array.from({ length: LIMBS }, (_, j) => 3 + j);
  const s = Array.from({ length: LIMBS }, (_, j) => 15 + j);
  const [C, FLAG] = [27, 28];
  const code: number[] = [...i64c(0), ...set(C)];
  for (let k = 0; k < LIMBS; k++) {
    code.push(...load32(1, 4 * k), ...load32(2, 4 * k), OP.i64Add, ...get(C), OP.i64Add, ...split(r[k]!, C));
  }
  code.push(...subtractPAndStore(r, s, C, FLAG));
  return body([[26, OP.i64]], code);
}

/** fsub(d, a, b): d = a − b mod p; on a borrow, p is added back. Locals r 3–14, s 15–26, c 27, borrow 28. */
export function fsubBody(): number[] {
  const r = Array.from({ length: LIMBS }, (_, j) => 3 + j);
  const s = Array.from({ length: LIMBS }, (_, j) => 15 + j);
  const [C, BORROW] = [27, 28];
  const code: number[] = [...i64c(0), ...set(C)];
  for (let k = 0; k < LIMBS; k++) {
    // c is 0 or −1 (the arithmetic shift of a value in [−2^32, 2^32)).
    code.push(...load32(1, 4 * k), ...load32(2, 4 * k), OP.i64Sub, ...get(C), OP.i64Add, ...split(r[k]!, C, true));
  }
  code.push(...get(C), ...set(BORROW), ...i64c(0), ...set(C));
  for (let k = 0; k < LIMBS; k++) {
    code.push(...get(r[k]!), ...i64c(P_LIMBS[k]!), OP.i64Add, ...get(C), OP.i64Add, ...split(s[k]!, C));
  }
  code.push(...storeSelect(r, s, BORROW));
  return body([[26, OP.i64]], code);
}

/** iszero(a, bytes): 1 when the `bytes` (a multiple of 8) at a are all zero. */
export function iszeroBody(): number[] {
  const [A, N, ACC] = [0, 1, 2];
  const code = [
    ...[OP.i64Const, 0],
    ...set(ACC),
    ...[OP.block, OP.void, OP.loop, OP.void],
    ...get(N),
    ...[OP.i32Eqz, OP.brIf, 1],
    ...get(N),
    ...[OP.i32Const, 8, OP.i32Sub],
    ...set(N),
    ...get(ACC),
    ...get(A),
    ...get(N),
    OP.i32Add,
    ...[OP.i64Load, 3, 0, OP.i64Or],
    ...set(ACC),
    ...[OP.br, 0, OP.end, OP.end],
    ...get(ACC),
    OP.i64Eqz,
  ];
  return body([[1, OP.i64]], code);
}

/** Function indices the Fp2 bodies call, fixed by the kernel's code section. */
export interface FieldCalls {
  fmul: number;
  fadd: number;
  fsub: number;
}

/** Four Fp temporaries (48 bytes each) reserved for the Fp2 bodies, so they may alias their arguments. */
export interface Fp2Scratch {
  t0: number;
  t1: number;
  t2: number;
  t3: number;
}

type Arg = number | { l: number };
const argCode = (o: Arg): number[] => (typeof o === 'number' ? [OP.i32Const, ...sleb(o)] : get(o.l));
const hi = (o: Arg): number[] =>
  typeof o === 'number' ? [OP.i32Const, ...sleb(o + FP_BYTES)] : [...get(o.l), OP.i32Const, FP_BYTES, OP.i32Add];
function callRaw(f: number, ...args: number[][]): number[] {
  return [...args.flat(), OP.call, ...uleb(f)];
}

/** f2mul(d, a, b) (Karatsuba): d0 = a0b0 − a1b1, d1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1. */
export function f2mulBody(f: FieldCalls, s: Fp2Scratch): number[] {
  const [d, a, b] = [{ l: 0 }, { l: 1 }, { l: 2 }];
  const c = (x: Arg) => argCode(x);
  const code = [
    ...callRaw(f.fmul, c(s.t0), c(a), c(b)),
    ...callRaw(f.fmul, c(s.t1), hi(a), hi(b)),
    ...callRaw(f.fadd, c(s.t2), c(a), hi(a)),
    ...callRaw(f.fadd, c(s.t3), c(b), hi(b)),
    ...callRaw(f.fmul, c(s.t2), c(s.t2), c(s.t3)),
    ...callRaw(f.fsub, c(d), c(s.t0), c(s.t1)),
    ...callRaw(f.fsub, hi(d), c(s.t2), c(s.t0)),
    ...callRaw(f.fsub, hi(d), hi(d), c(s.t1)),
  ];
  return body([], code);
}

/** f2sqr(d, a): d0 = (a0 + a1)(a0 − a1), d1 = 2·a0·a1 (u² = −1). */
export function f2sqrBody(f: FieldCalls, s: Fp2Scratch): number[] {
  const [d, a] = [{ l: 0 }, { l: 1 }];
  const c = (x: Arg) => argCode(x);
  const code = [
    ...callRaw(f.fadd, c(s.t0), c(a), hi(a)),
    ...callRaw(f.fsub, c(s.t1), c(a), hi(a)),
    ...callRaw(f.fmul, c(s.t2), c(a), hi(a)),
    ...callRaw(f.fmul, c(d), c(s.t0), c(s.t1)),
    ...callRaw(f.fadd, hi(d), c(s.t2), c(s.t2)),
  ];
  return body([], code);
}

/** f2add / f2sub (d, a, b): coefficient-wise (`op` is fadd's or fsub's index). */
export function f2linearBody(op: number): number[] {
  const [d, a, b] = [{ l: 0 }, { l: 1 }, { l: 2 }];
  const code = [...callRaw(op, argCode(d), argCode(a), argCode(b)), ...callRaw(op, hi(d), hi(a), hi(b))];
  return body([], code);
}
