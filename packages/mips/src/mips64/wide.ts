/**
 * The MIPS64 operations too rare in real code to be worth int32-pair arithmetic in the dispatch
 * loop: 128-bit products and 64-bit divisions (dmult, dmultu, ddiv, ddivu) and the unaligned
 * doubleword loads/stores (ldl, ldr, sdl, sdr). They compute with bigints and hand results back
 * as int32 halves in `out` (no allocation of result objects). Semantics are cannon64's
 * (`exec/mips_instructions.go`, MIPS64 Vol. II): products are exact two's complement, division
 * truncates toward zero with the remainder taking the dividend's sign, and −2^63 / −1 wraps.
 */

const M64 = (1n << 64n) - 1n;

/** Result halves: [hiHi, hiLo, loHi, loLo] for products/quotients, [hi, lo] for a doubleword. */
export const out = new Int32Array(4);

export const toBig = (hi: number, lo: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const toSigned = (hi: number, lo: number): bigint => BigInt.asIntN(64, toBig(hi, lo));

function put(i: number, v: bigint): void {
  const x = v & M64;
  out[i] = Number(x >> 32n);
  out[i + 1] = Number(x & 0xffffffffn);
}

/** HI:LO = rs × rt, signed (dmult) or unsigned (dmultu), as out[0..1] = HI, out[2..3] = LO. */
export function dmul(rsHi: number, rsLo: number, rtHi: number, rtLo: number, signed: boolean): void {
  const p = signed ? toSigned(rsHi, rsLo) * toSigned(rtHi, rtLo) : toBig(rsHi, rsLo) * toBig(rtHi, rtLo);
  put(0, p >> 64n);
  put(2, p);
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
