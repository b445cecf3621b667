/**
 * The interpreter loop: one call frame's bytecode (geth `core/vm/interpreter.go`). Before dispatch
 * a generic check reads the fork's jump table for definedness, stack bounds and constant gas; each
 * instruction adds only its dynamic gas. The switch holds the instructions that dominate real
 * loops — stack, jumps, memory words, cheap arithmetic and bitwise ops; everything else is an
 * out-of-line `Instruction` from `instructions/table.ts` (why: see there). Calls and creates
 * recurse through `Evm` (`evm.ts`).
 *
 * Stack design: a preallocated `bigint[]` of 1024 slots per call depth plus an integer stack
 * pointer. Chosen deliberately over a Uint32Array-limb stack: limbs avoid allocation but turn every
 * arithmetic op into hand-written multi-limb code (and MUL/DIV/MULMOD/EXP into long routines),
 * while V8 bigints keep U256 semantics exact with one comparison or mask per wrapping op, and the
 * ops that dominate real code (PUSH from a per-code cache, DUP, SWAP, JUMP*, POP) allocate nothing.
 * Gas is a JS number local to the loop (safe integer; amounts beyond 2^52 live in the frame's
 * `bank`), offsets are converted to numbers only after a range check so huge values OOG instead
 * of wrapping.
 */
import { type FrameResult, STATUS_HALT, STATUS_REVERT, STATUS_SUCCESS } from './context.js';
import type { Evm } from './evm.js';
import { EMPTY, type Frame, flushStep, memCost, memGrow, refill, STOP } from './frame.js';
import { INSTRUCTIONS } from './instructions/table.js';
import { loadWord, MASK, MODULUS, storeWord } from './words.js';

export { Frame, GAS_SPLIT, splitGas } from './frame.js';
export { addressFromWord, wordFromBytes } from './words.js';

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
    stack: f.stack.slice(0, sp),
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
  let a: bigint;
  let b: bigint;
  let cost: number;
  const tracing = evm.config.tracer !== undefined;

  loop: for (;;) {
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
      case 0x10:
        sp--;
        stack[sp - 1] = stack[sp]! < stack[sp - 1]! ? 1n : 0n;
        break;
      case 0x11:
        sp--;
        stack[sp - 1] = stack[sp]! > stack[sp - 1]! ? 1n : 0n;
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
      case 0x5b:
        break;
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
