/**
 * FastLZ (level 1) compressed-size estimation, as the Fjord L1 fee uses it (OP spec
 * fjord/exec-engine.md "Fjord L1-Cost fee changes (FastLZ estimator)"; the reference is the
 * length-only variant of solady's LibZip.flzCompress that op-geth's FlzCompressLen ports). Only
 * the output length is computed: literal runs cost 1 byte per 32 plus the bytes, matches cost 2
 * or 3 bytes per 262-byte chunk. Arithmetic is u32 as in the reference; the hash multiplies
 * by 2654435769 (Knuth's golden ratio constant) and keeps 13 bits.
 */

const HASH_LOG = 13;
const HASH_MASK = (1 << HASH_LOG) - 1;
const HASH_SHIFT = 32 - HASH_LOG;
const GOLDEN_RATIO_32 = 2654435769 | 0;
/** Maximum back-reference distance of a level-1 match (13 bits). */
const MAX_DISTANCE = 0x1fff;
/** Inputs shorter than this have no room for a match: all literals. */
const MIN_MATCH_INPUT = 13;
const MAX_LITERAL_RUN = 32;
const MATCH_CHUNK = 262;
const SHORT_MATCH_LIMIT = 6;

export function flzCompressLen(input: Uint8Array): number {
  const table = new Uint32Array(1 << HASH_LOG);
  const u24 = (i: number) => input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16);
  const hash = (v: number) => (Math.imul(GOLDEN_RATIO_32, v) >>> HASH_SHIFT) & HASH_MASK;
  let size = 0;
  const literals = (run: number) => {
    size += (MAX_LITERAL_RUN + 1) * Math.floor(run / MAX_LITERAL_RUN);
    const rest = run % MAX_LITERAL_RUN;
    if (rest !== 0) size += rest + 1;
  };
  const match = (len: number) => {
    const l = len - 1;
    size += 3 * Math.floor(l / MATCH_CHUNK);
    size += l % MATCH_CHUNK >= SHORT_MATCH_LIMIT ? 3 : 2;
  };

  const ipLimit = input.length < MIN_MATCH_INPUT ? 0 : input.length - MIN_MATCH_INPUT;
  let anchor = 0;
  let ip = anchor + 2;
  while (ip < ipLimit) {
    let ref = 0;
    // find the next position whose 3 bytes were seen within MAX_DISTANCE
    for (;;) {
      const seq = u24(ip);
      const h = hash(seq);
      ref = table[h]!;
      table[h] = ip;
      const distance = ip - ref;
      if (ip >= ipLimit) break;
      ip++;
      if (distance <= MAX_DISTANCE && seq === u24(ref)) break;
    }
    if (ip >= ipLimit) break;
    ip--;
    if (ip > anchor) literals(ip - anchor);
    // Match length after the 3-byte seed, bounded by ipLimit + 9. As in the reference, the
    // first mismatching byte is counted too (its loop clears the bound but still increments).
    const end = ipLimit + 9 - (ip + 3);
    let len = 0;
    while (len < end) {
      const same = input[ref + 3 + len] === input[ip + 3 + len];
      len++;
      if (!same) break;
    }
    match(len);
    ip += len;
    table[hash(u24(ip))] = ip;
    ip++;
    table[hash(u24(ip))] = ip;
    ip++;
    anchor = ip;
  }
  literals(input.length - anchor);
  return size;
}
