/**
 * 0x06 ECADD, 0x07 ECMUL (EIP-196) and 0x08 ECPAIRING (EIP-197) on alt_bn128 (bn254).
 * Encoding: a G1 point is x ‖ y (32-byte big-endian each), (0, 0) is the point at infinity;
 * a G2 point is x ‖ y over Fp2 with the IMAGINARY coefficient first (x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0).
 * Every coordinate must be < p and every point on its curve; G2 points must also lie in the
 * order-n subgroup (G1 has cofactor 1). ADD/MUL read their fixed-size input zero-padded and ignore
 * extra bytes; PAIRING needs a multiple of 192 bytes and answers 1 for an empty input.
 * Pricing (EIP-1108 repriced at Istanbul) is passed in by the table builder; OP-stack chains cap
 * the pairing input size (Granite and later), also passed in.
 */
import { bn254 as curve } from '@noble/curves/bn254.js';
import {
  failure,
  OUT_OF_GAS_RESULT,
  type Precompile,
  type PrecompileResult,
  readBigInt,
  success,
  writeBigInt,
} from './types.js';

export interface Bn254Pricing {
  readonly add: number;
  readonly mul: number;
  readonly pairingBase: number;
  readonly pairingPerPair: number;
}

/** EIP-196/197 prices (Byzantium). */
export const BN254_BYZANTIUM_PRICING: Bn254Pricing = {
  add: 500,
  mul: 40000,
  pairingBase: 100000,
  pairingPerPair: 80000,
};
/** EIP-1108 prices (Istanbul). */
export const BN254_ISTANBUL_PRICING: Bn254Pricing = { add: 150, mul: 6000, pairingBase: 45000, pairingPerPair: 34000 };

const G1 = curve.G1.Point;
const G2 = curve.G2.Point;
const Fp = G1.Fp;
const Fp2 = curve.fields.Fp2;
const Fp12 = curve.fields.Fp12;
const P = Fp.ORDER;
const N = G1.Fn.ORDER;
const G1_B = G1.CURVE().b;
const G2_B = G2.CURVE().b;

const PAIR_LENGTH = 192;

type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;

/** A coordinate that is not a canonical field element, or a point off the curve. */
class MalformedPoint {
  constructor(readonly reason: string) {}
}

function readFp(input: Uint8Array, offset: number): bigint | MalformedPoint {
  const value = readBigInt(input, offset, 32);
  return value >= P ? new MalformedPoint('bn254: coordinate not less than field modulus') : value;
}

export function decodeG1(input: Uint8Array, offset: number): G1Point | MalformedPoint {
  const x = readFp(input, offset);
  if (x instanceof MalformedPoint) return x;
  const y = readFp(input, offset + 32);
  if (y instanceof MalformedPoint) return y;
  if (x === 0n && y === 0n) return G1.ZERO;
  // y² = x³ + 3
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), G1_B)) return new MalformedPoint('bn254: G1 point not on curve');
  return new G1(x, y, Fp.ONE);
}

export function decodeG2(input: Uint8Array, offset: number): G2Point | MalformedPoint {
  const coords: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    const c = readFp(input, offset + 32 * i);
    if (c instanceof MalformedPoint) return c;
    coords.push(c);
  }
  const [xIm, xRe, yIm, yRe] = coords;
  if (xIm === 0n && xRe === 0n && yIm === 0n && yRe === 0n) return G2.ZERO;
  const x = Fp2.fromBigTuple([xRe, xIm]);
  const y = Fp2.fromBigTuple([yRe, yIm]);
  // y² = x³ + 3/(u+9) on the twist
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2_B))) {
    return new MalformedPoint('bn254: G2 point not on curve');
  }
  const point = new G2(x, y, Fp2.ONE);
  if (!point.isTorsionFree()) return new MalformedPoint('bn254: G2 point not in subgroup');
  return point;
}

function encodeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  writeBigInt(out, 0, 32, x);
  writeBigInt(out, 32, 32, y);
  return out;
}

export function createBn254Add(pricing: Bn254Pricing): Precompile {
  return {
    name: 'ECADD',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      if (pricing.add > gasLimit) return OUT_OF_GAS_RESULT;
      const a = decodeG1(input, 0);
      if (a instanceof MalformedPoint) return failure(a.reason);
      const b = decodeG1(input, 64);
      if (b instanceof MalformedPoint) return failure(b.reason);
      return success(pricing.add, encodeG1(a.add(b)));
    },
  };
}

export function createBn254Mul(pricing: Bn254Pricing): Precompile {
  return {
    name: 'ECMUL',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      if (pricing.mul > gasLimit) return OUT_OF_GAS_RESULT;
      const point = decodeG1(input, 0);
      if (point instanceof MalformedPoint) return failure(point.reason);
      // G1 has prime order n, so reducing the 256-bit scalar mod n does not change the product.
      const scalar = readBigInt(input, 64, 32) % N;
      return success(pricing.mul, encodeG1(point.multiplyUnsafe(scalar)));
    },
  };
}

const ONE_WORD = (() => {
  const w = new Uint8Array(32);
  w[31] = 1;
  return w;
})();

export function createBn254Pairing(pricing: Bn254Pricing, maxInputLength?: number): Precompile {
  return {
    name: 'ECPAIRING',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      // OP Granite+: oversized inputs are rejected before anything else (specs granite/exec-engine).
      if (maxInputLength !== undefined && input.length > maxInputLength) {
        return failure(`bn254 pairing: input longer than ${maxInputLength} bytes`);
      }
      const pairs = Math.floor(input.length / PAIR_LENGTH);
      const gas = pricing.pairingBase + pricing.pairingPerPair * pairs;
      if (gas > gasLimit) return OUT_OF_GAS_RESULT;
      if (input.length % PAIR_LENGTH !== 0) return failure('bn254 pairing: input length not a multiple of 192');
      const batch: { g1: G1Point; g2: G2Point }[] = [];
      for (let i = 0; i < pairs; i++) {
        const g1 = decodeG1(input, i * PAIR_LENGTH);
        if (g1 instanceof MalformedPoint) return failure(g1.reason);
        const g2 = decodeG2(input, i * PAIR_LENGTH + 64);
        if (g2 instanceof MalformedPoint) return failure(g2.reason);
        // e(O, Q) = e(P, O) = 1: such pairs do not change the product (noble rejects them).
        if (!g1.is0() && !g2.is0()) batch.push({ g1, g2 });
      }
      const holds = batch.length === 0 || Fp12.eql(curve.pairingBatch(batch), Fp12.ONE);
      return success(gas, holds ? ONE_WORD.slice() : new Uint8Array(32));
    },
  };
}
