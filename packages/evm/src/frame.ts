/**
 * One call frame's execution state, and the gas and memory-expansion arithmetic shared by the
 * interpreter loop (`interpreter.ts`) and the out-of-line instructions (`instructions/`).
 *
 * Out-of-line instructions follow one convention (`Instruction`): they read and write the frame's
 * `stack`, `gas` and `pc` fields (the loop syncs its locals around the call) and return the new
 * stack pointer, or `HALT` after setting `error` (exceptional halt: all gas is consumed), or
 * `STOP` after setting `output` / `reverted` (normal end of the frame).
 */
import type { StepInfo } from './context.js';
import type { Evm } from './evm.js';
import type { CodeAnalysis } from './jumpdest.js';
import { type Memory, memoryGasCost } from './memory.js';
import type { AddressHex } from './state-interface.js';
import { canon, type Word } from './words.js';

export const EMPTY = new Uint8Array(0);
/** Offsets/sizes above this cannot be paid for (memory gas would exceed 2^53), so they OOG. */
export const MAX_MEM = 0xffffffff;
/** A cost no frame can pay. */
export const OOG = Number.MAX_SAFE_INTEGER;

/** Returned by an instruction: exceptional halt, reason in `Frame.error`. */
export const HALT = -1;
/** Returned by an instruction: the frame ends normally (`Frame.output`, `Frame.reverted`). */
export const STOP = -2;

/** An out-of-line instruction: returns the new stack pointer, `HALT` or `STOP`. */
export type Instruction = (evm: Evm, f: Frame, op: number, sp: number) => number;

export class Frame {
  stack: Word[];
  memory: Memory;
  returnData: Uint8Array = EMPTY;
  /** Synced with the loop's local around out-of-line instructions. */
  gas: number;
  /** Program counter after the current opcode byte (synced like `gas`). */
  pc = 0;
  /**
   * Gas beyond `GAS_SPLIT` (only state tests reach it: tx gas limits up to 2^63). The hot loop
   * keeps a safe-integer `gas`; the rare slow paths (`refill`, GAS, CALL/CREATE) see the rest.
   */
  bank = 0n;
  /** EIP-3155 step captured before the current instruction, emitted once its cost is known. */
  pendingStep: StepInfo | undefined;
  /** Halting reason set by out-of-line instructions. */
  error: string | undefined;
  /** Set by RETURN / REVERT. */
  output: Uint8Array = EMPTY;
  reverted = false;
  private addressW: Word | undefined;
  private callerW: Word | undefined;

  addressWord(): Word {
    if (this.addressW === undefined) this.addressW = canon(BigInt(this.address));
    return this.addressW;
  }

  callerWord(): Word {
    if (this.callerW === undefined) this.callerW = canon(BigInt(this.caller));
    return this.callerW;
  }

  constructor(
    readonly address: AddressHex,
    readonly caller: AddressHex,
    readonly value: bigint,
    readonly input: Uint8Array,
    readonly code: Uint8Array,
    readonly analysis: CodeAnalysis,
    gas: number,
    readonly isStatic: boolean,
    readonly depth: number,
    stack: Word[],
    memory: Memory,
  ) {
    this.gas = gas;
    this.stack = stack;
    this.memory = memory;
  }
}

/** Emits the frame's pending trace step, charging it everything spent since it was captured. */
export function flushStep(evm: Evm, f: Frame, gasNow: number): void {
  const s = f.pendingStep;
  if (s === undefined) return;
  f.pendingStep = undefined;
  if (gasNow <= s.gas) s.gasCost = s.gas - gasNow;
  evm.config.tracer?.step(s);
}

/** Largest gas amount kept as a plain number; always exact and far above any single cost. */
export const GAS_SPLIT = 2 ** 52;
const GAS_SPLIT_BIG = 1n << 52n;

/** Moves gas from the frame's bank into the local counter; returns the (possibly) new counter. */
export function refill(f: Frame, gas: number, cost: number): number {
  if (f.bank === 0n) return gas;
  const total = BigInt(gas) + f.bank;
  if (total < BigInt(cost)) return gas;
  const take = total > GAS_SPLIT_BIG ? GAS_SPLIT_BIG : total;
  f.bank = total - take;
  return Number(take);
}

/** Charges `cost` to `f.gas` (drawing on the bank); false after setting `f.error` if it cannot. */
export function charge(f: Frame, cost: number): boolean {
  let gas = f.gas;
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.gas = gas;
    f.error = 'out of gas';
    return false;
  }
  f.gas = gas - cost;
  return true;
}

/** Static context (EIP-214): a state change halts the frame; true after setting `f.error`. */
export function writeProtected(f: Frame): boolean {
  if (!f.isStatic) return false;
  f.error = 'write protection';
  return true;
}

/** Splits a bigint amount of gas into (number ≤ GAS_SPLIT, bank). */
export function splitGas(total: bigint): { gas: number; bank: bigint } {
  if (total <= GAS_SPLIT_BIG) return { gas: Number(total), bank: 0n };
  return { gas: GAS_SPLIT, bank: total - GAS_SPLIT_BIG };
}

/**
 * Additional memory gas to cover bytes [off, off+size) or OOG when unreachable; 0 when size is 0
 * (a zero-length access never expands memory, whatever the offset).
 */
export function memCost(mem: Memory, offset: Word, length: Word): number {
  // Number() of a huge bigint is a huge double, so plain comparisons bound both.
  const size = Number(length);
  if (size === 0) return 0;
  const off = Number(offset);
  if (off > MAX_MEM || size > MAX_MEM) return OOG;
  const end = off + size;
  if (end <= mem.size) return 0;
  const words = Math.ceil(end / 32);
  return memoryGasCost(words) - memoryGasCost(mem.size / 32);
}

/** Expands memory to cover [off, off+size) (cost already paid). */
export function memGrow(mem: Memory, off: Word, size: Word): void {
  const n = Number(size);
  if (n === 0) return;
  const end = Number(off) + n;
  if (end > mem.size) mem.grow(Math.ceil(end / 32) * 32);
}

/** Number of 32-byte words covering `size` bytes (per-word gas). */
export function words(size: Word): number {
  return Math.ceil(Number(size) / 32);
}
