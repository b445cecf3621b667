/**
 * EIP-2537 byte encodings for BLS12-381 (noble has its own, compressed, formats — not these).
 * An Fp element is 64 bytes big-endian whose top 16 bytes must be zero and whose value must be
 * < p; Fp2 is c0 ‖ c1 (128 bytes); a G1 point is x ‖ y (128 bytes), a G2 point x ‖ y over Fp2
 * (256 bytes); all-zero bytes encode the point at infinity. Decoding checks, in this order:
 * top bytes, canonical value, curve equation, and — only where the operation asks for it — the
 * prime-order subgroup. Failures carry geth's error strings, which the geth vectors assert.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { BLS12_381_WASM_AVAILABLE, g1InSubgroupWasm, g2InSubgroupWasm } from './bls12-381-subgroup.js';
import { readBigInt, writeBigInt } from './types.js';

export const FP_LENGTH = 64;
export const FP2_LENGTH = 128;
export const G1_LENGTH = 128;
export const G2_LENGTH = 256;
export const SCALAR_LENGTH = 32;

/** Bytes of zero padding above each 48-byte field element. */
const FP_PAD = 16;

export const G1Point = bls12_381.G1.Point;
export const G2Point = bls12_381.G2.Point;
export type G1 = InstanceType<typeof G1Point>;
export type G2 = InstanceType<typeof G2Point>;
export type Fp2 = ReturnType<typeof Fp2Field.fromBigTuple>;

const FpField = G1Point.Fp;
const Fp2Field = bls12_381.fields.Fp2;
const P = FpField.ORDER;
const G1_B = G1Point.CURVE().b;
const G2_B = G2Point.CURVE().b;

export const ERR_TOP_BYTES = 'invalid field element top bytes';
export const ERR_FP_ENCODING = 'invalid fp.Element encoding';
export const ERR_NOT_ON_CURVE = 'invalid point: not on curve';
export const ERR_G1_SUBGROUP = 'g1 point is not on correct subgroup';
export const ERR_G2_SUBGROUP = 'g2 point is not on correct subgroup';

/** A decoding failure; carried as a value so the hot path does not throw. */
export class Bls12381DecodeFailure {
  constructor(readonly reason: string) {}
}

export function decodeFp(input: Uint8Array, offset: number): bigint | Bls12381DecodeFailure {
  for (let i = offset; i < offset + FP_PAD; i++) {
    if (input[i] !== 0) return new Bls12381DecodeFailure(ERR_TOP_BYTES);
  }
  const value = readBigInt(input, offset + FP_PAD, FP_LENGTH - FP_PAD);
  return value >= P ? new Bls12381DecodeFailure(ERR_FP_ENCODING) : value;
}

export function decodeFp2(input: Uint8Array, offset: number): Fp2 | Bls12381DecodeFailure {
  const c0 = decodeFp(input, offset);
  if (c0 instanceof Bls12381DecodeFailure) return c0;
  const c1 = decodeFp(input, offset + FP_LENGTH);
  if (c1 instanceof Bls12381DecodeFailure) return c1;
  return Fp2Field.fromBigTuple([c0, c1]);
}

/** G1 point; `subgroupCheck` is required by MSM and PAIRING but not by G1ADD (EIP-2537). */
export function decodeG1(input: Uint8Array, offset: number, subgroupCheck: boolean): G1 | Bls12381DecodeFailure {
  const x = decodeFp(input, offset);
  if (x instanceof Bls12381DecodeFailure) return x;
  const y = decodeFp(input, offset + FP_LENGTH);
  if (y instanceof Bls12381DecodeFailure) return y;
  if (x === 0n && y === 0n) return G1Point.ZERO;
  // y² = x³ + 4
  const F = FpField;
  if (F.sqr(y) !== F.add(F.mul(F.sqr(x), x), G1_B)) return new Bls12381DecodeFailure(ERR_NOT_ON_CURVE);
  const point = new G1Point(x, y, F.ONE);
  // The WebAssembly endomorphism test (bls12-381-subgroup.ts) where the engine has it, else noble's.
  if (subgroupCheck && !(BLS12_381_WASM_AVAILABLE ? g1InSubgroupWasm(input, offset) : point.isTorsionFree()))
    return new Bls12381DecodeFailure(ERR_G1_SUBGROUP);
  return point;
}

export function decodeG2(input: Uint8Array, offset: number, subgroupCheck: boolean): G2 | Bls12381DecodeFailure {
  const x = decodeFp2(input, offset);
  if (x instanceof Bls12381DecodeFailure) return x;
  const y = decodeFp2(input, offset + FP2_LENGTH);
  if (y instanceof Bls12381DecodeFailure) return y;
  const F = Fp2Field;
  if (F.is0(x) && F.is0(y)) return G2Point.ZERO;
  // y² = x³ + 4(u + 1)
  if (!F.eql(F.sqr(y), F.add(F.mul(F.sqr(x), x), G2_B))) return new Bls12381DecodeFailure(ERR_NOT_ON_CURVE);
  const point = new G2Point(x, y, F.ONE);
  if (subgroupCheck && !(BLS12_381_WASM_AVAILABLE ? g2InSubgroupWasm(input, offset) : point.isTorsionFree()))
    return new Bls12381DecodeFailure(ERR_G2_SUBGROUP);
  return point;
}

export function encodeG1(point: G1): Uint8Array {
  const out = new Uint8Array(G1_LENGTH);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  writeBigInt(out, FP_PAD, FP_LENGTH - FP_PAD, x);
  writeBigInt(out, FP_LENGTH + FP_PAD, FP_LENGTH - FP_PAD, y);
  return out;
}

export function encodeG2(point: G2): Uint8Array {
  const out = new Uint8Array(G2_LENGTH);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  const coefficients = [x.c0, x.c1, y.c0, y.c1];
  for (let i = 0; i < 4; i++) writeBigInt(out, i * FP_LENGTH + FP_PAD, FP_LENGTH - FP_PAD, coefficients[i]);
  return out;
}
