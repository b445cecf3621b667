/**
 * The seven EIP-2537 BLS12-381 precompiles (Prague, final spec): G1ADD 0x0b, G1MSM 0x0c,
 * G2ADD 0x0d, G2MSM 0x0e, PAIRING 0x0f, MAP_FP_TO_G1 0x10, MAP_FP2_TO_G2 0x11. ADD performs no
 * subgroup check; MSM and PAIRING do. MSM scalars are 32 bytes and may exceed the group order
 * (points are in the subgroup, so reducing them is exact). MAP_* is the RFC 9380 simplified SWU
 * map followed by cofactor clearing, without hashing. OP-stack chains cap the input sizes of the
 * variable-length ones from Isthmus on (`maxInputLength`). Subgroup checks and MSM run on the
 * WebAssembly kernel (bls12-381-subgroup.ts, bls12-381-msm.ts) where the engine has one, else on
 * noble's BigInt code (QuickJS in client.elf); pairing and the maps are noble's.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  Bls12381DecodeFailure,
  decodeFp,
  decodeFp2,
  decodeG1,
  decodeG2,
  encodeG1,
  encodeG2,
  FP_LENGTH,
  FP2_LENGTH,
  type Fp2,
  type G1,
  G1_LENGTH,
  G1Point,
  type G2,
  G2_LENGTH,
  G2Point,
  SCALAR_LENGTH,
} from './bls12-381-codec.js';
import {
  G1_MSM_DISCOUNTS,
  G1ADD_GAS,
  G1MUL_GAS,
  G2_MSM_DISCOUNTS,
  G2ADD_GAS,
  G2MUL_GAS,
  MAP_FP_TO_G1_GAS,
  MAP_FP2_TO_G2_GAS,
  msmGas,
  pairingGas,
} from './bls12-381-gas.js';
import { g1MsmWasm, g2MsmWasm } from './bls12-381-msm.js';
import { BLS12_381_WASM_AVAILABLE } from './bls12-381-subgroup.js';
import {
  failure,
  INVALID_INPUT_LENGTH,
  OUT_OF_GAS_RESULT,
  type Precompile,
  type PrecompileResult,
  readBigInt,
  success,
} from './types.js';

const R = G1Point.Fn.ORDER;
const Fp = G1Point.Fp;
const Fp2Field = bls12_381.fields.Fp2;
const Fp12 = bls12_381.fields.Fp12;
const PAIR_LENGTH = G1_LENGTH + G2_LENGTH;

function tooLong(name: string, maxInputLength: number | undefined, input: Uint8Array): PrecompileResult | undefined {
  if (maxInputLength !== undefined && input.length > maxInputLength) {
    return failure(`${name}: input longer than ${maxInputLength} bytes (OP-stack limit)`);
  }
  return undefined;
}

interface GroupOps<P> {
  readonly name: string;
  readonly pointLength: number;
  readonly addGas: number;
  readonly mulGas: number;
  readonly discounts: readonly number[];
  readonly zero: P;
  add(a: P, b: P): P;
  /**
   * Σ scalars[i]·points[i] over non-zero terms (Pippenger's method, as EIP-2537 prices); the
   * points are also encoded at input[offsets[i]..].
   */
  msm(points: P[], scalars: bigint[], input: Uint8Array, offsets: number[]): P;
  decode(input: Uint8Array, offset: number, subgroupCheck: boolean): P | Bls12381DecodeFailure;
  encode(point: P): Uint8Array;
}

type AnyPoint = G1 | G2;

const G1_OPS: GroupOps<G1> = {
  name: 'G1',
  pointLength: G1_LENGTH,
  addGas: G1ADD_GAS,
  mulGas: G1MUL_GAS,
  discounts: G1_MSM_DISCOUNTS,
  zero: G1Point.ZERO,
  add: (a, b) => a.add(b),
  msm: (points, scalars, input, offsets) => {
    // The WebAssembly kernel (bls12-381-msm.ts) where the engine has it and the input fits, else noble's.
    const r = BLS12_381_WASM_AVAILABLE ? g1MsmWasm(input, offsets, scalars) : undefined;
    if (r === undefined) return pippenger(G1Point, points, scalars);
    if (r === null) return G1Point.ZERO;
    // Jacobian (X, Y, Z) is (X·Z, Y, Z³) in noble's homogeneous coordinates (x = X/Z², y = Y/Z³).
    return new G1Point(Fp.mul(r.x, r.z), r.y, Fp.mul(Fp.sqr(r.z), r.z));
  },
  decode: decodeG1,
  encode: encodeG1,
};

const G2_OPS: GroupOps<G2> = {
  name: 'G2',
  pointLength: G2_LENGTH,
  addGas: G2ADD_GAS,
  mulGas: G2MUL_GAS,
  discounts: G2_MSM_DISCOUNTS,
  zero: G2Point.ZERO,
  add: (a, b) => a.add(b),
  msm: (points, scalars, input, offsets) => {
    const r = BLS12_381_WASM_AVAILABLE ? g2MsmWasm(input, offsets, scalars) : undefined;
    if (r === undefined) return pippenger(G2Point, points, scalars);
    if (r === null) return G2Point.ZERO;
    const [x, y, z] = [r.x, r.y, r.z].map(([c0, c1]) => Fp2Field.fromBigTuple([c0!, c1!]));
    return new G2Point(Fp2Field.mul(x!, z!), y!, Fp2Field.mul(Fp2Field.sqr(z!), z!));
  },
  decode: decodeG2,
  encode: encodeG2,
};

function createAdd<P extends AnyPoint>(ops: GroupOps<P>): Precompile {
  return {
    name: `BLS12_${ops.name}ADD`,
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      if (ops.addGas > gasLimit) return OUT_OF_GAS_RESULT;
      if (input.length !== 2 * ops.pointLength) return failure(INVALID_INPUT_LENGTH);
      const a = ops.decode(input, 0, false);
      if (a instanceof Bls12381DecodeFailure) return failure(a.reason);
      const b = ops.decode(input, ops.pointLength, false);
      if (b instanceof Bls12381DecodeFailure) return failure(b.reason);
      return success(ops.addGas, ops.encode(ops.add(a, b)));
    },
  };
}

function createMsm<P extends AnyPoint>(ops: GroupOps<P>, maxInputLength?: number): Precompile {
  const name = `BLS12_${ops.name}MSM`;
  const pairLength = ops.pointLength + SCALAR_LENGTH;
  return {
    name,
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      const rejected = tooLong(name, maxInputLength, input);
      if (rejected) return rejected;
      const k = Math.floor(input.length / pairLength);
      const gas = msmGas(k, ops.mulGas, ops.discounts);
      if (gas > gasLimit) return OUT_OF_GAS_RESULT;
      if (k === 0 || input.length % pairLength !== 0) return failure(INVALID_INPUT_LENGTH);
      const points: P[] = [];
      const scalars: bigint[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < k; i++) {
        const offset = i * pairLength;
        const point = ops.decode(input, offset, true);
        if (point instanceof Bls12381DecodeFailure) return failure(point.reason);
        const scalar = readBigInt(input, offset + ops.pointLength, SCALAR_LENGTH) % R;
        if (scalar !== 0n && !point.is0()) {
          points.push(point);
          scalars.push(scalar);
          offsets.push(offset);
        }
      }
      const result = points.length === 0 ? ops.zero : ops.msm(points, scalars, input, offsets);
      return success(gas, ops.encode(result));
    },
  };
}

const ONE_WORD = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));

function createPairing(maxInputLength?: number): Precompile {
  const name = 'BLS12_PAIRING_CHECK';
  return {
    name,
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      const rejected = tooLong(name, maxInputLength, input);
      if (rejected) return rejected;
      const k = Math.floor(input.length / PAIR_LENGTH);
      const gas = pairingGas(k);
      if (gas > gasLimit) return OUT_OF_GAS_RESULT;
      if (k === 0 || input.length % PAIR_LENGTH !== 0) return failure(INVALID_INPUT_LENGTH);
      const batch: { g1: G1; g2: G2 }[] = [];
      for (let i = 0; i < k; i++) {
        const g1 = decodeG1(input, i * PAIR_LENGTH, true);
        if (g1 instanceof Bls12381DecodeFailure) return failure(g1.reason);
        const g2 = decodeG2(input, i * PAIR_LENGTH + G1_LENGTH, true);
        if (g2 instanceof Bls12381DecodeFailure) return failure(g2.reason);
        // A pair with the point at infinity contributes 1 to the product (noble rejects them).
        if (!g1.is0() && !g2.is0()) batch.push({ g1, g2 });
      }
      const holds = batch.length === 0 || Fp12.eql(bls12_381.pairingBatch(batch), Fp12.ONE);
      return success(gas, holds ? ONE_WORD.slice() : new Uint8Array(32));
    },
  };
}

// noble's `mapToCurve` is typed as returning an affine pair, but it returns the cofactor-cleared
// projective point (hash-to-curve.js `clear(map(...))`); these wrappers pin that down.
function mapToG1(u: bigint): G1 {
  return bls12_381.G1.mapToCurve(u as unknown as bigint[]) as unknown as G1;
}

function mapToG2(u: Fp2): G2 {
  return bls12_381.G2.mapToCurve([u.c0, u.c1]) as unknown as G2;
}

const mapFpToG1: Precompile = {
  name: 'BLS12_MAP_FP_TO_G1',
  run(input: Uint8Array, gasLimit: number): PrecompileResult {
    if (MAP_FP_TO_G1_GAS > gasLimit) return OUT_OF_GAS_RESULT;
    if (input.length !== FP_LENGTH) return failure(INVALID_INPUT_LENGTH);
    const u = decodeFp(input, 0);
    if (u instanceof Bls12381DecodeFailure) return failure(u.reason);
    return success(MAP_FP_TO_G1_GAS, encodeG1(mapToG1(u)));
  },
};

const mapFp2ToG2: Precompile = {
  name: 'BLS12_MAP_FP2_TO_G2',
  run(input: Uint8Array, gasLimit: number): PrecompileResult {
    if (MAP_FP2_TO_G2_GAS > gasLimit) return OUT_OF_GAS_RESULT;
    if (input.length !== FP2_LENGTH) return failure(INVALID_INPUT_LENGTH);
    const u = decodeFp2(input, 0);
    if (u instanceof Bls12381DecodeFailure) return failure(u.reason);
    return success(MAP_FP2_TO_G2_GAS, encodeG2(mapToG2(u)));
  },
};

/** OP-stack input caps (bytes) for the variable-length BLS precompiles; absent on L1. */
export interface Bls12381InputLimits {
  readonly g1Msm: number;
  readonly g2Msm: number;
  readonly pairing: number;
}

export interface Bls12381Precompiles {
  readonly g1Add: Precompile;
  readonly g1Msm: Precompile;
  readonly g2Add: Precompile;
  readonly g2Msm: Precompile;
  readonly pairing: Precompile;
  readonly mapFpToG1: Precompile;
  readonly mapFp2ToG2: Precompile;
}

export function createBls12381Precompiles(limits?: Bls12381InputLimits): Bls12381Precompiles {
  return {
    g1Add: createAdd(G1_OPS),
    g1Msm: createMsm(G1_OPS, limits?.g1Msm),
    g2Add: createAdd(G2_OPS),
    g2Msm: createMsm(G2_OPS, limits?.g2Msm),
    pairing: createPairing(limits?.pairing),
    mapFpToG1,
    mapFp2ToG2,
  };
}
