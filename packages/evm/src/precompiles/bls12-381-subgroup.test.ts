/**
 * The WebAssembly subgroup checks against noble's `isTorsionFree` on points inside the
 * prime-order subgroups (multiples of the generators, cofactor-cleared random points) and
 * outside them (random on-curve points without cofactor clearing, points of small order, and
 * subgroup points plus a small-order point), and the endomorphism constants against their
 * definitions. Small-order points drive the scalar multiplication into the incomplete addition's
 * equal and opposite cases.
 */
import { concatBytes } from '@faultline/primitives';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  Bls12381DecodeFailure,
  decodeG1,
  decodeG2,
  ERR_G1_SUBGROUP,
  ERR_G2_SUBGROUP,
  encodeG1,
  encodeG2,
} from './bls12-381-codec.js';
import {
  BETA,
  BLS_X_ABS,
  BLS12_381_WASM_AVAILABLE,
  g1InSubgroupWasm,
  g2InSubgroupWasm,
  PSI_X1,
  PSI_Y0,
  PSI_Y1,
} from './bls12-381-subgroup.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;
const Fp = G1.Fp;
const Fp2 = bls12_381.fields.Fp2;
const P = Fp.ORDER;
const R = G1.Fn.ORDER;
const H1 = G1.CURVE().h;
const H2 = G2.CURVE().h;

/** k·P for any k ≥ 0 (noble's multiply wants k < r), by plain double-and-add. */
function times<T extends { add(o: T): T; double(): T }>(point: T, k: bigint, zero: T): T {
  let acc = zero;
  for (const bit of k.toString(2)) {
    acc = acc.double();
    if (bit === '1') acc = acc.add(point);
  }
  return acc;
}

/**
 * A point of order exactly q (prime) from t, whose order divides h: t times the part of h prime
 * to q, then times q while that stays off infinity. Infinity when t's order is prime to q.
 */
function orderQ<T extends { add(o: T): T; double(): T; is0(): boolean }>(t: T, h: bigint, q: bigint, zero: T): T {
  let m = h;
  while (m % q === 0n) m /= q;
  let point = times(t, m, zero);
  while (!point.is0()) {
    const next = times(point, q, zero);
    if (next.is0()) return point;
    point = next;
  }
  return point;
}

/** Deterministic field elements (a 64-bit LCG). */
function lcg(seed: bigint): () => bigint {
  let s = seed;
  return () => {
    let v = 0n;
    for (let i = 0; i < 6; i++) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      v = (v << 64n) | s;
    }
    return v % P;
  };
}

/** On-curve G1 points from consecutive x, not cofactor-cleared (almost all outside G1). */
function rawG1(count: number, seed: bigint): G1P[] {
  const next = lcg(seed);
  const out: G1P[] = [];
  while (out.length < count) {
    const x = next();
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    if (Fp.pow(rhs, (P - 1n) / 2n) !== 1n) continue;
    out.push(G1.fromAffine({ x, y: Fp.sqrt(rhs) }));
  }
  return out;
}

/** On-curve G2 points, not cofactor-cleared (y² = x³ + 4(u + 1)). */
function rawG2(count: number, seed: bigint): G2P[] {
  const next = lcg(seed);
  const b = Fp2.fromBigTuple([4n, 4n]);
  const out: G2P[] = [];
  while (out.length < count) {
    const x = Fp2.fromBigTuple([next(), next()]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y: ReturnType<typeof Fp2.sqrt>;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue; // not a square
    }
    out.push(G2.fromAffine({ x, y }));
  }
  return out;
}

function agreeG1(points: G1P[]): boolean[] {
  return points.map((point) => {
    const expected = point.isTorsionFree();
    expect(g1InSubgroupWasm(encodeG1(point), 0), `x = ${point.x}`).toBe(expected);
    return expected;
  });
}
function agreeG2(points: G2P[]): boolean[] {
  return points.map((point) => {
    const expected = point.isTorsionFree();
    expect(g2InSubgroupWasm(encodeG2(point), 0), `x = ${point.x.c0}, ${point.x.c1}`).toBe(expected);
    return expected;
  });
}

describe.skipIf(!BLS12_381_WASM_AVAILABLE)('BLS12-381 subgroup checks on the WebAssembly kernel', () => {
  it('the endomorphism constants are what their definitions say', () => {
    expect(Fp.pow(BETA, 3n)).toBe(1n);
    expect(BETA).not.toBe(1n);
    // φ(G) = −x²·G picks this cube root, not its square.
    const g = G1.BASE.toAffine();
    const minusX2G = G1.BASE.multiply(R - ((BLS_X_ABS * BLS_X_ABS) % R)).toAffine();
    expect(minusX2G).toEqual({ x: Fp.mul(BETA, g.x), y: g.y });
    const invXi = Fp2.inv(Fp2.fromBigTuple([1n, 1n]));
    expect(Fp2.pow(invXi, (P - 1n) / 3n)).toEqual(Fp2.fromBigTuple([0n, PSI_X1]));
    expect(Fp2.pow(invXi, (P - 1n) / 2n)).toEqual(Fp2.fromBigTuple([PSI_Y0, PSI_Y1]));
  });

  it('G1: generator multiples and cofactor-cleared points are in, raw points are not', () => {
    const next = lcg(7n);
    const multiples = [1n, 2n, 3n, R - 1n, R - 2n, next(), next(), next()].map((k) => G1.BASE.multiply(k % R || 1n));
    expect(agreeG1(multiples).every(Boolean)).toBe(true);
    const raw = rawG1(40, 11n);
    const verdicts = agreeG1(raw);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(35);
    expect(agreeG1(raw.slice(0, 12).map((p) => p.clearCofactor())).every(Boolean)).toBe(true);
  });

  it('G1: points of small order, and subgroup points plus one, are not in', () => {
    const torsion = rawG1(6, 21n).map((p) => times(p, R, G1.ZERO)); // order divides h1
    const order3 = torsion.map((t) => orderQ(t, H1, 3n, G1.ZERO)).filter((t) => !t.is0());
    const order11 = torsion.map((t) => orderQ(t, H1, 11n, G1.ZERO)).filter((t) => !t.is0());
    expect(order3.length).toBeGreaterThan(0);
    expect(order11.length).toBeGreaterThan(0);
    const shifted = order3.map((t, i) => G1.BASE.multiply(BigInt(i + 5)).add(t));
    expect(agreeG1([...torsion.filter((t) => !t.is0()), ...order3, ...order11, ...shifted]).some(Boolean)).toBe(false);
  });

  it('G2: generator multiples and cofactor-cleared points are in, raw points are not', () => {
    const next = lcg(5n);
    const multiples = [1n, 2n, R - 1n, next(), next()].map((k) => G2.BASE.multiply(k % R || 1n));
    expect(agreeG2(multiples).every(Boolean)).toBe(true);
    const raw = rawG2(16, 13n);
    expect(agreeG2(raw).some(Boolean)).toBe(false);
    expect(agreeG2(raw.slice(0, 5).map((p) => p.clearCofactor())).every(Boolean)).toBe(true);
  });

  it('G2: points of small order, and subgroup points plus one, are not in', () => {
    const torsion = rawG2(3, 17n).map((p) => times(p, R, G2.ZERO)); // order divides h2
    const order13 = torsion.map((t) => orderQ(t, H2, 13n, G2.ZERO)).filter((t) => !t.is0());
    expect(order13.length).toBeGreaterThan(0);
    const shifted = order13.map((t, i) => G2.BASE.multiply(BigInt(i + 3)).add(t));
    expect(agreeG2([...torsion.filter((t) => !t.is0()), ...order13, ...shifted]).some(Boolean)).toBe(false);
  });

  it('the codec: infinity is in both subgroups; a point outside fails with geth’s error', () => {
    expect(decodeG1(new Uint8Array(128), 0, true)).toBe(G1.ZERO);
    expect(decodeG2(new Uint8Array(256), 0, true)).toBe(G2.ZERO);
    const [outside1] = rawG1(1, 3n);
    const [outside2] = rawG2(1, 3n);
    expect(decodeG1(encodeG1(outside1!), 0, true)).toEqual(new Bls12381DecodeFailure(ERR_G1_SUBGROUP));
    expect(decodeG2(encodeG2(outside2!), 0, true)).toEqual(new Bls12381DecodeFailure(ERR_G2_SUBGROUP));
    const inside = concatBytes(new Uint8Array(7), encodeG1(G1.BASE.multiply(99n)));
    expect((decodeG1(inside, 7, true) as G1P).equals(G1.BASE.multiply(99n))).toBe(true);
  });
});
