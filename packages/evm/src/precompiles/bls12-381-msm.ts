/**
 * EIP-2537 multi-scalar multiplication on the WebAssembly kernel (bls12-381-kernel-wasm.ts), by
 * Pippenger's bucket method — the algorithm EIP-2537's MSM discounts price: the 255-bit scalars
 * are cut into c-bit windows; per window, each point is added (mixed addition of the affine
 * input) into the bucket of its digit, the buckets are combined as Σ j·B_j by a running sum from
 * the top bucket down (two full additions per bucket), and the window sums are joined with c
 * doublings each, most significant window first.
 *
 * Every incomplete-formula case is resolved here, so the result is the group sum exactly (the
 * geth vectors and the test against noble's `pippenger` check it): infinity is a flag per point
 * (buckets, running sums), an addition of equal points becomes a doubling and of opposite points
 * gives infinity. Inputs are the EIP-2537 encodings the codec has already decoded and
 * subgroup-checked, with their scalars reduced mod r and non-zero, points not infinity.
 */
import { FP_BYTES } from './bls12-381-fp-wasm.js';
import {
  bls12381Kernel,
  HEAP,
  type KernelState,
  loadFp,
  MEMORY_BYTES,
  ONE,
  readFp,
  SLOT_BYTES,
  USER,
} from './bls12-381-kernel-wasm.js';
import { SUBGROUP_LAST_USER } from './bls12-381-subgroup.js';

/** Bytes of an affine input point (X slot, Y slot) and of a Jacobian bucket (X, Y, Z slots). */
const AFFINE = 2 * SLOT_BYTES;
const JACOBIAN = 3 * SLOT_BYTES;
const SCALAR_BITS = 255;

const RESULT = USER(SUBGROUP_LAST_USER + 1); // three slots
const TOTAL = USER(SUBGROUP_LAST_USER + 4);
const SUM = USER(SUBGROUP_LAST_USER + 7);
const SCRATCH = USER(SUBGROUP_LAST_USER + 10);

/** One group's curve operations on the kernel, and its element size. */
interface Curve {
  /** 1 for G1 (coordinates in Fp), 2 for G2 (in Fp2). */
  degree: 1 | 2;
  dbl(a: number): number;
  madd(a: number, q: number): number;
  add(a: number, b: number): number;
}

function curveOf(s: KernelState, degree: 1 | 2): Curve {
  const { k } = s;
  return degree === 1
    ? { degree, dbl: k.dbl1, madd: k.madd1, add: k.add1 }
    : { degree, dbl: k.dbl2, madd: k.madd2, add: k.add2 };
}

/** Window width: ~log2(n) − 3 balances n mixed additions against 2^(c+1) bucket additions per window. */
function windowBits(n: number): number {
  if (n === 1) return 1;
  return Math.min(12, Math.max(2, Math.round(Math.log2(n)) - 3));
}

/** Jacobian `at` = the affine point at q (Z = 1). */
function setAffine(s: KernelState, at: number, q: number): void {
  s.mem.copyWithin(at, q, q + AFFINE);
  s.mem.fill(0, at + AFFINE, at + JACOBIAN);
  s.mem.copyWithin(at + AFFINE, ONE, ONE + FP_BYTES);
}

/**
 * dst += src for Jacobian points with infinity flags; returns dst's new flag. Equal points
 * double, opposite ones cancel.
 */
function addJacobian(s: KernelState, curve: Curve, dst: number, dstInfinity: boolean, src: number): boolean {
  if (dstInfinity) {
    s.mem.copyWithin(dst, src, src + JACOBIAN);
    return false;
  }
  const status = curve.add(dst, src);
  if (status === 1) return curve.dbl(dst) === 1;
  return status === 2;
}

/** Each scalar's c-bit digits, least significant window first, W per scalar. */
function digitsOf(scalars: readonly bigint[], c: number, windows: number): Uint16Array {
  const digits = new Uint16Array(scalars.length * windows);
  for (let i = 0; i < scalars.length; i++) {
    const bits = scalars[i]!.toString(2);
    for (let w = 0; w < windows; w++) {
      const hi = bits.length - w * c;
      if (hi <= 0) break;
      digits[i * windows + w] = Number.parseInt(bits.slice(Math.max(0, hi - c), hi), 2);
    }
  }
  return digits;
}

/**
 * Σ scalars[i]·P_i, P_i encoded at input[offsets[i]..] (G1: 128 bytes, G2: 256). Returns the
 * Jacobian result's coordinates as BigInts (Fp: [x], Fp2: [c0, c1]), `null` for infinity, or
 * `undefined` when the points and buckets do not fit the kernel's memory (the caller falls back).
 */
function msm(
  degree: 1 | 2,
  input: Uint8Array,
  offsets: readonly number[],
  scalars: readonly bigint[],
): { x: bigint[]; y: bigint[]; z: bigint[] } | null | undefined {
  const n = offsets.length;
  const c = windowBits(n);
  const buckets = HEAP + n * AFFINE;
  if (buckets + ((1 << c) - 1) * JACOBIAN > MEMORY_BYTES) return undefined;
  const s = bls12381Kernel();
  const curve = curveOf(s, degree);
  for (let i = 0; i < n; i++) {
    const at = HEAP + i * AFFINE;
    for (let j = 0; j < curve.degree; j++) {
      loadFp(s, at + j * FP_BYTES, input, offsets[i]! + 64 * j);
      loadFp(s, at + SLOT_BYTES + j * FP_BYTES, input, offsets[i]! + 64 * (curve.degree + j));
    }
  }
  const windows = Math.ceil(SCALAR_BITS / c);
  const digits = digitsOf(scalars, c, windows);
  const empty = new Uint8Array(1 << c);
  let resultInfinity = true;
  for (let w = windows - 1; w >= 0; w--) {
    for (let d = 0; d < c && !resultInfinity; d++) resultInfinity = curve.dbl(RESULT) === 1;
    // empty[j]: bucket j (digit j, at buckets + (j − 1)·JACOBIAN) is infinity.
    empty.fill(1);
    for (let i = 0; i < n; i++) {
      const digit = digits[i * windows + w]!;
      if (digit === 0) continue;
      const bucket = buckets + (digit - 1) * JACOBIAN;
      const point = HEAP + i * AFFINE;
      if (empty[digit] === 1) {
        setAffine(s, bucket, point);
        empty[digit] = 0;
        continue;
      }
      const status = curve.madd(bucket, point);
      if (status === 1) empty[digit] = curve.dbl(bucket);
      else if (status === 2) empty[digit] = 1;
    }
    // Σ j·B_j = Σ_j (B_top + … + B_j): SUM runs down the buckets, TOTAL adds each SUM.
    let sumInfinity = true;
    let totalInfinity = true;
    for (let j = (1 << c) - 1; j >= 1; j--) {
      if (empty[j] === 0) sumInfinity = addJacobian(s, curve, SUM, sumInfinity, buckets + (j - 1) * JACOBIAN);
      if (!sumInfinity) totalInfinity = addJacobian(s, curve, TOTAL, totalInfinity, SUM);
    }
    if (!totalInfinity) resultInfinity = addJacobian(s, curve, RESULT, resultInfinity, TOTAL);
  }
  if (resultInfinity) return null;
  const read = (at: number) => Array.from({ length: curve.degree }, (_, j) => readFp(s, at + j * FP_BYTES, SCRATCH));
  return { x: read(RESULT), y: read(RESULT + SLOT_BYTES), z: read(RESULT + 2 * SLOT_BYTES) };
}

/** G1 MSM: Jacobian (x, y, z) in Fp, null for infinity, undefined when too large for the kernel. */
export function g1MsmWasm(
  input: Uint8Array,
  offsets: readonly number[],
  scalars: readonly bigint[],
): { x: bigint; y: bigint; z: bigint } | null | undefined {
  const r = msm(1, input, offsets, scalars);
  return r ? { x: r.x[0]!, y: r.y[0]!, z: r.z[0]! } : r;
}

/** G2 MSM: Jacobian (x, y, z) as Fp2 pairs [c0, c1], null for infinity, undefined when too large. */
export function g2MsmWasm(
  input: Uint8Array,
  offsets: readonly number[],
  scalars: readonly bigint[],
): { x: bigint[]; y: bigint[]; z: bigint[] } | null | undefined {
  return msm(2, input, offsets, scalars);
}
