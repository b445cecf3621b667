/**
 * The cannon64 interpreter: big-endian MIPS64 (the mips64r2 subset of the spec and of
 * `exec/mips_instructions.go`) with threads (spec "Multithreading"). One step = one instruction
 * of the active thread, or one scheduling action: an exited active thread is popped, and a thread
 * that has run SCHED_QUANTUM steps is preempted — each of those costs a step of its own.
 *
 * Registers, pc/nextPC and hi/lo are 64-bit values kept as int32 halves (thread.ts): every ALU
 * operation is a few int32 operations with an explicit carry, exact and without allocation;
 * the rare 128-bit products, 64-bit divisions and unaligned doubleword accesses go through
 * bigints (wide.ts). A BigInt register file would allocate on every instruction, and doubles
 * cannot hold 64 bits. The 32-bit operations of MIPS64 sign-extend their results, as the spec
 * and the Go VM do; quirks of the reference are kept because they are the proven semantics:
 * `sync` copies rs into rd, mthi/mtlo/mult/div write 0 into rd, REGIMM other than
 * bltz/bgez/bltzal/bgezal never branches, srl/dsrl ignore the rotate bit, and lwr leaves the
 * upper word alone unless it loads byte 3.
 *
 * `run(n)` keeps the active thread's pc/nextPC/hi/lo in locals and steps without proof
 * bookkeeping; `step(true)` executes one step while recording the instruction proof, the one or
 * two memory proofs (taken before each write) and the pre-image part read.
 */
import { MipsExecutionError } from '../errors.js';
import type { PreimageOracle } from '../oracle.js';
import { mulhu } from '../vm.js';
import { LL_STATUS, MEM64_PROOF_SIZE, SCHED_QUANTUM } from './constants.js';
import { HI_PAGE_FACTOR, type Memory64, type Page64, TLB_MASK, ZERO_PAGE64 } from './memory64.js';
import { popThread, preemptThread } from './scheduler.js';
import { encodeThreadProof, encodeWitness64, type Mips64State } from './state.js';
import { handleSyscall } from './syscalls.js';
import { CPU, type Thread64 } from './thread.js';
import { ddiv, dmul, toBig, unalignedDoubleword, out as wideOut } from './wide.js';

/** Primary opcodes (bits 31..26), MIPS64 Vol. II table A.2. */
export enum Op64 {
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
  DADDI = 0x18,
  DADDIU = 0x19,
  LDL = 0x1a,
  LDR = 0x1b,
  SPECIAL2 = 0x1c,
  LB = 0x20,
  LH = 0x21,
  LWL = 0x22,
  LW = 0x23,
  LBU = 0x24,
  LHU = 0x25,
  LWR = 0x26,
  LWU = 0x27,
  SB = 0x28,
  SH = 0x29,
  SWL = 0x2a,
  SW = 0x2b,
  SDL = 0x2c,
  SDR = 0x2d,
  SWR = 0x2e,
  LL = 0x30,
  LLD = 0x34,
  LD = 0x37,
  SC = 0x38,
  SCD = 0x3c,
  SD = 0x3f,
}

/** SPECIAL function field (bits 5..0), table A.3. */
export enum Fn64 {
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
  SYNC = 0x0f,
  MFHI = 0x10,
  MTHI = 0x11,
  MFLO = 0x12,
  MTLO = 0x13,
  DSLLV = 0x14,
  DSRLV = 0x16,
  DSRAV = 0x17,
  MULT = 0x18,
  MULTU = 0x19,
  DIV = 0x1a,
  DIVU = 0x1b,
  DMULT = 0x1c,
  DMULTU = 0x1d,
  DDIV = 0x1e,
  DDIVU = 0x1f,
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
  DADD = 0x2c,
  DADDU = 0x2d,
  DSUB = 0x2e,
  DSUBU = 0x2f,
  DSLL = 0x38,
  DSRL = 0x3a,
  DSRA = 0x3b,
  DSLL32 = 0x3c,
  DSRL32 = 0x3e,
  DSRA32 = 0x3f,
}

/** SPECIAL2 function field, table A.4. */
export enum Fn2_64 {
  MUL = 0x02,
  CLZ = 0x20,
  CLO = 0x21,
  DCLZ = 0x24,
  DCLO = 0x25,
}

/** REGIMM rt field, table A.5. */
export enum RegImm64 {
  BLTZ = 0x00,
  BGEZ = 0x01,
  BLTZAL = 0x10,
  BGEZAL = 0x11,
}

/** What the on-chain step needs besides the pre-state (`StepWitness`). */
export interface Step64Witness {
  /** 188-byte pre-state witness. */
  state: Uint8Array;
  /** Thread proof (330) ++ instruction proof ++ memory proof ++ second memory proof (1920 each). */
  proof: Uint8Array;
  /** Aligned addresses the step read or wrote (first, and second when two words were touched). */
  memAddresses: bigint[];
  preimageKey?: Uint8Array;
  /** The length-prefixed pre-image (`u64be(len) ++ data`). */
  preimageValue?: Uint8Array;
  preimageOffset?: bigint;
}

export interface Vm64Options {
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
}

/*
 * Imported bindings used in the dispatch loop, as this module's own constants: a transpiler may
 * turn each use of an import into a getter call (tsx does), which costs more than the load.
 */
const HI_FACTOR = HI_PAGE_FACTOR;
const TLB_M = TLB_MASK;
const ZERO = ZERO_PAGE64;
const mulhu32 = mulhu;
const pair = toBig;
const wide = wideOut;
const doubleDiv = ddiv;
const doubleMul = dmul;
const unaligned = unalignedDoubleword;
const LL_32 = LL_STATUS.ACTIVE_32;
const LL_64 = LL_STATUS.ACTIVE_64;
const QUANTUM = SCHED_QUANTUM;

const NONE = -1n;
/** Word index mask inside a page (1024 words), and the even word of a doubleword. */
const WORD_MASK = 1023;
const DWORD_MASK = 1022;

export class Mips64VM {
  /** Set while `step(true)` runs: memory accesses are recorded with proofs. */
  proofMode = false;
  private memAccess = NONE;
  private memProof: Uint8Array | undefined;
  private memProof2: Uint8Array | undefined;
  private readonly accesses: bigint[] = [];
  /** Pre-image cache (key and `u64be(len) ++ data`) and the offset read this step (−1 = none). */
  private lastPreimageKey: Uint8Array | undefined;
  private lastPreimage: Uint8Array = new Uint8Array(0);
  lastPreimageOffset = NONE;
  /** The LL reservation's aligned address as halves, for the check every store makes. */
  private llHi = 0;
  private llLo = 0;

  constructor(
    readonly state: Mips64State,
    readonly oracle: PreimageOracle,
    readonly options: Vm64Options = {},
  ) {}

  /** Executes up to `maxSteps` steps (stops early on exit); returns the number executed. */
  run(maxSteps: number): number {
    this.proofMode = false;
    return this.exec(maxSteps);
  }

  /** One step; with `proof`, returns the witness and proofs of the pre-state. */
  step(proof: boolean): Step64Witness | undefined {
    this.proofMode = proof;
    this.memAccess = NONE;
    this.memProof = undefined;
    this.memProof2 = undefined;
    this.accesses.length = 0;
    this.lastPreimageOffset = NONE;
    if (!proof) {
      this.exec(1);
      return undefined;
    }
    const s = this.state;
    const state = encodeWitness64(s);
    const out = new Uint8Array(330 + 3 * MEM64_PROOF_SIZE);
    // As upstream's Step: the thread and instruction proofs come first, exited or not.
    if (!s.stackEmpty(s.traverseRight)) {
      out.set(encodeThreadProof(s), 0);
      out.set(s.memory.merkleProof(s.current.pc), 330);
    }
    try {
      this.exec(1);
    } finally {
      this.proofMode = false;
    }
    if (this.memProof) out.set(this.memProof, 330 + MEM64_PROOF_SIZE);
    if (this.memProof2) out.set(this.memProof2, 330 + 2 * MEM64_PROOF_SIZE);
    const wit: Step64Witness = { state, proof: out, memAddresses: this.accesses.slice() };
    if (this.lastPreimageOffset !== NONE) {
      wit.preimageKey = this.lastPreimageKey!.slice();
      wit.preimageValue = this.lastPreimage;
      wit.preimageOffset = this.lastPreimageOffset;
    }
    return wit;
  }

  /** The pre-image part read by the last `step()`, if it read one. */
  lastPreimageRead(): { key: Uint8Array; value: Uint8Array; offset: number } | undefined {
    if (this.lastPreimageOffset === NONE || !this.lastPreimageKey) return undefined;
    return { key: this.lastPreimageKey, value: this.lastPreimage, offset: Number(this.lastPreimageOffset) };
  }

  /** Records the first memory access of a proven step (`TrackMemAccess`); `addr` is 8-aligned. */
  track(addr: bigint): void {
    if (!this.proofMode || this.memAccess === addr) return;
    if (this.memAccess !== NONE) this.fail('second memory access in one step', this.state.current, 0);
    this.memAccess = addr;
    this.accesses.push(addr);
    this.memProof = this.state.memory.merkleProof(addr);
  }

  /** Records a second access, the doubleword after the first (`TrackMemAccess2`, clock_gettime). */
  track2(addr: bigint): void {
    if (!this.proofMode) return;
    if (BigInt.asUintN(64, this.memAccess + 8n) !== addr)
      this.fail('disjoint second memory access', this.state.current, 0);
    this.memAccess = addr;
    this.accesses.push(addr);
    this.memProof2 = this.state.memory.merkleProof(addr);
  }

  /** A write to the aligned doubleword `addr` drops an LL reservation on it (`handleMemoryUpdate`). */
  memoryUpdated(addr: bigint): void {
    const s = this.state;
    if (addr === (s.llAddress & ~7n)) this.clearReservation();
  }

  clearReservation(): void {
    const s = this.state;
    s.llStatus = LL_STATUS.NONE;
    s.llAddress = 0n;
    s.llOwnerThread = 0n;
    this.llHi = 0;
    this.llLo = 0;
  }

  private loadReservation(): void {
    const a = this.state.llAddress & ~7n;
    this.llHi = Number(a >> 32n) | 0;
    this.llLo = Number(a & 0xffffffffn) | 0;
  }

  /** `u64be(len) ++ preimage` for `key`, fetched from the oracle only when the key changed. */
  preimageBuffer(key: Uint8Array): Uint8Array {
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

  /** Set while a syscall runs: the step is already counted then, but a failure reports the one before. */
  private inSyscall = false;

  /** Throws the execution error for the active thread's current instruction. */
  fail(reason: string, t: Thread64, insn: number): never {
    const pc = (t.cpu[CPU.PC_HI]! >>> 0) * 2 ** 32 + (t.cpu[CPU.PC_LO]! >>> 0);
    throw new MipsExecutionError(reason, pc, insn >>> 0, this.state.step - (this.inSyscall ? 1 : 0));
  }

  /** Up to `maxSteps` steps, scheduling between runs of the active thread. */
  private exec(maxSteps: number): number {
    const s = this.state;
    this.loadReservation();
    let n = 0;
    while (n < maxSteps && !s.exited) {
      const t = s.current;
      if (t.exited) {
        s.step++;
        n++;
        popThread(s);
        continue;
      }
      if (s.stepsSinceLastContextSwitch >= QUANTUM) {
        s.step++;
        n++;
        preemptThread(s, t);
        continue;
      }
      const budget = Math.min(maxSteps - n, QUANTUM - s.stepsSinceLastContextSwitch);
      n += this.runThread(t, budget);
    }
    return n;
  }

  /**
   * Runs up to `budget` instructions of the active thread `t` (no scheduling happens in between:
   * the caller has bounded the budget by the quantum). Returns after a syscall, which may switch
   * threads. The step counters are brought up to date on return and before a failure is thrown,
   * which leaves the state as it was before the failing instruction.
   */
  private runThread(t: Thread64, budget: number): number {
    const s = this.state;
    const mem: Memory64 = s.memory;
    const regs = t.regs;
    const cpu = t.cpu;
    const tlbHi = mem.tlbHi;
    const tlbLo = mem.tlbLo;
    const tlbPages = mem.tlbPages;
    const proof = this.proofMode;
    let pcHi = cpu[CPU.PC_HI]!;
    let pcLo = cpu[CPU.PC_LO]!;
    let npcHi = cpu[CPU.NEXT_HI]!;
    let npcLo = cpu[CPU.NEXT_LO]!;
    let hiHi = cpu[CPU.HI_HI]!;
    let hiLo = cpu[CPU.HI_LO]!;
    let loHi = cpu[CPU.LO_HI]!;
    let loLo = cpu[CPU.LO_LO]!;
    let ipHi = -1;
    let ipKey = -1;
    let ipage = ZERO.words;
    let n = 0;
    let insn = 0;

    while (n < budget) {
      n++;
      if ((pcLo & 3) !== 0)
        this.failAt('unaligned instruction fetch', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
      // The page being executed is cached; it changes only on a jump/branch across pages.
      if (pcLo >>> 12 !== ipKey || pcHi !== ipHi) {
        ipHi = pcHi;
        ipKey = pcLo >>> 12;
        ipage = mem.pageAt(pcHi, ipKey).words;
      }
      insn = ipage[(pcLo >>> 2) & WORD_MASK]! | 0;
      const op = insn >>> 26;
      const rs = (insn >>> 21) & 31;
      const rt = (insn >>> 16) & 31;
      // Results of the ALU cases go to register `dst` (0 = nowhere) as (vHi, vLo).
      let dst = 0;
      let vHi = 0;
      let vLo = 0;
      switch (op) {
        case Op64.SPECIAL: {
          const rsHi = regs[2 * rs]!;
          const rsLo = regs[2 * rs + 1]!;
          const rtHi = regs[2 * rt]!;
          const rtLo = regs[2 * rt + 1]!;
          dst = (insn >>> 11) & 31;
          const sa = (insn >>> 6) & 31;
          switch (insn & 63) {
            case Fn64.SLL:
              vLo = rtLo << sa;
              vHi = vLo >> 31;
              break;
            case Fn64.SRL:
              vLo = rtLo >>> sa;
              vHi = vLo >> 31;
              break;
            case Fn64.SRA:
              vLo = rtLo >> sa;
              vHi = vLo >> 31;
              break;
            case Fn64.SLLV:
              vLo = rtLo << (rsLo & 31);
              vHi = vLo >> 31;
              break;
            case Fn64.SRLV:
              vLo = rtLo >>> (rsLo & 31);
              vHi = vLo >> 31;
              break;
            case Fn64.SRAV:
              vLo = rtLo >> (rsLo & 31);
              vHi = vLo >> 31;
              break;
            case Fn64.JR:
            case Fn64.JALR: {
              if (npcLo !== ((pcLo + 4) | 0) || npcHi !== (pcLo >>> 0 > 0xfffffffb ? (pcHi + 1) | 0 : pcHi))
                this.failAt('jump in delay slot', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
              const linkLo = (pcLo + 8) | 0;
              const linkHi = linkLo >>> 0 < 8 ? (pcHi + 1) | 0 : pcHi;
              pcHi = npcHi;
              pcLo = npcLo;
              npcHi = rsHi;
              npcLo = rsLo;
              if ((insn & 63) === Fn64.JALR && dst !== 0) {
                regs[2 * dst] = linkHi;
                regs[2 * dst + 1] = linkLo;
              }
              continue;
            }
            case Fn64.MOVZ:
              if (rtHi !== 0 || rtLo !== 0) dst = 0;
              vHi = rsHi;
              vLo = rsLo;
              break;
            case Fn64.MOVN:
              if (rtHi === 0 && rtLo === 0) dst = 0;
              vHi = rsHi;
              vLo = rsLo;
              break;
            case Fn64.SYSCALL: {
              this.commit(t, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
              this.inSyscall = true;
              try {
                handleSyscall(this, t);
              } catch (e) {
                // A refused syscall leaves the state as it was before the step.
                s.step--;
                s.stepsSinceLastContextSwitch--;
                throw e;
              } finally {
                this.inSyscall = false;
              }
              this.loadReservation();
              return n;
            }
            case Fn64.SYNC:
              // The reference's ALU returns rs for sync, and nothing else writes rd.
              vHi = rsHi;
              vLo = rsLo;
              break;
            case Fn64.MFHI:
              vHi = hiHi;
              vLo = hiLo;
              break;
            case Fn64.MFLO:
              vHi = loHi;
              vLo = loLo;
              break;
            case Fn64.MTHI:
              hiHi = rsHi;
              hiLo = rsLo;
              break;
            case Fn64.MTLO:
              loHi = rsHi;
              loLo = rsLo;
              break;
            case Fn64.DSLLV:
            case Fn64.DSRLV:
            case Fn64.DSRAV:
            case Fn64.DSLL:
            case Fn64.DSRL:
            case Fn64.DSRA:
            case Fn64.DSLL32:
            case Fn64.DSRL32:
            case Fn64.DSRA32: {
              const fn = insn & 63;
              // Shift amount 0..63 and kind: left, logical right, arithmetic right.
              const amt = fn <= Fn64.DSRAV ? rsLo & 63 : fn >= Fn64.DSLL32 ? sa + 32 : sa;
              const kind =
                fn === Fn64.DSLLV || fn === Fn64.DSLL || fn === Fn64.DSLL32
                  ? 0
                  : fn === Fn64.DSRAV || fn === Fn64.DSRA || fn === Fn64.DSRA32
                    ? 2
                    : 1;
              if (amt === 0) {
                vHi = rtHi;
                vLo = rtLo;
              } else if (kind === 0) {
                if (amt < 32) {
                  vHi = (rtHi << amt) | (rtLo >>> (32 - amt));
                  vLo = rtLo << amt;
                } else {
                  vHi = rtLo << (amt - 32);
                  vLo = 0;
                }
              } else if (amt < 32) {
                vLo = (rtLo >>> amt) | (rtHi << (32 - amt));
                vHi = kind === 2 ? rtHi >> amt : rtHi >>> amt;
              } else {
                vLo = kind === 2 ? rtHi >> (amt - 32) : rtHi >>> (amt - 32);
                vHi = kind === 2 ? rtHi >> 31 : 0;
              }
              vHi |= 0;
              vLo |= 0;
              break;
            }
            case Fn64.MULT:
            case Fn64.MULTU: {
              const lo = Math.imul(rsLo, rtLo);
              let h = mulhu32(rsLo >>> 0, rtLo >>> 0);
              if ((insn & 63) === Fn64.MULT) {
                if (rsLo < 0) h = (h - rtLo) | 0;
                if (rtLo < 0) h = (h - rsLo) | 0;
              }
              hiLo = h;
              hiHi = h >> 31;
              loLo = lo;
              loHi = lo >> 31;
              break;
            }
            case Fn64.DIV:
              if (rtLo === 0)
                this.failAt('division by zero', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
              hiLo = (rsLo % rtLo) | 0;
              hiHi = hiLo >> 31;
              loLo = (rsLo / rtLo) | 0;
              loHi = loLo >> 31;
              break;
            case Fn64.DIVU:
              if (rtLo === 0)
                this.failAt('division by zero', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
              hiLo = ((rsLo >>> 0) % (rtLo >>> 0)) | 0;
              hiHi = hiLo >> 31;
              loLo = Math.floor((rsLo >>> 0) / (rtLo >>> 0)) | 0;
              loHi = loLo >> 31;
              break;
            case Fn64.DMULT:
            case Fn64.DMULTU:
            case Fn64.DDIV:
            case Fn64.DDIVU: {
              const fn = insn & 63;
              if (fn >= Fn64.DDIV) {
                if (rtHi === 0 && rtLo === 0)
                  this.failAt('division by zero', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
                doubleDiv(rsHi, rsLo, rtHi, rtLo, fn === Fn64.DDIV);
              } else doubleMul(rsHi, rsLo, rtHi, rtLo, fn === Fn64.DMULT);
              hiHi = wide[0]!;
              hiLo = wide[1]!;
              loHi = wide[2]!;
              loLo = wide[3]!;
              break;
            }
            case Fn64.ADD:
            case Fn64.ADDU:
              vLo = (rsLo + rtLo) | 0;
              vHi = vLo >> 31;
              break;
            case Fn64.SUB:
            case Fn64.SUBU:
              vLo = (rsLo - rtLo) | 0;
              vHi = vLo >> 31;
              break;
            case Fn64.AND:
              vHi = rsHi & rtHi;
              vLo = rsLo & rtLo;
              break;
            case Fn64.OR:
              vHi = rsHi | rtHi;
              vLo = rsLo | rtLo;
              break;
            case Fn64.XOR:
              vHi = rsHi ^ rtHi;
              vLo = rsLo ^ rtLo;
              break;
            case Fn64.NOR:
              vHi = ~(rsHi | rtHi);
              vLo = ~(rsLo | rtLo);
              break;
            case Fn64.SLT:
              vLo = rsHi < rtHi || (rsHi === rtHi && rsLo >>> 0 < rtLo >>> 0) ? 1 : 0;
              break;
            case Fn64.SLTU:
              vLo = rsHi >>> 0 < rtHi >>> 0 || (rsHi === rtHi && rsLo >>> 0 < rtLo >>> 0) ? 1 : 0;
              break;
            case Fn64.DADD:
            case Fn64.DADDU:
              vLo = (rsLo + rtLo) | 0;
              vHi = (rsHi + rtHi + (vLo >>> 0 < rsLo >>> 0 ? 1 : 0)) | 0;
              break;
            case Fn64.DSUB:
            case Fn64.DSUBU:
              vLo = (rsLo - rtLo) | 0;
              vHi = (rsHi - rtHi - (rsLo >>> 0 < rtLo >>> 0 ? 1 : 0)) | 0;
              break;
            default:
              this.failAt('invalid instruction', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
          }
          // mthi/mtlo, the multiplies and divides write 0 into rd (the reference's hi/lo handler).
          break;
        }
        case Op64.J:
        case Op64.JAL: {
          if (npcLo !== ((pcLo + 4) | 0) || npcHi !== (pcLo >>> 0 > 0xfffffffb ? (pcHi + 1) | 0 : pcHi))
            this.failAt('jump in delay slot', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
          if (op === Op64.JAL) {
            const linkLo = (pcLo + 8) | 0;
            regs[63] = linkLo;
            regs[62] = linkLo >>> 0 < 8 ? (pcHi + 1) | 0 : pcHi;
          }
          pcHi = npcHi;
          pcLo = npcLo;
          npcLo = (npcLo & 0xf0000000) | ((insn & 0x03ffffff) << 2);
          continue;
        }
        case Op64.BEQ:
        case Op64.BNE:
        case Op64.BLEZ:
        case Op64.BGTZ:
        case Op64.REGIMM: {
          const p4Lo = (pcLo + 4) | 0;
          const p4Hi = p4Lo >>> 0 < 4 ? (pcHi + 1) | 0 : pcHi;
          if (npcLo !== p4Lo || npcHi !== p4Hi)
            this.failAt('branch in delay slot', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
          const rsHi = regs[2 * rs]!;
          const rsLo = regs[2 * rs + 1]!;
          let taken: boolean;
          if (op === Op64.BEQ) taken = rsHi === regs[2 * rt] && rsLo === regs[2 * rt + 1];
          else if (op === Op64.BNE) taken = rsHi !== regs[2 * rt] || rsLo !== regs[2 * rt + 1];
          else if (op === Op64.BLEZ) taken = rsHi < 0 || (rsHi === 0 && rsLo === 0);
          else if (op === Op64.BGTZ) taken = rsHi > 0 || (rsHi === 0 && rsLo !== 0);
          else {
            taken =
              rt === RegImm64.BLTZ || rt === RegImm64.BLTZAL
                ? rsHi < 0
                : rt === RegImm64.BGEZ || rt === RegImm64.BGEZAL
                  ? rsHi >= 0
                  : false;
            if (rt === RegImm64.BLTZAL || rt === RegImm64.BGEZAL) {
              // The link register is set whether or not the branch is taken.
              const linkLo = (pcLo + 8) | 0;
              regs[63] = linkLo;
              regs[62] = linkLo >>> 0 < 8 ? (pcHi + 1) | 0 : pcHi;
            }
          }
          pcHi = npcHi;
          pcLo = npcLo;
          if (taken) {
            const off = ((insn << 16) >> 16) << 2;
            npcLo = (p4Lo + off) | 0;
            npcHi = (p4Hi + (off >> 31) + (npcLo >>> 0 < p4Lo >>> 0 ? 1 : 0)) | 0;
          } else {
            npcLo = (npcLo + 4) | 0;
            if (npcLo >>> 0 < 4) npcHi = (npcHi + 1) | 0;
          }
          continue;
        }
        case Op64.ADDI:
        case Op64.ADDIU:
          dst = rt;
          vLo = (regs[2 * rs + 1]! + ((insn << 16) >> 16)) | 0;
          vHi = vLo >> 31;
          break;
        case Op64.DADDI:
        case Op64.DADDIU: {
          dst = rt;
          const imm = (insn << 16) >> 16;
          const rsLo = regs[2 * rs + 1]!;
          vLo = (rsLo + imm) | 0;
          vHi = (regs[2 * rs]! + (imm >> 31) + (vLo >>> 0 < rsLo >>> 0 ? 1 : 0)) | 0;
          break;
        }
        case Op64.SLTI:
        case Op64.SLTIU: {
          dst = rt;
          const imm = (insn << 16) >> 16;
          const bHi = imm >> 31;
          const rsHi = regs[2 * rs]!;
          const lower = regs[2 * rs + 1]! >>> 0 < imm >>> 0;
          vLo = (op === Op64.SLTI ? rsHi < bHi : rsHi >>> 0 < bHi >>> 0) || (rsHi === bHi && lower) ? 1 : 0;
          break;
        }
        case Op64.ANDI:
          dst = rt;
          vLo = regs[2 * rs + 1]! & (insn & 0xffff);
          break;
        case Op64.ORI:
          dst = rt;
          vHi = regs[2 * rs]!;
          vLo = regs[2 * rs + 1]! | (insn & 0xffff);
          break;
        case Op64.XORI:
          dst = rt;
          vHi = regs[2 * rs]!;
          vLo = regs[2 * rs + 1]! ^ (insn & 0xffff);
          break;
        case Op64.LUI:
          dst = rt;
          vLo = insn << 16;
          vHi = vLo >> 31;
          break;
        case Op64.SPECIAL2: {
          dst = (insn >>> 11) & 31;
          const rsHi = regs[2 * rs]!;
          const rsLo = regs[2 * rs + 1]!;
          switch (insn & 63) {
            case Fn2_64.MUL:
              vLo = Math.imul(rsLo, regs[2 * rt + 1]!);
              vHi = vLo >> 31;
              break;
            case Fn2_64.CLZ:
              vLo = Math.clz32(rsLo);
              break;
            case Fn2_64.CLO:
              vLo = Math.clz32(~rsLo);
              break;
            case Fn2_64.DCLZ:
              vLo = rsHi !== 0 ? Math.clz32(rsHi) : 32 + Math.clz32(rsLo);
              break;
            case Fn2_64.DCLO:
              vLo = ~rsHi !== 0 ? Math.clz32(~rsHi) : 32 + Math.clz32(~rsLo);
              break;
            default:
              this.failAt('invalid instruction', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
          }
          break;
        }
        case Op64.LB:
        case Op64.LH:
        case Op64.LWL:
        case Op64.LW:
        case Op64.LBU:
        case Op64.LHU:
        case Op64.LWR:
        case Op64.LWU:
        case Op64.LD:
        case Op64.LDL:
        case Op64.LDR:
        case Op64.LL:
        case Op64.LLD: {
          const imm = (insn << 16) >> 16;
          const bLo = regs[2 * rs + 1]!;
          const aLo = (bLo + imm) | 0;
          const aHi = (regs[2 * rs]! + (imm >> 31) + (aLo >>> 0 < bLo >>> 0 ? 1 : 0)) | 0;
          const pl = aLo >>> 12;
          const slot = pl & TLB_M;
          const page = (tlbLo[slot] === pl && tlbHi[slot] === aHi ? tlbPages[slot]! : mem.pageAt(aHi, pl)).words;
          if (proof) this.track(pair(aHi, aLo & ~7));
          const w = page[(aLo >>> 2) & WORD_MASK]! | 0;
          const sh = 24 - (aLo & 3) * 8;
          dst = rt;
          switch (op) {
            case Op64.LB:
              vLo = ((w >>> sh) << 24) >> 24;
              vHi = vLo >> 31;
              break;
            case Op64.LBU:
              vLo = (w >>> sh) & 0xff;
              break;
            case Op64.LH:
              vLo = ((w >>> (16 - (aLo & 2) * 8)) << 16) >> 16;
              vHi = vLo >> 31;
              break;
            case Op64.LHU:
              vLo = (w >>> (16 - (aLo & 2) * 8)) & 0xffff;
              break;
            case Op64.LW:
              vLo = w;
              vHi = w >> 31;
              break;
            case Op64.LWU:
              vLo = w;
              break;
            case Op64.LWL: {
              const s8 = (aLo & 3) * 8;
              vLo = (regs[2 * rt + 1]! & ~(-1 << s8)) | (w << s8);
              vHi = vLo >> 31;
              break;
            }
            case Op64.LWR: {
              vLo = (regs[2 * rt + 1]! & ~(-1 >>> sh)) | (w >>> sh);
              // cannon64: the upper word is left alone unless the load reaches bit 31.
              vHi = (aLo & 3) === 3 ? vLo >> 31 : regs[2 * rt]!;
              break;
            }
            case Op64.LD:
            case Op64.LLD: {
              const di = (aLo >>> 2) & DWORD_MASK;
              vHi = page[di]! | 0;
              vLo = page[di + 1]! | 0;
              if (op === Op64.LLD) this.reserve(LL_64, aHi, aLo, t);
              break;
            }
            case Op64.LL:
              vLo = w;
              vHi = w >> 31;
              this.reserve(LL_32, aHi, aLo, t);
              break;
            default: {
              const di = (aLo >>> 2) & DWORD_MASK;
              unaligned(
                op === Op64.LDL ? 'ldl' : 'ldr',
                aLo & 7,
                pair(page[di]!, page[di + 1]!),
                pair(regs[2 * rt]!, regs[2 * rt + 1]!),
              );
              vHi = wide[0]!;
              vLo = wide[1]!;
            }
          }
          break;
        }
        case Op64.SB:
        case Op64.SH:
        case Op64.SWL:
        case Op64.SW:
        case Op64.SDL:
        case Op64.SDR:
        case Op64.SWR:
        case Op64.SD:
        case Op64.SC:
        case Op64.SCD: {
          const imm = (insn << 16) >> 16;
          const bLo = regs[2 * rs + 1]!;
          const aLo = (bLo + imm) | 0;
          const aHi = (regs[2 * rs]! + (imm >> 31) + (aLo >>> 0 < bLo >>> 0 ? 1 : 0)) | 0;
          if (op === Op64.SC || op === Op64.SCD) {
            // Succeeds only on the owner's reservation of this exact address and width.
            const ok =
              s.llStatus === (op === Op64.SC ? LL_32 : LL_64) &&
              s.llOwnerThread === t.id &&
              s.llAddress === pair(aHi, aLo);
            dst = rt;
            vLo = ok ? 1 : 0;
            if (!ok) break;
            this.clearReservation();
          }
          const pl = aLo >>> 12;
          const slot = pl & TLB_M;
          let pg: Page64 = tlbLo[slot] === pl && tlbHi[slot] === aHi ? tlbPages[slot]! : mem.pageAt(aHi, pl);
          if (proof) this.track(pair(aHi, aLo & ~7));
          if (pg === ZERO) {
            pg = mem.alloc((aHi >>> 0) * HI_FACTOR + pl);
            ipKey = -1; // the cached instruction page may be the zero page just replaced
          } else if (!pg.dirty) mem.markDirty(pg);
          const page = pg.words;
          const wi = (aLo >>> 2) & WORD_MASK;
          const rtLo = regs[2 * rt + 1]!;
          switch (op) {
            case Op64.SB: {
              const sh = 24 - (aLo & 3) * 8;
              page[wi] = (page[wi]! & ~(0xff << sh)) | ((rtLo & 0xff) << sh);
              break;
            }
            case Op64.SH: {
              const sh = 16 - (aLo & 2) * 8;
              page[wi] = (page[wi]! & ~(0xffff << sh)) | ((rtLo & 0xffff) << sh);
              break;
            }
            case Op64.SW:
            case Op64.SC:
              page[wi] = rtLo;
              break;
            case Op64.SWL: {
              const s8 = (aLo & 3) * 8;
              page[wi] = (page[wi]! & ~(-1 >>> s8)) | (rtLo >>> s8);
              break;
            }
            case Op64.SWR: {
              const sh = 24 - (aLo & 3) * 8;
              page[wi] = (page[wi]! & ~(-1 << sh)) | (rtLo << sh);
              break;
            }
            case Op64.SD:
            case Op64.SCD: {
              const di = wi & DWORD_MASK;
              page[di] = regs[2 * rt]!;
              page[di + 1] = rtLo;
              break;
            }
            default: {
              const di = wi & DWORD_MASK;
              unaligned(
                op === Op64.SDL ? 'sdl' : 'sdr',
                aLo & 7,
                pair(page[di]!, page[di + 1]!),
                pair(regs[2 * rt]!, rtLo),
              );
              page[di] = wide[0]!;
              page[di + 1] = wide[1]!;
            }
          }
          if (aHi === this.llHi && (aLo & ~7) === this.llLo && op !== Op64.SC && op !== Op64.SCD)
            this.clearReservation();
          break;
        }
        default:
          this.failAt('invalid instruction', t, insn, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
      }
      if (dst !== 0) {
        regs[2 * dst] = vHi;
        regs[2 * dst + 1] = vLo;
      }
      pcHi = npcHi;
      pcLo = npcLo;
      npcLo = (npcLo + 4) | 0;
      if (npcLo >>> 0 < 4) npcHi = (npcHi + 1) | 0;
    }
    this.commit(t, n, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
    return n;
  }

  /** Stores the loop's locals back into the thread and counts `n` steps. */
  private commit(
    t: Thread64,
    n: number,
    pcHi: number,
    pcLo: number,
    npcHi: number,
    npcLo: number,
    hiHi: number,
    hiLo: number,
    loHi: number,
    loLo: number,
  ): void {
    const cpu = t.cpu;
    cpu[CPU.PC_HI] = pcHi;
    cpu[CPU.PC_LO] = pcLo;
    cpu[CPU.NEXT_HI] = npcHi;
    cpu[CPU.NEXT_LO] = npcLo;
    cpu[CPU.HI_HI] = hiHi;
    cpu[CPU.HI_LO] = hiLo;
    cpu[CPU.LO_HI] = loHi;
    cpu[CPU.LO_LO] = loLo;
    this.state.step += n;
    this.state.stepsSinceLastContextSwitch += n;
  }

  /** Commits the state as it was before the failing instruction (the n-th of this run) and throws. */
  private failAt(
    reason: string,
    t: Thread64,
    insn: number,
    n: number,
    pcHi: number,
    pcLo: number,
    npcHi: number,
    npcLo: number,
    hiHi: number,
    hiLo: number,
    loHi: number,
    loLo: number,
  ): never {
    this.commit(t, n - 1, pcHi, pcLo, npcHi, npcLo, hiHi, hiLo, loHi, loLo);
    return this.fail(reason, t, insn);
  }

  /** ll/lld: a reservation of `addr` (unaligned, as given) for thread `t`. */
  private reserve(status: number, aHi: number, aLo: number, t: Thread64): void {
    const s = this.state;
    s.llStatus = status;
    s.llAddress = toBig(aHi, aLo);
    s.llOwnerThread = t.id;
    this.llHi = aHi;
    this.llLo = aLo & ~7;
  }

  /** The memory a syscall works on (proof tracking goes through `track`/`track2`). */
  get memory(): Memory64 {
    return this.state.memory;
  }
}
