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
import { keccak256, ON_V8 } from '@faultline/primitives';
import { CALL, type FrameResult, STATUS_HALT, STATUS_SUCCESS, type Tracer } from './context.js';
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
  MOD: 0x06,
  CALLDATASIZE: 0x36,
  PC: 0x58,
  MSIZE: 0x59,
  GAS: 0x5a,
  RETURN: 0xf3,
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
  // Every combination of operand kinds the switch's fast and slow paths distinguish: small
  // integers, numbers of 2^31 and above (not V8 small integers), bigints, mixes of the two,
  // results that overflow 2^32 or 2^256 or go below zero, zero divisors and shift amounts below
  // 32, below 256, at or above 256, and held as bigints.
  const U32 = 0xffffffffn;
  const pairs: [bigint, bigint][] = [
    [3n, 5n],
    [5n, 3n],
    [U32, U32 - 15n],
    [U32 - 15n, 7n],
    [40n, U32],
    [FULL, FULL - 6n],
    [(1n << 200n) + 7n, 0n],
    [(1n << 200n) + 7n, 3n],
    [3n, (1n << 200n) + 7n],
    [300n, 9n],
    [1n << 40n, 9n],
    [(1n << 200n) + 7n, 1n << 31n],
    [1n << 31n, (1n << 200n) + 7n],
    [(1n << 200n) + 7n, 16n],
  ];
  // MLOAD that expands memory (MSTORE below expands it too).
  push(64n);
  c.push(OP.MLOAD, OP.POP);
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
  c.push(OP.JUMP, OP.STOP, OP.JUMPDEST);
  // A few out-of-line instructions, so their shared call site has seen several targets.
  c.push(OP.PC, OP.GAS, OP.MSIZE, OP.MOD, OP.POP, OP.POP);
  // Without calldata the frame ends with STOP, with calldata through RETURN (out of line).
  c.push(OP.CALLDATASIZE);
  push2(c.length + 5);
  c.push(OP.JUMPI, OP.STOP, OP.JUMPDEST, OP.PUSH0, OP.PUSH0, OP.RETURN);
  return Uint8Array.from(c);
}

const HUGE = [0x7f, 0x80, ...new Array<number>(31).fill(0)]; // PUSH32 2^255

/**
 * Programs that end in each exceptional halt of the switch's own code, with the gas they get:
 * out of gas on constant gas and on memory expansion (an unpayable offset), invalid jumps, stack
 * underflow and overflow. Their paths need feedback as much as the successful ones.
 */
const HALTING: readonly [number[], number][] = [
  [[0x5f, 0x5f, 0x01], 5],
  [[...HUGE, 0x51], 1_000_000],
  [[0x5f, ...HUGE, 0x52], 1_000_000],
  [[0x60, 0x03, 0x56, 0x00], 1_000_000],
  [[0x60, 0x01, 0x60, 0x03, 0x57, 0x00], 1_000_000],
  [[0x01], 1_000_000],
  [new Array<number>(1025).fill(0x5f), 1_000_000],
];

const TARGET = '0x00000000000000000000000000000000000f1e1d';
let primed = false;

/**
 * Runs the priming programs once per process (nested calls while they run do nothing). Only
 * under V8: priming shapes its type feedback; elsewhere it would only cost time.
 */
export function primeInterpreter(): void {
  if (primed || !ON_V8) return;
  primed = true;
  const code = primingProgram();
  // Both endings, and gas beyond 2^31 (not a V8 small integer) as transactions may bring.
  for (const [input, gas] of [
    [new Uint8Array(0), 1_000_000],
    [new Uint8Array(1), 2 ** 40],
  ] as const) {
    const r = runPrimingCode(code, undefined, input, gas);
    // A priming program that fails primes nothing useful: a bug here, not a user error.
    if (r.status !== STATUS_SUCCESS) throw new Error(`interpreter priming program failed: ${r.error}`);
  }
  for (const [halting, gas] of HALTING) {
    const r = runPrimingCode(Uint8Array.from(halting), undefined, new Uint8Array(0), gas);
    if (r.status !== STATUS_HALT) throw new Error('interpreter priming: a halting program did not halt');
  }
}

/** One run of the priming program on an otherwise empty Prague state (exported for its test). */
export function runPrimingProgram(tracer: Tracer | undefined, input: Uint8Array, gas: number): FrameResult {
  return runPrimingCode(primingProgram(), tracer, input, gas);
}

/** The halting programs' results (exported for the test). */
export function runHaltingPrograms(): FrameResult[] {
  return HALTING.map(([code, gas]) => runPrimingCode(Uint8Array.from(code), undefined, new Uint8Array(0), gas));
}

function runPrimingCode(code: Uint8Array, tracer: Tracer | undefined, input: Uint8Array, gas: number): FrameResult {
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
  return evm.call(CALL, TARGET, TARGET, TARGET, 0n, input, gas, false, 1);
}
