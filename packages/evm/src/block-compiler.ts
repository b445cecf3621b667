/**
 * The second tier of the interpreter: hot straight-line runs of bytecode compiled to JS functions.
 *
 * The interpreter counts how often each pc starts a dispatch. When a pc reaches the threshold,
 * the run of compilable instructions starting there (stack shuffles, PUSH, cheap arithmetic,
 * MLOAD/MSTORE, pure environment reads, JUMP/JUMPI) becomes one function over a symbolic stack:
 * PUSH, DUP, SWAP and POP only rename values at compile time, so they cost nothing at run time,
 * and the run pays one dispatch instead of one per instruction. A JUMP to a constant destination
 * is followed, a taken JUMPI leaves; the run stops before anything that can halt or charge
 * dynamic gas other than memory expansion, and the interpreter executes that instruction.
 *
 * Exactness: a block runs only when the frame has gas for all its constant costs and a stack
 * height for which no instruction in it can underflow or overflow (`minSp`/`maxSp`); otherwise
 * the interpreter steps through the same instructions one by one and fails where they fail. An
 * instruction the block cannot finish (a memory expansion its gas cannot pay, a jump to an
 * invalid computed destination) is handed back: the block stores the stack as it is at that
 * instruction, gives back the constant gas of what it did not run and returns the pc
 * ("bail-out"). Tracing never enters blocks, so EIP-3155 output is per instruction.
 * The state tests run with threshold 0 (every run compiled) to hold the tier to the interpreter.
 *
 * The generated source only ever contains opcodes' helper names, decimal literals and
 * numbers derived from the code; no byte of the code is spliced in as text.
 */
import { ON_V8 } from '@faultline/primitives';
import type { Evm } from './evm.js';
import { type Frame, memCost, memGrow } from './frame.js';
import { INSTRUCTIONS } from './instructions/table.js';
import type { JumpTable } from './jump-table.js';
import { type CodeAnalysis, pushImmediate } from './jumpdest.js';
import type { Memory } from './memory.js';
import { OPCODES } from './opcodes.js';
import * as wordOps from './word-ops.js';
import type { Word } from './words.js';

/**
 * Returns the new stack height, or `~height` after a bail-out (then `f.pc` is where to resume).
 * `f.gas` holds the gas left after the block's constant gas; memory expansion is charged from it.
 */
export type BlockFn = (st: Word[], sp: number, mem: Memory, evm: Evm, f: Frame) => number;

export interface CompiledBlock {
  readonly run: BlockFn;
  /** Sum of the constant gas of every instruction in the block. */
  readonly gas: number;
  /** Stack heights at entry for which no instruction of the block underflows or overflows. */
  readonly minSp: number;
  readonly maxSp: number;
}

/** `heat[pc]`: never a block start. */
export const NEVER = 0x7fffffff;
/**
 * Longest block. TurboFan's time grows faster than linearly with a function's size (a 256-op
 * block of blake2b took 76 ms), and a block runs unoptimised until then; 64 measured best.
 */
const MAX_OPS = 64;
/**
 * Default dispatches of a pc before its run is compiled. A new block runs in V8's bytecode
 * interpreter, several times slower than this one, until TurboFan has seen it often enough;
 * compiling lukewarm code only adds such spells. bench:evm geomeans (each ±10 % run to run):
 * 32 → 19.2; 128 → 21.2, 19.2, 19.5; 512 → 21.4; 1024 → 20.0, 19.9.
 */
export const DEFAULT_COMPILE_THRESHOLD = 512;
/**
 * The threshold used when the config gives none: the tier exists for V8's JIT; in other engines
 * (QuickJS in the MIPS VM) `new Function` only adds a parse per block, so blocks stay interpreted.
 */
export const ENGINE_COMPILE_THRESHOLD = ON_V8 ? DEFAULT_COMPILE_THRESHOLD : Number.POSITIVE_INFINITY;

/**
 * Generated source (characters) after which this process compiles no more blocks and just
 * interprets. Three runs of every bench:evm workload generate ~1.2 MB at the default threshold,
 * the whole state-test suite at threshold 0 under 8 MB per process;
 * the cap only bounds a long-lived process that meets endless new hot code (compiled blocks live
 * as long as their code's cached analysis, and V8 keeps a function's source).
 */
const SOURCE_BUDGET = 64 << 20;
let generatedBytes = 0;

/** Per (code, fork) tier state, kept on the code's cached analysis. */
export class BlockTier {
  /** Dispatch count per pc; `~i` once `blocks[i]` starts there; `NEVER` if nothing compiles. */
  readonly heat: Int32Array;
  readonly blocks: CompiledBlock[] = [];

  constructor(
    readonly table: JumpTable,
    codeLength: number,
  ) {
    // A PUSH at the end of the code can leave pc up to 32 bytes past it (an implicit STOP).
    this.heat = new Int32Array(codeLength + 33);
  }

  compileAt(code: Uint8Array, analysis: CodeAnalysis, pc: number): void {
    const block =
      pc < code.length && generatedBytes < SOURCE_BUDGET ? compileBlock(code, analysis, pc, this.table) : undefined;
    if (block === undefined) {
      this.heat[pc] = NEVER;
      return;
    }
    this.heat[pc] = ~this.blocks.length;
    this.blocks.push(block);
  }
}

/** A `--compile-threshold` value: a non-negative integer, or `never` (interpret only). */
export function parseCompileThreshold(text: string): number | undefined {
  if (text === 'never') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(n) ? n : undefined;
}

export function tierOf(analysis: CodeAnalysis, table: JumpTable): BlockTier {
  let t = analysis.tier;
  if (t === undefined || t.table !== table) analysis.tier = t = new BlockTier(table, analysis.jumpdests.length);
  return t;
}

const K_PUSH = 1;
const K_DUP = 2;
const K_SWAP = 3;
const K_POP = 4;
const K_NOP = 5;
const K_PURE = 6;
const K_CALL = 7;
const K_MLOAD = 8;
const K_MSTORE = 9;
const K_PC = 10;
const K_JUMP = 11;
const K_JUMPI = 12;

/** What the compiler does with each opcode; 0 ends the block. */
const KIND = new Uint8Array(256);
/**
 * For K_PURE: the source computing the result from the operands' sources (`a` is the top).
 * The number fast path is written out so it needs no call; everything else calls the
 * `word-ops` function (V8 inlines only so much into one function). Operands are always
 * identifiers or literals, so repeating them costs nothing.
 */
const PURE: ((a: string, b: string, c: string) => string)[] = [];
{
  const num = (a: string, b: string): string => `typeof ${a} === 'number' && typeof ${b} === 'number'`;
  const pure: [number, (a: string, b: string, c: string) => string][] = [
    [0x01, (a, b) => `${num(a, b)} && ${a} + ${b} < 4294967296 ? ${a} + ${b} : add(${a}, ${b})`],
    [0x02, (a, b) => `${num(a, b)} && ${a} * ${b} < 4294967296 ? ${a} * ${b} : mul(${a}, ${b})`],
    [0x03, (a, b) => `${num(a, b)} && ${a} >= ${b} ? ${a} - ${b} : sub(${a}, ${b})`],
    [0x04, (a, b) => `${num(a, b)} ? (${b} === 0 ? 0 : (${a} / ${b}) >>> 0) : div(${a}, ${b})`],
    [0x08, (a, b, c) => `addmod(${a}, ${b}, ${c})`],
    [0x09, (a, b, c) => `mulmod(${a}, ${b}, ${c})`],
    [0x10, (a, b) => `${a} < ${b} ? 1 : 0`],
    [0x11, (a, b) => `${a} > ${b} ? 1 : 0`],
    [0x14, (a, b) => `${a} == ${b} ? 1 : 0`],
    [0x15, (a) => `${a} == 0 ? 1 : 0`],
    [0x16, (a, b) => `${num(a, b)} ? (${a} & ${b}) >>> 0 : and(${a}, ${b})`],
    [0x17, (a, b) => `${num(a, b)} ? (${a} | ${b}) >>> 0 : or(${a}, ${b})`],
    [0x18, (a, b) => `${num(a, b)} ? (${a} ^ ${b}) >>> 0 : xor(${a}, ${b})`],
    [0x19, (a) => `not(${a})`],
    [0x1b, (a, b) => `shl(${a}, ${b})`],
    [0x1c, (a, b) => `${num(a, b)} ? (${a} < 32 ? ${b} >>> ${a} : 0) : shr(${a}, ${b})`],
  ];
  for (const [op, source] of pure) {
    KIND[op] = K_PURE;
    PURE[op] = source;
  }
  // Out-of-line instructions that only read their operands and the environment, charge no
  // dynamic gas and cannot halt: called as they are, with their operands stored to the stack.
  const called = [
    0x05, 0x06, 0x07, 0x0b, 0x12, 0x13, 0x1a, 0x1d, 0x1e, 0x30, 0x32, 0x33, 0x34, 0x35, 0x36, 0x38, 0x3a, 0x3d, 0x41,
    0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4a, 0x59,
  ];
  for (const op of called) KIND[op] = K_CALL;
  for (let op = 0x5f; op <= 0x7f; op++) KIND[op] = K_PUSH;
  for (let op = 0x80; op <= 0x8f; op++) KIND[op] = K_DUP;
  for (let op = 0x90; op <= 0x9f; op++) KIND[op] = K_SWAP;
  KIND[0x50] = K_POP;
  KIND[0x5b] = K_NOP;
  KIND[0x51] = K_MLOAD;
  KIND[0x52] = K_MSTORE;
  KIND[0x58] = K_PC;
  KIND[0x56] = K_JUMP;
  KIND[0x57] = K_JUMPI;
}

const INVALID = -1;

/** The `word-ops` functions every block binds by name. */
const HELPERS = Object.keys(wordOps).join(', ');

/** A PUSHed destination known at compile time: its pc, or INVALID; undefined if computed. */
function constantDestination(dest: string, jumpdests: Uint8Array): number | undefined {
  if (/^\d+n$/.test(dest)) return INVALID; // a bigint literal: ≥ 2^32, past any code
  if (!/^\d+$/.test(dest)) return undefined;
  const d = Number(dest);
  return d < jumpdests.length && jumpdests[d] === 1 ? d : INVALID;
}

function literal(w: Word): string {
  return typeof w === 'number' ? String(w) : `${w}n`;
}

/** `sp + k` as source. */
function at(k: number): string {
  return k === 0 ? 'sp' : k > 0 ? `sp + ${k}` : `sp - ${-k}`;
}

/**
 * The symbolic stack of a block being compiled. Positions are relative to the height at entry:
 * position -1 is the entry's top. A position holds the source expression of its value — a
 * constant, a temporary, or `iK`, the entry value K below the top, loaded in the prologue.
 */
class SymbolicStack {
  height = 0;
  private readonly slots = new Map<number, string>();
  /** Entry positions whose value the block reads (loaded in the prologue). */
  readonly loads = new Set<number>();
  /** Positions an out-of-line call wrote in the real stack array. */
  readonly clobbered = new Set<number>();
  /** Lowest position whose slot may have changed. */
  low = 0;

  get(p: number): string {
    const s = this.slots.get(p);
    if (s !== undefined) return s;
    this.loads.add(p);
    return `i${-p}`;
  }

  set(p: number, v: string): void {
    this.slots.set(p, v);
    if (p < this.low) this.low = p;
  }

  push(v: string): void {
    this.set(this.height, v);
    this.height++;
  }

  pop(n: number): void {
    this.height -= n;
    if (this.height < this.low) this.low = this.height;
  }

  /** Source storing every changed slot of the current stack into the real stack array. */
  writeBack(): string {
    let s = '';
    for (let p = this.low; p < this.height; p++) {
      const v = this.get(p);
      if (p < 0 && v === `i${-p}` && !this.clobbered.has(p)) continue;
      s += `st[${at(p)}] = ${v};`;
    }
    return s;
  }
}

/** Compiles the run starting at `start`, or undefined if its first instruction cannot be. */
export function compileBlock(
  code: Uint8Array,
  analysis: CodeAnalysis,
  start: number,
  table: JumpTable,
): CompiledBlock | undefined {
  const { jumpdests } = analysis;
  const s = new SymbolicStack();
  /**
   * Constant gas charged up to each early exit; exit k adds `Gk` (the block's constant gas not
   * spent by then) back to `f.gas`, as the block was charged in full on entry.
   */
  const spentAt: number[] = [];
  const giveBack = (spent: number): string => {
    spentAt.push(spent);
    return `f.gas += G${spentAt.length - 1};`;
  };
  /** Hands the instruction at `where` back to the interpreter with the stack as it is now. */
  const bail = (where: number, spent: number): string =>
    `${s.writeBack()} ${giveBack(spent)} f.pc = ${where}; return ~(${at(s.height)});`;
  /** Constant jump targets already followed: a loop ends the block instead of unrolling. */
  const followed = new Set<number>();
  let ended = false;
  const called = new Set<number>();
  let body = '';
  let temps = 0;
  let gas = 0;
  let minSp = 0;
  let maxSp = Number.MAX_SAFE_INTEGER;
  let pc = start;
  let n = 0;
  const temp = (expr: string): string => {
    const t = `t${temps++}`;
    body += `const ${t} = ${expr};`;
    return t;
  };
  for (; pc < code.length && n < MAX_OPS; n++) {
    const op = code[pc]!;
    let next = pc + 1;
    const kind = table.defined[op] === 1 ? KIND[op]! : 0;
    if (kind === 0) break;
    const h = s.height;
    minSp = Math.max(minSp, table.minStack[op]! - h);
    maxSp = Math.min(maxSp, table.maxStack[op]! - h);
    const gasHere = gas;
    gas += table.gas[op]!;
    switch (kind) {
      case K_PUSH:
        s.push(literal(op === 0x5f ? 0 : pushImmediate(analysis, pc)));
        next += op - 0x5f;
        break;
      case K_DUP:
        s.push(s.get(h - (op - 0x7f)));
        break;
      case K_SWAP: {
        const j = h - 1 - (op - 0x8f);
        const top = s.get(h - 1);
        s.set(h - 1, s.get(j));
        s.set(j, top);
        break;
      }
      case K_POP:
        s.pop(1);
        break;
      case K_NOP:
        break;
      case K_PC:
        s.push(String(pc));
        break;
      case K_PURE: {
        const arity = OPCODES[op]!.stackIn;
        const args: string[] = [];
        for (let i = 1; i <= arity; i++) args.push(s.get(h - i));
        s.pop(arity);
        s.push(temp(PURE[op]!(args[0]!, args[1] ?? '', args[2] ?? '')));
        break;
      }
      case K_CALL: {
        // Store the operands where the instruction reads them, call it, read its result back.
        const arity = OPCODES[op]!.stackIn;
        for (let i = 1; i <= arity; i++) {
          body += `st[${at(h - i)}] = ${s.get(h - i)};`;
          s.clobbered.add(h - i);
        }
        s.clobbered.add(h - arity);
        called.add(op);
        body += `o${op}(evm, f, ${op}, ${at(h)});`;
        s.pop(arity);
        s.push(temp(`st[${at(h - arity)}]`));
        break;
      }
      case K_MLOAD:
      case K_MSTORE: {
        // Expansion is paid from `f.gas`, which is short of the true gas left by the constant
        // gas of the instructions after this one: if that is not enough, hand this instruction
        // back to the interpreter, which charges in order and fails exactly where it should.
        const offset = s.get(h - 1);
        body += `if (Number(${offset}) + 32 > mem.size) { const c = memCost(mem, ${offset}, 32);`;
        body += `if (c > f.gas) { ${bail(pc, gasHere)} }`;
        body += `f.gas -= c; memGrow(mem, ${offset}, 32); }`;
        if (kind === K_MLOAD) {
          s.pop(1);
          s.push(temp(`mem.loadWord(Number(${offset}))`));
        } else {
          body += `mem.storeWord(Number(${offset}), ${s.get(h - 2)});`;
          s.pop(2);
        }
        break;
      }
      case K_JUMP:
      case K_JUMPI: {
        // A constant destination is checked here and an unconditional jump to it is followed:
        // the block goes on at the target. Otherwise a taken jump leaves the block; a computed
        // destination is checked at run time, an invalid one handed back to the interpreter.
        const dest = s.get(h - 1);
        const cond = kind === K_JUMPI ? s.get(h - 2) : '';
        const fixed = constantDestination(dest, jumpdests);
        if (kind === K_JUMP && fixed !== undefined && fixed !== INVALID && !followed.has(fixed)) {
          followed.add(fixed);
          s.pop(1);
          next = fixed;
          break;
        }
        // Made before the pops: a bail-out leaves the jump's operands on the stack.
        const invalid = fixed === undefined || fixed === INVALID ? bail(pc, gasHere) : '';
        s.pop(kind === K_JUMP ? 1 : 2);
        const leave = (target: string): string =>
          `${s.writeBack()} ${kind === K_JUMP ? '' : giveBack(gas)} f.pc = ${target}; return ${at(s.height)};`;
        const taken =
          fixed === INVALID
            ? invalid
            : fixed !== undefined
              ? leave(String(fixed))
              : `const d = Number(${dest}); if (d >= ${code.length} || jumpdests[d] !== 1) { ${invalid} } ${leave('d')}`;
        body += kind === K_JUMP ? taken : `if (${cond} != 0) { ${taken} }`;
        if (kind === K_JUMP) ended = true;
        break;
      }
    }
    pc = next;
    if (ended) break;
  }
  if (n === 0) return undefined;
  if (!ended) body += `${s.writeBack()} f.pc = ${pc}; return ${at(s.height)};`;
  let bindings = '';
  for (const op of called) bindings += `const o${op} = ool[${op}];`;
  for (let k = 0; k < spentAt.length; k++) bindings += `const G${k} = ${gas - spentAt[k]!};`;
  let prologue = '';
  for (const p of s.loads) prologue += `const i${-p} = st[${at(p)}];`;
  generatedBytes += prologue.length + body.length;
  const factory = new Function(
    'ops',
    'ool',
    'memCost',
    'memGrow',
    'jumpdests',
    `const { ${HELPERS} } = ops; ${bindings} return function block_${start}(st, sp, mem, evm, f) { ${prologue} ${body} };`,
  ) as (
    ops: typeof wordOps,
    ool: typeof INSTRUCTIONS,
    mc: typeof memCost,
    mg: typeof memGrow,
    jd: Uint8Array,
  ) => BlockFn;
  return { run: factory(wordOps, INSTRUCTIONS, memCost, memGrow, jumpdests), gas, minSp, maxSp };
}
