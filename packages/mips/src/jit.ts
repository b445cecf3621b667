/**
 * Block translation for the fast path (`MipsVM.run`): a straight-line run of instructions
 * starting at a pc whose nextPC is pc+4, ending after a branch/jump and its delay slot, becomes
 * one JavaScript function (via `new Function`) with register numbers, immediates and branch
 * targets folded in as constants, so V8 compiles the guest block to machine code. Semantics are
 * those of the interpreter in `vm.ts`, instruction by instruction; anything the translator does
 * not handle (syscall, invalid or unusual encodings, a control instruction in a delay slot)
 * ends the block before it and is left to the interpreter, which also owns proofs. A block
 * returns the number of steps it executed; it returns early — with pc/nextPC at the next
 * instruction — before a division by zero (so the interpreter raises the error) and after a
 * store into a page that holds translated code (translations are then dropped).
 *
 * Two shapes reduce the returns to the dispatcher, which dominate short loops: a block whose
 * branch leads back to its own start iterates inside its function, and a loop nest (a branch
 * back to the start within `MAX_NEST` instructions, with inner branches) becomes one function
 * over all its blocks (`jit-loop.ts`). Either runs a block only while the step budget covers
 * all of it, so `run(n)` stops at exactly n steps. Memory accesses avoid the page-table walk
 * through a per-function page cache and, for base registers the code does not change, a page
 * looked up once on entry (`jit-bases.ts`). Translated functions are shared by source text
 * across machines (`instantiate`).
 *
 * What was tried and dropped (Nov 2026): compiling whole functions or call graphs into one
 * `switch (pc)` function. V8 needed 0.3–2 s of TurboFan time per such region (every deopt
 * point carries all guest registers), and every path first taken after optimization — a step
 * budget running out, a new exit — threw the optimized code away and recompiled it. The same
 * holds for a loop nest as large as keccak's whole round loop (~430 instructions, `MAX_NEST`
 * 480): ~250 ms of TurboFan per compile, twice (OSR, then a normal compile), during which the
 * bytecode ran at ~35 M steps/s. A load-page cache per base register (instead of one per
 * function) and store code split by the stable-base flag made no difference that measured.
 */
import { PAGE_ADDR_SIZE } from './constants.js';
import { basePrologue, stableBases } from './jit-bases.js';
import { backwardTargets, compileLoopNest, compileNestWithPrefix, findNestEnd, MAX_NEST } from './jit-loop.js';
import type { Memory } from './memory.js';
import { DIR_SHIFT, ZERO_PAGE } from './memory.js';
import { Fn, Fn2, mulhu, Op, RegImm } from './vm.js';

/** Mutable registers outside the register file, shared between blocks and the run loop. */
export interface JitContext {
  pc: number;
  nextPC: number;
  hi: number;
  lo: number;
}

export type BlockFn = (
  r: Int32Array,
  c: JitContext,
  dirs: Uint32Array[][],
  mem: Memory,
  dirty: Uint8Array,
  code: Uint8Array,
  budget: number,
) => number;

export interface Block {
  /** Guest instructions in the block (0 = nothing translatable here). */
  length: number;
  /** What the run loop calls: the block's trace once one is formed, else `single`. */
  fn: BlockFn | undefined;
  /** The block alone (the run loop calls it while a watch range is set). */
  single: BlockFn | undefined;
  /**
   * A single straight-line block closed by a branch or jump and its delay slot, not looping
   * on itself: the only kind a trace (jit-trace.ts) is made of.
   */
  simple: boolean;
  /** Dispatches left until a trace is formed at this block; 0 once that is decided. */
  countdown: number;
  /** Successor profile while counting down: the two most seen next pcs, their counts, and the rest. */
  s0: number;
  n0: number;
  s1: number;
  n1: number;
  nx: number;
}

/** A block record (one shape for every block, so the run loop's property accesses stay monomorphic). */
export function newBlock(length: number, fn: BlockFn | undefined, simple: boolean): Block {
  return { length, fn, single: fn, simple, countdown: 0, s0: -1, n0: 0, s1: -1, n1: 0, nx: 0 };
}

/**
 * Longest straight-line block (instructions). Long enough for the unrolled bodies of hash
 * rounds (keccak's rho/pi step is ~320 instructions): each return to the dispatcher reloads and
 * writes back every guest register the block uses, which cost more than TurboFan's extra
 * compile time for the longer function (compute.c bench: ~1.4x at 384 versus 96).
 */
const MAX_BLOCK = 384;
/** Placeholder for the register write-back emitted before every exit of a block. */
export const WRITE_BACK = '/*WB*/';

export const isControl = (insn: number): boolean => {
  const op = insn >>> 26;
  if (
    op === Op.J ||
    op === Op.JAL ||
    op === Op.BEQ ||
    op === Op.BNE ||
    op === Op.BLEZ ||
    op === Op.BGTZ ||
    op === Op.REGIMM
  )
    return true;
  return op === Op.SPECIAL && ((insn & 63) === Fn.JR || (insn & 63) === Fn.JALR);
};

export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** The JS local holding guest register i (r0 reads as the constant 0); records it as used. */
/**
 * Records in `used` that guest register i is written (as WRITTEN + i) and returns i. Exits
 * write back only written registers: the others still hold their values in the register file.
 */
const WRITTEN = 32;
function written(i: number, used: Set<number>): number {
  used.add(WRITTEN + i);
  return i;
}

/** Marks in `used` that the code reads or writes hi/lo (kept in locals `hi`, `lo`). */
const HILO = 64;

/**
 * `let` declarations loading the used registers, and the write-back of the written ones; hi/lo
 * move between the context and locals only in code that uses them (most blocks do not, and
 * each transfer is two loads and two stores on every call).
 */
export function registerTransfer(used: ReadonlySet<number>): { load: string; writeBack: string } {
  const regs = [...used].sort((x, y) => x - y);
  const load = regs.filter((i) => i < WRITTEN).map((i) => `let r${i} = r[${i}];`);
  const store = regs.filter((i) => i >= WRITTEN && i < HILO).map((i) => `r[${i - WRITTEN}] = r${i - WRITTEN};`);
  if (!used.has(HILO)) return { load: load.join(' '), writeBack: store.join(' ') };
  return { load: `let hi = c.hi, lo = c.lo; ${load.join(' ')}`, writeBack: `${store.join(' ')} c.hi = hi; c.lo = lo;` };
}

function regName(i: number, used: Set<number>): string {
  if (i === 0) return '0';
  used.add(i);
  return `r${i}`;
}

/**
 * JS source for one non-control instruction at `pc`, or undefined if it must be interpreted.
 * `nextExpr`/`afterExpr` are the pc and nextPC after it (used when a block returns early).
 */
export function translate(
  insn: number,
  pc: number,
  k: number,
  nextExpr: string,
  afterExpr: string,
  used: Set<number>,
  bases?: ReadonlyMap<number, unknown>,
): string | undefined {
  const op = insn >>> 26;
  const rs = (insn >>> 21) & 31;
  const rt = (insn >>> 16) & 31;
  const rd = (insn >>> 11) & 31;
  const sh = (insn >>> 6) & 31;
  const simm = (insn << 16) >> 16;
  const imm = insn & 0xffff;
  const R = (i: number) => regName(i, used);
  // `set` takes an expression that is already an int32 in JS (bitwise ops, `| 0` sums,
  // comparisons, loads); `setU` truncates one that may not be (`>>>`, hi/lo arithmetic).
  // Fewer redundant `| 0` means less bytecode while a function still runs unoptimized.
  const set = (d: number, e: string) => (d === 0 ? '' : `${regName(written(d, used), used)} = ${e};`);
  const setU = (d: number, e: string) => set(d, `(${e}) | 0`);
  const hiLo = () => {
    used.add(HILO);
    return '';
  };
  const bail = `{ xpc = ${hex(pc)}; xnpc = ${nextExpr}; n += ${k}; break L; }`;
  switch (op) {
    case Op.SPECIAL:
      switch (insn & 63) {
        case Fn.SLL:
          return set(rd, `${R(rt)} << ${sh}`);
        case Fn.SRL:
          return setU(rd, `${R(rt)} >>> ${sh}`);
        case Fn.SRA:
          return set(rd, `${R(rt)} >> ${sh}`);
        case Fn.SLLV:
          return set(rd, `${R(rt)} << ${R(rs)}`);
        case Fn.SRLV:
          return setU(rd, `${R(rt)} >>> ${R(rs)}`);
        case Fn.SRAV:
          return set(rd, `${R(rt)} >> ${R(rs)}`);
        case Fn.MOVZ:
          return rd === 0 ? '' : `if (${R(rt)} === 0) ${set(rd, R(rs))}`;
        case Fn.MOVN:
          return rd === 0 ? '' : `if (${R(rt)} !== 0) ${set(rd, R(rs))}`;
        case Fn.MFHI:
          return hiLo() + setU(rd, 'hi');
        case Fn.MFLO:
          return hiLo() + setU(rd, 'lo');
        case Fn.MTHI:
          return `${hiLo()}hi = ${R(rs)};${set(rd, '0')}`;
        case Fn.MTLO:
          return `${hiLo()}lo = ${R(rs)};${set(rd, '0')}`;
        case Fn.MULT:
          return `${hiLo()}{ const a = ${R(rs)}, b = ${R(rt)}; let h = mulhu(a >>> 0, b >>> 0); if (a < 0) h = (h - b) | 0; if (b < 0) h = (h - a) | 0; lo = Math.imul(a, b); hi = h; }${set(rd, '0')}`;
        case Fn.MULTU:
          return `${hiLo()}{ const a = ${R(rs)}, b = ${R(rt)}; lo = Math.imul(a, b); hi = mulhu(a >>> 0, b >>> 0); }${set(rd, '0')}`;
        case Fn.DIV:
          return `${hiLo()}{ const a = ${R(rs)}, b = ${R(rt)}; if (b === 0) ${bail} hi = (a % b) | 0; lo = (a / b) | 0; }${set(rd, '0')}`;
        case Fn.DIVU:
          return `${hiLo()}{ const a = ${R(rs)} >>> 0, b = ${R(rt)} >>> 0; if (b === 0) ${bail} hi = (a % b) | 0; lo = Math.floor(a / b) | 0; }${set(rd, '0')}`;
        case 0x14:
        case 0x15:
        case 0x16:
        case 0x17:
          return set(rd, '0');
        case Fn.BREAK:
        case 0x0e:
        case Fn.SYNC:
        case 0x1c:
        case 0x1d:
        case 0x1e:
        case 0x1f:
          return set(rd, R(rs));
        case Fn.ADD:
        case Fn.ADDU:
          return set(rd, `(${R(rs)} + ${R(rt)}) | 0`);
        case Fn.SUB:
        case Fn.SUBU:
          return set(rd, `(${R(rs)} - ${R(rt)}) | 0`);
        case Fn.AND:
          return set(rd, `${R(rs)} & ${R(rt)}`);
        case Fn.OR:
          return set(rd, `${R(rs)} | ${R(rt)}`);
        case Fn.XOR:
          return set(rd, `${R(rs)} ^ ${R(rt)}`);
        case Fn.NOR:
          return set(rd, `~(${R(rs)} | ${R(rt)})`);
        case Fn.SLT:
          return set(rd, `${R(rs)} < ${R(rt)} ? 1 : 0`);
        case Fn.SLTU:
          return set(rd, `(${R(rs)} >>> 0) < (${R(rt)} >>> 0) ? 1 : 0`);
        default:
          return undefined; // syscall, jumps, invalid
      }
    case Op.ADDI:
    case Op.ADDIU:
      return set(rt, `(${R(rs)} + ${simm}) | 0`);
    case Op.SLTI:
      return set(rt, `${R(rs)} < ${simm} ? 1 : 0`);
    case Op.SLTIU:
      return set(rt, `(${R(rs)} >>> 0) < ${simm >>> 0} ? 1 : 0`);
    case Op.ANDI:
      return set(rt, `${R(rs)} & ${imm}`);
    case Op.ORI:
      return set(rt, `${R(rs)} | ${imm}`);
    case Op.XORI:
      return set(rt, `${R(rs)} ^ ${imm}`);
    case Op.LUI:
      return set(rt, `${insn << 16}`);
    case Op.SPECIAL2:
      switch (insn & 63) {
        case Fn2.MUL:
          return set(rd, `Math.imul(${R(rs)}, ${R(rt)})`);
        case Fn2.CLZ:
          return set(rd, `Math.clz32(${R(rs)})`);
        case Fn2.CLO:
          return set(rd, `Math.clz32(~${R(rs)})`);
        default:
          return undefined;
      }
    default:
      break;
  }
  const addr = `const a = (${R(rs)} + ${simm}) | 0; const w = a & -4;`;
  const walk = `dirs[w >>> ${DIR_SHIFT}][(w >>> ${PAGE_ADDR_SIZE}) & 1023]`;
  // With a stable base register (jit-bases.ts) the page may already be at hand.
  const cached = bases?.has(rs) === true;
  // Otherwise through the function's one-page caches: `lpg` for loads, `spg` for stores
  // (only a page that is allocated, dirty and holds no translated code; `spi` = -1 after a
  // store into code, which leaves the function). Allocating a page drops the load cache,
  // which may hold the shared zero page just replaced.
  const lookup = `(lpi === pi ? lpg : (lpi = pi, lpg = ${walk}))`;
  // A stable base's page is nearly always usable: the rare other case calls `ld` rather than
  // going through the load cache, which keeps the cache's merges out of the function.
  const load = (e: string) =>
    cached
      ? `{ const a = (${R(rs)} + ${simm}) | 0; const m = (bk${rs} ? bp${rs}[(a >>> 2) & 1023] : ld(dirs, a)) | 0; ${set(rt, e)} }`
      : `{ ${addr} const pi = w >>> ${PAGE_ADDR_SIZE}; const m = ${lookup}[(w >>> 2) & 1023] | 0; ${set(rt, e)} }`;
  const general =
    `if (spi !== pi) { spg = ${walk}; if (spg === Z) { spg = mem.allocPage(pi); lpi = -1; } ` +
    'else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi); spi = code[pi] === 0 ? pi : -1; } pg = spg;';
  const codeCheck = `${cached ? `!bw${rs} && ` : ''}spi < 0`;
  const store = (pre: string, e: string, post = '') =>
    `{ ${addr} const pi = w >>> ${PAGE_ADDR_SIZE}; let pg = Z; ${cached ? `if (bw${rs}) pg = bp${rs}; else { ${general} }` : general} ` +
    `const wi = (w >>> 2) & 1023; const v = ${R(rt)}; ${pre} pg[wi] = ${e}; ${post}` +
    `if (${codeCheck}) { xpc = ${nextExpr}; xnpc = ${afterExpr}; n += ${k + 1}; break L; } }`;
  switch (op) {
    case Op.LW:
    case Op.LL:
      return load('m');
    case Op.LB:
      return load('((m >>> (24 - (a & 3) * 8)) << 24) >> 24');
    case Op.LBU:
      return load('(m >>> (24 - (a & 3) * 8)) & 0xff');
    case Op.LH:
      return load('((m >>> (16 - (a & 2) * 8)) << 16) >> 16');
    case Op.LHU:
      return load('(m >>> (16 - (a & 2) * 8)) & 0xffff');
    case Op.LWL:
      return load(`(${R(rt)} & ~(-1 << ((a & 3) * 8))) | (m << ((a & 3) * 8))`);
    case Op.LWR:
      return load(`(${R(rt)} & ~(-1 >>> (24 - (a & 3) * 8))) | (m >>> (24 - (a & 3) * 8))`);
    case Op.SW:
      return store('', 'v');
    case Op.SC:
      return store('', 'v', set(rt, '1'));
    case Op.SB:
      return store('const s = 24 - (a & 3) * 8;', '(pg[wi] & ~(0xff << s)) | ((v & 0xff) << s)');
    case Op.SH:
      return store('const s = 16 - (a & 2) * 8;', '(pg[wi] & ~(0xffff << s)) | ((v & 0xffff) << s)');
    case Op.SWL:
      return store('const s = (a & 3) * 8;', '(pg[wi] & ~(-1 >>> s)) | (v >>> s)');
    case Op.SWR:
      return store('const s = 24 - (a & 3) * 8;', '(pg[wi] & ~(-1 << s)) | (v << s)');
    default:
      return undefined;
  }
}

/** JS for a control instruction at `pc`: sets `next` (the pc after its delay slot). */
export function translateControl(insn: number, pc: number, used: Set<number>): string | undefined {
  const op = insn >>> 26;
  const rs = (insn >>> 21) & 31;
  const rt = (insn >>> 16) & 31;
  const R = (i: number) => regName(i, used);
  const target = hex((pc + 4 + (((insn << 16) >> 16) << 2)) | 0);
  const fall = hex(pc + 8);
  switch (op) {
    case Op.J:
      return `next = ${hex(((pc + 4) & 0xf0000000) | ((insn & 0x03ffffff) << 2))};`;
    case Op.JAL:
      used.add(31).add(written(31, used));
      return `next = ${hex(((pc + 4) & 0xf0000000) | ((insn & 0x03ffffff) << 2))}; r31 = ${(pc + 8) | 0};`;
    case Op.BEQ:
      return `next = ${R(rs)} === ${R(rt)} ? ${target} : ${fall};`;
    case Op.BNE:
      return `next = ${R(rs)} !== ${R(rt)} ? ${target} : ${fall};`;
    case Op.BLEZ:
      return `next = ${R(rs)} <= 0 ? ${target} : ${fall};`;
    case Op.BGTZ:
      return `next = ${R(rs)} > 0 ? ${target} : ${fall};`;
    case Op.REGIMM:
      if (rt === RegImm.BLTZ) return `next = ${R(rs)} < 0 ? ${target} : ${fall};`;
      if (rt === RegImm.BGEZ) return `next = ${R(rs)} >= 0 ? ${target} : ${fall};`;
      return `next = ${fall};`;
    case Op.SPECIAL: {
      const rd = (insn >>> 11) & 31;
      if ((insn & 63) === Fn.JR) return `next = ${R(rs)} >>> 0;`;
      if (rd !== 0) used.add(rd).add(written(rd, used));
      return `next = ${R(rs)} >>> 0;${rd === 0 ? '' : ` r${rd} = ${(pc + 8) | 0};`}`;
    }
    default:
      return undefined;
  }
}

/**
 * Translated functions by source text, shared by every VM in the process. A function takes all
 * its state as arguments, so one instance serves any machine running the same code: a program
 * run again, or code translated again after a store into its page dropped the translations,
 * starts with V8's already optimized machine code instead of warming up from bytecode again.
 * Bounded by total source size (the whole cache is dropped when it would exceed it).
 */
const compiled = new Map<string, BlockFn>();
const MAX_CACHED_SOURCE = 32 << 20;
let cachedSource = 0;

/** The function for translation source `src` (a `return function …` body). */
export function instantiate(src: string): BlockFn {
  let fn = compiled.get(src);
  if (fn === undefined) {
    fn = new Function('mulhu', 'Z', 'ld', src)(mulhu, ZERO_PAGE, loadWord) as BlockFn;
    if (cachedSource + src.length > MAX_CACHED_SOURCE) {
      compiled.clear();
      cachedSource = 0;
    }
    compiled.set(src, fn);
    cachedSource += src.length;
  }
  return fn;
}

/** The word at address `a` (any alignment; the aligned word holding it) through the page table. */
function loadWord(dirs: Uint32Array[][], a: number): number {
  return dirs[a >>> DIR_SHIFT]![(a >>> PAGE_ADDR_SIZE) & 1023]![(a >>> 2) & 1023]!;
}

/** Static target of a control instruction at `pc` (undefined for register jumps). */
export function staticTarget(insn: number, pc: number): number | undefined {
  const op = insn >>> 26;
  if (op === Op.J || op === Op.JAL) return (((pc + 4) & 0xf0000000) | ((insn & 0x03ffffff) << 2)) >>> 0;
  if (op === Op.SPECIAL) return undefined;
  return (pc + 4 + (((insn << 16) >> 16) << 2)) >>> 0;
}

/**
 * Translates the block at `pc` (caller guarantees nextPC = pc + 4 on entry). A block whose
 * branch leads back to its own start (a tight loop) iterates inside the function while the
 * step budget covers another full pass, so the loop runs without returning to the dispatcher.
 */
export function compileBlock(mem: Memory, pc: number): Block {
  const nest = compileLoopNest(mem, pc);
  if (nest !== undefined) return nest;
  const headers = backwardTargets(mem, pc >>> 0, MAX_BLOCK + MAX_NEST);
  const entered = compileNestWithPrefix(mem, pc, headers);
  if (entered !== undefined) return entered;
  // Pass 1 finds the block's instructions; pass 2 translates them knowing the stable bases.
  const emit = (bases: ReadonlyMap<number, unknown> | undefined) => {
    const parts: string[] = [];
    const words: number[] = [];
    const pages = new Set<number>();
    const used = new Set<number>();
    let k = 0;
    let a = pc >>> 0;
    let loops = false;
    let ended = false;
    while (k < MAX_BLOCK) {
      const insn = mem.getWord(a);
      if (isControl(insn)) {
        const ctl = translateControl(insn, a, used);
        const slot = mem.getWord((a + 4) >>> 0);
        if (ctl === undefined || isControl(slot)) break;
        const body = translate(slot, (a + 4) >>> 0, k + 1, 'next', '(next + 4) | 0', used, bases);
        if (body === undefined) break;
        pages.add(a >>> PAGE_ADDR_SIZE).add(((a + 4) >>> 0) >>> PAGE_ADDR_SIZE);
        parts.push(ctl, body);
        words.push(insn, slot);
        k += 2;
        loops = staticTarget(insn, a) === pc >>> 0;
        ended = true;
        break;
      }
      // Stop before the header of a loop nest, so the nest is entered through its own function.
      if (k > 0 && headers.has(a) && findNestEnd(mem, a) !== undefined) break;
      const body = translate(insn, a, k, hex(a + 4), hex(a + 8), used, bases);
      if (body === undefined) break;
      pages.add(a >>> PAGE_ADDR_SIZE);
      parts.push(body);
      words.push(insn);
      k++;
      a = (a + 4) >>> 0;
    }
    return { parts, words, pages, used, k, a, loops, ended };
  };
  const first = emit(undefined);
  const bases = stableBases(first.words);
  const { parts, pages, used, k, a, loops, ended } = bases.size > 0 ? emit(bases) : first;
  if (k === 0) return newBlock(0, undefined, false);
  for (const p of pages) mem.code[p] = 1;
  // Guest registers live in JS locals inside the block (V8 keeps them in machine registers);
  // every exit writes back the ones the block may have changed.
  const { load, writeBack } = registerTransfer(used);
  let body = parts.join('\n');
  if (!ended) body += `\n${WRITE_BACK} c.pc = ${hex(a)}; c.nextPC = ${hex(a + 4)}; return ${k};`;
  else if (!loops) body += `\n${WRITE_BACK} c.pc = next; c.nextPC = (next + 4) | 0; return ${k + 0};`;
  else {
    body = `for (;;) {\n${body}\nn += ${k};\nif (next !== ${hex(pc)} || n > budget - ${k}) break;\n}\n${WRITE_BACK} c.pc = next; c.nextPC = (next + 4) | 0; return n;`;
  }
  // Mid-block exits (`break L` from `translate`) share one write-back after the body.
  const src = `return function block_${(pc >>> 0).toString(16)}(r, c, dirs, mem, dirty, code, budget) {\nlet next = 0, n = 0, xpc = 0, xnpc = 0, lpi = -1, spi = -1, lpg = Z, spg = Z; ${load}\n${basePrologue(bases)}\nL: {\n${body.replaceAll(WRITE_BACK, writeBack)}\n}\n${writeBack} c.pc = xpc; c.nextPC = xnpc; return n;\n};`;
  return newBlock(k, instantiate(src), ended && !loops);
}
