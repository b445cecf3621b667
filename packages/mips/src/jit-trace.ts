/**
 * Traces (superblocks) for the block translator (`jit.ts`): a hot block and the blocks that
 * usually follow it, across branches, calls and register jumps, become one JavaScript function.
 * The run loop profiles each translated block's successors (the two most frequent next pcs);
 * when a block has been dispatched often enough, `selectTrace` follows the dominant successor
 * from block to block and `compileTrace` emits the path as straight-line code in which every
 * block's exit is a guard: if the branch or jump goes elsewhere, or the step budget does not
 * cover the next block, the function returns to the dispatcher there. A trace whose path leads
 * back to its first block loops inside the function.
 *
 * Why: compiled C of the QuickJS kind runs ~7 instructions per block, and a return to the
 * dispatcher (a megamorphic call, the register loads and write-backs) costs more than the
 * block. On the demo claim 65 % of dispatches ended in a conditional branch and 10 % in
 * j/jal, whose next block is mostly the same one.
 *
 * Exactness: the blocks are translated exactly as alone (same `translate`), so a trace only
 * saves returns; guards compare the computed next pc with the recorded one, and a block runs
 * only if the budget covers all of it, so `run(n)` still stops at exactly n steps. Guard exits
 * assign only constants and locals: code never run before V8 optimizes the function then
 * needs no type feedback, so taking an exit for the first time does not deoptimize it.
 */
import { PAGE_ADDR_SIZE } from './constants.js';
import {
  type Block,
  type BlockFn,
  hex,
  instantiate,
  isControl,
  registerTransfer,
  translate,
  translateControl,
} from './jit.js';
import { basePrologue, stableBases } from './jit-bases.js';
import type { Memory } from './memory.js';

/** Most blocks and guest instructions in one trace (TurboFan time grows with the function). */
const MAX_TRACE_BLOCKS = 16;
const MAX_TRACE_LENGTH = 256;
/** A successor is followed if it took at least this share of a block's observed exits. */
const MIN_SHARE = 0.5;
/** Observed exits a block needs before its profile is trusted. */
const MIN_SAMPLES = 8;

/** The path of a trace: block start pcs in order, and whether the last one leads back to the first. */
export interface TracePath {
  pcs: number[];
  lengths: number[];
  loops: boolean;
}

/**
 * Follows the dominant successors from `head` (at `pc`) through simple blocks; undefined when
 * not even the first successor qualifies.
 */
export function selectTrace(head: Block, pc: number, lookup: (pc: number) => Block | undefined): TracePath | undefined {
  const pcs = [pc];
  const lengths = [head.length];
  let total = head.length;
  let loops = false;
  let cur = head;
  while (pcs.length < MAX_TRACE_BLOCKS) {
    const seen = cur.n0 + cur.n1 + cur.nx;
    if (seen < MIN_SAMPLES) break;
    const [next, count] = cur.n0 >= cur.n1 ? [cur.s0, cur.n0] : [cur.s1, cur.n1];
    if (count < seen * MIN_SHARE) break;
    if (next === pc) {
      loops = true;
      break;
    }
    const b = lookup(next);
    if (b === undefined || !b.simple || pcs.includes(next) || total + b.length > MAX_TRACE_LENGTH) break;
    pcs.push(next);
    lengths.push(b.length);
    total += b.length;
    cur = b;
  }
  return pcs.length > 1 || loops ? { pcs, lengths, loops } : undefined;
}

/**
 * One function for the trace `path`, or undefined if a block no longer translates to the
 * length recorded for it (it always does while the code is unchanged; this guards the two
 * drifting apart).
 */
export function compileTrace(mem: Memory, path: TracePath): BlockFn | undefined {
  const { pcs, lengths, loops } = path;
  const words: number[] = [];
  for (let i = 0; i < pcs.length; i++)
    for (let k = 0; k < lengths[i]!; k++) words.push(mem.getWord((pcs[i]! + 4 * k) >>> 0));
  const bases = stableBases(words);
  const used = new Set<number>();
  const pages = new Set<number>();
  const parts: string[] = [];
  const exit = 'xpc = next; xnpc = nn; break L;';
  for (let i = 0; i < pcs.length; i++) {
    const start = pcs[i]!;
    const len = lengths[i]!;
    for (let k = 0; k < len - 2; k++) {
      const a = (start + 4 * k) >>> 0;
      const insn = mem.getWord(a);
      const body = isControl(insn) ? undefined : translate(insn, a, k, hex(a + 4), hex(a + 8), used, bases);
      if (body === undefined) return undefined;
      parts.push(body);
      pages.add(a >>> PAGE_ADDR_SIZE);
    }
    const a = (start + 4 * (len - 2)) >>> 0;
    const insn = mem.getWord(a);
    const slot = mem.getWord((a + 4) >>> 0);
    const ctl = isControl(insn) ? translateControl(insn, a, used) : undefined;
    const body = isControl(slot)
      ? undefined
      : translate(slot, (a + 4) >>> 0, len - 1, 'next', '(next + 4) | 0', used, bases);
    if (ctl === undefined || body === undefined) return undefined;
    parts.push(ctl, body, `n += ${len}; nn = (next + 4) | 0;`);
    pages.add(a >>> PAGE_ADDR_SIZE).add(((a + 4) >>> 0) >>> PAGE_ADDR_SIZE);
    // Guard into the next block (or, at the end of a looping trace, back to the first).
    const to = i + 1 < pcs.length ? i + 1 : loops ? 0 : -1;
    if (to >= 0) parts.push(`if (next !== ${hex(pcs[to]!)} || n > budget - ${lengths[to]}) { ${exit} }`);
  }
  for (const p of pages) mem.code[p] = 1;
  const { load, writeBack } = registerTransfer(used);
  let body = parts.join('\n');
  body = loops ? `for (;;) {\n${body}\n}` : `${body}\nxpc = next; xnpc = nn;`;
  // Every exit — a guard, the end, a mid-block bail of `translate` — shares one write-back.
  const src = `return function trace_${pcs[0]!.toString(16)}(r, c, dirs, mem, dirty, code, budget) {
let next = 0, nn = 0, n = 0, xpc = 0, xnpc = 0, lpi = -1, spi = -1, lpg = Z, spg = Z; ${load}
${basePrologue(bases)}
L: {
${body}
}
${writeBack} c.pc = xpc; c.nextPC = xnpc; return n;
};`;
  return instantiate(src);
}
