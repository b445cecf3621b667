/**
 * MIPS32 blocks → WebAssembly, for the WebAssembly translator (`jit-wasm.ts`). A block is a
 * straight run of instructions ending after a branch or jump and its delay slot (or before an
 * instruction left to the interpreter). Blocks are emitted a few at a time into one region
 * function (`emitRegion`) that takes the remaining step budget and the index of the block to
 * start at. A block whose budget does not cover all of it returns the budget with pc/nextPC at
 * its start; otherwise it runs and continues with the budget less its length: at a block of the
 * same region by a branch to the region's dispatch loop, at a block of another region of the
 * same module by a direct tail call, anywhere else by a tail call (`return_call_indirect`)
 * through the table slot of its target (a constant) or, for a register jump, through the pc →
 * slot hash table in linear memory. A slot whose block is not translated holds a stub that
 * returns, and every transfer out of a function stores pc/nextPC first, so the run loop in
 * JavaScript continues exactly where the chain stopped.
 *
 * Why regions: on client.elf's demo claim ~155 M of ~190 M transfers per 1.6 G steps go to a
 * static target, and a tail call through the table cost ~8 ns here (a direct tail call ~3 ns, a
 * branch < 1 ns). Regions stay small because TurboFan's time grows faster than a function's
 * size (a region of a whole 512-block batch took 0.3–3.6 s to optimise).
 *
 * Semantics are those of the interpreter (`vm.ts`) instruction by instruction. Guest registers
 * live in linear memory between blocks and in locals inside one. A load or store whose page
 * is not mapped (or, for a store, not writable: clean, or holding translated code) leaves the
 * block before the instruction, with the steps so far, so the interpreter performs it and the
 * page gets mapped (`jit-wasm.ts`); a division by zero leaves the same way (the interpreter
 * raises the error).
 */
import { staticTarget } from './jit.js';
import { isMemoryOp } from './jit-bases.js';
import { Fn, Fn2, Op, RegImm } from './vm.js';

/** Linear-memory layout shared with `jit-wasm.ts` (byte offsets). */
export const LAYOUT = {
  /** r0..r31, then hi, lo, pc, nextPC and the fault record of a memory exit. */
  REGS: 0,
  HI: 128,
  LO: 132,
  PC: 136,
  NPC: 140,
  /** 1 when the chain stopped before a load/store whose page must be mapped; its address. */
  FAULT: 144,
  FAULT_ADDR: 148,
  /**
   * Register-jump targets: 2^HT_BITS entries of (pc ^ 1, table slot, region, index in the region)
   * indexed by word address, so a program text up to 1 MiB maps without collisions. The key is
   * stored xor 1 so that fresh (zero) memory is an empty table: a 4 MiB fill at every VM's start
   * cost ~20 ms of page faults. An empty key matches only pc 1, as the plain key 1 did before.
   */
  HT: 1 << 16,
  HT_BITS: 18,
  /** Page table: 2^20 entries, frame byte offset | WRITABLE, 0 = not mapped. */
  PT: 8 << 20,
  WRITABLE: 1,
  /** First page frame (after the page table); frame 0 is the shared read-only zero page. */
  FRAMES: 12 << 20,
} as const;

const HT_MASK = (1 << LAYOUT.HT_BITS) - 1;

/** WebAssembly opcodes used (core spec §5.4). */
const W = {
  unreachable: 0x00,
  block: 0x02,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  loop: 0x03,
  brTable: 0x0e,
  return: 0x0f,
  returnCall: 0x12,
  returnCallIndirect: 0x13,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Clz: 0x67,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivS: 0x6d,
  i32DivU: 0x6e,
  i32RemS: 0x6f,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i64Const: 0x42,
  i64Mul: 0x7e,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32S: 0xac,
  i64ExtendI32U: 0xad,
  void: 0x40,
  i32: 0x7f,
  i64: 0x7e,
} as const;

/** Longest block translated (instructions). */
const MAX_BLOCK = 256;

/** Instruction classes that `emitInstruction` handles (a pure function of the word). */
export function wasmTranslatable(insn: number): boolean {
  const op = insn >>> 26;
  switch (op) {
    case Op.SPECIAL: {
      return isAlu(insn & 63);
    }
    case Op.SPECIAL2: {
      const fn = insn & 63;
      return fn === Fn2.MUL || fn === Fn2.CLZ || fn === Fn2.CLO;
    }
    case Op.ADDI:
    case Op.ADDIU:
    case Op.SLTI:
    case Op.SLTIU:
    case Op.ANDI:
    case Op.ORI:
    case Op.XORI:
    case Op.LUI:
      return true;
    default:
      return isMemoryOp(op);
  }
}

/** SPECIAL functs with an ALU meaning in the interpreter (the rest are invalid instructions). */
function isAlu(fn: number): boolean {
  switch (fn) {
    case Fn.SLL:
    case Fn.SRL:
    case Fn.SRA:
    case Fn.SLLV:
    case Fn.SRLV:
    case Fn.SRAV:
    case Fn.MOVZ:
    case Fn.MOVN:
    case Fn.BREAK:
    case 0x0e:
    case Fn.SYNC:
    case Fn.MFHI:
    case Fn.MTHI:
    case Fn.MFLO:
    case Fn.MTLO:
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x17:
    case Fn.MULT:
    case Fn.MULTU:
    case Fn.DIV:
    case Fn.DIVU:
    case 0x1c:
    case 0x1d:
    case 0x1e:
    case 0x1f:
    case Fn.ADD:
    case Fn.ADDU:
    case Fn.SUB:
    case Fn.SUBU:
    case Fn.AND:
    case Fn.OR:
    case Fn.XOR:
    case Fn.NOR:
    case Fn.SLT:
    case Fn.SLTU:
      return true;
    default:
      return false;
  }
}

/** A jump or branch with a delay slot (the block ends after it). */
export function isWasmControl(insn: number): boolean {
  const op = insn >>> 26;
  if (op === Op.J || op === Op.JAL || op === Op.REGIMM || (op >= Op.BEQ && op <= Op.BGTZ)) return true;
  return op === Op.SPECIAL && ((insn & 63) === Fn.JR || (insn & 63) === Fn.JALR);
}

/** The instructions of the block at `pc`: words and whether it ends with a jump/branch + slot. */
export interface BlockShape {
  pc: number;
  words: number[];
  ended: boolean;
}

export function scanBlock(getWord: (a: number) => number, pc: number): BlockShape {
  const words: number[] = [];
  let a = pc >>> 0;
  while (words.length < MAX_BLOCK) {
    const insn = getWord(a);
    if (isWasmControl(insn)) {
      const slot = getWord((a + 4) >>> 0);
      if (isWasmControl(slot) || !wasmTranslatable(slot)) break;
      words.push(insn, slot);
      return { pc: pc >>> 0, words, ended: true };
    }
    if (!wasmTranslatable(insn)) break;
    words.push(insn);
    a = (a + 4) >>> 0;
  }
  return { pc: pc >>> 0, words, ended: false };
}

/**
 * Where control may go after `block`: its static targets and fall-through, the return site of a
 * call (pc + 8 of jal/jalr), or the next instruction of a block cut short. Register jumps have
 * no static target.
 */
export function successors(block: BlockShape): number[] {
  const { pc, words, ended } = block;
  const end = (pc + 4 * words.length) >>> 0;
  if (!ended) return [end];
  const a = (end - 8) >>> 0;
  const insn = words[words.length - 2]!;
  const op = insn >>> 26;
  if (op === Op.SPECIAL) return (insn & 63) === Fn.JALR ? [end] : [];
  const t = staticTarget(insn, a)!;
  if (op === Op.J) return [t];
  return t === end ? [t] : [t, end];
}

/**
 * Adds to `regs` the guest registers an instruction reads or writes (over-approximated: the set
 * only numbers the block's locals; which are loaded and stored is found while emitting).
 */
function regsOf(insn: number, regs: Set<number>): void {
  const op = insn >>> 26;
  if (op === Op.J) return;
  if (op === Op.JAL) {
    regs.add(31);
    return;
  }
  regs.add((insn >>> 21) & 31).add((insn >>> 16) & 31);
  if (op === Op.SPECIAL || op === Op.SPECIAL2) regs.add((insn >>> 11) & 31);
}

/** Unsigned and signed LEB128. */
function uleb(out: number[], n: number): void {
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}
function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Registers a block reads or writes (each gets a local), and whether it uses hi/lo. */
function blockRegs(words: readonly number[]): { regs: number[]; hiLo: boolean } {
  const regs = new Set<number>();
  let hiLo = false;
  for (const insn of words) {
    regsOf(insn, regs);
    const op = insn >>> 26;
    const fn = insn & 63;
    if (op === Op.SPECIAL && fn >= Fn.MFHI && fn <= Fn.DIVU && !(fn >= 0x14 && fn <= 0x17)) hiLo = true;
  }
  regs.delete(0);
  return { regs: [...regs].sort((x, y) => x - y), hiLo };
}

/** Where a block is in a module: the region function's index and the block's index in it. */
export interface Place {
  fn: number;
  index: number;
}

/** Types of a region module (see `emitRegion`). */
export const BLOCK_TYPE = 0;
export const REGION_TYPE = 1;

/**
 * The body (locals + code, without its size prefix) of the region function for `blocks`, with
 * type `(budget i32, index i32) -> i32`: it runs block `index` and every block it continues into
 * that is one of `blocks` without leaving the function — a `loop` around a `br_table` over the
 * blocks, so control passes between them by a branch instead of a tail call through the table
 * (return_call_indirect costs several times a branch). Control leaving the region tail-calls
 * the target's table slot (`slotOf`); a register jump finds its target through the pc → slot
 * hash table, whose entries also name the region (`region`) and index of the block, so a jump
 * to a block of this region stays inside too. pc/nextPC are stored only when control leaves
 * the function. Guest registers live in linear memory between blocks and in locals inside one.
 */
export function emitRegion(
  blocks: readonly BlockShape[],
  slotOf: (pc: number) => number,
  region: number,
  self: number,
  placeOf: (pc: number) => Place | undefined,
): number[] {
  const N = blocks.length;
  // Locals: 0 = budget, 1 = block index (params); hi, lo, next, xpc, xnpc, xk, a, p, t, cond (i32);
  // t64 (i64); then the guest registers of the block being emitted (i32), numbered afresh in
  // each block: fewer locals live across the loop make TurboFan's work on the function smaller.
  const IDX = 1;
  let nl = 2;
  const HI = nl++;
  const LO = nl++;
  const NEXT = nl++;
  const XPC = nl++;
  const XNPC = nl++;
  const XK = nl++;
  const A = nl++;
  const P = nl++;
  const T = nl++;
  const COND = nl++;
  const T64 = nl++;
  const REG0 = nl;
  /** The local of each guest register in the block being emitted. */
  const local = new Int32Array(32);
  let maxRegs = 0;
  const shapes = blocks.map((b) => blockRegs(b.words));
  for (const sh of shapes) maxRegs = Math.max(maxRegs, sh.regs.length);
  const out: number[] = [];
  // local declarations: i32s after the two params, one i64, then the register locals
  out.push(3);
  uleb(out, T64 - 2);
  out.push(W.i32, 1, W.i64);
  uleb(out, Math.max(maxRegs, 1));
  out.push(W.i32);
  // The block being emitted.
  let block = blocks[0]!;
  let len = 0;
  let hiLo = false;
  /**
   * The targets of the block's conditional branch, whose condition is kept in local COND: the
   * block's end branches on it directly, and only an exit in the delay slot computes NEXT.
   */
  let branchTo: { taken: number; fall: number } | undefined;
  // Guest registers the block has assigned so far (in emission order, which is execution order:
  // every assignment is unconditional), and those it reads before assigning them: only these
  // are loaded on entry, and an exit writes back only what was assigned before it.
  // Bit r of each mask stands for guest register r.
  let assigned = 0;
  let loads = 0;

  const c32 = (v: number) => {
    out.push(W.i32Const);
    sleb(out, v);
  };
  const lget = (l: number) => {
    out.push(W.localGet);
    uleb(out, l);
  };
  const lset = (l: number) => {
    out.push(W.localSet);
    uleb(out, l);
  };
  const ltee = (l: number) => {
    out.push(W.localTee);
    uleb(out, l);
  };
  const get = (r: number) => {
    if (r === 0) return c32(0);
    if ((assigned & (1 << r)) === 0) loads |= 1 << r;
    lget(local[r]!);
  };
  /** Pops the value on the stack into guest register r (not r0). */
  const assign = (r: number) => {
    lset(local[r]!);
    assigned |= 1 << r;
  };
  const memOp = (opc: number, offset: number) => {
    out.push(opc, 2);
    uleb(out, offset);
  };
  /** Stores the value `value()` pushes into guest register r (nothing for r0). */
  const set = (r: number, value: () => void) => {
    if (r === 0) return;
    value();
    assign(r);
  };

  let depth = 0; // blocks/ifs open inside the block's exit label
  /** Leave before instruction k at `pc` (xnpc: a constant, or the local holding next). */
  const exitHere = (k: number, pc: number, inSlot: boolean, faultAddr: boolean) => {
    if (faultAddr) {
      c32(0);
      c32(1);
      memOp(W.i32Store, LAYOUT.FAULT);
      c32(0);
      lget(A);
      memOp(W.i32Store, LAYOUT.FAULT_ADDR);
    }
    c32(pc);
    lset(XPC);
    if (inSlot && branchTo !== undefined) {
      c32(branchTo.taken);
      c32(branchTo.fall);
      lget(COND);
      out.push(W.select);
    } else if (inSlot) lget(NEXT);
    else c32((pc + 4) | 0);
    lset(XNPC);
    c32(k);
    lset(XK);
    writeBack();
    out.push(W.br);
    uleb(out, depth);
  };

  /** Pushes the word at a = rs + simm (aligned down) or leaves the block if its page is unmapped. */
  const loadWord = (k: number, pc: number, inSlot: boolean, rs: number, simm: number) => {
    get(rs);
    c32(simm);
    out.push(W.i32Add);
    ltee(A);
    c32(12);
    out.push(W.i32ShrU);
    c32(2);
    out.push(W.i32Shl);
    memOp(W.i32Load, LAYOUT.PT);
    c32(-4096);
    out.push(W.i32And);
    ltee(P);
    out.push(W.i32Eqz, W.if, W.void);
    depth++;
    exitHere(k, pc, inSlot, true);
    depth--;
    out.push(W.end);
    lget(P);
    lget(A);
    c32(0xffc);
    out.push(W.i32And, W.i32Add);
    memOp(W.i32Load, 0);
  };
  /** Sets T to the byte address of the word at a = rs + simm, or leaves if its page is not writable. */
  const storeAddr = (k: number, pc: number, inSlot: boolean, rs: number, simm: number) => {
    get(rs);
    c32(simm);
    out.push(W.i32Add);
    ltee(A);
    c32(12);
    out.push(W.i32ShrU);
    c32(2);
    out.push(W.i32Shl);
    memOp(W.i32Load, LAYOUT.PT);
    ltee(P);
    c32(LAYOUT.WRITABLE);
    out.push(W.i32And, W.i32Eqz, W.if, W.void);
    depth++;
    exitHere(k, pc, inSlot, true);
    depth--;
    out.push(W.end);
    lget(P);
    c32(-4096);
    out.push(W.i32And);
    lget(A);
    c32(0xffc);
    out.push(W.i32And, W.i32Add);
    lset(T);
  };
  /** Pushes (a & 3) * 8. */
  const byteShift = () => {
    lget(A);
    c32(3);
    out.push(W.i32And);
    c32(3);
    out.push(W.i32Shl);
  };

  const emit = (insn: number, k: number, pc: number, inSlot: boolean) => {
    const op = insn >>> 26;
    const rs = (insn >>> 21) & 31;
    const rt = (insn >>> 16) & 31;
    const rd = (insn >>> 11) & 31;
    const sh = (insn >>> 6) & 31;
    const simm = (insn << 16) >> 16;
    const imm = insn & 0xffff;
    const bin = (d: number, x: () => void, y: () => void, opc: number) =>
      set(d, () => {
        x();
        y();
        out.push(opc);
      });
    switch (op) {
      case Op.SPECIAL:
        switch (insn & 63) {
          case Fn.SLL:
            return bin(
              rd,
              () => get(rt),
              () => c32(sh),
              W.i32Shl,
            );
          case Fn.SRL:
            return bin(
              rd,
              () => get(rt),
              () => c32(sh),
              W.i32ShrU,
            );
          case Fn.SRA:
            return bin(
              rd,
              () => get(rt),
              () => c32(sh),
              W.i32ShrS,
            );
          case Fn.SLLV:
            return bin(
              rd,
              () => get(rt),
              () => get(rs),
              W.i32Shl,
            );
          case Fn.SRLV:
            return bin(
              rd,
              () => get(rt),
              () => get(rs),
              W.i32ShrU,
            );
          case Fn.SRAV:
            return bin(
              rd,
              () => get(rt),
              () => get(rs),
              W.i32ShrS,
            );
          case Fn.MOVZ:
          case Fn.MOVN:
            // rd = (rt == 0) ? rs : rd  (movn: rt != 0)
            return set(rd, () => {
              get(rs);
              get(rd);
              get(rt);
              if ((insn & 63) === Fn.MOVZ) out.push(W.i32Eqz);
              out.push(W.select);
            });
          case Fn.MFHI:
            return set(rd, () => lget(HI));
          case Fn.MFLO:
            return set(rd, () => lget(LO));
          case Fn.MTHI:
            get(rs);
            lset(HI);
            return set(rd, () => c32(0));
          case Fn.MTLO:
            get(rs);
            lset(LO);
            return set(rd, () => c32(0));
          case Fn.MULT:
          case Fn.MULTU: {
            const ext = (insn & 63) === Fn.MULT ? W.i64ExtendI32S : W.i64ExtendI32U;
            get(rs);
            out.push(ext);
            get(rt);
            out.push(ext, W.i64Mul);
            out.push(W.localTee);
            uleb(out, T64);
            out.push(W.i32WrapI64);
            lset(LO);
            lget(T64);
            out.push(W.i64Const, 32, W.i64ShrU, W.i32WrapI64);
            lset(HI);
            return set(rd, () => c32(0));
          }
          case Fn.DIV:
          case Fn.DIVU: {
            get(rt);
            out.push(W.i32Eqz, W.if, W.void);
            depth++;
            exitHere(k, pc, inSlot, false);
            depth--;
            out.push(W.end);
            if ((insn & 63) === Fn.DIVU) {
              get(rs);
              get(rt);
              out.push(W.i32RemU);
              lset(HI);
              get(rs);
              get(rt);
              out.push(W.i32DivU);
              lset(LO);
            } else {
              // i32.div_s traps on INT_MIN / -1, where the interpreter gets lo = INT_MIN, hi = 0.
              get(rs);
              get(rt);
              out.push(W.i32RemS);
              lset(HI);
              get(rt);
              c32(-1);
              out.push(W.i32Eq, W.if, W.i32);
              c32(0);
              get(rs);
              out.push(W.i32Sub, W.else);
              get(rs);
              get(rt);
              out.push(W.i32DivS, W.end);
              lset(LO);
            }
            return set(rd, () => c32(0));
          }
          case 0x14:
          case 0x15:
          case 0x16:
          case 0x17:
            return set(rd, () => c32(0));
          case Fn.BREAK:
          case 0x0e:
          case Fn.SYNC:
          case 0x1c:
          case 0x1d:
          case 0x1e:
          case 0x1f:
            return set(rd, () => get(rs));
          case Fn.ADD:
          case Fn.ADDU:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32Add,
            );
          case Fn.SUB:
          case Fn.SUBU:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32Sub,
            );
          case Fn.AND:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32And,
            );
          case Fn.OR:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32Or,
            );
          case Fn.XOR:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32Xor,
            );
          case Fn.NOR:
            return set(rd, () => {
              get(rs);
              get(rt);
              out.push(W.i32Or);
              c32(-1);
              out.push(W.i32Xor);
            });
          case Fn.SLT:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32LtS,
            );
          case Fn.SLTU:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32LtU,
            );
          default:
            throw new Error(`untranslatable SPECIAL funct ${insn & 63}`);
        }
      case Op.SPECIAL2:
        switch (insn & 63) {
          case Fn2.MUL:
            return bin(
              rd,
              () => get(rs),
              () => get(rt),
              W.i32Mul,
            );
          case Fn2.CLZ:
            return set(rd, () => {
              get(rs);
              out.push(W.i32Clz);
            });
          default:
            return set(rd, () => {
              get(rs);
              c32(-1);
              out.push(W.i32Xor, W.i32Clz);
            });
        }
      case Op.ADDI:
      case Op.ADDIU:
        return bin(
          rt,
          () => get(rs),
          () => c32(simm),
          W.i32Add,
        );
      case Op.SLTI:
        return bin(
          rt,
          () => get(rs),
          () => c32(simm),
          W.i32LtS,
        );
      case Op.SLTIU:
        return bin(
          rt,
          () => get(rs),
          () => c32(simm),
          W.i32LtU,
        );
      case Op.ANDI:
        return bin(
          rt,
          () => get(rs),
          () => c32(imm),
          W.i32And,
        );
      case Op.ORI:
        return bin(
          rt,
          () => get(rs),
          () => c32(imm),
          W.i32Or,
        );
      case Op.XORI:
        return bin(
          rt,
          () => get(rs),
          () => c32(imm),
          W.i32Xor,
        );
      case Op.LUI:
        return set(rt, () => c32(insn << 16));
      default:
        break;
    }
    // Loads into r0 still check the page (the interpreter reads the zero page: no effect), so
    // they are skipped entirely; so are lwl/lwr into r0.
    switch (op) {
      case Op.LW:
      case Op.LL:
        if (rt === 0) return;
        loadWord(k, pc, inSlot, rs, simm);
        return assign(rt);
      case Op.LB:
      case Op.LBU:
      case Op.LH:
      case Op.LHU: {
        if (rt === 0) return;
        loadWord(k, pc, inSlot, rs, simm);
        const half = op === Op.LH || op === Op.LHU;
        // m >>> (24 - (a & 3) * 8)  (halves: 16 - (a & 2) * 8)
        c32(half ? 16 : 24);
        if (half) {
          lget(A);
          c32(2);
          out.push(W.i32And);
          c32(3);
          out.push(W.i32Shl);
        } else byteShift();
        out.push(W.i32Sub, W.i32ShrU);
        if (op === Op.LBU) {
          c32(0xff);
          out.push(W.i32And);
        } else if (op === Op.LHU) {
          c32(0xffff);
          out.push(W.i32And);
        } else {
          const s = half ? 16 : 24;
          c32(s);
          out.push(W.i32Shl);
          c32(s);
          out.push(W.i32ShrS);
        }
        return assign(rt);
      }
      case Op.LWL:
        if (rt === 0) return;
        // (rt & ~(-1 << sh)) | (m << sh), sh = (a & 3) * 8
        loadWord(k, pc, inSlot, rs, simm);
        byteShift();
        out.push(W.i32Shl);
        get(rt);
        c32(-1);
        byteShift();
        out.push(W.i32Shl);
        c32(-1);
        out.push(W.i32Xor, W.i32And, W.i32Or);
        return assign(rt);
      case Op.LWR:
        if (rt === 0) return;
        // (rt & ~(-1 >>> s)) | (m >>> s), s = 24 - (a & 3) * 8
        loadWord(k, pc, inSlot, rs, simm);
        c32(24);
        byteShift();
        out.push(W.i32Sub, W.i32ShrU);
        get(rt);
        c32(-1);
        c32(24);
        byteShift();
        out.push(W.i32Sub, W.i32ShrU);
        c32(-1);
        out.push(W.i32Xor, W.i32And, W.i32Or);
        return assign(rt);
      case Op.SW:
      case Op.SC:
        storeAddr(k, pc, inSlot, rs, simm);
        lget(T);
        get(rt);
        memOp(W.i32Store, 0);
        if (op === Op.SC) set(rt, () => c32(1));
        return;
      case Op.SB:
      case Op.SH: {
        // (old & ~(mask << s)) | ((v & mask) << s), s = 24 - (a & 3) * 8 (halves 16 - (a & 2) * 8)
        storeAddr(k, pc, inSlot, rs, simm);
        const half = op === Op.SH;
        const mask = half ? 0xffff : 0xff;
        const shift = () => {
          c32(half ? 16 : 24);
          if (half) {
            lget(A);
            c32(2);
            out.push(W.i32And);
            c32(3);
            out.push(W.i32Shl);
          } else byteShift();
          out.push(W.i32Sub);
        };
        lget(T);
        lget(T);
        memOp(W.i32Load, 0);
        c32(mask);
        shift();
        out.push(W.i32Shl);
        c32(-1);
        out.push(W.i32Xor, W.i32And);
        get(rt);
        c32(mask);
        out.push(W.i32And);
        shift();
        out.push(W.i32Shl, W.i32Or);
        memOp(W.i32Store, 0);
        return;
      }
      case Op.SWL:
        // (old & ~(-1 >>> s)) | (v >>> s), s = (a & 3) * 8
        storeAddr(k, pc, inSlot, rs, simm);
        lget(T);
        lget(T);
        memOp(W.i32Load, 0);
        c32(-1);
        byteShift();
        out.push(W.i32ShrU);
        c32(-1);
        out.push(W.i32Xor, W.i32And);
        get(rt);
        byteShift();
        out.push(W.i32ShrU, W.i32Or);
        memOp(W.i32Store, 0);
        return;
      case Op.SWR:
        // (old & ~(-1 << s)) | (v << s), s = 24 - (a & 3) * 8
        storeAddr(k, pc, inSlot, rs, simm);
        lget(T);
        lget(T);
        memOp(W.i32Load, 0);
        c32(-1);
        c32(24);
        byteShift();
        out.push(W.i32Sub, W.i32Shl);
        c32(-1);
        out.push(W.i32Xor, W.i32And);
        get(rt);
        c32(24);
        byteShift();
        out.push(W.i32Sub, W.i32Shl, W.i32Or);
        memOp(W.i32Store, 0);
        return;
      default:
        throw new Error(`untranslatable opcode ${op}`);
    }
  };

  /** Sets NEXT for the jump/branch at `pc` (and its link register). */
  const emitControl = (insn: number, pc: number) => {
    const op = insn >>> 26;
    const rs = (insn >>> 21) & 31;
    const rt = (insn >>> 16) & 31;
    const target = (pc + 4 + (((insn << 16) >> 16) << 2)) | 0;
    const fall = (pc + 8) | 0;
    const branch = (cond: () => void) => {
      cond();
      lset(COND);
      branchTo = { taken: target, fall };
    };
    switch (op) {
      case Op.J:
      case Op.JAL:
        c32(((pc + 4) & 0xf0000000) | ((insn & 0x03ffffff) << 2));
        lset(NEXT);
        if (op === Op.JAL) set(31, () => c32(fall));
        return;
      case Op.BEQ:
        return branch(() => {
          get(rs);
          get(rt);
          out.push(W.i32Eq);
        });
      case Op.BNE:
        return branch(() => {
          get(rs);
          get(rt);
          out.push(W.i32Ne);
        });
      case Op.BLEZ:
        return branch(() => {
          get(rs);
          c32(0);
          out.push(W.i32LeS);
        });
      case Op.BGTZ:
        return branch(() => {
          get(rs);
          c32(0);
          out.push(W.i32GtS);
        });
      case Op.REGIMM:
        if (rt === RegImm.BLTZ)
          return branch(() => {
            get(rs);
            c32(0);
            out.push(W.i32LtS);
          });
        if (rt === RegImm.BGEZ)
          return branch(() => {
            get(rs);
            c32(0);
            out.push(W.i32GeS);
          });
        c32(fall);
        return lset(NEXT);
      default: {
        // jr / jalr: the target is read before the link register is written (rd may equal rs).
        get(rs);
        lset(NEXT);
        const rd = (insn >>> 11) & 31;
        if ((insn & 63) === Fn.JALR) set(rd, () => c32(fall));
      }
    }
  };

  const pcAt = (k: number) => (block.pc + 4 * k) | 0;
  const storePc = (pc: () => void) => {
    c32(0);
    pc();
    memOp(W.i32Store, LAYOUT.PC);
    c32(0);
    pc();
    c32(4);
    out.push(W.i32Add);
    memOp(W.i32Store, LAYOUT.NPC);
  };
  const writeBack = () => {
    for (let r = 1; r < 32; r++) {
      if ((assigned & (1 << r)) === 0) continue;
      c32(0);
      lget(local[r]!);
      memOp(W.i32Store, LAYOUT.REGS + 4 * r);
    }
    if (hiLo) {
      c32(0);
      lget(HI);
      memOp(W.i32Store, LAYOUT.HI);
      c32(0);
      lget(LO);
      memOp(W.i32Store, LAYOUT.LO);
    }
  };
  /** Labels between the code of block `i` (inside its exit label, `depth` ifs deep) and the loop. */
  let toLoop = 0;
  /** Continues at static target `t` (the budget already reduced): a branch, or a tail call. */
  const goTo = (t: number) => {
    const place = placeOf(t >>> 0);
    if (place !== undefined && place.fn === self) {
      c32(place.index);
      lset(IDX);
      out.push(W.br);
      uleb(out, toLoop + depth);
      return;
    }
    if (place !== undefined) {
      // Another region of this module: a direct tail call (it stores pc/nextPC if it returns).
      lget(0);
      c32(place.index);
      out.push(W.returnCall);
      uleb(out, place.fn);
      return;
    }
    storePc(() => c32(t));
    lget(0);
    c32(slotOf(t >>> 0));
    out.push(W.returnCallIndirect, BLOCK_TYPE, 0);
  };

  // loop $L { block $exit { block $b[N-1] … block $b[0] { br_table } <block 0> } … <block N-1> } <exit> }
  out.push(W.loop, W.void, W.block, W.void);
  for (let i = 0; i < N; i++) out.push(W.block, W.void);
  lget(IDX);
  out.push(W.brTable);
  uleb(out, N);
  for (let i = 0; i < N; i++) uleb(out, i);
  uleb(out, N - 1);
  for (let i = 0; i < N; i++) {
    out.push(W.end); // $b[i]: block i's code follows
    block = blocks[i]!;
    const { words, ended } = block;
    len = words.length;
    const shape = shapes[i]!;
    for (let k = 0; k < shape.regs.length; k++) local[shape.regs[k]!] = REG0 + k;
    hiLo = shape.hiLo;
    assigned = 0;
    loads = 0;
    branchTo = undefined;
    // Not enough budget for the whole block: return it unchanged, pc/nextPC at the block.
    lget(0);
    c32(len);
    out.push(W.i32LtS, W.if, W.void);
    storePc(() => c32(block.pc | 0));
    lget(0);
    out.push(W.return, W.end);
    // The loads of the registers read before assigned go here once the body has been emitted.
    const loadAt = out.length;
    if (hiLo) {
      c32(0);
      memOp(W.i32Load, LAYOUT.HI);
      lset(HI);
      c32(0);
      memOp(W.i32Load, LAYOUT.LO);
      lset(LO);
    }
    // block $x: a mid-block exit sets xpc/xnpc/xk and branches out of it.
    out.push(W.block, W.void);
    depth = 0;
    // Inside $x: $x, $b[i+1] … $b[N-1], $exit, then the loop.
    toLoop = 1 + (N - 1 - i) + 1;
    const straight = ended ? len - 2 : len;
    for (let k = 0; k < straight; k++) emit(words[k]!, k, pcAt(k), false);
    if (ended) {
      emitControl(words[len - 2]!, pcAt(len - 2));
      emit(words[len - 1]!, len - 1, pcAt(len - 1), true);
    } else {
      c32(pcAt(len));
      lset(NEXT);
    }
    // Normal end: write back, then continue at NEXT with the budget left.
    writeBack();
    lget(0);
    c32(len);
    out.push(W.i32Sub);
    lset(0);
    const last = ended ? words[len - 2]! : 0;
    const lastPc = pcAt(len - 2);
    const target = ended ? staticTarget(last, lastPc) : pcAt(len);
    if (ended && target === undefined) {
      // Register jump. Hash entry = HT + ((next >>> 2) & mask) * 16: (pc ^ 1, slot, region, index).
      lget(NEXT);
      c32(2);
      out.push(W.i32ShrU);
      c32(HT_MASK);
      out.push(W.i32And);
      c32(4);
      out.push(W.i32Shl);
      ltee(T);
      memOp(W.i32Load, LAYOUT.HT);
      lget(NEXT);
      c32(1);
      out.push(W.i32Xor);
      out.push(W.i32Eq, W.if, W.void);
      depth++;
      lget(T);
      memOp(W.i32Load, LAYOUT.HT + 8);
      c32(region);
      out.push(W.i32Eq, W.if, W.void);
      depth++;
      lget(T);
      memOp(W.i32Load, LAYOUT.HT + 12);
      lset(IDX);
      out.push(W.br);
      uleb(out, toLoop + depth);
      depth--;
      out.push(W.end);
      // Another region: called through the region table, so its entry function is skipped.
      storePc(() => lget(NEXT));
      lget(0);
      lget(T);
      memOp(W.i32Load, LAYOUT.HT + 12);
      lget(T);
      memOp(W.i32Load, LAYOUT.HT + 8);
      out.push(W.returnCallIndirect, REGION_TYPE, 1);
      depth--;
      out.push(W.end);
      // Not in the table: back to the run loop.
      storePc(() => lget(NEXT));
      lget(0);
      out.push(W.return);
    } else {
      const op = last >>> 26;
      const never = ended && op === Op.REGIMM && ((last >>> 16) & 31) > RegImm.BGEZ;
      const conditional = ended && op !== Op.J && op !== Op.JAL && !never;
      const taken = target! | 0;
      const fall = (lastPc + 8) | 0;
      if (conditional && taken !== fall) {
        lget(COND);
        out.push(W.if, W.void);
        depth++;
        goTo(taken);
        out.push(W.else);
        goTo(fall);
        depth--;
        out.push(W.end, W.unreachable);
      } else goTo(never ? fall : taken);
    }
    out.push(W.end); // $x
    // Mid-block exit (registers already written back): leave through $exit (pc/nextPC, budget
    // less the steps done).
    out.push(W.br);
    uleb(out, N - 1 - i);
    // The loads, emitted after the block and moved to its entry.
    const bodyEnd = out.length;
    for (let r = 1; r < 32; r++) {
      if ((loads & (1 << r)) === 0) continue;
      c32(0);
      memOp(W.i32Load, LAYOUT.REGS + 4 * r);
      lset(local[r]!);
    }
    out.splice(loadAt, 0, ...out.splice(bodyEnd));
  }
  out.push(W.end); // $exit
  c32(0);
  lget(XPC);
  memOp(W.i32Store, LAYOUT.PC);
  c32(0);
  lget(XNPC);
  memOp(W.i32Store, LAYOUT.NPC);
  lget(0);
  lget(XK);
  out.push(W.i32Sub, W.return, W.end, W.unreachable, W.end);
  return out;
}

/** The body of a block's entry function (type `(budget) -> i32`): a tail call of its region. */
export function entryBody(place: Place): number[] {
  const out = [0, W.localGet, 0, W.i32Const];
  sleb(out, place.index);
  out.push(W.returnCall);
  uleb(out, place.fn);
  out.push(W.end);
  return out;
}
