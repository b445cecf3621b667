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
import {
  ERRNO,
  FCNTL,
  FD,
  FN,
  FN2,
  OP,
  PAGE_ADDR_SIZE,
  PAGE_WORDS,
  REG,
  RT_REGIMM,
  STATE_VERSION,
  SYS,
} from './constants.js';
import { MipsExecutionError } from './errors.js';
import { DIR_SHIFT, DIR_SIZE, ZERO_PAGE } from './memory.js';
import type { PreimageOracle } from './oracle.js';
import { encodeWitness, type MipsState } from './state.js';

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
}

/** hi word of the unsigned 64-bit product of two uint32 values (exact, no bigint). */
function mulhu(a: number, b: number): number {
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

  /** Executes up to `maxSteps` steps (stops early on exit); returns the number executed. */
  run(maxSteps: number): number {
    this.proofMode = false;
    return this.exec(maxSteps);
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

  private exec(maxSteps: number): number {
    const s = this.state;
    if (s.exited) return 0;
    const regs = s.registers;
    const mem = s.memory;
    const dirs = mem.dirs;
    const dirty = mem.dirty;
    const proof = this.proofMode;
    let pc = s.pc | 0;
    let nextPC = s.nextPC | 0;
    let hi = s.hi | 0;
    let lo = s.lo | 0;
    const step0 = s.step;
    let n = 0;
    let insn = 0;

    const fail = (reason: string): never => {
      s.pc = pc >>> 0;
      s.nextPC = nextPC >>> 0;
      s.hi = hi >>> 0;
      s.lo = lo >>> 0;
      s.step = step0 + n - 1;
      throw new MipsExecutionError(reason, pc, insn, s.step);
    };

    while (n < maxSteps) {
      if ((pc & 3) !== 0) {
        n++;
        fail('unaligned instruction fetch');
      }
      insn = dirs[pc >>> DIR_SHIFT]![(pc >>> PAGE_ADDR_SIZE) & DIR_MASK]![(pc >>> 2) & WORD_MASK]!;
      n++;
      const op = insn >>> 26;
      switch (op) {
        case OP.SPECIAL: {
          const rsV = regs[(insn >>> 21) & 31]!;
          const rtV = regs[(insn >>> 16) & 31]!;
          const rd = (insn >>> 11) & 31;
          const fn = insn & 63;
          let val = 0;
          switch (fn) {
            case FN.SLL:
              val = rtV << ((insn >>> 6) & 31);
              break;
            case FN.SRL:
              val = rtV >>> ((insn >>> 6) & 31);
              break;
            case FN.SRA:
              val = rtV >> ((insn >>> 6) & 31);
              break;
            case FN.SLLV:
              val = rtV << (rsV & 31);
              break;
            case FN.SRLV:
              val = rtV >>> (rsV & 31);
              break;
            case FN.SRAV:
              // Fixed Aug 2024 (optimism#11503): the shift amount is masked to 5 bits.
              val = rtV >> (rsV & 31);
              break;
            case FN.JR:
            case FN.JALR: {
              if (nextPC !== ((pc + 4) | 0)) fail('jump in delay slot');
              const prev = pc;
              pc = nextPC;
              nextPC = rsV;
              if (fn === FN.JALR && rd !== 0) regs[rd] = (prev + 8) | 0;
              continue;
            }
            case FN.MOVZ:
              if (rtV === 0 && rd !== 0) regs[rd] = rsV;
              pc = nextPC;
              nextPC = (nextPC + 4) | 0;
              continue;
            case FN.MOVN:
              if (rtV !== 0 && rd !== 0) regs[rd] = rsV;
              pc = nextPC;
              nextPC = (nextPC + 4) | 0;
              continue;
            case FN.SYSCALL: {
              s.pc = pc >>> 0;
              s.nextPC = nextPC >>> 0;
              s.hi = hi >>> 0;
              s.lo = lo >>> 0;
              s.step = step0 + n;
              this.syscall();
              pc = s.pc | 0;
              nextPC = s.nextPC | 0;
              if (s.exited) return n;
              continue;
            }
            case FN.MFHI:
              val = hi;
              break;
            case FN.MFLO:
              val = lo;
              break;
            case FN.MTHI:
              hi = rsV;
              break;
            case FN.MTLO:
              lo = rsV;
              break;
            case FN.MULT: {
              lo = Math.imul(rsV, rtV);
              let h = mulhu(rsV >>> 0, rtV >>> 0);
              if (rsV < 0) h = (h - rtV) | 0;
              if (rtV < 0) h = (h - rsV) | 0;
              hi = h;
              break;
            }
            case FN.MULTU:
              lo = Math.imul(rsV, rtV);
              hi = mulhu(rsV >>> 0, rtV >>> 0);
              break;
            case FN.DIV:
              if (rtV === 0) fail('division by zero');
              hi = (rsV % rtV) | 0;
              lo = (rsV / rtV) | 0;
              break;
            case FN.DIVU:
              if (rtV === 0) fail('division by zero');
              hi = ((rsV >>> 0) % (rtV >>> 0)) | 0;
              lo = Math.floor((rsV >>> 0) / (rtV >>> 0)) | 0;
              break;
            case 0x14:
            case 0x15:
            case 0x16:
            case 0x17:
              // In the reference these fall into the hi/lo handler, which writes 0 to rd.
              break;
            case FN.BREAK:
            case 0x0e:
            case FN.SYNC:
            case 0x1c:
            case 0x1d:
            case 0x1e:
            case 0x1f:
              // The reference's ALU returns rs for every funct 0x08..0x1F it does not special-case.
              val = rsV;
              break;
            case FN.ADD:
            case FN.ADDU:
              val = (rsV + rtV) | 0;
              break;
            case FN.SUB:
            case FN.SUBU:
              val = (rsV - rtV) | 0;
              break;
            case FN.AND:
              val = rsV & rtV;
              break;
            case FN.OR:
              val = rsV | rtV;
              break;
            case FN.XOR:
              val = rsV ^ rtV;
              break;
            case FN.NOR:
              val = ~(rsV | rtV);
              break;
            case FN.SLT:
              val = rsV < rtV ? 1 : 0;
              break;
            case FN.SLTU:
              val = rsV >>> 0 < rtV >>> 0 ? 1 : 0;
              break;
            default:
              fail('invalid instruction');
          }
          if (rd !== 0) regs[rd] = val;
          pc = nextPC;
          nextPC = (nextPC + 4) | 0;
          continue;
        }
        case OP.J:
        case OP.JAL: {
          if (nextPC !== ((pc + 4) | 0)) fail('jump in delay slot');
          const prev = pc;
          pc = nextPC;
          nextPC = (nextPC & 0xf0000000) | ((insn & 0x03ffffff) << 2);
          if (op === OP.JAL) regs[REG.RA] = (prev + 8) | 0;
          continue;
        }
        case OP.BEQ:
        case OP.BNE:
        case OP.BLEZ:
        case OP.BGTZ:
        case OP.REGIMM: {
          if (nextPC !== ((pc + 4) | 0)) fail('branch in delay slot');
          const rsV = regs[(insn >>> 21) & 31]!;
          const rtReg = (insn >>> 16) & 31;
          let taken: boolean;
          if (op === OP.BEQ) taken = rsV === regs[rtReg];
          else if (op === OP.BNE) taken = rsV !== regs[rtReg];
          else if (op === OP.BLEZ) taken = rsV <= 0;
          else if (op === OP.BGTZ) taken = rsV > 0;
          else taken = rtReg === RT_REGIMM.BLTZ ? rsV < 0 : rtReg === RT_REGIMM.BGEZ ? rsV >= 0 : false;
          const prev = pc;
          pc = nextPC;
          nextPC = taken ? (prev + 4 + (((insn << 16) >> 16) << 2)) | 0 : (nextPC + 4) | 0;
          continue;
        }
        case OP.ADDI:
        case OP.ADDIU: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          break;
        }
        case OP.SLTI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! < (insn << 16) >> 16 ? 1 : 0;
          break;
        }
        case OP.SLTIU: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! >>> 0 < ((insn << 16) >> 16) >>> 0 ? 1 : 0;
          break;
        }
        case OP.ANDI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! & (insn & 0xffff);
          break;
        }
        case OP.ORI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! | (insn & 0xffff);
          break;
        }
        case OP.XORI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = regs[(insn >>> 21) & 31]! ^ (insn & 0xffff);
          break;
        }
        case OP.LUI: {
          const rt = (insn >>> 16) & 31;
          if (rt !== 0) regs[rt] = insn << 16;
          break;
        }
        case OP.SPECIAL2: {
          const rsV = regs[(insn >>> 21) & 31]!;
          const rd = (insn >>> 11) & 31;
          const fn = insn & 63;
          let val: number;
          if (fn === FN2.MUL) val = Math.imul(rsV, regs[(insn >>> 16) & 31]!);
          else if (fn === FN2.CLZ) val = Math.clz32(rsV);
          else if (fn === FN2.CLO) val = Math.clz32(~rsV);
          else val = fail('invalid instruction');
          if (rd !== 0) regs[rd] = val;
          break;
        }
        case OP.LB:
        case OP.LH:
        case OP.LWL:
        case OP.LW:
        case OP.LBU:
        case OP.LHU:
        case OP.LWR:
        case OP.LL: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const m = dirs[wa >>> DIR_SHIFT]![(wa >>> PAGE_ADDR_SIZE) & DIR_MASK]![(wa >>> 2) & WORD_MASK]! | 0;
          const rt = (insn >>> 16) & 31;
          let val: number;
          switch (op) {
            case OP.LB:
              val = ((m >>> (24 - (addr & 3) * 8)) << 24) >> 24;
              break;
            case OP.LH:
              val = ((m >>> (16 - (addr & 2) * 8)) << 16) >> 16;
              break;
            case OP.LWL: {
              const sh = (addr & 3) * 8;
              val = (regs[rt]! & ~(-1 << sh)) | (m << sh);
              break;
            }
            case OP.LBU:
              val = (m >>> (24 - (addr & 3) * 8)) & 0xff;
              break;
            case OP.LHU:
              val = (m >>> (16 - (addr & 2) * 8)) & 0xffff;
              break;
            case OP.LWR: {
              const sh = 24 - (addr & 3) * 8;
              val = (regs[rt]! & ~(-1 >>> sh)) | (m >>> sh);
              break;
            }
            default: // lw, ll
              val = m;
          }
          if (rt !== 0) regs[rt] = val;
          break;
        }
        case OP.SB:
        case OP.SH:
        case OP.SWL:
        case OP.SW:
        case OP.SWR:
        case OP.SC: {
          const addr = (regs[(insn >>> 21) & 31]! + ((insn << 16) >> 16)) | 0;
          const wa = addr & ~3;
          if (proof) this.trackMemAccess(wa);
          const pi = wa >>> PAGE_ADDR_SIZE;
          let page = dirs[wa >>> DIR_SHIFT]![pi & DIR_MASK]!;
          const wi = (wa >>> 2) & WORD_MASK;
          const m = page[wi]! | 0;
          const rt = (insn >>> 16) & 31;
          const rtV = regs[rt]!;
          let val: number;
          switch (op) {
            case OP.SB: {
              const sh = 24 - (addr & 3) * 8;
              val = (m & ~(0xff << sh)) | ((rtV & 0xff) << sh);
              break;
            }
            case OP.SH: {
              const sh = 16 - (addr & 2) * 8;
              val = (m & ~(0xffff << sh)) | ((rtV & 0xffff) << sh);
              break;
            }
            case OP.SWL: {
              const sh = (addr & 3) * 8;
              val = (m & ~(-1 >>> sh)) | (rtV >>> sh);
              break;
            }
            case OP.SWR: {
              const sh = 24 - (addr & 3) * 8;
              val = (m & ~(-1 << sh)) | (rtV << sh);
              break;
            }
            default: // sw, sc
              val = rtV;
          }
          // sc always succeeds in single-threaded Cannon: rt := 1 (before the store, as upstream).
          if (op === OP.SC && rt !== 0) regs[rt] = 1;
          if (page === ZERO_PAGE) page = mem.allocPage(pi);
          else if (dirty[pi] === 0) mem.markDirty(pi);
          page[wi] = val;
          break;
        }
        default:
          fail('invalid instruction');
      }
      pc = nextPC;
      nextPC = (nextPC + 4) | 0;
    }
    return this.finish(n, step0, pc, nextPC, hi, lo);
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
