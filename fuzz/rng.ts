/**
 * The fuzzer's deterministic randomness: sfc32 (Chris Doty-Humphrey's small fast counter
 * generator, 128 bits of state, 32-bit integer arithmetic only). Every case gets its own
 * generator seeded from (run seed, target, case index), so any single case can be regenerated
 * without replaying the cases before it — that is how a hang found in a worker is turned back
 * into its input by the supervisor.
 */

/** 32-bit string hash (FNV-1a), for mixing target names into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** splitmix32 finaliser: spreads nearby integers (case indices) over the whole state space. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0, index = 0) {
    this.a = mix(seed ^ 0x9e3779b9);
    this.b = mix(stream + 0x6a09e667);
    this.c = mix(index + 0xbb67ae85);
    this.d = mix((index / 0x1_0000_0000) ^ 0x3c6ef372);
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  /** True with probability 1/n. */
  oneIn(n: number): boolean {
    return this.int(n) === 0;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A length biased towards small values (most interesting inputs are short). */
  smallLength(max: number): number {
    const r = this.int(4);
    const cap = r === 0 ? 4 : r === 1 ? 32 : r === 2 ? 256 : max;
    return this.int(Math.min(cap, max) + 1);
  }
}
