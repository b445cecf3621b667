/**
 * Prime-order subgroup membership for EIP-2537 points, on the WebAssembly kernel
 * (bls12-381-kernel-wasm.ts). noble's BigInt `isTorsionFree` costs ~2 ms a G1 point and ~4.5 ms
 * a G2 point; the geth MSM vectors alone check 15,000 points. Both tests are the endomorphism
 * ones of Scott, "A note on group membership tests for G1, G2 and GT on BLS pairing-friendly
 * curves" (ePrint 2021/1130), with the curve parameter x = −0xd201000000010000:
 *
 * - G1 (§3): P ∈ G1 iff φ(P) = −x²·P, where φ(x, y) = (β·x, y) and β is the cube root of unity
 *   whose eigenvalue on G1 is −x² (the other root's is x² − 1; the test checks which is which).
 * - G2 (§4): P ∈ G2 iff ψ(P) = x·P, where ψ = untwist ∘ Frobenius ∘ twist, on coordinates
 *   ψ(x, y) = (cx·x̄, cy·ȳ) with the conjugate x̄ and cx = (u + 1)^−((p−1)/3),
 *   cy = (u + 1)^−((p−1)/2).
 *
 * The scalar multiples run on Jacobian coordinates with mixed additions of the affine input, so
 * −x²·P costs 127 doublings and 16 additions, x·P (Fp2) 63 and 5. The incomplete addition's
 * special cases (a partial multiple equal or opposite to P, possible for points of small order
 * outside the subgroup) are resolved here. Inputs are EIP-2537 encodings already checked by the
 * codec: coordinates < p, on the curve, not infinity.
 *
 * Engines without WebAssembly (QuickJS, where the client runs in client.elf) keep noble's
 * `isTorsionFree`: the codec asks `BLS12_381_WASM_AVAILABLE`.
 */
import { HAS_WASM } from '@faultline/primitives';
import { FP_BYTES } from './bls12-381-fp-wasm.js';
import {
  ACC_X,
  ACC_Y,
  ACC_Z,
  bls12381Kernel,
  FIRST_FREE_USER,
  type KernelState,
  loadFp,
  ONE,
  SLOT_BYTES,
  USER,
  writeMont,
} from './bls12-381-kernel-wasm.js';

/** |x| for the BLS12-381 parameter x = −0xd201000000010000 (EIP-2537, "curve parameters"). */
export const BLS_X_ABS = 0xd201000000010000n;
/** The cube root of unity in Fp with φ(P) = −x²·P on G1. */
export const BETA = 0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffen;
/** ψ's coefficients: cx = (0, PSI_X1) = (u + 1)^−((p−1)/3), cy = (PSI_Y0, PSI_Y1) = (u + 1)^−((p−1)/2). */
export const PSI_X1 =
  0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaadn;
export const PSI_Y0 =
  0x135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2n;
export const PSI_Y1 =
  0x06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09n;

/** Slots (USER indices): the input point, constants, temporaries. */
const PX = USER(FIRST_FREE_USER);
const PY = USER(FIRST_FREE_USER + 1); // Y one slot after X, as madd reads it
const BETA_SLOT = USER(FIRST_FREE_USER + 2);
const CX = USER(FIRST_FREE_USER + 3);
const CY = USER(FIRST_FREE_USER + 4);
const Z2 = USER(FIRST_FREE_USER + 5);
const Z3 = USER(FIRST_FREE_USER + 6);
const T1 = USER(FIRST_FREE_USER + 7);
const T2 = USER(FIRST_FREE_USER + 8);
/** The last USER slot used here; bls12-381-msm.ts takes the ones after it. */
export const SUBGROUP_LAST_USER = FIRST_FREE_USER + 8;

/** Bits of a scalar, most significant first, without the leading one. */
function bitsBelowTop(k: bigint): Uint8Array {
  const s = k.toString(2);
  return Uint8Array.from(s.slice(1), (c) => (c === '1' ? 1 : 0));
}
const X2_BITS = bitsBelowTop(BLS_X_ABS * BLS_X_ABS);
const X_BITS = bitsBelowTop(BLS_X_ABS);

let ready: KernelState | undefined;

function kernel(): KernelState {
  if (ready !== undefined) return ready;
  const s = bls12381Kernel();
  writeMont(s, BETA_SLOT, BETA);
  writeMont(s, CX, 0n);
  writeMont(s, CX + FP_BYTES, PSI_X1);
  writeMont(s, CY, PSI_Y0);
  writeMont(s, CY + FP_BYTES, PSI_Y1);
  ready = s;
  return s;
}

/** Whether the checks below run here (false in QuickJS: the codec uses noble's then). */
export const BLS12_381_WASM_AVAILABLE: boolean = HAS_WASM;

function equal(u32: Uint32Array, a: number, b: number, bytes: number): boolean {
  for (let i = 0; i < bytes >> 2; i++) if (u32[(a >> 2) + i] !== u32[(b >> 2) + i]) return false;
  return true;
}

/**
 * ACC = k·P for the affine P at PX (k's bits below its top one given); `dbl` and `madd` are one
 * curve's. Returns false when the result is infinity.
 */
function multiply(
  r: KernelState,
  bits: Uint8Array,
  size: number,
  dbl: (a: number) => number,
  madd: (a: number, q: number) => number,
): boolean {
  const { mem } = r;
  mem.copyWithin(ACC_X, PX, PX + size);
  mem.copyWithin(ACC_Y, PY, PY + size);
  mem.fill(0, ACC_Z, ACC_Z + size);
  mem.copyWithin(ACC_Z, ONE, ONE + FP_BYTES);
  let infinity = false;
  for (let i = 0; i < bits.length; i++) {
    if (!infinity && dbl(ACC_X) === 1) infinity = true;
    if (bits[i] === 0) continue;
    if (infinity) {
      mem.copyWithin(ACC_X, PX, PX + size);
      mem.copyWithin(ACC_Y, PY, PY + size);
      mem.fill(0, ACC_Z, ACC_Z + size);
      mem.copyWithin(ACC_Z, ONE, ONE + FP_BYTES);
      infinity = false;
      continue;
    }
    const status = madd(ACC_X, PX);
    // Equal to P: the sum is 2·ACC. Opposite: infinity.
    if (status === 1) infinity = dbl(ACC_X) === 1;
    else if (status === 2) infinity = true;
  }
  return !infinity;
}

/** Whether the G1 point encoded at input[offset..offset+128] (on the curve, not infinity) is in G1. */
export function g1InSubgroupWasm(input: Uint8Array, offset: number): boolean {
  const r = kernel();
  const { k, u32 } = r;
  loadFp(r, PX, input, offset);
  loadFp(r, PY, input, offset + 64);
  // Q = x²·P; φ(P) = −Q ⇔ β·px·Z² = X and py·Z³ = −Y. Q = ∞ ≠ φ(P) since P ≠ ∞.
  if (!multiply(r, X2_BITS, FP_BYTES, k.dbl1, k.madd1)) return false;
  k.fmul(Z2, ACC_Z, ACC_Z);
  k.fmul(Z3, Z2, ACC_Z);
  k.fmul(T1, PX, BETA_SLOT);
  k.fmul(T1, T1, Z2);
  if (!equal(u32, T1, ACC_X, FP_BYTES)) return false;
  k.fmul(T2, PY, Z3);
  k.fadd(T2, T2, ACC_Y);
  return k.iszero(T2, FP_BYTES) === 1;
}

/** Whether the G2 point encoded at input[offset..offset+256] (on the curve, not infinity) is in G2. */
export function g2InSubgroupWasm(input: Uint8Array, offset: number): boolean {
  const r = kernel();
  const { k, u32 } = r;
  loadFp(r, PX, input, offset);
  loadFp(r, PX + FP_BYTES, input, offset + 64);
  loadFp(r, PY, input, offset + 128);
  loadFp(r, PY + FP_BYTES, input, offset + 192);
  // Q = |x|·P, so x·P = −Q: ψ(P) = −Q ⇔ cx·x̄·Z² = X and cy·ȳ·Z³ = −Y.
  if (!multiply(r, X_BITS, SLOT_BYTES, k.dbl2, k.madd2)) return false;
  k.f2sqr(Z2, ACC_Z);
  k.f2mul(Z3, Z2, ACC_Z);
  // conjugates: c0 − c1·u
  r.mem.copyWithin(T1, PX, PX + FP_BYTES);
  k.fsub(T1 + FP_BYTES, 0, PX + FP_BYTES);
  k.f2mul(T1, T1, CX);
  k.f2mul(T1, T1, Z2);
  if (!equal(u32, T1, ACC_X, SLOT_BYTES)) return false;
  r.mem.copyWithin(T2, PY, PY + FP_BYTES);
  k.fsub(T2 + FP_BYTES, 0, PY + FP_BYTES);
  k.f2mul(T2, T2, CY);
  k.f2mul(T2, T2, Z3);
  k.f2add(T2, T2, ACC_Y);
  return k.iszero(T2, SLOT_BYTES) === 1;
}
