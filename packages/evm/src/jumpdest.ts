/**
 * JUMPDEST analysis: a byte-per-position map that is 1 only where a JUMPDEST opcode sits in real
 * code, never inside PUSH immediates (Yellow Paper §9.4.3). A PUSH truncated by the end of the
 * code simply runs past the end, so nothing after it counts. Results are cached per code hash
 * (geth caches its bitvec per code hash the same way) since hot contracts are re-entered often.
 * A Uint8Array rather than a packed bitmap: one load per JUMP, and code is at most 24 KiB
 * (initcode 48 KiB), so the memory cost is negligible.
 */
const PUSH1 = 0x60;
const PUSH32 = 0x7f;
const JUMPDEST = 0x5b;

export function analyzeJumpdests(code: Uint8Array): Uint8Array {
  const map = new Uint8Array(code.length);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === JUMPDEST) map[pc] = 1;
    else if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
  }
  return map;
}

/** Bounded cache keyed by the hex code hash; cleared wholesale when it grows too large. */
export class JumpdestCache {
  private readonly map = new Map<string, Uint8Array>();
  constructor(private readonly limit = 4096) {}

  get(codeHashKey: string | undefined, code: Uint8Array): Uint8Array {
    if (codeHashKey === undefined) return analyzeJumpdests(code);
    let m = this.map.get(codeHashKey);
    if (m === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      m = analyzeJumpdests(code);
      this.map.set(codeHashKey, m);
    }
    return m;
  }
}
