/**
 * The MIPS64 operations that do not fit the dispatch loop's few int32 operations: 128-bit
 * products (dmult, dmultu — Go compiles every 64-bit multiplication to dmultu, so these stay in
 * int32/double arithmetic), and, rare enough for bigints, 64-bit divisions (ddiv, ddivu) and the
 * unaligned doubleword loads/stores (ldl, ldr, sdl, sdr). Results go back as int32 halves in
 * `out` (no allocation of result objects). Semantics are cannon64's (`exec/mips_instructions.go`,
 * MIPS64 Vol. II): products are exact two's complement, division truncates toward zero with the
 * remainder taking the dividend's sign, and −2^63 / −1 wraps.
 */
import { mulhu } from '../vm.js';

const M64 = (1n << 64n) - 1n;
const TWO32 = 0x1_0000_0000;

/** Result halves: [hiHi, hiLo, loHi, loLo] for products/quotients, [hi, lo] for a doubleword. */
export const out = new Int32Array(4);

export const toBig = (hi: number, lo: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const toSigned = (hi: number, lo: number): bigint => BigInt.asIntN(64, toBig(hi, lo));

function put(i: number, v: bigint): void {
  const x = v & M64;
  out[i] = Number(x >> 32n);
  out[i + 1] = Number(x & 0xffffffffn);
}

/**
 * HI:LO = rs × rt, signed (dmult) or unsigned (dmultu), as out[0..1] = HI, out[2..3] = LO. The
 * unsigned product from four 32×32 partial products (column sums stay below 2^35, exact in a
 * double); the signed high half is the unsigned one minus rt if rs < 0 and minus rs if rt < 0.
 */
export function dmul(rsHi: number, rsLo: number, rtHi: number, rtLo: number, signed: boolean): void {
  const aL = rsLo >>> 0;
  const aH = rsHi >>> 0;
  const bL = rtLo >>> 0;
  const bH = rtHi >>> 0;
  const t1 = (mulhu(aL, bL) >>> 0) + (Math.imul(aL, bH) >>> 0) + (Math.imul(aH, bL) >>> 0);
  const t2 = (mulhu(aL, bH) >>> 0) + (mulhu(aH, bL) >>> 0) + (Math.imul(aH, bH) >>> 0) + Math.floor(t1 / TWO32);
  let h0 = t2 >>> 0;
  let h1 = ((mulhu(aH, bH) >>> 0) + Math.floor(t2 / TWO32)) >>> 0;
  if (signed) {
    // 128-bit two's complement: subtract the other operand from the high doubleword per negative one.
    if (rsHi < 0) {
      const b = h0 < bL ? 1 : 0;
      h0 = (h0 - bL) >>> 0;
      h1 = (h1 - bH - b) >>> 0;
    }
    if (rtHi < 0) {
      const b = h0 < aL ? 1 : 0;
      h0 = (h0 - aL) >>> 0;
      h1 = (h1 - aH - b) >>> 0;
    }
  }
  out[0] = h1;
  out[1] = h0;
  out[2] = t1 >>> 0;
  out[3] = Math.imul(aL, bL);
}

/** HI = rs mod rt, LO = rs / rt (ddiv signed, ddivu unsigned); the caller has refused rt = 0. */
export function ddiv(rsHi: number, rsLo: number, rtHi: number, rtLo: number, signed: boolean): void {
  const a = signed ? toSigned(rsHi, rsLo) : toBig(rsHi, rsLo);
  const b = signed ? toSigned(rtHi, rtLo) : toBig(rtHi, rtLo);
  put(0, a % b);
  put(2, a / b);
}

/**
 * ldl/ldr/sdl/sdr on the doubleword `mem` at the aligned address; `byte` = address & 7. Loads
 * merge memory into rt, stores merge rt into memory; the result goes to out[0..1].
 */
export function unalignedDoubleword(kind: 'ldl' | 'ldr' | 'sdl' | 'sdr', byte: number, mem: bigint, rt: bigint): void {
  const b = BigInt(byte) * 8n;
  let v: bigint;
  switch (kind) {
    case 'ldl': {
      const mask = (M64 << b) & M64;
      v = ((mem << b) & mask) | (rt & ~mask);
      break;
    }
    case 'ldr': {
      const sr = 56n - b;
      // The bytes above the loaded ones keep rt's value; with sr = 0 the whole doubleword loads.
      const keep = sr === 0n ? 0n : (M64 << (64n - sr)) & M64;
      v = (mem >> sr) | (rt & keep);
      break;
    }
    case 'sdl': {
      const mask = M64 >> b;
      v = (rt >> b) | (mem & ~mask);
      break;
    }
    case 'sdr': {
      const sl = 56n - b;
      const mask = (M64 << sl) & M64;
      v = ((rt << sl) & mask) | (mem & ~mask);
      break;
    }
  }
  put(0, v & M64);
}
