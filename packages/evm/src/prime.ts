/**
 * Primes the interpreter's type feedback: runs, once per process, a short program that executes
 * every case of the interpreter's switch with small and with full-width words.
 *
 * Why: V8 optimises `interpret` from the feedback it has collected. Code it has never seen run
 * (a switch case, or a bigint op only ever given 64-bit values) is compiled as a deoptimisation
 * point, so the first program that reaches it throws the optimised loop away and it is rebuilt
 * tens of milliseconds later — while the program runs unoptimised. The fault-proof client runs
 * each contract of a block once, so it would hit these one after the other. One pass over every
 * case up front (well under a millisecond) leaves no case without feedback. The out-of-line
 * instructions (`instructions/`) need no priming: each is a small function of its own.
 */
import { keccak256 } from '@faultline/primitives';
import { CALL, type FrameResult, STATUS_SUCCESS, type Tracer } from './context.js';
import { Evm } from './evm.js';
import type { AccountInfo, StateReader } from './state-interface.js';
import { WorldState } from './world-state.js';

const OP = {
  STOP: 0x00,
  ADD: 0x01,
  MUL: 0x02,
  SUB: 0x03,
  DIV: 0x04,
  LT: 0x10,
  GT: 0x11,
  EQ: 0x14,
  ISZERO: 0x15,
  AND: 0x16,
  OR: 0x17,
  XOR: 0x18,
  NOT: 0x19,
  SHL: 0x1b,
  SHR: 0x1c,
  POP: 0x50,
  MLOAD: 0x51,
  MSTORE: 0x52,
  JUMP: 0x56,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  PUSH0: 0x5f,
  DUP1: 0x80,
  SWAP1: 0x90,
} as const;

const FULL = (1n << 256n) - 1n;
const BINARY = [OP.ADD, OP.MUL, OP.SUB, OP.DIV, OP.LT, OP.GT, OP.EQ, OP.AND, OP.OR, OP.XOR, OP.SHL, OP.SHR];

/** The priming bytecode (exported for its test). */
export function primingProgram(): Uint8Array {
  const c: number[] = [];
  const push = (v: bigint): void => {
    if (v === 0n) {
      c.push(OP.PUSH0);
      return;
    }
    const hex = v.toString(16).padStart(2, '0');
    const bytes = hex.length % 2 === 0 ? hex : `0${hex}`;
    const n = bytes.length / 2;
    c.push(0x5f + n);
    for (let i = 0; i < n; i++) c.push(Number.parseInt(bytes.slice(2 * i, 2 * i + 2), 16));
  };
  // Small operands, full-width ones (overflowing ADD/MUL, underflowing SUB), and zero divisors.
  const pairs: [bigint, bigint][] = [
    [3n, 5n],
    [FULL, FULL - 6n],
    [(1n << 200n) + 7n, 0n],
  ];
  for (const [x, y] of pairs) {
    for (const op of BINARY) {
      push(y);
      push(x);
      c.push(op, OP.POP);
    }
    push(x);
    c.push(OP.ISZERO, OP.POP);
    push(x);
    c.push(OP.NOT, OP.POP);
    // MSTORE value x at 0 (the first pass expands memory), MLOAD it back.
    push(x);
    push(0n);
    c.push(OP.MSTORE);
    push(0n);
    c.push(OP.MLOAD, OP.POP);
  }
  // Every PUSH width, then DUP1–16 and SWAP1–16 over 17 stack items.
  for (let n = 1; n <= 32; n++) push((1n << BigInt(8 * n - 1)) | 1n);
  for (let i = 0; i < 32; i++) c.push(OP.POP);
  for (let i = 0; i < 17; i++) push(BigInt(i));
  for (let i = 0; i < 16; i++) c.push(OP.DUP1 + i, OP.POP);
  for (let i = 0; i < 16; i++) c.push(OP.SWAP1 + i);
  for (let i = 0; i < 17; i++) c.push(OP.POP);
  // JUMPI not taken, JUMPI taken, JUMP, each onto a JUMPDEST (destinations as PUSH2).
  const push2 = (v: number): void => {
    c.push(0x61, v >> 8, v & 0xff);
  };
  push(0n);
  push(0n);
  c.push(OP.JUMPI);
  push(1n);
  push2(c.length + 5); // PUSH2 dest, JUMPI, STOP, then the JUMPDEST
  c.push(OP.JUMPI, OP.STOP, OP.JUMPDEST);
  push2(c.length + 5);
  c.push(OP.JUMP, OP.STOP, OP.JUMPDEST, OP.STOP);
  return Uint8Array.from(c);
}

const TARGET = '0x00000000000000000000000000000000000f1e1d';
let primed = false;

/** Runs the priming program once per process (nested calls while it runs do nothing). */
export function primeInterpreter(): void {
  if (primed) return;
  primed = true;
  const r = runPrimingProgram(undefined);
  // A priming program that fails would prime nothing useful: that is a bug here, not a user error.
  if (r.status !== STATUS_SUCCESS) throw new Error(`interpreter priming program failed: ${r.error}`);
}

/** One run of the priming program on an otherwise empty Prague state. */
export function runPrimingProgram(tracer: Tracer | undefined): FrameResult {
  const code = primingProgram();
  const account: AccountInfo = { nonce: 0n, balance: 0n, codeHash: keccak256(code) };
  const reader: StateReader = {
    getAccount: (a) => (a === TARGET ? account : undefined),
    getCode: () => code,
    getStorage: () => 0n,
    getBlockHash: () => undefined,
  };
  const block = {
    number: 1n,
    timestamp: 1n,
    coinbase: TARGET,
    gasLimit: 30_000_000n,
    baseFee: 0n,
    prevRandao: 0n,
    blobBaseFee: 1n,
    chainId: 1n,
  };
  const evm = new Evm({ fork: 'Prague', precompiles: new Map(), block, tracer }, new WorldState(reader));
  return evm.call(CALL, TARGET, TARGET, TARGET, 0n, new Uint8Array(0), 1_000_000, false, 1);
}
