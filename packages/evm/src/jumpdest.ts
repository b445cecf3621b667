/**
 * Code analysis, cached per code hash: a byte-per-position map that is 1 only where a JUMPDEST
 * opcode sits in real code, never inside PUSH immediates (Yellow Paper §9.4.3; a PUSH truncated
 * by the end of the code runs past the end, so nothing after it counts), and the value of every
 * PUSH immediate decoded once as a bigint, so executing a PUSH is one array load instead of a
 * bigint construction (ethereumjs PR #2996 caches PUSH data for the same reason). geth caches its
 * jumpdest bitvec per code hash the same way: hot contracts are re-entered constantly.
 * A Uint8Array rather than a packed bitmap: one load per JUMP, and code is at most 24 KiB
 * (initcode 48 KiB).
 */
import type { BlockTier } from './block-compiler.js';
import { canon, SMALL_LIMIT, type Word } from './words.js';

const PUSH1 = 0x60;
const PUSH32 = 0x7f;
const JUMPDEST = 0x5b;

export interface CodeAnalysis {
  jumpdests: Uint8Array;
  /**
   * `pushes[pc >>> 1]` is the immediate of the PUSH at `pc` (missing bytes of a truncated PUSH
   * are 0). Halved index: a PUSH1–PUSH32 takes at least two bytes, so no two PUSHes share
   * `pc >>> 1`; and a slot per byte of a 24 KiB contract (192 KiB) would put the array in V8's
   * large-object space, whose allocation cost ~0.8 ms per contract (~200 ms on the real-block
   * fixtures' 8 MB of code) against ~0.05 ms for the half-size array.
   */
  pushes: Word[];
  /** Compiled hot blocks and dispatch counts for one fork (`block-compiler.ts`), made on first use. */
  tier: BlockTier | undefined;
}

function immediate(code: Uint8Array, start: number, n: number): Word {
  if (n <= 6) {
    // PUSH1–PUSH6, most PUSHes in deployed code: exact in a double, so no bigint is built for
    // the canonical number word (< 2^32) they usually are.
    let chunk = 0;
    for (let k = 0; k < n; k++) chunk = chunk * 256 + (code[start + k] ?? 0);
    return chunk < SMALL_LIMIT ? chunk : BigInt(chunk);
  }
  let v = 0n;
  let i = 0;
  // 6 bytes at a time stay exact in a double.
  for (; i + 6 <= n; i += 6) {
    let chunk = 0;
    for (let k = 0; k < 6; k++) chunk = chunk * 256 + (code[start + i + k] ?? 0);
    v = (v << 48n) | BigInt(chunk);
  }
  for (; i < n; i++) v = (v << 8n) | BigInt(code[start + i] ?? 0);
  return canon(v);
}

export function analyzeCode(code: Uint8Array): CodeAnalysis {
  const jumpdests = new Uint8Array(code.length);
  const pushes: Word[] = new Array((code.length + 1) >>> 1);
  // One elements kind for every analysis (V8 would otherwise pick small-integer, double or
  // generic elements by the values seen, and the interpreter's PUSH load would see several
  // array shapes): holding a bigint once makes it generic from the start.
  if (code.length > 0) pushes[0] = 0n;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === JUMPDEST) jumpdests[pc] = 1;
    else if (op >= PUSH1 && op <= PUSH32) {
      const n = op - PUSH1 + 1;
      pushes[pc >>> 1] = immediate(code, pc + 1, n);
      pc += n;
    }
  }
  return { jumpdests, pushes, tier: undefined };
}

/** The immediate of the PUSH1–PUSH32 at `pc` (see `CodeAnalysis.pushes`). */
export function pushImmediate(analysis: CodeAnalysis, pc: number): Word {
  return analysis.pushes[pc >>> 1]!;
}

export function analyzeJumpdests(code: Uint8Array): Uint8Array {
  return analyzeCode(code).jumpdests;
}

/**
 * Bounded cache keyed by the hex code hash; cleared wholesale when it holds too many entries or
 * too many code bytes (each analysed byte costs a map byte plus half a `pushes` slot).
 */
export class JumpdestCache {
  private readonly map = new Map<string, CodeAnalysis>();
  private bytes = 0;
  constructor(
    private readonly limit = 4096,
    private readonly byteLimit = 8 * 1024 * 1024,
  ) {}

  get(codeHashKey: string | undefined, code: Uint8Array): CodeAnalysis {
    if (codeHashKey === undefined) return analyzeCode(code);
    let m = this.map.get(codeHashKey);
    if (m === undefined) {
      if (this.map.size >= this.limit || this.bytes + code.length > this.byteLimit) {
        this.map.clear();
        this.bytes = 0;
      }
      m = analyzeCode(code);
      this.map.set(codeHashKey, m);
      this.bytes += code.length;
    }
    return m;
  }
}

/**
 * The default cache of every `Evm` built without one. Keyed by code hash, so sharing it across
 * transactions and blocks is sound (same hash, same code, same analysis); without it each new
 * `Evm` — one per transaction — re-analyses every contract it enters.
 */
export const SHARED_ANALYSIS = new JumpdestCache();
