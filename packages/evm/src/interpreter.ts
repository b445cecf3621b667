/**
 * The interpreter loop: one call frame's bytecode (geth `core/vm/interpreter.go`). Before dispatch
 * a generic check reads the fork's jump table for definedness, stack bounds and constant gas; each
 * instruction adds only its dynamic gas. The switch holds the instructions that dominate real
 * loops — stack, jumps, memory words, cheap arithmetic and bitwise ops; everything else is an
 * out-of-line `Instruction` from `instructions/table.ts` (why: see there). Calls and creates
 * recurse through `Evm` (`evm.ts`).
 *
 * Stack design: a preallocated array of 1024 `Word`s per call depth plus an integer stack
 * pointer. A word below 2^32 is a plain JS number, anything larger a bigint (`words.ts`). Real
 * programs mostly compute on small values, which V8 handles inline without allocating; bigints
 * keep the U256 semantics of everything else exact with one comparison or mask per wrapping op.
 * Each hot case takes a number fast path when both operands are numbers and otherwise computes
 * on bigints and re-canonicalises. (Measured: ~2× on small-value workloads such as
 * ten-thousand-hashes and structarray_alloc over an all-bigint stack.)
 * Gas is a JS number local to the loop (safe integer; amounts beyond 2^52 live in the frame's
 * `bank`), offsets are converted to numbers only after a range check so huge values OOG instead
 * of wrapping.
 */
import { type CompiledBlock, ENGINE_COMPILE_THRESHOLD, NEVER, tierOf } from './block-compiler.js';
import { type FrameResult, STATUS_HALT, STATUS_REVERT, STATUS_SUCCESS } from './context.js';
import type { Evm } from './evm.js';
import { EMPTY, type Frame, flushStep, memCost, memGrow, refill, STOP } from './frame.js';
import { INSTRUCTIONS } from './instructions/table.js';
import * as ops from './word-ops.js';
import { big, SMALL_LIMIT, type Word } from './words.js';

const NO_HEAT = new Int32Array(0);
const NO_BLOCKS: CompiledBlock[] = [];

/**
 * EIP-3155: a step is reported with the gas it cost, so it is emitted once that is known — at the
 * next step, at the end of the frame, or (calls and creates) just before the child runs.
 */
function traceStep(evm: Evm, f: Frame, pc: number, op: number, gas: number, sp: number): void {
  flushStep(evm, f, gas);
  f.pendingStep = {
    pc,
    op,
    gas,
    gasCost: evm.table.gas[op]!,
    memSize: f.memory.size,
    stack: f.stack.slice(0, sp).map(big),
    stackLength: sp,
    depth: f.depth,
    returnData: f.returnData,
    refund: evm.world.refund,
  };
}

export function interpret(evm: Evm, f: Frame): FrameResult {
  const code = f.code;
  const codeLen = code.length;
  const jumpdests = f.analysis.jumpdests;
  // PUSH immediates by the opcode's pc >>> 1 (jumpdest.ts `pushImmediate`, inlined in the loop).
  const pushes = f.analysis.pushes;
  const stack = f.stack;
  const mem = f.memory;
  const jt = evm.table;
  const defined = jt.defined;
  const constGas = jt.gas;
  const minStack = jt.minStack;
  const maxStack = jt.maxStack;

  let sp = 0;
  let pc = 0;
  let gas = f.gas;
  let status = STATUS_SUCCESS;
  let error: string | undefined;
  let output: Uint8Array = EMPTY;
  let a: Word;
  let b: Word;
  let cost: number;
  const tracing = evm.config.tracer !== undefined;
  // The block tier (block-compiler.ts); never while tracing, which must see every instruction.
  const threshold = evm.config.compileThreshold ?? ENGINE_COMPILE_THRESHOLD;
  const tier = tracing || threshold === Number.POSITIVE_INFINITY ? undefined : tierOf(f.analysis, jt);
  const heat = tier === undefined ? NO_HEAT : tier.heat;
  const blocks = tier === undefined ? NO_BLOCKS : tier.blocks;

  loop: for (;;) {
    if (tier !== undefined) {
      const k = heat[pc]!;
      if (k < 0) {
        const blk = blocks[~k]!;
        // Otherwise step through it: the instruction that runs out of gas or stack fails here.
        if (gas >= blk.gas && sp >= blk.minSp && sp <= blk.maxSp) {
          f.gas = gas - blk.gas;
          const r = blk.run(stack, sp, mem, evm, f);
          gas = f.gas;
          pc = f.pc;
          if (r >= 0) {
            sp = r;
            continue;
          }
          // Handed back (a memory expansion the block could not pay, an invalid jump): the
          // block gave back the constant gas from that instruction on, and the interpreter
          // executes it now.
          sp = ~r;
        }
      } else if (k < threshold) heat[pc] = k + 1;
      else if (k !== NEVER) {
        tier.compileAt(code, f.analysis, pc);
        continue;
      }
    }
    const op = pc < codeLen ? code[pc]! : 0;
    if (tracing) traceStep(evm, f, pc, op, gas, sp);
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
      // ADD … SHR: the number-word fast path inline, anything else in `word-ops.ts` (the one
      // definition of these operations, shared with compiled blocks).
      case 0x01: {
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' && a + b < SMALL_LIMIT ? a + b : ops.add(a, b);
        break;
      }
      case 0x02: {
        // A double product below 2^32 is exact.
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' && a * b < SMALL_LIMIT ? a * b : ops.mul(a, b);
        break;
      }
      case 0x03: {
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' && a >= b ? a - b : ops.sub(a, b);
        break;
      }
      case 0x04: {
        // The double quotient of two integers below 2^32 never rounds across an integer, so
        // truncating it is exact.
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        if (typeof a === 'number' && typeof b === 'number') stack[sp - 1] = b === 0 ? 0 : (a / b) >>> 0;
        else stack[sp - 1] = ops.div(a, b);
        break;
      }
      case 0x10:
        // LT / GT: `<` and `>` compare numbers and bigints by value.
        sp--;
        stack[sp - 1] = stack[sp]! < stack[sp - 1]! ? 1 : 0;
        break;
      case 0x11:
        sp--;
        stack[sp - 1] = stack[sp]! > stack[sp - 1]! ? 1 : 0;
        break;
      case 0x14:
        // EQ: loose equality is numeric across number and bigint (1 == 1n).
        sp--;
        // biome-ignore lint/suspicious/noDoubleEquals: deliberate cross-type numeric comparison
        stack[sp - 1] = stack[sp]! == stack[sp - 1]! ? 1 : 0;
        break;
      case 0x15:
        // biome-ignore lint/suspicious/noDoubleEquals: deliberate cross-type numeric comparison
        stack[sp - 1] = stack[sp - 1]! == 0 ? 1 : 0;
        break;
      case 0x16:
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' ? (a & b) >>> 0 : ops.and(a, b);
        break;
      case 0x17:
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' ? (a | b) >>> 0 : ops.or(a, b);
        break;
      case 0x18:
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' ? (a ^ b) >>> 0 : ops.xor(a, b);
        break;
      case 0x19:
        stack[sp - 1] = ops.not(stack[sp - 1]!);
        break;
      case 0x1b:
        // SHL: a = shift, b = value.
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = ops.shl(a, b);
        break;
      case 0x1c:
        // SHR: a = shift, b = value.
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp--;
        stack[sp - 1] = typeof a === 'number' && typeof b === 'number' ? (a < 32 ? b >>> a : 0) : ops.shr(a, b);
        break;
      case 0x50:
        sp--;
        break;
      case 0x51: {
        // MLOAD
        a = stack[sp - 1]!;
        // Fast path: inside current memory (a huge offset converts to a huge double, never ≤ size).
        if (Number(a) + 32 > mem.size) {
          cost = memCost(mem, a, 32);
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
          memGrow(mem, a, 32);
        }
        stack[sp - 1] = mem.loadWord(Number(a));
        break;
      }
      case 0x52: {
        // MSTORE
        a = stack[sp - 1]!;
        b = stack[sp - 2]!;
        sp -= 2;
        // Fast path: inside current memory (a huge offset converts to a huge double, never ≤ size).
        if (Number(a) + 32 > mem.size) {
          cost = memCost(mem, a, 32);
          if (gas < cost && (gas = refill(f, gas, cost)) < cost) {
            status = STATUS_HALT;
            error = 'out of gas';
            break loop;
          }
          gas -= cost;
          memGrow(mem, a, 32);
        }
        mem.storeWord(Number(a), b);
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
        // biome-ignore lint/suspicious/noDoubleEquals: a zero condition may be 0 or 0n
        if (b != 0) {
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
      case 0x5b:
        break;
      case 0x5f:
        stack[sp++] = 0;
        break;
      case 0x60:
        stack[sp++] = pushes[(pc - 1) >>> 1]!;
        pc++;
        break;
      case 0x61:
        stack[sp++] = pushes[(pc - 1) >>> 1]!;
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
        stack[sp++] = pushes[(pc - 1) >>> 1]!;
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
      default: {
        f.gas = gas;
        f.pc = pc;
        sp = INSTRUCTIONS[op]!(evm, f, op, sp);
        gas = f.gas;
        if (sp < 0) {
          if (sp === STOP) {
            output = f.output;
            if (f.reverted) status = STATUS_REVERT;
          } else {
            status = STATUS_HALT;
            error = f.error;
          }
          break loop;
        }
      }
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
