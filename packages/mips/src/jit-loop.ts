/**
 * Loop nests for the block translator (`jit.ts`). When the code from `pc` forward reaches a
 * branch back to `pc` within a short window, the whole range [pc, back-branch + 8) becomes one
 * JavaScript function: each block inside it (split at every branch target in the range) is a
 * `case` of a `switch` in a loop, branches inside the range pick the next case, and anything
 * leaving the range returns to the dispatcher. Nested loops (an outer loop around a few inner
 * ones) therefore run without a return to the dispatcher per inner block, which is where the
 * single-block translation spends its time on short loops. A short straight run that enters
 * the header (loop set-up; then even a lone self-loop qualifies) and the straight code the
 * nest exits into, up to its next branch (an outer loop's latch), join the same function.
 *
 * Each block runs only if the step budget covers all of it, so `run(n)` still stops at
 * exactly n steps; exits go through one shared write-back after the loop.
 */
import { PAGE_ADDR_SIZE } from './constants.js';
import type { Block } from './jit.js';
import {
  hex,
  instantiate,
  isControl,
  newBlock,
  registerTransfer,
  staticTarget,
  translate,
  translateControl,
  WRITE_BACK,
} from './jit.js';
import { basePrologue, stableBases } from './jit-bases.js';
import type { Memory } from './memory.js';
import { Fn, Op } from './vm.js';

/** Longest range scanned for the branch back to its start (instructions). */
export const MAX_NEST = 160;

const isCallOrRegisterJump = (insn: number): boolean => {
  const op = insn >>> 26;
  return op === Op.JAL || (op === Op.SPECIAL && ((insn & 63) === Fn.JR || (insn & 63) === Fn.JALR));
};

/** Whether `translate` handles an instruction word (a pure function of the word, so cached). */
const translatable = new Map<number, boolean>();
function canTranslate(insn: number): boolean {
  let ok = translatable.get(insn);
  if (ok === undefined) {
    ok = translate(insn, 0, 0, '0', '0', new Set()) !== undefined;
    translatable.set(insn, ok);
  }
  return ok;
}

/**
 * Addresses in the window after `pc` that a later branch in the window jumps back to: the only
 * candidates for a loop-nest header (checked with `findNestEnd`).
 */
export function backwardTargets(mem: Memory, pc: number, window: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0, a = pc; i < window; i++, a = (a + 4) >>> 0) {
    const insn = mem.getWord(a);
    if (!isControl(insn)) continue;
    const t = staticTarget(insn, a);
    if (t !== undefined && t > pc && t <= a) out.add(t);
  }
  return out;
}

/**
 * End (exclusive) of the loop nest headed at `pc`, or undefined if there is none. A lone
 * block looping on itself counts only with `lone` (when a prefix joins it, see below).
 */
export function findNestEnd(mem: Memory, pc: number, lone = false): number | undefined {
  let branches = 0;
  for (let i = 0, a = pc; i < MAX_NEST; i++, a = (a + 4) >>> 0) {
    const insn = mem.getWord(a);
    if (!isControl(insn)) {
      if (!canTranslate(insn)) return undefined;
      continue;
    }
    const slot = mem.getWord((a + 4) >>> 0);
    if (isCallOrRegisterJump(insn) || isControl(slot) || !canTranslate(slot)) return undefined;
    branches++;
    // A lone block looping on itself is handled (more cheaply) by the single-block path.
    if (staticTarget(insn, a) === pc) return branches > 1 || lone ? (a + 8) >>> 0 : undefined;
    a = (a + 4) >>> 0; // the delay slot
    i++;
  }
  return undefined;
}

/** Longest straight runs that join a nest's function before its header and after its end. */
const MAX_PREFIX = 16;
const MAX_SUFFIX = 32;

/**
 * End of the code after a nest that joins its function: straight-line instructions up to and
 * including the next branch or jump (not a call or register jump) and its delay slot — the
 * code a nest exits into, typically an outer loop's latch. `end` itself if none qualifies.
 */
function suffixEnd(mem: Memory, end: number): number {
  // Never run into another loop: it gets its own function, entered at its header.
  const loops = backwardTargets(mem, (end - 4) >>> 0, MAX_SUFFIX + MAX_NEST);
  for (let i = 0, a = end; i < MAX_SUFFIX; i++, a = (a + 4) >>> 0) {
    if (loops.has(a)) return end;
    const insn = mem.getWord(a);
    if (!isControl(insn)) {
      if (!canTranslate(insn)) return end;
      continue;
    }
    const slot = mem.getWord((a + 4) >>> 0);
    if (isCallOrRegisterJump(insn) || isControl(slot) || !canTranslate(slot)) return end;
    return (a + 8) >>> 0;
  }
  return end;
}

/**
 * Translates a loop nest entered through a short straight run (at most `MAX_PREFIX`
 * instructions) from `pc` into a nest header, or returns undefined if there is none: the run
 * then costs no separate function call.
 */
export function compileNestWithPrefix(mem: Memory, pc: number, headers: ReadonlySet<number>): Block | undefined {
  for (let i = 0, a = pc >>> 0; i < MAX_PREFIX; i++, a = (a + 4) >>> 0) {
    if (i > 0 && headers.has(a) && findNestEnd(mem, a, true) !== undefined) return compileLoopNest(mem, a, pc >>> 0);
    const insn = mem.getWord(a);
    if (isControl(insn) || !canTranslate(insn)) return undefined;
  }
  return undefined;
}

/**
 * Translates the loop nest headed at `pc` (entered at `entry`, a straight run before it), or
 * returns undefined if `pc` heads none.
 */
export function compileLoopNest(mem: Memory, pc: number, entry = pc): Block | undefined {
  const header = pc >>> 0;
  const nestEnd = findNestEnd(mem, header, entry !== pc);
  if (nestEnd === undefined) return undefined;
  const start = entry >>> 0;
  const end = suffixEnd(mem, nestEnd);
  const inside = (t: number | undefined) => t !== undefined && t >= start && t < end;
  // Block starts: the entry, the header, every branch target inside the range and every
  // fall-through.
  const leaders = new Set<number>([start, header]);
  for (let a = start; a < end; a += 4) {
    const insn = mem.getWord(a);
    if (!isControl(insn)) continue;
    const t = staticTarget(insn, a);
    if (inside(t) && (t! & 3) === 0) leaders.add(t!);
    if (a + 8 < end) leaders.add(a + 8);
    a += 4;
  }
  const ids = new Map([...leaders].sort((x, y) => x - y).map((p, i) => [p, i]));
  const words: number[] = [];
  for (let a = start; a < end; a += 4) words.push(mem.getWord(a));
  const bases = stableBases(words);
  const used = new Set<number>();
  const pages = new Set<number>();
  const cases: string[] = [];
  // Cases are in address order, so a jump to the next block is a plain fall-through into
  // the next `case` (no pass through the loop header and the switch).
  let current = 0;
  const goTo = (t: string, tv: number) => {
    const id = ids.get(tv);
    if (id === undefined) return `xpc = ${t}; xnpc = (xpc + 4) | 0; break L;`;
    return id === current + 1 ? '' : `b = ${id}; continue;`;
  };
  let firstLength = 0;
  for (const [lead, id] of ids) {
    current = id;
    const parts: string[] = [];
    let k = 0;
    let a = lead;
    let tail = '';
    let selfLoop: string | undefined;
    for (;;) {
      if (a >= end) {
        tail = goTo(hex(a), a);
        break;
      }
      if (a !== lead && leaders.has(a)) {
        tail = goTo(hex(a), a);
        break;
      }
      const insn = mem.getWord(a);
      pages.add(a >>> PAGE_ADDR_SIZE);
      if (isControl(insn)) {
        const ctl = translateControl(insn, a, used);
        const slot = translate(mem.getWord(a + 4), a + 4, k + 1, 'next', '(next + 4) | 0', used, bases);
        // findNestEnd checked every word; this only guards against the two drifting apart.
        if (ctl === undefined || slot === undefined) return undefined;
        parts.push(ctl, slot);
        pages.add((a + 4) >>> PAGE_ADDR_SIZE);
        k += 2;
        const t = staticTarget(insn, a)!;
        const fall = a + 8;
        const tGo = goTo('next', t);
        const fGo = goTo('next', fall);
        tail = t === fall ? tGo : `if (next === ${hex(t)}) { ${tGo} } ${fGo}`;
        selfLoop = t === lead ? fGo : undefined;
        break;
      }
      const body = translate(insn, a, k, hex(a + 4), hex(a + 8), used, bases);
      if (body === undefined) return undefined;
      parts.push(body);
      k++;
      a += 4;
    }
    if (id === 0) firstLength = k;
    const budgetExit = `if (n > budget - ${k}) { xpc = ${hex(lead)}; xnpc = ${hex(lead + 4)}; break L; }`;
    // A block that branches back to itself (an innermost loop) iterates in place instead of
    // going round the switch for every pass.
    const run =
      selfLoop === undefined
        ? `${parts.join('\n')}\nn += ${k};\n${tail}`
        : `for (;;) {\n${parts.join('\n')}\nn += ${k};\nif (next !== ${hex(lead)}) break;\n${budgetExit}\n}\n${selfLoop}`;
    cases.push(`case ${id}: {\n${budgetExit}\n${run}\n}`);
  }
  for (const p of pages) mem.code[p] = 1;
  const { load, writeBack } = registerTransfer(used);
  // Every exit — at a block boundary or a mid-block bail of `translate` — sets xpc/xnpc and
  // leaves the loop, so the write-back of all registers appears once in the source.
  const src = `return function nest_${start.toString(16)}(r, c, dirs, mem, dirty, code, budget) {
let next = 0, n = 0, b = 0, xpc = 0, xnpc = 0, lpi = -1, spi = -1, lpg = Z, spg = Z; ${load}
${basePrologue(bases)}
L: for (;;) switch (b) {
${cases.join('\n')}
}
${WRITE_BACK} c.pc = xpc; c.nextPC = xnpc; return n;
};`.replaceAll(WRITE_BACK, writeBack);
  return newBlock(firstLength, instantiate(src), false);
}
