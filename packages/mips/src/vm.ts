/**
 * The MIPS32 interpreter of single-threaded Cannon (OP@v1.0 `mipsevm/mips.go` + the Aug-2024
 * fixes: `srav` masks its shift to 5 bits, complete hints are `len <= buffered - 4`).
 *
 * One flat dispatch loop serves both uses: `run(n)` executes up to n steps with pc/nextPC/hi/lo
 * in locals and no proof bookkeeping; `step(true)` executes one step while recording the
 * instruction proof, the single data-word proof (taken before the write) and the pre-image
 * part read, i.e. everything the on-chain step needs. Quirks of the reference are kept on
 * purpose because they are part of the proven semantics: SPECIAL functs 0x08–0x1F that are not
 * otherwise handled (`break`, `sync`, …) copy rs into rd; mthi/mtlo/mult/div and 0x14–0x17 write
 * 0 into rd; REGIMM other than bltz/bgez never branches; sc always succeeds.
 */
import { ERRNO, FCNTL, FD, PAGE_ADDR_SIZE, PAGE_WORDS, REG, STATE_VERSION, SYS } from './constants.js';
import { MipsExecutionError } from './errors.js';
import { type Block, compileBlock, type JitContext } from './jit.js';
import { compileTrace, selectTrace } from './jit-trace.js';
import { HAS_WASM_JIT, type WasmJit, wasmJitFor } from './jit-wasm.js';
import { type BlockShape, successors } from './jit-wasm-code.js';
import { DIR_SHIFT, DIR_SIZE, ZERO_PAGE } from './memory.js';
import type { PreimageOracle } from './oracle.js';
import { encodeWitness, type MipsState } from './state.js';

/** Primary opcodes (bits 31..26), MIPS32 Vol. II table A.2. */
export enum Op {
  SPECIAL = 0x00,
  REGIMM = 0x01,
  J = 0x02,
  JAL = 0x03,
  BEQ = 0x04,
  BNE = 0x05,
  BLEZ = 0x06,
  BGTZ = 0x07,
  ADDI = 0x08,
  ADDIU = 0x09,
  SLTI = 0x0a,
  SLTIU = 0x0b,
  ANDI = 0x0c,
  ORI = 0x0d,
  XORI = 0x0e,
  LUI = 0x0f,
  SPECIAL2 = 0x1c,
  LB = 0x20,
  LH = 0x21,
  LWL = 0x22,
  LW = 0x23,
  LBU = 0x24,
  LHU = 0x25,
  LWR = 0x26,
  SB = 0x28,
  SH = 0x29,
  SWL = 0x2a,
  SW = 0x2b,
  SWR = 0x2e,
  LL = 0x30,
  SC = 0x38,
}

/** SPECIAL (opcode 0) function field (bits 5..0), table A.3. */
export enum Fn {
  SLL = 0x00,
  SRL = 0x02,
  SRA = 0x03,
  SLLV = 0x04,
  SRLV = 0x06,
  SRAV = 0x07,
  JR = 0x08,
  JALR = 0x09,
  MOVZ = 0x0a,
  MOVN = 0x0b,
  SYSCALL = 0x0c,
  BREAK = 0x0d,
  SYNC = 0x0f,
  MFHI = 0x10,
  MTHI = 0x11,
  MFLO = 0x12,
  MTLO = 0x13,
  MULT = 0x18,
  MULTU = 0x19,
  DIV = 0x1a,
  DIVU = 0x1b,
  ADD = 0x20,
  ADDU = 0x21,
  SUB = 0x22,
  SUBU = 0x23,
  AND = 0x24,
  OR = 0x25,
  XOR = 0x26,
  NOR = 0x27,
  SLT = 0x2a,
  SLTU = 0x2b,
}

/** SPECIAL2 (opcode 0x1C) function field, table A.4. */
export enum Fn2 {
  MUL = 0x02,
  CLZ = 0x20,
  CLO = 0x21,
}

/** REGIMM (opcode 1) rt field, table A.5. */
export enum RegImm {
  BLTZ = 0x00,
  BGEZ = 0x01,
}

const WORD_MASK = PAGE_WORDS - 1;
const DIR_MASK = DIR_SIZE - 1;
const NO_ACCESS = -1;

/** What the on-chain step needs besides the pre-state: proofs and the pre-image part read. */
export interface StepWitness {
  /** 226-byte pre-state witness. */
  state: Uint8Array;
  /** Instruction proof (896 B) ++ data-word proof (896 B, zeros when no memory was touched). */
  proof: Uint8Array;
  /** Aligned address of the data word the step read or wrote, if any. */
  memAddress?: number;
  preimageKey?: Uint8Array;
  /** The length-prefixed pre-image (`u64be(len) ++ data`). */
  preimageValue?: Uint8Array;
  preimageOffset?: number;
}

export interface VmOptions {
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
  /** Translate hot straight-line code to JS functions in `run` (default true; see jit.ts). */
  jit?: boolean;
  /** Visits of a block start before it is translated (default 24; 1 = translate at once). */
  jitThreshold?: number;
  /**
   * Translate to WebAssembly functions chained by tail calls (`jit-wasm.ts`, the default where
   * WebAssembly exists) or to JavaScript functions (`jit.ts`, also used while `watch` is set).
   */
  backend?: 'wasm' | 'js';
  /**
   * Dispatches of a translated block before a trace is formed there from the successors
   * observed so far (default 200; 0 = no traces; see jit-trace.ts).
   */
  traceThreshold?: number;
}

/**
 * Counters of `run`'s fast path: deterministic for a given program and sequence of `run` calls,
 * so benchmarks can report them next to times that vary with the machine.
 */
export interface JitStats {
  /** Calls of translated functions (blocks, loop nests, traces). */
  dispatches: number;
  /** Steps executed by the interpreter inside `run`. */
  interpretedSteps: number;
  /** Blocks translated, and guest instructions in them. */
  blocks: number;
  blockInstructions: number;
  /** Traces formed, and guest instructions in them. */
  traces: number;
  traceInstructions: number;
}

/** Direct-mapped front cache of translated blocks, backed by a map of every translation. */
const BLOCK_CACHE_BITS = 14;
const BLOCK_CACHE_MASK = (1 << BLOCK_CACHE_BITS) - 1;
/** Visits of a block start before it is translated. */
const HOT_THRESHOLD = 24;
/** Heat-table marks: the run loop holds a translation for this block start / none is possible. */
const HAS_BLOCK = 0xffff;
const NO_BLOCK = 0xfffe;
/**
 * Most blocks translated together (one WebAssembly module); a batch is translated early, when
 * one of its blocks becomes hot again, once it holds FLUSH_BLOCKS blocks or that block has come
 * back FLUSH_WAITS times. Fewer, larger modules: on client.elf 279 modules of ~24 blocks cost
 * 1.8–2.2 CPU-s of a ~10 s run (each instance copies the shared table, each table growth
 * updates every instance), 114 modules of ~57 blocks 0.95 s, for 13 M more interpreted steps.
 */
const REGION_BLOCKS = 512;
const FLUSH_BLOCKS = 128;
const FLUSH_WAITS = 16;
const TRACE_THRESHOLD = 200;

/** hi word of the unsigned 64-bit product of two uint32 values (exact, no bigint). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w1 = (t & 0xffff) + a0 * b1;
  return (a1 * b1 + Math.floor(t / 0x10000) + Math.floor(w1 / 0x10000)) | 0;
}

export class MipsVM {
  private proofMode = false;
  /** The register file the interpreter works on: the state's, or the WebAssembly context's during a run. */
  private regs: Int32Array;
  /** Which translator the heat tables' HAS_BLOCK marks belong to. */
  private heatOwner: 'wasm' | 'js' | undefined;
  private lastMemAccess = NO_ACCESS;
  private memProof: Uint8Array | undefined;
  private lastPreimageKey: Uint8Array | undefined;
  private lastPreimage: Uint8Array = new Uint8Array(0);
  private lastPreimageOffset = NO_ACCESS;

  constructor(
    readonly state: MipsState,
    readonly oracle: PreimageOracle,
    private readonly options: VmOptions = {},
  ) {
    this.hot = Math.min(options.jitThreshold ?? HOT_THRESHOLD, NO_BLOCK - 1);
    this.regs = state.registers;
    this.useWasm = HAS_WASM_JIT && options.backend !== 'js';
  }

  private readonly ctx: JitContext = { pc: 0, nextPC: 0, hi: 0, lo: 0 };
  private blockTags = new Float64Array(1 << BLOCK_CACHE_BITS).fill(-1);
  private blockFront: (Block | undefined)[] = new Array<Block | undefined>(1 << BLOCK_CACHE_BITS).fill(undefined);
  private blocks = new Map<number, Block>();
  /** Visits per block start, one table per code page (HAS_BLOCK/NO_BLOCK once translated). */
  private heatPages = new Map<number, Uint16Array>();
  private heatIndex = -1;
  private heatPage: Uint16Array = new Uint16Array(0);
  /** Hot blocks waiting to be translated together (see `translateRegion`). */
  private pending: BlockShape[] = [];
  private readonly pendingSet = new Set<number>();
  /** Times each pending block has become hot again while its batch waited. */
  private readonly pendingWaits = new Map<number, number>();
  private readonly hot: number;
  private readonly useWasm: boolean;
  private blocksEpoch = -1;
  readonly stats: JitStats = {
    dispatches: 0,
    interpretedSteps: 0,
    blocks: 0,
    blockInstructions: 0,
    traces: 0,
    traceInstructions: 0,
  };

  /**
   * When set, `run` stops before executing at a pc in [start, end) — checked at every block
   * entry, which is where a call into a function lands (the runner's `runtime.notesleep` guard).
   */
  watch: { start: number; end: number } | undefined;

  /** Executes up to `maxSteps` steps (stops early on exit); returns the number executed. */
  run(maxSteps: number): number {
    this.proofMode = false;
    this.regs = this.state.registers;
    const watch = this.watch;
    if (this.useWasm && watch === undefined && this.options.jit !== false) return this.runWasm(maxSteps);
    if (this.options.jit === false) {
      if (!watch) return this.exec(maxSteps);
      let n = 0;
      while (n < maxSteps && !this.state.exited && !(this.state.pc >= watch.start && this.state.pc < watch.end))
        n += this.exec(1);
      return n;
    }
    const s = this.state;
    if (s.exited) return 0;
    if (this.heatOwner !== 'js') this.dropBlocks();
    this.heatOwner = 'js';
    const mem = s.memory;
    const regs = s.registers;
    const dirs = mem.dirs;
    const dirty = mem.dirty;
    const code = mem.code;
    const tags = this.blockTags;
    const front = this.blockFront;
    // Between translated blocks pc/nextPC/hi/lo live only in the context and steps are counted
    // in `pending`; the state is brought up to date before the interpreter runs and on return.
    const c = this.ctx;
    c.pc = s.pc;
    c.nextPC = s.nextPC;
    c.hi = s.hi | 0;
    c.lo = s.lo | 0;
    let pending = 0;
    let n = 0;
    let calls = 0;
    let interpreted = 0;
    while (n < maxSteps) {
      if (mem.codeEpoch !== this.blocksEpoch) this.dropBlocks();
      const pc = c.pc >>> 0;
      if (watch !== undefined && pc >= watch.start && pc < watch.end) break;
      if (c.nextPC >>> 0 === (pc + 4) >>> 0 && (pc & 3) === 0) {
        const slot = (pc >>> 2) & BLOCK_CACHE_MASK;
        let b: Block | undefined;
        if (tags[slot] === pc) b = front[slot];
        else {
          b = this.blocks.get(pc);
          if (!b && this.visit(pc)) {
            b = compileBlock(mem, pc);
            this.heatPage[(pc >>> 2) & WORD_MASK] = b.fn === undefined ? NO_BLOCK : HAS_BLOCK;
            this.stats.blocks++;
            this.stats.blockInstructions += b.length;
            if (b.simple) b.countdown = this.options.traceThreshold ?? TRACE_THRESHOLD;
            this.blocks.set(pc, b);
            this.blocksEpoch = mem.codeEpoch;
          }
          if (b) {
            tags[slot] = pc;
            front[slot] = b;
          }
        }
        if (b?.fn !== undefined && b.length <= maxSteps - n) {
          // A watched range must be seen at every block entry, which a trace would skip.
          const fn = watch === undefined ? b.fn : b.single!;
          const k = fn(regs, c, dirs, mem, dirty, code, maxSteps - n);
          calls++;
          pending += k;
          n += k;
          if (b.countdown !== 0) this.observe(b, pc, c.pc >>> 0);
          if (k > 0) continue;
        }
        // Translation costs far more than interpreting a block a few thousand times: only hot
        // code is translated; the interpreter runs cold code until it reaches a block start
        // that has a translation or has just become hot.
        if (b?.fn === undefined) {
          this.syncState(c, pending);
          pending = 0;
          const k = this.exec(maxSteps - n, true);
          n += k;
          interpreted += k;
          if (s.exited) break;
          this.loadContext(c);
          continue;
        }
      }
      this.syncState(c, pending);
      pending = 0;
      const k = this.exec(1);
      n += k;
      interpreted += k;
      if (s.exited) break;
      this.loadContext(c);
    }
    if (!s.exited) this.syncState(c, pending);
    this.stats.dispatches += calls;
    this.stats.interpretedSteps += interpreted;
    return n;
  }

  /** Records where block `b` (at `pc`) went; forms its trace when its countdown ends. */
  private observe(b: Block, pc: number, next: number): void {
    if (next === b.s0) b.n0++;
    else if (next === b.s1) b.n1++;
    else if (b.n0 === 0) {
      b.s0 = next;
      b.n0 = 1;
    } else if (b.n1 === 0) {
      b.s1 = next;
      b.n1 = 1;
    } else b.nx++;
    if (--b.countdown !== 0) return;
    const path = selectTrace(b, pc, (p) => this.blocks.get(p));
    const fn = path && compileTrace(this.state.memory, path);
    if (!fn) return;
    b.fn = fn;
    this.stats.traces++;
    for (const len of path.lengths) this.stats.traceInstructions += len;
  }

  private syncState(c: JitContext, steps: number): void {
    const s = this.state;
    s.pc = c.pc >>> 0;
    s.nextPC = c.nextPC >>> 0;
    s.hi = c.hi >>> 0;
    s.lo = c.lo >>> 0;
    s.step += steps;
  }

  private loadContext(c: JitContext): void {
    const s = this.state;
    c.pc = s.pc;
    c.nextPC = s.nextPC;
    c.hi = s.hi | 0;
    c.lo = s.lo | 0;
  }

  /** At a block start reached by the cold interpreter: whether the run loop takes over there. */
  private coldStop(pc: number): boolean {
    const w = this.watch;
    if (w !== undefined && pc >= w.start && pc < w.end) return true;
    return (pc & 3) === 0 && this.visit(pc);
  }

  /**
   * Counts a visit of the block start `pc` (word-aligned) that has no translation; true when it
   * has become hot (the caller translates it) or already has one.
   */
  private visit(pc: number): boolean {
    const pi = pc >>> PAGE_ADDR_SIZE;
    if (pi !== this.heatIndex) {
      let hp = this.heatPages.get(pi);
      if (hp === undefined) {
        hp = new Uint16Array(PAGE_WORDS);
        this.heatPages.set(pi, hp);
      }
      this.heatIndex = pi;
      this.heatPage = hp;
    }
    const i = (pc >>> 2) & WORD_MASK;
    const h = this.heatPage[i]!;
    if (h === NO_BLOCK) return false;
    if (h === HAS_BLOCK || h + 1 >= this.hot) return true;
    this.heatPage[i] = h + 1;
    return false;
  }

  /** Forgets every translation (a page holding translated code was written). */
  private dropBlocks(): void {
    this.blocks.clear();
    this.blockTags.fill(-1);
    this.blockFront.fill(undefined);
    this.heatPages.clear();
    this.heatIndex = -1;
    this.state.memory.code.fill(0);
    this.blocksEpoch = this.state.memory.codeEpoch;
  }

  /**
   * `run` with WebAssembly translations: the loop enters a chain of translated blocks at a block
   * start that has one, and interprets cold code until the next such start (or a block that
   * has just become hot, which it translates). The interpreter works on the context's register
   * file meanwhile, so entering a chain copies only pc/nextPC/hi/lo.
   */
  private runWasm(maxSteps: number): number {
    const s = this.state;
    if (s.exited) return 0;
    const mem = s.memory;
    const w = wasmJitFor(mem);
    if (this.heatOwner !== 'wasm' || mem.codeEpoch !== w.epoch) this.dropWasm(w);
    this.heatOwner = 'wasm';
    w.revalidate();
    const regs = w.regs;
    regs.set(s.registers);
    this.regs = regs;
    let n = 0;
    let calls = 0;
    let interpreted = 0;
    const blocks0 = w.blocks;
    const insns0 = w.instructions;
    try {
      while (n < maxSteps) {
        if (mem.codeEpoch !== w.epoch) this.dropWasm(w);
        const pc = s.pc;
        if (s.nextPC === (pc + 4) >>> 0 && (pc & 3) === 0) {
          let slot = w.compiledSlot(pc);
          if (slot < 0 && this.visit(pc)) {
            this.translateRegion(w, pc);
            slot = w.compiledSlot(pc);
          }
          if (slot >= 0) {
            const budget = Math.min(maxSteps - n, 0x3fffffff);
            w.pc = pc;
            w.nextPC = s.nextPC;
            w.hi = s.hi;
            w.lo = s.lo;
            const k = budget - w.enter(slot, budget);
            calls++;
            n += k;
            s.step += k;
            s.pc = w.pc;
            s.nextPC = w.nextPC;
            s.hi = w.hi;
            s.lo = w.lo;
            const fault = w.takeFault();
            if (fault !== -1) {
              // The chain stopped before a load/store whose page it may not use: interpret
              // that instruction, then map the page (it may have been allocated or marked).
              const i = this.exec(1);
              n += i;
              interpreted += i;
              if (s.exited) break;
              w.checkAllocations();
              w.map(fault >>> PAGE_ADDR_SIZE);
              continue;
            }
            // A register jump whose target's hash entry held another block: put it back.
            if (k > 0 && s.nextPC === (s.pc + 4) >>> 0) w.rehash(s.pc);
            if (k > 0) continue;
          } else {
            const i = this.exec(maxSteps - n, true);
            n += i;
            interpreted += i;
            if (s.exited) break;
            w.checkAllocations();
            continue;
          }
        }
        const i = this.exec(1);
        n += i;
        interpreted += i;
        if (s.exited) break;
        w.checkAllocations();
      }
    } finally {
      s.registers.set(regs);
      this.regs = s.registers;
      this.stats.dispatches += calls;
      this.stats.interpretedSteps += interpreted;
      this.stats.blocks += w.blocks - blocks0;
      this.stats.blockInstructions += w.instructions - insns0;
    }
    return n;
  }

  /**
   * Called when the block at `pc` has just become hot. Translations are made in batches (one
   * WebAssembly module each: instantiating a module and installing a function cost time
   * proportional to the modules already sharing the table, see jit-wasm.ts). The block joins
   * the pending batch together with the blocks it may continue into (transitively) that have
   * been visited at least `hot / 8` times; their visit counts start again. The batch is
   * translated when it is full, or when one of its blocks has become hot again while the batch
   * is large enough or that block has waited long enough (see REGION_BLOCKS).
   */
  private translateRegion(w: WasmJit, pc: number): void {
    const pending = this.pending;
    if (this.pendingSet.has(pc)) {
      const waits = (this.pendingWaits.get(pc) ?? 0) + 1;
      this.pendingWaits.set(pc, waits);
      if (pending.length >= FLUSH_BLOCKS || waits >= FLUSH_WAITS) this.flushPending(w);
      else this.setHeat(pc, 0);
      return;
    }
    if (pending.length >= REGION_BLOCKS) {
      this.flushPending(w);
      return;
    }
    const warm = Math.max(1, this.hot >>> 3);
    const queue = [pc];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length && pending.length < REGION_BLOCKS; i++) {
      const p = queue[i]!;
      const b = w.shape(p);
      if (b.words.length === 0) {
        this.setHeat(p, NO_BLOCK);
        continue;
      }
      pending.push(b);
      this.pendingSet.add(p);
      this.setHeat(p, 0);
      for (const q of successors(b)) {
        if (seen.has(q) || (q & 3) !== 0 || w.compiledSlot(q) >= 0 || this.pendingSet.has(q)) continue;
        seen.add(q);
        const h = this.heatOf(q);
        if (h >= warm && h < NO_BLOCK) queue.push(q);
      }
    }
    // The first translations go at once: a program's first hot loop should not wait.
    if (pending.length >= REGION_BLOCKS || w.blocks === 0) this.flushPending(w);
  }

  private flushPending(w: WasmJit): void {
    if (this.pending.length === 0) return;
    // The words are read again: a pending block's page is not a code page yet, so a store
    // there since it was scanned changed no epoch (the translation must be of today's code).
    const blocks: BlockShape[] = [];
    for (const { pc } of this.pending) {
      const b = w.shape(pc);
      if (b.words.length > 0) blocks.push(b);
      this.setHeat(pc, b.words.length > 0 ? HAS_BLOCK : NO_BLOCK);
    }
    if (blocks.length > 0) w.compile(blocks);
    this.pending = [];
    this.pendingSet.clear();
    this.pendingWaits.clear();
  }

  /** The visit count of block start `pc` (0 if never counted). */
  private heatOf(pc: number): number {
    const hp = this.heatPages.get(pc >>> PAGE_ADDR_SIZE);
    return hp === undefined ? 0 : hp[(pc >>> 2) & WORD_MASK]!;
  }

  private setHeat(pc: number, h: number): void {
    let hp = this.heatPages.get(pc >>> PAGE_ADDR_SIZE);
    if (hp === undefined) {
      hp = new Uint16Array(PAGE_WORDS);
      this.heatPages.set(pc >>> PAGE_ADDR_SIZE, hp);
    }
    hp[(pc >>> 2) & WORD_MASK] = h;
  }

  private dropWasm(w: WasmJit): void {
    w.drop();
    this.pending = [];
    this.pendingSet.clear();
    this.pendingWaits.clear();
    this.state.memory.code.fill(0);
    this.heatPages.clear();
    this.heatIndex = -1;
  }

  /** One step; with `proof`, returns the witness and proofs of the pre-state. */
  step(proof: boolean): StepWitness | undefined {
    this.proofMode = proof;
    this.regs = this.state.registers;
    this.lastMemAccess = NO_ACCESS;
    this.memProof = undefined;
    this.lastPreimageOffset = NO_ACCESS;
    let wit: StepWitness | undefined;
    if (proof) {
      wit = { state: encodeWitness(this.state), proof: new Uint8Array(0) };
      const insnProof = this.state.memory.merkleProof(this.state.pc);
      this.exec(1);
      const out = new Uint8Array(insnProof.length * 2);
      out.set(insnProof, 0);
      if (this.memProof) {
        out.set(this.memProof, insnProof.length);
        wit.memAddress = this.lastMemAccess >>> 0;
      }
      wit.proof = out;
      if (this.lastPreimageOffset !== NO_ACCESS) {
        wit.preimageKey = this.lastPreimageKey!.slice();
        wit.preimageValue = this.lastPreimage;
        wit.preimageOffset = this.lastPreimageOffset;
      }
    } else {
      this.exec(1);
    }
    this.proofMode = false;
    return wit;
  }

  /** The pre-image part read by the last `step()`, if it read one. */
  lastPreimageRead(): { key: Uint8Array; value: Uint8Array; offset: number } | undefined {
    if (this.lastPreimageOffset === NO_ACCESS || !this.lastPreimageKey) return undefined;
    return { key: this.lastPreimageKey, value: this.lastPreimage, offset: this.lastPreimageOffset };
  }

  private trackMemAccess(addr: number): void {
    if (this.lastMemAccess === addr) return;
    if (this.lastMemAccess !== NO_ACCESS) {
      throw new MipsExecutionError('second memory access in one step', this.state.pc, 0, this.state.step);
    }
    this.lastMemAccess = addr;
    this.memProof = this.state.memory.merkleProof(addr >>> 0);
  }

  /**
   * Interprets up to `maxSteps` steps. With `cold` (the run loop's interpreter for code without
   * a translation), it also stops at the first block start after a jump or branch whose visit
   * makes it hot or that has a translation (`visit`).
   */
  private exec(maxSteps: number, cold = false): number {
    const s = this.state;
    if (s.exited) return 0;
    const regs = this.regs;
    const mem = s.memory;
    const dirs = mem.dirs;
    const dirty = mem.dirty;
    const code = mem.code;
    const proof = this.proofMode;
    let pc = s.pc | 0;
    let nextPC = s.nextPC | 0;
    let hi = s.hi | 0;
    let lo = s.lo | 0;
    const step0 = s.step;
    let ipi = -1;
    let ipage = ZERO_PAGE;
    let n = 0;
    let insn = 0;
    // 2 after a jump or branch, 1 in its delay slot, 0 elsewhere.
    let ends = 0;

    while (n < maxSteps) {
      if (ends !== 0 && --ends === 0 && cold && this.coldStop(pc >>> 0)) break;
      if ((pc & 3) !== 0) {
        n++;
        this.failAt('unaligned instruction fetch', pc, nextPC, hi, lo, step0 + n - 1, insn);
      }
      // The page being executed is cached; it changes only on a jump/branch across pages.
      if (pc >>> PAGE_ADDR_SIZE !== ipi) {
        ipi = pc >>> PAGE_ADDR_SIZE;
        ipage = dirs[pc >>> DIR_SHIFT]![ipi & DIR_MASK]!;
      }
      insn = ipage[(pc >>> 2) & WORD_MASK]!;
      n++;
      const op = insn >>> 26;
      switch (op) {
        case Op.SPECIAL: {
          const rsV = regs[(insn >>> 21) & 31]!;
          const rtV = regs[(insn >>> 16) & 31]!;
          const rd = (insn >>> 11) & 31;
          const fn = insn & 63;
          let val = 0;
          switch (fn) {
            case Fn.SLL:
              val = rtV << ((insn >>> 6) & 31);
              break;
            case Fn.SRL:
              val = rtV >>> ((insn >>> 6) & 31);
              break;
            case Fn.SRA:
              val = rtV >> ((insn >>> 6) & 31);
              break;
            case Fn.SLLV:
              val = rtV << (rsV & 31);
              break;
            case Fn.SRLV:
              val = rtV >>> (rsV & 31);
              break;
            case Fn.SRAV:
              // Fixed Aug 2024 (optimism#11503): the shift amount is masked to 5 bits.
              val = rtV >> (rsV & 31);
              break;
            case Fn.JR:
            case Fn.JALR: {
              if (nextPC !== ((pc + 4) | 0)) this.failAt('jump in delay slot', pc, nextPC, hi, lo, step0 + n - 1, insn);
              ends = 2;
              const prev = pc;
              pc = nextPC;
              nextPC = rsV;
              if (fn === Fn.JALR && rd !== 0) regs[rd] = (prev + 8) | 0;
              continue;
            }
            case Fn.MOVZ:
              if (rtV === 0 && rd !== 0) regs[rd] = rsV;
              pc = nextPC;
              nextPC = (nextPC + 4) | 0;
              continue;
            case Fn.MOVN:
              if (rtV !== 0 && rd !== 0) regs[rd] = rsV;
              pc = nextPC;
              nextPC = (nextPC + 4) | 0;
              continue;
            case Fn.SYSCALL: {
              s.pc = pc >>> 0;
              s.nextPC = nextPC >>> 0;
              s.hi = hi >>> 0;
              s.lo = lo >>> 0;
              s.step = step0 + n;
              this.syscall();
              pc = s.pc | 0;
              nextPC = s.nextPC | 0;
              if (s.exited) return n;
              ipi = -1; // a pre-image read may have allocated a page
              continue;
            }
            case Fn.MFHI:
              val = hi;
              break;
            case Fn.MFLO:
              val = lo;
              break;
            case Fn.MTHI:
              hi = rsV;
              break;
            case Fn.MTLO:
              lo = rsV;
              break;
            case Fn.MULT: {
              lo = Math.imul(rsV, rtV);
              let h = mulhu(rsV >>> 0, rtV >>> 0);
              if (rsV < 0) h = (h - rtV) | 0;
              if (rtV < 0) h = (h - rsV) | 0;
              hi = h;
              break;
            }
            case Fn.MULTU:
              lo = Math.imul(rsV, rtV);
              hi = mulhu(rsV >>> 0, rtV >>> 0);
              break;
            case Fn.DIV:
              if (rtV === 0) this.failAt('division by zero', pc, nextPC, hi, lo, step0 + n - 1, insn);
              hi = (rsV % rtV) | 0;
              lo = (rsV / rtV) | 0;
              break;
            case Fn.DIVU:
              if (rtV === 0) this.failAt('division by zero', pc, nextPC, hi, lo, step0 + n - 1, insn);
              hi = ((rsV >>> 0) % (rtV >>> 0)) | 0;
              lo = Math.floor((rsV >>> 0) / (rtV >>> 0)) | 0;
              break;
            case 0x14:
            case 0x15:
            case 0x16:
            case 0x17:
              // In the reference these fall into the hi/lo handler, which writes 0 to rd.
              break;
            case Fn.BREAK:
            case 0x0e:
            case Fn.SYNC:
            case 0x1c:
            case 0x1d:
            case 0x1e:
            case 0x1f:
              // The reference's ALU returns rs for every funct 0x08..0x1F it does not special-case.
              val = rsV;
              break;
            case Fn.ADD:
            case Fn.ADDU:
              val = (rsV + rtV) | 0;
              break;
            case Fn.SUB:
            case Fn.SUBU:
              val = (rsV - rtV) | 0;
              break;
            case Fn.AND:
              val = rsV & rtV;
              break;
            case Fn.OR:
              val = rsV | rtV;
              break;
            case Fn.XOR:
              val = rsV ^ rtV;
              break;
            case Fn.NOR:
              val = ~(rsV | rtV);
              break;
            case Fn.SLT:
              val = rsV < rtV ? 1 : 0;
              break;
            case Fn.SLTU:
              val = rsV >>> 0 < rtV >>> 0 ? 1 : 0;
              break;
            default:
              this.failAt('invalid instruction', pc, nextPC, hi, lo, step0 + n - 1, insn);
          }
          if (rd !== 0) regs[rd] = val;
          pc = nextPC;
          nextPC = (nextPC + 4) | 0;
          continue;
        }
        case Op.J:
        case Op.JAL: {
          if (nextPC !== ((pc + 4) | 0)) this.failAt('jump in delay slot', pc, nextPC, hi, lo, step0 + n - 1, insn);
          ends = 2;
          const prev = pc;
          pc = nextPC;
          nextPC = (nextPC & 0xf0000000) | ((insn & 0x03ffffff) << 2);
          if (op === Op.JAL) regs[REG.RA] = (prev + 8) | 0;
          continue;
        }
        case Op.BEQ:
        case Op.BNE:
        case Op.BLEZ:
        case Op.BGTZ:
        case Op.REGIMM: {
          if (nextPC !== ((pc + 4) | 0)) this.failAt('branch in delay slot', pc, nextPC, hi, lo, step0 + n - 1, insn);
          ends = 2;
          const rsV = regs[(insn >>> 21) & 31]!;
          const rtReg = (insn >>> 16) & 31;
          let taken: boolean;
          if (op === Op.BEQ) taken = rsV === regs[rtReg];
          else if (op === Op.BNE) taken = rsV !== regs[rtReg];
          else if (op === Op.BLEZ) taken = rsV <= 0;
          else if (op === Op.BGTZ) taken = rsV > 0;
          else taken = rtReg === RegImm.BLTZ ? rsV < 0 : rtReg === RegImm.BGEZ ? rsV >= 0 : false;
          const prev = pc;
          pc = nextPC;
          nextPC = taken ? (prev + 4 + (((insn << 16) >> 16) << 2)) | 0 : (nextPC + 4) | 0;
          continue;
        }
        case Op.ADDI:
        case Op.ADDIU: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          break;
        }
        case Op.SLTI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! < (insn << 16) >> 16 ? 1 : 0;
          break;
        }
        case Op.SLTIU: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! >>> 0 < ((insn << 16) >> 16) >>> 0 ? 1 : 0;
          break;
        }
        case Op.ANDI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! & (insn & 0xffff);
          break;
        }
        case Op.ORI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! | (insn & 0xffff);
          break;
        }
        case Op.XORI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! ^ (insn & 0xffff);
          break;
        }
        case Op.LUI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = insn << 16;
          break;
        }
        case Op.SPECIAL2: {
          const rsV = regs[(insn >>> 21) & 31]!;
          const rd = (insn >>> 11) & 31;
          const fn = insn & 63;
          let val: number;
          if (fn === Fn2.MUL) val = Math.imul(rsV, regs[(insn >>> 16) & 31]!);
          else if (fn === Fn2.CLZ) val = Math.clz32(rsV);
          else if (fn === Fn2.CLO) val = Math.clz32(~rsV);
          else val = this.failAt('invalid instruction', pc, nextPC, hi, lo, step0 + n - 1, insn);
          if (rd !== 0) regs[rd] = val;
          break;
        }
        case Op.LW:
        case Op.LL: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = m;
          break;
        }
        case Op.LB: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = ((m >>> (24 - (addr & 3) * 8)) << 24) >> 24;
          break;
        }
        case Op.LBU: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (m >>> (24 - (addr & 3) * 8)) & 0xff;
          break;
        }
        case Op.LH: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = ((m >>> (16 - (addr & 2) * 8)) << 16) >> 16;
          break;
        }
        case Op.LHU: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (m >>> (16 - (addr & 2) * 8)) & 0xffff;
          break;
        }
        case Op.LWL: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (regs[rt]! & ~(-1 << ((addr & 3) * 8))) | (m << ((addr & 3) * 8));
          break;
        }
        case Op.LWR: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (regs[rt]! & ~(-1 >>> (24 - (addr & 3) * 8))) | (m >>> (24 - (addr & 3) * 8));
          break;
        }
        case Op.SW: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          page[wi] = rtV;
          break;
        }
        case Op.SC: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          page[wi] = rtV;
          // sc always succeeds in single-threaded Cannon: rt := 1.
          if (rt !== 0) regs[rt] = 1;
          break;
        }
        case Op.SB: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          const sh = 24 - (addr & 3) * 8;
          page[wi] = (page[wi]! & ~(0xff << sh)) | ((rtV & 0xff) << sh);
          break;
        }
        case Op.SH: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          const sh = 16 - (addr & 2) * 8;
          page[wi] = (page[wi]! & ~(0xffff << sh)) | ((rtV & 0xffff) << sh);
          break;
        }
        case Op.SWL: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          const sh = (addr & 3) * 8;
          page[wi] = (page[wi]! & ~(-1 >>> sh)) | (rtV >>> sh);
          break;
        }
        case Op.SWR: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          if (page === ZERO_PAGE) {
            page = mem.allocPage(pi);
            ipi = -1; // the cached instruction page may be the zero page just replaced
          } else if (dirty[pi] === 0 || code[pi] !== 0) mem.markDirty(pi);
          const wi = (wa >>> 2) & WORD_MASK;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          const sh = 24 - (addr & 3) * 8;
          page[wi] = (page[wi]! & ~(-1 << sh)) | (rtV << sh);
          break;
        }
        default:
          this.failAt('invalid instruction', pc, nextPC, hi, lo, step0 + n - 1, insn);
      }
      pc = nextPC;
      nextPC = (nextPC + 4) | 0;
    }
    return this.finish(n, step0, pc, nextPC, hi, lo);
  }

  /** Commits the state as it was before the failing instruction and throws. */
  private failAt(
    reason: string,
    pc: number,
    nextPC: number,
    hi: number,
    lo: number,
    step: number,
    insn: number,
  ): never {
    const s = this.state;
    s.pc = pc >>> 0;
    s.nextPC = nextPC >>> 0;
    s.hi = hi >>> 0;
    s.lo = lo >>> 0;
    s.step = step;
    throw new MipsExecutionError(reason, pc, insn, step);
  }

  private finish(n: number, step0: number, pc: number, nextPC: number, hi: number, lo: number): number {
    const s = this.state;
    s.pc = pc >>> 0;
    s.nextPC = nextPC >>> 0;
    s.hi = hi >>> 0;
    s.lo = lo >>> 0;
    s.step = step0 + n;
    return n;
  }
  /** Cannon `handleSyscall`: number in $v0, args in $a0..$a2, result $v0, errno $a3. */
  private syscall(): void {
    const s = this.state;
    const regs = this.regs;
    const num = regs[REG.V0]! >>> 0;
    const a0 = regs[REG.A0]! >>> 0;
    const a1 = regs[REG.A1]! >>> 0;
    let a2 = regs[REG.A2]! >>> 0;
    let v0 = 0;
    let v1 = 0;
    switch (num) {
      case SYS.MMAP: {
        let size = a1;
        if ((size & 0xfff) !== 0) size = (size + 0x1000 - (size & 0xfff)) >>> 0;
        if (a0 === 0) {
          v0 = s.heap;
          s.heap = (s.heap + size) >>> 0;
        } else {
          v0 = a0;
        }
        break;
      }
      case SYS.BRK:
        v0 = 0x40000000;
        break;
      case SYS.CLONE:
        v0 = 1;
        break;
      case SYS.EXIT_GROUP:
        // Does not advance the PC (the state stays at the syscall).
        s.exited = true;
        s.exitCode = a0 & 0xff;
        return;
      case SYS.READ:
        if (a0 === FD.STDIN) {
          // read nothing, no error
        } else if (a0 === FD.PREIMAGE_READ) {
          v0 = this.readPreimagePart(a1, a2);
        } else if (a0 === FD.HINT_READ) {
          // the ack is not modelled: pretend everything was read
          v0 = a2;
        } else {
          v0 = 0xffffffff;
          v1 = ERRNO.EBADF;
        }
        break;
      case SYS.WRITE:
        if (a0 === FD.STDOUT || a0 === FD.STDERR) {
          const sink = a0 === FD.STDOUT ? this.options.stdout : this.options.stderr;
          if (sink) sink(s.memory.readRange(a1, a2));
          v0 = a2;
        } else if (a0 === FD.HINT_WRITE) {
          this.bufferHint(s.memory.readRange(a1, a2));
          v0 = a2;
        } else if (a0 === FD.PREIMAGE_WRITE) {
          const wa = (a1 & ~3) >>> 0;
          if (this.proofMode) this.trackMemAccess(wa | 0);
          const word = s.memory.getWord(wa);
          const alignment = a1 & 3;
          const space = 4 - alignment;
          if (space < a2) a2 = space;
          const key = s.preimageKey;
          key.copyWithin(0, a2);
          for (let i = 0; i < a2; i++) key[32 - a2 + i] = (word >>> (24 - (alignment + i) * 8)) & 0xff;
          s.preimageOffset = 0;
          v0 = a2;
        } else {
          v0 = 0xffffffff;
          v1 = ERRNO.EBADF;
        }
        break;
      case SYS.FCNTL:
        if (a1 === FCNTL.F_GETFL) {
          if (a0 === FD.STDIN || a0 === FD.PREIMAGE_READ || a0 === FD.HINT_READ) v0 = 0;
          else if (a0 === FD.STDOUT || a0 === FD.STDERR || a0 === FD.PREIMAGE_WRITE || a0 === FD.HINT_WRITE) v0 = 1;
          else {
            v0 = 0xffffffff;
            v1 = ERRNO.EBADF;
          }
        } else if (a1 === FCNTL.F_GETFD && s.version === STATE_VERSION.SINGLE_THREADED_2) {
          if (a0 <= FD.PREIMAGE_WRITE) v0 = 0;
          else {
            v0 = 0xffffffff;
            v1 = ERRNO.EBADF;
          }
        } else {
          v0 = 0xffffffff;
          v1 = ERRNO.EINVAL;
        }
        break;
      default:
        // Single-threaded Cannon treats every other syscall as a no-op returning 0.
        break;
    }
    regs[REG.V0] = v0;
    regs[REG.A3] = v1;
    s.pc = s.nextPC;
    s.nextPC = (s.nextPC + 4) >>> 0;
  }

  /** read(5, addr, count): at most 4 bytes, never crossing the aligned word at `addr`. */
  private readPreimagePart(addr: number, count: number): number {
    const s = this.state;
    const wa = (addr & ~3) >>> 0;
    if (this.proofMode) this.trackMemAccess(wa | 0);
    const word = s.memory.getWord(wa);
    const buf = this.preimageBuffer(s.preimageKey);
    const offset = s.preimageOffset;
    if (offset > buf.length) {
      throw new MipsExecutionError(`pre-image offset ${offset} beyond length ${buf.length}`, s.pc, 0, s.step);
    }
    this.lastPreimageOffset = offset;
    const alignment = addr & 3;
    let n = Math.min(buf.length - offset, 32);
    if (4 - alignment < n) n = 4 - alignment;
    if (count < n) n = count;
    let out = word;
    for (let i = 0; i < n; i++) {
      const sh = 24 - (alignment + i) * 8;
      out = (out & ~(0xff << sh)) | (buf[offset + i]! << sh);
    }
    s.memory.setWord(wa, out >>> 0);
    s.preimageOffset = offset + n;
    return n;
  }

  /** `u64be(len) ++ preimage` for `key`, fetched from the oracle only when the key changed. */
  private preimageBuffer(key: Uint8Array): Uint8Array {
    const last = this.lastPreimageKey;
    let same = last !== undefined;
    if (last) for (let i = 0; i < 32 && same; i++) same = last[i] === key[i];
    if (!same) {
      const data = this.oracle.getPreimage(key.slice());
      const buf = new Uint8Array(8 + data.length);
      new DataView(buf.buffer).setBigUint64(0, BigInt(data.length));
      buf.set(data, 8);
      this.lastPreimageKey = key.slice();
      this.lastPreimage = buf;
    }
    return this.lastPreimage;
  }

  /** Appends to the partial-hint buffer and emits every complete `u32be(len) ++ hint` record. */
  private bufferHint(data: Uint8Array): void {
    const s = this.state;
    let buf = new Uint8Array(s.lastHint.length + data.length);
    buf.set(s.lastHint, 0);
    buf.set(data, s.lastHint.length);
    while (buf.length >= 4) {
      const len = ((buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!) >>> 0;
      // Fixed after v1.0: a hint is complete when len <= buffered - 4 (v1.0 had >=).
      if (len > buf.length - 4) break;
      this.oracle.hint(buf.slice(4, 4 + len));
      buf = buf.slice(4 + len);
    }
    s.lastHint = buf;
  }
}
