/**
 * secp256k1 public-key recovery (SEC 1 v2 §4.1.6) in plain BigInt arithmetic, specialised for the
 * one question a block asks per transaction: Q = r⁻¹·(s·R − e·G). noble's generic curve code
 * answers it exactly but spends most of its time reducing after every field addition (complete
 * projective formulas, `%` per operation): recovery was ~43 % of `block verify-fixture` (issue 19).
 *
 * Here: Jacobian coordinates with the a = 0 doubling (dbl-2009-l) and mixed addition
 * (madd-2007-bl) from the Explicit-Formulas Database, reduction by folding 2²⁵⁶ ≡ 2³² + 977
 * (mod p), and one shared doubling chain for both scalars (Straus–Shamir) with width-w NAF digits;
 * G's odd multiples are built once per process, R's per call. Every special case of the
 * incomplete formulas (either operand at infinity, P + P, P + (−P)) is handled explicitly, so the
 * result equals noble's for every input (the test checks this on random and edge inputs).
 */

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
export const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;
const MASK = (1n << 256n) - 1n;
/** 2²⁵⁶ mod p: p = 2²⁵⁶ − 2³² − 977. */
const FOLD = 0x1000003d1n;

function mul(a: bigint, b: bigint): bigint {
  let t = a * b;
  t = (t & MASK) + (t >> 256n) * FOLD;
  t = (t & MASK) + (t >> 256n) * FOLD; // now < 2²⁵⁶ + 2⁶⁶ < 2p
  return t >= P ? t - P : t;
}
function add(a: bigint, b: bigint): bigint {
  const t = a + b;
  return t >= P ? t - P : t;
}
function sub(a: bigint, b: bigint): bigint {
  return a >= b ? a - b : a - b + P;
}

/** x^(2^n) */
function pow2(x: bigint, n: number): bigint {
  let t = x;
  for (let i = 0; i < n; i++) t = mul(t, t);
  return t;
}

/**
 * c^((p+1)/4), the square root of c when c is a square (p ≡ 3 mod 4). The exponent's bits are
 * 223 ones, a zero, 22 ones, 4 zeros, 11, 00: built from runs of ones (an addition chain of
 * 253 squarings and 13 multiplications instead of ~500 operations bit by bit).
 */
function sqrtCandidate(c: bigint): bigint {
  const b2 = mul(mul(c, c), c); // 2 ones
  const b3 = mul(mul(b2, b2), c);
  const b6 = mul(pow2(b3, 3), b3);
  const b9 = mul(pow2(b6, 3), b3);
  const b11 = mul(pow2(b9, 2), b2);
  const b22 = mul(pow2(b11, 11), b11);
  const b44 = mul(pow2(b22, 22), b22);
  const b88 = mul(pow2(b44, 44), b44);
  const b176 = mul(pow2(b88, 88), b88);
  const b220 = mul(pow2(b176, 44), b44);
  const b223 = mul(pow2(b220, 3), b3);
  const t = mul(pow2(b223, 23), b22);
  return pow2(mul(pow2(t, 6), b2), 2);
}

/** a⁻¹ mod m for 0 < a < m, m prime (extended Euclid). */
export function invert(a: bigint, m: bigint): bigint {
  let r0 = m;
  let r1 = a;
  let t0 = 0n;
  let t1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    const r2 = r0 - q * r1;
    r0 = r1;
    r1 = r2;
    const t2 = t0 - q * t1;
    t0 = t1;
    t1 = t2;
  }
  return t0 < 0n ? t0 + m : t0;
}

/** Width-w NAF of 0 ≤ k < 2²⁵⁶, least significant digit first (digits odd, |d| < 2^(w−1)). */
function wnaf(k: bigint, w: number): Int16Array {
  const len = 256 + w + 1;
  const bits = new Uint8Array(len + 1);
  const hex = k.toString(16);
  for (let i = 0; i < hex.length; i++) {
    // toString(16) gives 0-9 and lowercase a-f.
    const c = hex.charCodeAt(hex.length - 1 - i);
    const nibble = c <= 57 ? c - 48 : c - 87;
    bits[4 * i] = nibble & 1;
    bits[4 * i + 1] = (nibble >> 1) & 1;
    bits[4 * i + 2] = (nibble >> 2) & 1;
    bits[4 * i + 3] = (nibble >> 3) & 1;
  }
  const digits = new Int16Array(len);
  const full = 1 << w;
  let i = 0;
  while (i < len - w) {
    if (bits[i] === 0) {
      i++;
      continue;
    }
    let v = 0;
    for (let j = 0; j < w; j++) v |= (bits[i + j] as number) << j;
    if (v >= full >> 1) {
      v -= full;
      // k − v·2^i carries one into bit i + w
      let j = i + w;
      while (bits[j] === 1) bits[j++] = 0;
      bits[j] = 1;
    }
    digits[i] = v;
    i += w;
  }
  return digits;
}

/** Affine points as flat [x0, y0, x1, y1, …]. */
type Table = bigint[];

/** The affine odd multiples 1·A, 3·A, …, (2·count − 1)·A of the affine point A (A ≠ ∞). */
function oddMultiples(ax: bigint, ay: bigint, count: number): Table {
  // 2A = (X2, Y2, Z2) in Jacobian. The map (x, y) → (x·Z2², y·Z2³) is an isomorphism onto
  // y² = x³ + 7·Z2⁶, on which 2A is affine (X2, Y2); a = 0 addition formulas do not involve b, so
  // the multiples are built there by mixed additions and mapped back by folding Z2 into each Z —
  // one inversion for the whole table instead of one more for 2A.
  const [X2, Y2, Z2] = double(ax, ay, 1n);
  const z22 = mul(Z2, Z2);
  const xs: bigint[] = [mul(ax, z22)];
  const ys: bigint[] = [mul(ay, mul(z22, Z2))];
  const zs: bigint[] = [1n];
  for (let i = 1; i < count; i++) {
    const j = madd(xs[i - 1] as bigint, ys[i - 1] as bigint, zs[i - 1] as bigint, X2, Y2);
    // (2i+1)·A ≠ ∞ and (2i−1)·A ≠ ±2A for 2i+1 < n, so madd hit no special case and Z ≠ 0.
    xs.push(j[0]);
    ys.push(j[1]);
    zs.push(j[2]);
  }
  for (let i = 0; i < count; i++) zs[i] = mul(zs[i] as bigint, Z2);
  // Batch inversion (Montgomery's trick): one inversion for all Zs.
  const prefix: bigint[] = new Array(count);
  let acc = 1n;
  for (let i = 0; i < count; i++) {
    prefix[i] = acc;
    acc = mul(acc, zs[i] as bigint);
  }
  let inv = invert(acc, P);
  const table: Table = new Array(2 * count);
  for (let i = count - 1; i >= 0; i--) {
    const zi = mul(inv, prefix[i] as bigint);
    inv = mul(inv, zs[i] as bigint);
    const zi2 = mul(zi, zi);
    table[2 * i] = mul(xs[i] as bigint, zi2);
    table[2 * i + 1] = mul(ys[i] as bigint, mul(zi2, zi));
  }
  return table;
}

const out: [bigint, bigint, bigint] = [0n, 0n, 0n];

/** Jacobian (X, Y, Z) + affine (x, y), Z = 0 meaning infinity; result in `out` (madd-2007-bl). */
function madd(X: bigint, Y: bigint, Z: bigint, x: bigint, y: bigint): [bigint, bigint, bigint] {
  if (Z === 0n) {
    out[0] = x;
    out[1] = y;
    out[2] = 1n;
    return out;
  }
  const zz = mul(Z, Z);
  const u2 = mul(x, zz);
  const s2 = mul(y, mul(Z, zz));
  const h = sub(u2, X);
  let r = sub(s2, Y);
  if (h === 0n) {
    if (r === 0n) return double(X, Y, Z); // same point
    out[0] = 1n;
    out[1] = 1n;
    out[2] = 0n; // P + (−P)
    return out;
  }
  r = add(r, r);
  const hh = mul(h, h);
  let i = add(hh, hh);
  i = add(i, i);
  const j = mul(h, i);
  const v = mul(X, i);
  const x3 = sub(sub(mul(r, r), j), add(v, v));
  const yj = mul(Y, j);
  out[0] = x3;
  out[1] = sub(mul(r, sub(v, x3)), add(yj, yj));
  const zh = add(Z, h);
  out[2] = sub(sub(mul(zh, zh), zz), hh);
  return out;
}

/** 2·(X, Y, Z) for a = 0 (dbl-2009-l); infinity (Z = 0) stays infinity. */
function double(X: bigint, Y: bigint, Z: bigint): [bigint, bigint, bigint] {
  const a = mul(X, X);
  const b = mul(Y, Y);
  const c = mul(b, b);
  const xb = add(X, b);
  let d = sub(sub(mul(xb, xb), a), c);
  d = add(d, d);
  const e = add(add(a, a), a);
  const f = mul(e, e);
  const x3 = sub(f, add(d, d));
  let c8 = add(c, c);
  c8 = add(c8, c8);
  c8 = add(c8, c8);
  out[0] = x3;
  out[1] = sub(mul(e, sub(d, x3)), c8);
  const yz = mul(Y, Z);
  out[2] = add(yz, yz);
  return out;
}

export const G_WINDOW = 10;
export const R_WINDOW = 5;
let gTables: [Table, Table] | undefined;

/**
 * GLV endomorphism (Gallant–Lambert–Vanstone; secp256k1 has j-invariant 0): ψ(x, y) = (β·x, y)
 * equals λ·(x, y) for a cube root of unity λ mod n, so k·A = k1·A + k2·ψ(A) with k1, k2 of ~128
 * bits — half the doublings. β and the reduced lattice basis (a1, b1), (a2, b2) with
 * a + b·λ ≡ 0 (mod n) are the curve's published constants (the same values as noble's).
 */
export const BETA = 0x7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501een;
const A1 = 0x3086d221a7d46bcde86c90e49284eb15n;
const B1 = -0xe4437ed6010e88286f547fa90abfe4c3n;
const A2 = 0x114ca50f7a8e2f3f657c1108d9d44cfd8n;
const B2 = A1;
const HALF_N = N >> 1n;

/** k (0 ≤ k < n) as k1 + k2·λ (mod n); [|k1|, k1 < 0, |k2|, k2 < 0]. */
function split(k: bigint): [bigint, boolean, bigint, boolean] {
  // c = round(b·k / n); both products are ≥ 0 (B2 > 0, −B1 > 0).
  const c1 = (B2 * k + HALF_N) / N;
  const c2 = (-B1 * k + HALF_N) / N;
  const k1 = k - c1 * A1 - c2 * A2;
  const k2 = -c1 * B1 - c2 * B2;
  return [k1 < 0n ? -k1 : k1, k1 < 0n, k2 < 0n ? -k2 : k2, k2 < 0n];
}

/** ψ applied to every point of an affine table. */
function endoTable(t: Table): Table {
  const e: Table = t.slice();
  for (let i = 0; i < e.length; i += 2) e[i] = mul(e[i] as bigint, BETA);
  return e;
}

/** Index one past the highest non-zero digit. */
function top(d: Int16Array): number {
  let i = d.length;
  while (i > 0 && d[i - 1] === 0) i--;
  return i;
}

/** Byte → two hex digits, made on first use: client.elf's QuickJS recovers natively and never pays for it. */
let hexBytes: string[] | undefined;

function bytesToBigint(bytes: Uint8Array): bigint {
  const table = (hexBytes ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')));
  let hex = '0x';
  for (let i = 0; i < bytes.length; i++) hex += table[bytes[i] as number];
  return BigInt(hex);
}

function word(v: bigint, target: Uint8Array, off: number): void {
  const hex = v.toString(16).padStart(64, '0');
  for (let i = 0; i < 32; i++) target[off + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

/**
 * The scalars of Q = r⁻¹·(s·R − e·G) = u1·G + u2·R as GLV halves in wNAF digits, in the order
 * [G, ψ(G), R, ψ(R)], and whether each half is negative (the point is then subtracted).
 * `rInv` is r⁻¹ mod n, when the caller has a faster way to it than `invert`.
 */
export function recoveryDigits(
  hash: Uint8Array,
  r: bigint,
  s: bigint,
  rInv: bigint = invert(r, N),
): { digits: [Int16Array, Int16Array, Int16Array, Int16Array]; negated: boolean[]; start: number } {
  const e = bytesToBigint(hash) % N;
  const u1 = (((N - e) % N) * rInv) % N;
  const u2 = (s * rInv) % N;
  const [g1, g1neg, g2, g2neg] = split(u1);
  const [r1, r1neg, r2, r2neg] = split(u2);
  const digits: [Int16Array, Int16Array, Int16Array, Int16Array] = [
    wnaf(g1, G_WINDOW),
    wnaf(g2, G_WINDOW),
    wnaf(r1, R_WINDOW),
    wnaf(r2, R_WINDOW),
  ];
  const start = Math.max(top(digits[0]), top(digits[1]), top(digits[2]), top(digits[3])) - 1;
  return { digits, negated: [g1neg, g2neg, r1neg, r2neg], start };
}

/**
 * The 65-byte uncompressed public key (0x04 ‖ x ‖ y) that signed the 32-byte `hash` with
 * (r, s, recid), or `undefined` when r is not the x-coordinate of a curve point or the key would
 * be the point at infinity. r and s must already be in [1, n−1] and recid 0 or 1.
 */
export function recoverPublicKeyFast(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  // R = (r, y) with y's parity = recid (r < n < p, so recids 2 and 3 never arise here).
  const c = add(mul(mul(r, r), r), 7n);
  let ry = sqrtCandidate(c);
  if (mul(ry, ry) !== c) return undefined;
  if (Number(ry & 1n) !== (recid & 1)) ry = P - ry; // ry ≠ 0: c = 0 has no root here (−7 is no cube)
  if (gTables === undefined) {
    const g = oddMultiples(GX, GY, 1 << (G_WINDOW - 2));
    gTables = [g, endoTable(g)];
  }
  const rt = oddMultiples(r, ry, 1 << (R_WINDOW - 2));
  const tables = [gTables[0], gTables[1], rt, endoTable(rt)];
  const { digits, negated, start } = recoveryDigits(hash, r, s);

  let X = 1n;
  let Y = 1n;
  let Z = 0n;
  for (let i = start; i >= 0; i--) {
    if (Z !== 0n) [X, Y, Z] = double(X, Y, Z);
    for (let t = 0; t < 4; t++) {
      const d = (digits[t] as Int16Array)[i] as number;
      if (d === 0) continue;
      const table = tables[t] as Table;
      const k = d > 0 ? d - 1 : -d - 1; // |d| = 2m + 1 is the table's m-th point, at 2m
      const x = table[k] as bigint;
      const y = table[k + 1] as bigint;
      [X, Y, Z] = madd(X, Y, Z, x, d > 0 !== negated[t] ? y : P - y);
    }
  }
  if (Z === 0n) return undefined;
  const zi = invert(Z, P);
  const zi2 = mul(zi, zi);
  const key = new Uint8Array(65);
  key[0] = 4;
  word(mul(X, zi2), key, 1);
  word(mul(Y, mul(zi2, zi)), key, 33);
  return key;
}
