/**
 * The interpreter loop: one call frame's bytecode, executed by a single flat `switch` over the
 * opcode byte (geth `core/vm/interpreter.go` + `instructions.go`). Before dispatch a generic
 * check reads the fork's jump table for definedness, stack bounds and constant gas; each case
 * adds only its dynamic gas. Calls and creates recurse through `Evm` (`evm.ts`).
 *
 * Stack design: a preallocated `bigint[]` of 1024 slots per call depth plus an integer stack
 * pointer. Chosen deliberately over a Uint32Array-limb stack: limbs avoid allocation but turn every
 * arithmetic op into hand-written multi-limb code (and MUL/DIV/MULMOD/EXP into long routines),
 * while V8 bigints keep U256 semantics exact with one comparison or mask per wrapping op, and the
 * ops that dominate real code (PUSH from a per-code cache, DUP, SWAP, JUMP*, POP) allocate nothing.
 * Measured on this machine (CPU time, best of 5): ~600-680 Mgas/s on both snailtracer builds,
 * 200-550 Mgas/s on the erc20 workloads; what remains per op is bigint allocation + GC.
 * Gas is a JS number local to the loop (safe integer; amounts beyond 2^52 live in the frame's
 * `bank`), offsets are converted to numbers only after a range check so huge values OOG instead
 * of wrapping.
 */
import { KECCAK256_EMPTY, keccak256 } from '@faultline/primitives';
import {
  CALL,
  CALLCODE,
  DELEGATECALL,
  type FrameResult,
  STATICCALL,
  STATUS_HALT,
  STATUS_REVERT,
  STATUS_SUCCESS,
  type StepInfo,
} from './context.js';
import type { Evm } from './evm.js';
import { GAS, LIMITS } from './gas.js';
import type { CodeAnalysis } from './jumpdest.js';
import { type Memory, memoryGasCost } from './memory.js';
import type { AddressHex } from './state-interface.js';

const MASK = (1n << 256n) - 1n;
const MODULUS = 1n << 256n;
const SIGN = 1n << 255n;
const M64 = (1n << 64n) - 1n;
const ADDR_MASK = (1n << 160n) - 1n;
/** Offsets/sizes above this cannot be paid for (memory gas would exceed 2^53), so they OOG. */
const MAX_MEM = 0xffffffff;
const OOG = Number.MAX_SAFE_INTEGER;
const EMPTY = new Uint8Array(0);

export class Frame {
  stack: bigint[];
  memory: Memory;
  returnData: Uint8Array = EMPTY;
  /**
   * Gas beyond `GAS_SPLIT` (only state tests reach it: tx gas limits up to 2^63). The hot loop
   * keeps a safe-integer `gas`; the rare slow paths (`refill`, GAS, CALL/CREATE) see the rest.
   */
  bank = 0n;
  /** EIP-3155 step captured before the current instruction, emitted once its cost is known. */
  pendingStep: StepInfo | undefined;
  /** Halting reason set by the out-of-line instruction helpers. */
  error: string | undefined;
  private addressW: bigint | undefined;
  private callerW: bigint | undefined;

  addressWord(): bigint {
    if (this.addressW === undefined) this.addressW = BigInt(this.address);
    return this.addressW;
  }

  callerWord(): bigint {
    if (this.callerW === undefined) this.callerW = BigInt(this.caller);
    return this.callerW;
  }

  constructor(
    readonly address: AddressHex,
    readonly caller: AddressHex,
    readonly value: bigint,
    readonly input: Uint8Array,
    readonly code: Uint8Array,
    readonly analysis: CodeAnalysis,
    public gas: number,
    readonly isStatic: boolean,
    readonly depth: number,
    stack: bigint[],
    memory: Memory,
  ) {
    this.stack = stack;
    this.memory = memory;
  }
}

/** Emits the frame's pending trace step, charging it everything spent since it was captured. */
function flushStep(evm: Evm, f: Frame, gasNow: number): void {
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
function refill(f: Frame, gas: number, cost: number): number {
  if (f.bank === 0n) return gas;
  const total = BigInt(gas) + f.bank;
  if (total < BigInt(cost)) return gas;
  const take = total > GAS_SPLIT_BIG ? GAS_SPLIT_BIG : total;
  f.bank = total - take;
  return Number(take);
}

/** Splits a bigint amount of gas into (number ≤ GAS_SPLIT, bank). */
export function splitGas(total: bigint): { gas: number; bank: bigint } {
  if (total <= GAS_SPLIT_BIG) return { gas: Number(total), bank: 0n };
  return { gas: GAS_SPLIT, bank: total - GAS_SPLIT_BIG };
}

export function addressFromWord(x: bigint): AddressHex {
  return `0x${(x & ADDR_MASK).toString(16).padStart(40, '0')}`;
}

export function wordFromBytes(b: Uint8Array, off: number, len: number): bigint {
  // len ≤ 32; fold 6 bytes at a time into a double, then into the bigint.
  let n = 0n;
  let i = off;
  const end = off + len;
  for (; i + 6 <= end; i += 6) {
    n =
      (n << 48n) |
      BigInt(
        b[i]! * 2 ** 40 +
          b[i + 1]! * 2 ** 32 +
          b[i + 2]! * 2 ** 24 +
          b[i + 3]! * 2 ** 16 +
          b[i + 4]! * 2 ** 8 +
          b[i + 5]!,
      );
  }
  for (; i < end; i++) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

const SMALL = 1n << 48n;

/**
 * 32 bytes of memory as a word. Most words hold small numbers (pointers, lengths, counters), so
 * a 48-bit fast path builds them with one bigint allocation instead of seven.
 */
function loadWord(dv: DataView, o: number): bigint {
  if (
    (dv.getUint32(o) |
      dv.getUint32(o + 4) |
      dv.getUint32(o + 8) |
      dv.getUint32(o + 12) |
      dv.getUint32(o + 16) |
      dv.getUint32(o + 20) |
      dv.getUint16(o + 24)) ===
    0
  ) {
    return BigInt(dv.getUint16(o + 26) * 4294967296 + dv.getUint32(o + 28));
  }
  return (
    (dv.getBigUint64(o) << 192n) |
    (dv.getBigUint64(o + 8) << 128n) |
    (dv.getBigUint64(o + 16) << 64n) |
    dv.getBigUint64(o + 24)
  );
}

function storeWord(dv: DataView, o: number, v: bigint): void {
  if (v < SMALL) {
    const n = Number(v);
    dv.setUint32(o, 0);
    dv.setUint32(o + 4, 0);
    dv.setUint32(o + 8, 0);
    dv.setUint32(o + 12, 0);
    dv.setUint32(o + 16, 0);
    dv.setUint32(o + 20, 0);
    dv.setUint16(o + 24, 0);
    dv.setUint16(o + 26, Math.floor(n / 4294967296));
    dv.setUint32(o + 28, n >>> 0);
    return;
  }
  dv.setBigUint64(o, v >> 192n);
  dv.setBigUint64(o + 8, (v >> 128n) & M64);
  dv.setBigUint64(o + 16, (v >> 64n) & M64);
  dv.setBigUint64(o + 24, v & M64);
}

function readWordPadded(b: Uint8Array, off: bigint): bigint {
  if (off >= BigInt(b.length)) return 0n;
  const o = Number(off);
  if (o + 32 <= b.length) return hashWord(b.subarray(o, o + 32));
  const avail = b.length - o;
  return wordFromBytes(b, o, avail) << BigInt(8 * (32 - avail));
}

/** Shared 32-byte scratch word: converting through it avoids a DataView per conversion. */
const SCRATCH = new Uint8Array(32);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

function wordToBytes(v: bigint): Uint8Array {
  storeWord(SCRATCH_VIEW, 0, v);
  return SCRATCH.slice();
}

/** A 32-byte big-endian hash (or any full word) as a bigint. */
function hashWord(h: Uint8Array): bigint {
  SCRATCH.set(h.length === 32 ? h : h.subarray(0, 32));
  return loadWord(SCRATCH_VIEW, 0);
}

function toSigned(x: bigint): bigint {
  return x >= SIGN ? x - MODULUS : x;
}

function expMod(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) & MASK;
    e >>= 1n;
    if (e > 0n) b = (b * b) & MASK;
  }
  return result;
}

function byteLength(x: bigint): number {
  return x === 0n ? 0 : Math.ceil(x.toString(16).length / 2);
}

/**
 * Additional memory gas to cover bytes [off, off+size) or OOG when unreachable; 0 when size is 0
 * (a zero-length access never expands memory, whatever the offset).
 */
function memCost(mem: Memory, off: bigint, size: bigint): number {
  if (size === 0n) return 0;
  if (off > MAX_MEM || size > MAX_MEM) return OOG;
  const end = Number(off) + Number(size);
  if (end <= mem.size) return 0;
  const words = Math.ceil(end / 32);
  return memoryGasCost(words) - memoryGasCost(mem.size / 32);
}

/** Expands memory to cover [off, off+size) (cost already paid). */
function memGrow(mem: Memory, off: bigint, size: bigint): void {
  if (size === 0n) return;
  const end = Number(off) + Number(size);
  if (end > mem.size) mem.grow(Math.ceil(end / 32) * 32);
}

function words(size: bigint): number {
  return Math.ceil(Number(size) / 32);
}

export function interpret(evm: Evm, f: Frame): FrameResult {
  const code = f.code;
  const codeLen = code.length;
  const jumpdests = f.analysis.jumpdests;
  const pushes = f.analysis.pushes;
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const rules = evm.rules;
  const jt = evm.table;
  const defined = jt.defined;
  const constGas = jt.gas;
  const minStack = jt.minStack;
  const maxStack = jt.maxStack;
  const tracer = evm.config.tracer;
  const address = f.address;
  let sp = 0;
  let pc = 0;
  let gas = f.gas;
  let status = STATUS_SUCCESS;
  let error: string | undefined;
  let output: Uint8Array = EMPTY;
  let a: bigint;
  let b: bigint;
  let c: bigint;
  let cost: number;
  const tracing = tracer !== undefined;

  loop: for (;;) {
    const op = pc < codeLen ? code[pc]! : 0;
    if (tracing) {
      // EIP-3155: a step is reported with the gas it cost, so it is emitted once that is known —
      // at the next step, at the end of the frame, or (CALL*/CREATE*) just before the child runs.
      flushStep(evm, f, gas);
      f.pendingStep = {
        pc,
        op,
        gas,
        gasCost: constGas[op]!,
        memSize: mem.size,
        stack: stack.slice(0, sp),
        stackLength: sp,
        depth: f.depth,
        returnData: f.returnData,
        refund: world.refund,
      };
    }
    if (sp < minStack[op]!) {
      status = STATUS_HALT;
      error = defined[op] === 0 ? `invalid opcode: opcode 0x${op.toString(16)} not defined` : 'stack underflow';
      break;
    }
    if (sp > maxStack[op]!) {
      status = STATUS_HALT;
      error = 'stack limit reached 1024 (1023)';
      break;
    }
    cost = constGas[op]!;
    if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
      status = STATUS_HALT;
      error = 'out of gas';
      break;
    }
    gas -= cost;
    pc++;

    switch (op) {
      case 0x00: // STOP
        break loop;
      case 0x01: {
        // Compare instead of masking: no second bigint allocation in the common no-overflow case.
        sp--;
        const r = stack[sp - 1]! + stack[sp]!;
        stack[sp - 1] = r > MASK ? r - MODULUS : r;
        break;
      }
      case 0x02: {
        sp--;
        const r = stack[sp - 1]! * stack[sp]!;
        stack[sp - 1] = r > MASK ? r & MASK : r;
        break;
      }
      case 0x03: {
        sp--;
        const r = stack[sp]! - stack[sp - 1]!;
        stack[sp - 1] = r < 0n ? r + MODULUS : r;
        break;
      }
      case 0x04: // DIV
        sp--;
        b = stack[sp - 1]!;
        stack[sp - 1] = b === 0n ? 0n : stack[sp]! / b;
        break;
      case 0x05: {
        // SDIV
        sp--;
        b = toSigned(stack[sp - 1]!);
        a = toSigned(stack[sp]!);
        stack[sp - 1] = b === 0n ? 0n : (a / b) & MASK;
        break;
      }
      case 0x06:
        sp--;
        b = stack[sp - 1]!;
        stack[sp - 1] = b === 0n ? 0n : stack[sp]! % b;
        break;
      case 0x07: {
        // SMOD: sign of the dividend, like JS `%`.
        sp--;
        b = toSigned(stack[sp - 1]!);
        a = toSigned(stack[sp]!);
        stack[sp - 1] = b === 0n ? 0n : (a % b) & MASK;
        break;
      }
      case 0x08:
        sp -= 2;
        c = stack[sp - 1]!;
        a = stack[sp + 1]!;
        b = stack[sp]!;
        // Operands already reduced (the usual case in modular code) need no division.
        if (c === 0n) stack[sp - 1] = 0n;
        else if (a < c && b < c) {
          const r = a + b;
          stack[sp - 1] = r >= c ? r - c : r;
        } else stack[sp - 1] = (a + b) % c;
        break;
      case 0x09:
        sp -= 2;
        c = stack[sp - 1]!;
        stack[sp - 1] = c === 0n ? 0n : (stack[sp + 1]! * stack[sp]!) % c;
        break;
      case 0x0a: {
        // EXP: 10/50 gas per exponent byte (EIP-160).
        b = stack[sp - 2]!;
        cost = byteLength(b) * rules.expByteGas;
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        sp--;
        stack[sp - 1] = expMod(stack[sp]!, b);
        break;
      }
      case 0x0b: {
        // SIGNEXTEND
        sp--;
        b = stack[sp]!;
        if (b < 31n) {
          const bit = b * 8n + 7n;
          const x = stack[sp - 1]!;
          const mask = (1n << bit) - 1n;
          stack[sp - 1] = (x >> bit) & 1n ? (x | ~mask) & MASK : x & mask;
        }
        break;
      }
      case 0x10:
        sp--;
        stack[sp - 1] = stack[sp]! < stack[sp - 1]! ? 1n : 0n;
        break;
      case 0x11:
        sp--;
        stack[sp - 1] = stack[sp]! > stack[sp - 1]! ? 1n : 0n;
        break;
      case 0x12:
        sp--;
        stack[sp - 1] = toSigned(stack[sp]!) < toSigned(stack[sp - 1]!) ? 1n : 0n;
        break;
      case 0x13:
        sp--;
        stack[sp - 1] = toSigned(stack[sp]!) > toSigned(stack[sp - 1]!) ? 1n : 0n;
        break;
      case 0x14:
        sp--;
        stack[sp - 1] = stack[sp]! === stack[sp - 1]! ? 1n : 0n;
        break;
      case 0x15:
        stack[sp - 1] = stack[sp - 1]! === 0n ? 1n : 0n;
        break;
      case 0x16:
        sp--;
        stack[sp - 1] = stack[sp]! & stack[sp - 1]!;
        break;
      case 0x17:
        sp--;
        stack[sp - 1] = stack[sp]! | stack[sp - 1]!;
        break;
      case 0x18:
        sp--;
        stack[sp - 1] = stack[sp]! ^ stack[sp - 1]!;
        break;
      case 0x19:
        stack[sp - 1] = MASK ^ stack[sp - 1]!;
        break;
      case 0x1a: {
        // BYTE: i-th byte counting from the most significant.
        sp--;
        a = stack[sp]!;
        stack[sp - 1] = a < 32n ? (stack[sp - 1]! >> (8n * (31n - a))) & 0xffn : 0n;
        break;
      }
      case 0x1b:
        sp--;
        a = stack[sp]!;
        stack[sp - 1] = a < 256n ? (stack[sp - 1]! << a) & MASK : 0n;
        break;
      case 0x1c:
        sp--;
        a = stack[sp]!;
        stack[sp - 1] = a < 256n ? stack[sp - 1]! >> a : 0n;
        break;
      case 0x1d: {
        sp--;
        a = stack[sp]!;
        const v = toSigned(stack[sp - 1]!);
        stack[sp - 1] = (v >> (a < 256n ? a : 256n)) & MASK;
        break;
      }
      case 0x1e: {
        // CLZ (EIP-7939)
        a = stack[sp - 1]!;
        stack[sp - 1] = a === 0n ? 256n : BigInt(256 - a.toString(2).length);
        break;
      }
      case 0x20: {
        // KECCAK256
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        cost = memCost(mem, a, b);
        if (cost !== OOG) cost += GAS.KECCAK_WORD * words(b);
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        memGrow(mem, a, b);
        sp--;
        if (b === 0n) stack[sp - 1] = KECCAK_EMPTY_WORD;
        else {
          const o = Number(a);
          stack[sp - 1] = hashWord(keccak256(mem.buf.subarray(o, o + Number(b))));
        }
        break;
      }
      case 0x30:
        stack[sp++] = f.addressWord();
        break;
      case 0x31: {
        // BALANCE
        const addr = addressFromWord(stack[sp - 1]!);
        if (rules.berlin && world.warmAddress(addr)) {
          cost = GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
        }
        stack[sp - 1] = world.account(addr).balance;
        break;
      }
      case 0x32:
        stack[sp++] = BigInt(evm.tx.origin);
        break;
      case 0x33:
        stack[sp++] = f.callerWord();
        break;
      case 0x34:
        stack[sp++] = f.value;
        break;
      case 0x35:
        stack[sp - 1] = readWordPadded(f.input, stack[sp - 1]!);
        break;
      case 0x36:
        stack[sp++] = BigInt(f.input.length);
        break;
      case 0x37: // CALLDATACOPY
      case 0x39: // CODECOPY
      case 0x3e: {
        // RETURNDATACOPY
        a = stack[sp - 1]!; // memOffset
        b = stack[sp - 2]!; // dataOffset
        c = stack[sp - 3]!; // length
        sp -= 3;
        const src = op === 0x37 ? f.input : op === 0x39 ? code : f.returnData;
        if (op === 0x3e && b + c > BigInt(src.length)) {
          status = STATUS_HALT;
          error = 'return data out of bounds';
          break loop;
        }
        cost = memCost(mem, a, c);
        if (cost !== OOG) cost += GAS.COPY_WORD * words(c);
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        if (c !== 0n) {
          memGrow(mem, a, c);
          mem.writePadded(Number(a), src, b > MAX_MEM ? MAX_MEM : Number(b), Number(c));
        }
        break;
      }
      case 0x38:
        stack[sp++] = BigInt(codeLen);
        break;
      case 0x3a:
        stack[sp++] = evm.tx.gasPrice;
        break;
      case 0x3b: {
        // EXTCODESIZE
        const addr = addressFromWord(stack[sp - 1]!);
        if (rules.berlin && world.warmAddress(addr)) {
          cost = GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
        }
        const acc = world.account(addr);
        stack[sp - 1] = acc.hasCode() ? BigInt(world.code(acc).length) : 0n;
        break;
      }
      case 0x3c: {
        // EXTCODECOPY
        const addr = addressFromWord(stack[sp - 1]!);
        a = stack[sp - 2]!;
        b = stack[sp - 3]!;
        c = stack[sp - 4]!;
        sp -= 4;
        cost = memCost(mem, a, c);
        if (cost !== OOG) cost += GAS.COPY_WORD * words(c);
        if (rules.berlin && !world.accessedAddresses.has(addr)) cost += GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        if (rules.berlin) world.warmAddress(addr);
        if (c !== 0n) {
          memGrow(mem, a, c);
          const acc = world.account(addr);
          mem.writePadded(Number(a), world.code(acc), b > MAX_MEM ? MAX_MEM : Number(b), Number(c));
        }
        break;
      }
      case 0x3d:
        stack[sp++] = BigInt(f.returnData.length);
        break;
      case 0x3f: {
        // EXTCODEHASH (EIP-1052): 0 for dead accounts.
        const addr = addressFromWord(stack[sp - 1]!);
        if (rules.berlin && world.warmAddress(addr)) {
          cost = GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
        }
        stack[sp - 1] = world.isDead(addr) ? 0n : hashWord(world.account(addr).codeHash);
        break;
      }
      case 0x40: {
        // BLOCKHASH: only the 256 most recent blocks.
        a = stack[sp - 1]!;
        const cur = evm.config.block.number;
        if (a < cur && a + BigInt(LIMITS.BLOCKHASH_WINDOW) >= cur) {
          const h = world.reader.getBlockHash(a);
          stack[sp - 1] = h ? hashWord(h) : 0n;
        } else stack[sp - 1] = 0n;
        break;
      }
      case 0x41:
        stack[sp++] = BigInt(evm.config.block.coinbase);
        break;
      case 0x42:
        stack[sp++] = evm.config.block.timestamp;
        break;
      case 0x43:
        stack[sp++] = evm.config.block.number;
        break;
      case 0x44:
        stack[sp++] = evm.config.block.prevRandao;
        break;
      case 0x45:
        stack[sp++] = evm.config.block.gasLimit;
        break;
      case 0x46:
        stack[sp++] = evm.config.block.chainId;
        break;
      case 0x47:
        stack[sp++] = world.account(address).balance;
        break;
      case 0x48:
        stack[sp++] = evm.config.block.baseFee;
        break;
      case 0x49: {
        a = stack[sp - 1]!;
        const hashes = evm.tx.blobHashes;
        stack[sp - 1] = a < BigInt(hashes.length) ? hashWord(hashes[Number(a)]!) : 0n;
        break;
      }
      case 0x4a:
        stack[sp++] = evm.config.block.blobBaseFee;
        break;
      case 0x50:
        sp--;
        break;
      case 0x51: {
        // MLOAD
        a = stack[sp - 1]!;
        // Fast path: inside current memory (a huge offset converts to a huge double, never ≤ size).
        if (Number(a) + 32 > mem.size) {
          cost = memCost(mem, a, 32n);
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
          memGrow(mem, a, 32n);
        }
        stack[sp - 1] = loadWord(mem.view, Number(a));
        break;
      }
      case 0x52: {
        // MSTORE
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        // Fast path: inside current memory (a huge offset converts to a huge double, never ≤ size).
        if (Number(a) + 32 > mem.size) {
          cost = memCost(mem, a, 32n);
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
          memGrow(mem, a, 32n);
        }
        const o = Number(a);
        const dv = mem.view;
        storeWord(dv, o, b);
        break;
      }
      case 0x53: {
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        // Fast path: inside current memory (a huge offset converts to a huge double, never ≤ size).
        if (Number(a) + 1 > mem.size) {
          cost = memCost(mem, a, 1n);
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
          memGrow(mem, a, 1n);
        }
        mem.buf[Number(a)] = Number(b & 0xffn);
        break;
      }
      case 0x54: {
        // SLOAD
        a = stack[sp - 1]!;
        if (rules.berlin && world.warmSlot(address, a)) {
          cost = GAS.COLD_SLOAD - GAS.WARM_STORAGE_READ;
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
        }
        stack[sp - 1] = world.getStorage(address, a);
        break;
      }
      case 0x55: {
        // SSTORE
        if (f.isStatic) {
          status = STATUS_HALT;
          error = 'write protection';
          break loop;
        }
        if (rules.istanbul && gas <= GAS.SSTORE_SENTRY) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        cost = evm.sstoreCost(address, a, b);
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        world.setStorage(address, a, b);
        break;
      }
      case 0x56: {
        // Number() of a huge destination is a huge double, so one numeric range check suffices.
        const dest = Number(stack[--sp]!);
        if (dest >= codeLen || jumpdests[dest] !== 1) {
          status = STATUS_HALT;
          error = 'invalid jump destination';
          break loop;
        }
        pc = dest;
        break;
      }
      case 0x57: {
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        if (b !== 0n) {
          const dest = Number(a);
          if (dest >= codeLen || jumpdests[dest] !== 1) {
            status = STATUS_HALT;
            error = 'invalid jump destination';
            break loop;
          }
          pc = dest;
        }
        break;
      }
      case 0x58:
        stack[sp++] = BigInt(pc - 1);
        break;
      case 0x59:
        stack[sp++] = BigInt(mem.size);
        break;
      case 0x5a:
        stack[sp++] = f.bank === 0n ? BigInt(gas) : BigInt(gas) + f.bank;
        break;
      case 0x5b:
        break;
      case 0x5c: {
        stack[sp - 1] = world.getTransient(address, stack[sp - 1]!);
        break;
      }
      case 0x5d: {
        if (f.isStatic) {
          status = STATUS_HALT;
          error = 'write protection';
          break loop;
        }
        world.setTransient(address, stack[sp - 1]!, stack[sp - 2]!);
        sp -= 2;
        break;
      }
      case 0x5e: {
        // MCOPY (EIP-5656): memory expansion covers both ranges.
        a = stack[sp - 1]!; // dst
        b = stack[sp - 2]!; // src
        c = stack[sp - 3]!; // len
        sp -= 3;
        cost = memCost(mem, a > b ? a : b, c);
        if (cost !== OOG) cost += GAS.COPY_WORD * words(c);
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        if (c !== 0n) {
          memGrow(mem, a > b ? a : b, c);
          const s = Number(b);
          mem.buf.copyWithin(Number(a), s, s + Number(c));
        }
        break;
      }
      case 0x5f:
        stack[sp++] = 0n;
        break;
      case 0x60:
        stack[sp++] = pushes[pc - 1]!;
        pc++;
        break;
      case 0x61:
        stack[sp++] = pushes[pc - 1]!;
        pc += 2;
        break;
      case 0x62:
      case 0x63:
      case 0x64:
      case 0x65:
      case 0x66:
      case 0x67:
      case 0x68:
      case 0x69:
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x6d:
      case 0x6e:
      case 0x6f:
      case 0x70:
      case 0x71:
      case 0x72:
      case 0x73:
      case 0x74:
      case 0x75:
      case 0x76:
      case 0x77:
      case 0x78:
      case 0x79:
      case 0x7a:
      case 0x7b:
      case 0x7c:
      case 0x7d:
      case 0x7e:
      case 0x7f:
        stack[sp++] = pushes[pc - 1]!;
        pc += op - 0x5f;
        break;
      case 0x80:
      case 0x81:
      case 0x82:
      case 0x83:
      case 0x84:
      case 0x85:
      case 0x86:
      case 0x87:
      case 0x88:
      case 0x89:
      case 0x8a:
      case 0x8b:
      case 0x8c:
      case 0x8d:
      case 0x8e:
      case 0x8f:
        stack[sp] = stack[sp - (op - 0x7f)]!;
        sp++;
        break;
      case 0x90:
      case 0x91:
      case 0x92:
      case 0x93:
      case 0x94:
      case 0x95:
      case 0x96:
      case 0x97:
      case 0x98:
      case 0x99:
      case 0x9a:
      case 0x9b:
      case 0x9c:
      case 0x9d:
      case 0x9e:
      case 0x9f: {
        const j = sp - 1 - (op - 0x8f);
        a = stack[sp - 1]!;
        stack[sp - 1] = stack[j]!;
        stack[j] = a;
        break;
      }
      case 0xa0:
      case 0xa1:
      case 0xa2:
      case 0xa3:
      case 0xa4: {
        f.gas = gas;
        sp = opLog(evm, f, op, sp);
        gas = f.gas;
        if (sp < 0) {
          status = STATUS_HALT;
          error = f.error;
          break loop;
        }
        break;
      }
      case 0xf0:
      case 0xf5: {
        f.gas = gas;
        sp = opCreate(evm, f, op, sp);
        gas = f.gas;
        if (sp < 0) {
          status = STATUS_HALT;
          error = f.error;
          break loop;
        }
        break;
      }
      case 0xf1:
      case 0xf2:
      case 0xf4:
      case 0xfa: {
        f.gas = gas;
        sp = opCall(evm, f, op, sp);
        gas = f.gas;
        if (sp < 0) {
          status = STATUS_HALT;
          error = f.error;
          break loop;
        }
        break;
      }
      case 0xf3:
      case 0xfd: {
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        cost = memCost(mem, a, b);
        if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
          status = STATUS_HALT;
          error = 'out of gas';
          break loop;
        }
        gas -= cost;
        memGrow(mem, a, b);
        output = b === 0n ? EMPTY : mem.read(Number(a), Number(b));
        if (op === 0xfd) status = STATUS_REVERT;
        break loop;
      }
      case 0xff: {
        f.gas = gas;
        sp = opSelfDestruct(evm, f, op, sp);
        gas = f.gas;
        if (sp < 0) {
          if (sp === -2) break loop;
          status = STATUS_HALT;
          error = f.error;
          break loop;
        }
        break;
      }
      default:
        // 0xfe INVALID (designated invalid, EIP-141) and anything without a case.
        status = STATUS_HALT;
        error = op === 0xfe ? 'invalid opcode: INVALID' : `invalid opcode: opcode 0x${op.toString(16)} not defined`;
        break loop;
    }
  }
  if (tracing) flushStep(evm, f, gas);
  return {
    status,
    gasLeft: status === STATUS_HALT ? 0 : gas,
    bankLeft: status === STATUS_HALT ? 0n : f.bank,
    output,
    error,
    created: undefined,
  };
}

/** LOG0…LOG4. Returns the new stack pointer, or -1 after setting `f.error` (exceptional halt). */
function opLog(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
  if (f.isStatic) {
    f.error = 'write protection';
    return -1;
  }
  const n = op - 0xa0;
  const a = stack[sp - 1]!;
  const b = stack[sp - 2]!;
  sp -= 2;
  cost = memCost(mem, a, b);
  if (cost !== OOG) cost = b > MAX_MEM ? OOG : cost + GAS.LOG_DATA_BYTE * Number(b);
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return -1;
  }
  gas -= cost;
  memGrow(mem, a, b);
  const topics: Uint8Array[] = [];
  for (let i = 0; i < n; i++) topics.push(wordToBytes(stack[--sp]!));
  world.addLog({ address, topics, data: b === 0n ? EMPTY : mem.read(Number(a), Number(b)) });
  f.gas = gas;
  return sp;
}

/** CREATE / CREATE2. Returns the new stack pointer, or -1 after setting `f.error` (exceptional halt). */
function opCreate(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let cost: number;
  // CREATE / CREATE2
  if (f.isStatic) {
    f.error = 'write protection';
    return -1;
  }
  const value = stack[sp - 1]!;
  const a = stack[sp - 2]!;
  const b = stack[sp - 3]!;
  const salt = op === 0xf5 ? stack[sp - 4]! : undefined;
  sp -= op === 0xf5 ? 4 : 3;
  if (rules.shanghai && b > BigInt(LIMITS.MAX_INITCODE_SIZE)) {
    // EIP-3860: oversized initcode is an exceptional halt.
    f.error = 'max initcode size exceeded';
    return -1;
  }
  cost = memCost(mem, a, b);
  if (cost !== OOG) {
    if (rules.shanghai) cost += GAS.INITCODE_WORD * words(b);
    if (op === 0xf5) cost += GAS.KECCAK_WORD * words(b);
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return -1;
  }
  gas -= cost;
  memGrow(mem, a, b);
  const initcode = b === 0n ? EMPTY : mem.read(Number(a), Number(b));
  let give: number;
  let giveBank = 0n;
  if (f.bank === 0n) {
    give = rules.tangerine ? gas - Math.floor(gas / 64) : gas;
    gas -= give;
  } else {
    const avail = BigInt(gas) + f.bank;
    const g = splitGas(rules.tangerine ? avail - avail / 64n : avail);
    const rest = splitGas(avail - (BigInt(g.gas) + g.bank));
    give = g.gas;
    giveBank = g.bank;
    gas = rest.gas;
    f.bank = rest.bank;
  }
  if (f.pendingStep !== undefined) flushStep(evm, f, gas);
  const r = evm.create(address, value, initcode, give, f.depth + 1, salt, giveBank);
  if (r.bankLeft !== 0n || gas + r.gasLeft > GAS_SPLIT) {
    const t = splitGas(BigInt(gas) + BigInt(r.gasLeft) + f.bank + r.bankLeft);
    gas = t.gas;
    f.bank = t.bank;
  } else gas += r.gasLeft;
  f.returnData = r.status === STATUS_REVERT ? r.output : EMPTY;
  stack[sp++] = r.status === STATUS_SUCCESS ? BigInt(r.created!) : 0n;
  f.gas = gas;
  return sp;
}

/** CALL / CALLCODE / DELEGATECALL / STATICCALL. Returns the new stack pointer, or -1 after setting `f.error` (exceptional halt). */
function opCall(evm: Evm, f: Frame, op: number, spIn: number): number {
  const stack = f.stack;
  const mem = f.memory;
  const world = evm.world;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let _a: bigint;
  let _b: bigint;
  let cost: number;
  const requested = stack[sp - 1]!;
  const target = addressFromWord(stack[sp - 2]!);
  let value = 0n;
  let k = sp - 3;
  if (op === 0xf1 || op === 0xf2) {
    value = stack[k]!;
    k--;
  }
  const inOff = stack[k]!;
  const inSize = stack[k - 1]!;
  const outOff = stack[k - 2]!;
  const outSize = stack[k - 3]!;
  sp = k - 3;
  if (op === 0xf1 && f.isStatic && value !== 0n) {
    f.error = 'write protection';
    return -1;
  }
  // Memory for the larger of the two regions.
  const c1 = memCost(mem, inOff, inSize);
  const c2 = memCost(mem, outOff, outSize);
  cost = Math.max(c1, c2);
  if (cost !== OOG) {
    if (rules.berlin && !world.accessedAddresses.has(target)) cost += GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ;
    if (value !== 0n && op !== 0xf4 && op !== 0xfa) {
      cost += GAS.CALL_VALUE;
      if (op === 0xf1 && (rules.spurious ? world.isDead(target) : !world.exists(target))) cost += GAS.NEW_ACCOUNT;
    } else if (op === 0xf1 && !rules.spurious && !world.exists(target)) cost += GAS.NEW_ACCOUNT;
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return -1;
  }
  if (rules.berlin) world.warmAddress(target);
  // EIP-7702: calling a delegated account also pays for reading the delegate.
  const delegate = rules.prague ? evm.delegationOf(target) : undefined;
  if (delegate !== undefined) {
    const dc = world.warmAddress(delegate) ? GAS.COLD_ACCOUNT_ACCESS : GAS.WARM_STORAGE_READ;
    cost += dc;
    if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
      f.error = 'out of gas';
      return -1;
    }
  }
  gas -= cost;
  let give: number;
  let giveBank = 0n;
  if (f.bank === 0n) {
    if (rules.tangerine) {
      const cap = gas - Math.floor(gas / 64);
      give = requested < BigInt(cap) ? Number(requested) : cap;
    } else {
      if (requested > BigInt(gas)) {
        f.error = 'out of gas';
        return -1;
      }
      give = Number(requested);
    }
    gas -= give;
  } else {
    const avail = BigInt(gas) + f.bank;
    const cap = rules.tangerine ? avail - avail / 64n : avail;
    if (!rules.tangerine && requested > avail) {
      f.error = 'out of gas';
      return -1;
    }
    const g = splitGas(requested < cap ? requested : cap);
    const rest = splitGas(avail - (BigInt(g.gas) + g.bank));
    give = g.gas;
    giveBank = g.bank;
    gas = rest.gas;
    f.bank = rest.bank;
  }
  memGrow(mem, inOff, inSize);
  memGrow(mem, outOff, outSize);
  if (value !== 0n && (op === 0xf1 || op === 0xf2)) {
    if (give + GAS.CALL_STIPEND > GAS_SPLIT) giveBank += BigInt(GAS.CALL_STIPEND);
    else give += GAS.CALL_STIPEND;
  }
  const input = inSize === 0n ? EMPTY : mem.read(Number(inOff), Number(inSize));
  if (f.pendingStep !== undefined) flushStep(evm, f, gas);
  let r: FrameResult;
  if (op === 0xf1) r = evm.call(CALL, address, target, target, value, input, give, f.isStatic, f.depth + 1, giveBank);
  else if (op === 0xf2)
    r = evm.call(CALLCODE, address, address, target, value, input, give, f.isStatic, f.depth + 1, giveBank);
  else if (op === 0xf4)
    r = evm.call(DELEGATECALL, f.caller, address, target, f.value, input, give, f.isStatic, f.depth + 1, giveBank);
  else r = evm.call(STATICCALL, address, target, target, 0n, input, give, true, f.depth + 1, giveBank);
  if (r.bankLeft !== 0n || gas + r.gasLeft > GAS_SPLIT) {
    const t = splitGas(BigInt(gas) + BigInt(r.gasLeft) + f.bank + r.bankLeft);
    gas = t.gas;
    f.bank = t.bank;
  } else gas += r.gasLeft;
  f.returnData = r.output;
  if (outSize !== 0n && r.output.length > 0) {
    const n = Math.min(Number(outSize), r.output.length);
    mem.buf.set(r.output.subarray(0, n), Number(outOff));
  }
  stack[sp++] = r.status === STATUS_SUCCESS ? 1n : 0n;
  f.gas = gas;
  return sp;
}

/** SELFDESTRUCT (-2: stop normally). Returns the new stack pointer, or -1 after setting `f.error` (exceptional halt). */
function opSelfDestruct(evm: Evm, f: Frame, _op: number, spIn: number): number {
  const stack = f.stack;
  const _mem = f.memory;
  const world = evm.world;
  const rules = evm.rules;
  const address = f.address;
  let sp = spIn;
  let gas = f.gas;
  let _a: bigint;
  let _b: bigint;
  let cost: number;
  // SELFDESTRUCT
  if (f.isStatic) {
    f.error = 'write protection';
    return -1;
  }
  const beneficiary = addressFromWord(stack[--sp]!);
  cost = 0;
  if (rules.berlin && !world.accessedAddresses.has(beneficiary)) cost += GAS.COLD_ACCOUNT_ACCESS;
  const balance = world.account(address).balance;
  if (rules.tangerine) {
    const newAccount = rules.spurious ? world.isDead(beneficiary) && balance !== 0n : !world.exists(beneficiary);
    if (newAccount) cost += GAS.NEW_ACCOUNT;
  }
  if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
    f.error = 'out of gas';
    return -1;
  }
  gas -= cost;
  if (rules.berlin) world.warmAddress(beneficiary);
  evm.selfDestruct(address, beneficiary);
  f.gas = gas;
  return -2;
}

const KECCAK_EMPTY_WORD = wordFromBytes(KECCAK256_EMPTY, 0, 32);
