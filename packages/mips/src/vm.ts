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
}

/** Direct-mapped front cache of translated blocks, backed by a map of every translation. */
const BLOCK_CACHE_BITS = 14;
const BLOCK_CACHE_MASK = (1 << BLOCK_CACHE_BITS) - 1;
/** Visits of a block start before it is translated, and most interpreter steps per cold visit. */
const HOT_THRESHOLD = 24;
const COLD_CHUNK = 256;

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
  private lastMemAccess = NO_ACCESS;
  private memProof: Uint8Array | undefined;
  private lastPreimageKey: Uint8Array | undefined;
  private lastPreimage: Uint8Array = new Uint8Array(0);
  private lastPreimageOffset = NO_ACCESS;

  constructor(
    readonly state: MipsState,
    readonly oracle: PreimageOracle,
    private readonly options: VmOptions = {},
  ) {}

  private readonly ctx: JitContext = { pc: 0, nextPC: 0, hi: 0, lo: 0 };
  private blockTags = new Float64Array(1 << BLOCK_CACHE_BITS).fill(-1);
  private blockFront: (Block | undefined)[] = new Array<Block | undefined>(1 << BLOCK_CACHE_BITS).fill(undefined);
  private blocks = new Map<number, Block>();
  private heat = new Uint8Array(1 << BLOCK_CACHE_BITS);
  private blocksEpoch = -1;

  /**
   * When set, `run` stops before executing at a pc in [start, end) — checked at every block
   * entry, which is where a call into a function lands (the runner's `runtime.notesleep` guard).
   */
  watch: { start: number; end: number } | undefined;

  /** Executes up to `maxSteps` steps (stops early on exit); returns the number executed. */
  run(maxSteps: number): number {
    this.proofMode = false;
    const watch = this.watch;
    if (this.options.jit === false) {
      if (!watch) return this.exec(maxSteps);
      let n = 0;
      while (n < maxSteps && !this.state.exited && !(this.state.pc >= watch.start && this.state.pc < watch.end))
        n += this.exec(1);
      return n;
    }
    const s = this.state;
    if (s.exited) return 0;
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
          if (!b && ++this.heat[slot]! >= (this.options.jitThreshold ?? HOT_THRESHOLD)) {
            this.heat[slot] = 0;
            b = compileBlock(mem, pc);
            this.blocks.set(pc, b);
            this.blocksEpoch = mem.codeEpoch;
          }
          if (b) {
            tags[slot] = pc;
            front[slot] = b;
          }
        }
        if (b?.fn !== undefined && b.length <= maxSteps - n) {
          const k = b.fn(regs, c, dirs, mem, dirty, code, maxSteps - n);
          pending += k;
          n += k;
          if (k > 0) continue;
        }
        // Translation costs far more than interpreting a block once: only hot code is
        // translated, cold code goes through the interpreter a block at a time.
        if (b === undefined) {
          this.syncState(c, pending);
          pending = 0;
          n += this.execToBlockEnd(maxSteps - n);
          if (s.exited) return n;
          this.loadContext(c);
          continue;
        }
      }
      this.syncState(c, pending);
      pending = 0;
      n += this.exec(1);
      if (s.exited) return n;
      this.loadContext(c);
    }
    this.syncState(c, pending);
    return n;
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

  /**
   * Interprets cold code up to the end of the current block (after the next delay slot), so the
   * run loop counts visits — and translates — at real block starts, not at wherever a fixed
   * number of steps happened to end.
   */
  private execToBlockEnd(maxSteps: number): number {
    return this.exec(Math.min(COLD_CHUNK, maxSteps), true);
  }

  /** Forgets every translation (a page holding translated code was written). */
  private dropBlocks(): void {
    this.blocks.clear();
    this.blockTags.fill(-1);
    this.blockFront.fill(undefined);
    this.heat.fill(0);
    this.state.memory.code.fill(0);
    this.blocksEpoch = this.state.memory.codeEpoch;
  }

  /** One step; with `proof`, returns the witness and proofs of the pre-state. */
  step(proof: boolean): StepWitness | undefined {
    this.proofMode = proof;
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

  /** Interprets up to `maxSteps` steps; with `toBlockEnd`, stops after the next delay slot. */
  private exec(maxSteps: number, toBlockEnd = false): number {
    const s = this.state;
    if (s.exited) return 0;
    const regs = s.registers;
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
    let inSlot = false;

    while (n < maxSteps) {
      if (inSlot && toBlockEnd) break;
      inSlot = nextPC !== ((pc + 4) | 0);
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
    const regs = s.registers;
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
