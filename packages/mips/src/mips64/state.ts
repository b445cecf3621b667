/**
 * The cannon64 state (spec "FPVM State"; `multithreaded/state.go`): memory, pre-image cursor,
 * heap, the LL reservation, exit status, step counters, and the threads as two stacks — the
 * active thread is the top of the right stack when `traverseRight`, else of the left. The
 * 188-byte witness commits to each stack by its hash onion; the state hash is its keccak with
 * byte 0 replaced by the VM status, as for MIPS32.
 *
 * A stack is `base` (a commitment to threads nobody here knows) plus known threads on top. A
 * running VM always has empty bases; the step verifier builds a state from a witness and a thread
 * proof alone, where all it knows of the active stack is its top thread and the root below it.
 */
import { equalBytes, keccak256, SizeError } from '@faultline/primitives';
import { StateFormatError } from '../errors.js';
import { vmStatus } from '../state.js';
import { CANNON64_VERSION, type MtVersion, THREAD_PROOF_SIZE, WITNESS64_SIZE } from './constants.js';
import { Memory64 } from './memory64.js';
import { EMPTY_THREADS_ROOT, encodeThread, type Thread64, threadStackRoot } from './thread.js';

export class Mips64State {
  memory = new Memory64();
  preimageKey: Uint8Array = new Uint8Array(32);
  /** Offset into `u64be(len) ++ preimage` (counts the length prefix). */
  preimageOffset = 0n;
  heap = 0n;
  llStatus = 0;
  llAddress = 0n;
  llOwnerThread = 0n;
  exitCode = 0;
  exited = false;
  step = 0;
  stepsSinceLastContextSwitch = 0;
  traverseRight = false;
  left: Thread64[] = [];
  right: Thread64[] = [];
  /** Commitments below the known threads of each stack (EMPTY_THREADS_ROOT in a running VM). */
  leftBase: Uint8Array = EMPTY_THREADS_ROOT;
  rightBase: Uint8Array = EMPTY_THREADS_ROOT;
  nextThreadId = 1n;
  /** Hint bytes written to fd 4 that do not yet form a complete record (not in the witness). */
  lastHint: Uint8Array = new Uint8Array(0);
  version: MtVersion = CANNON64_VERSION;
  /** 8, or 4 for the 32-bit multithreaded version 5 (parsed and written back only). */
  wordBytes: 4 | 8 = 8;
  /** The `wakeup` word of versions 3 and 4 (written back only). */
  wakeup?: bigint;

  get activeStack(): Thread64[] {
    return this.traverseRight ? this.right : this.left;
  }

  /** Whether nothing lies below the known threads of a stack. */
  baseEmpty(right: boolean): boolean {
    return equalBytes(right ? this.rightBase : this.leftBase, EMPTY_THREADS_ROOT);
  }

  /** Whether a stack holds no thread at all (no known thread and an empty commitment below). */
  stackEmpty(right: boolean): boolean {
    return (right ? this.right : this.left).length === 0 && this.baseEmpty(right);
  }

  /** The active thread; a state without one cannot step (spec "Exceptions"). */
  get current(): Thread64 {
    const s = this.activeStack;
    const t = s[s.length - 1];
    if (t === undefined) throw new StateFormatError('cannon64 state: the active thread stack is empty');
    return t;
  }

  get threadCount(): number {
    return this.left.length + this.right.length;
  }
}

/** A state as `load-elf` makes it: one thread (id 0) at `pc`, the heap at `heap`. */
export function initialState64(pc: bigint, heap: bigint, thread: Thread64): Mips64State {
  const s = new Mips64State();
  thread.pc = pc;
  thread.nextPC = pc + 4n;
  s.heap = heap;
  s.left = [thread];
  s.nextThreadId = thread.id + 1n;
  return s;
}

export function leftRoot(s: Mips64State): Uint8Array {
  return threadStackRoot(s.left, s.leftBase);
}

export function rightRoot(s: Mips64State): Uint8Array {
  return threadStackRoot(s.right, s.rightBase);
}

/** The 188-byte big-endian witness (`EncodeWitness`). */
export function encodeWitness64(s: Mips64State, memRoot: Uint8Array = s.memory.merkleRoot()): Uint8Array {
  if (s.wordBytes !== 8 || s.wakeup !== undefined)
    throw new StateFormatError(`cannon64 state version ${s.version} has no 188-byte witness (only versions 6–8 do)`);
  const out = new Uint8Array(WITNESS64_SIZE);
  const dv = new DataView(out.buffer);
  out.set(memRoot, 0);
  out.set(s.preimageKey, 32);
  dv.setBigUint64(64, s.preimageOffset);
  dv.setBigUint64(72, s.heap);
  out[80] = s.llStatus;
  dv.setBigUint64(81, s.llAddress);
  dv.setBigUint64(89, s.llOwnerThread);
  out[97] = s.exitCode;
  out[98] = s.exited ? 1 : 0;
  dv.setBigUint64(99, BigInt(s.step));
  dv.setBigUint64(107, BigInt(s.stepsSinceLastContextSwitch));
  out[115] = s.traverseRight ? 1 : 0;
  out.set(leftRoot(s), 116);
  out.set(rightRoot(s), 148);
  dv.setBigUint64(180, s.nextThreadId);
  return out;
}

/** Fields of a 188-byte witness. */
export interface Witness64Fields {
  memRoot: Uint8Array;
  preimageKey: Uint8Array;
  preimageOffset: bigint;
  heap: bigint;
  llStatus: number;
  llAddress: bigint;
  llOwnerThread: bigint;
  exitCode: number;
  exited: boolean;
  step: bigint;
  stepsSinceLastContextSwitch: bigint;
  traverseRight: boolean;
  leftThreadStack: Uint8Array;
  rightThreadStack: Uint8Array;
  nextThreadId: bigint;
}

/** Decodes a witness. Booleans other than 0/1 are refused, as MIPS64.sol's `assertExitedIsValid` does. */
export function decodeWitness64(w: Uint8Array): Witness64Fields {
  if (w.length !== WITNESS64_SIZE) throw new SizeError('cannon64 witness', WITNESS64_SIZE, w.length);
  const dv = new DataView(w.buffer, w.byteOffset, w.byteLength);
  const bool = (i: number, what: string) => {
    if (w[i]! > 1) throw new StateFormatError(`cannon64 witness: ${what} must be 0 or 1, got ${w[i]}`);
    return w[i] === 1;
  };
  return {
    memRoot: w.slice(0, 32),
    preimageKey: w.slice(32, 64),
    preimageOffset: dv.getBigUint64(64),
    heap: dv.getBigUint64(72),
    llStatus: w[80]!,
    llAddress: dv.getBigUint64(81),
    llOwnerThread: dv.getBigUint64(89),
    exitCode: w[97]!,
    exited: bool(98, 'exited'),
    step: dv.getBigUint64(99),
    stepsSinceLastContextSwitch: dv.getBigUint64(107),
    traverseRight: bool(115, 'traverseRight'),
    leftThreadStack: w.slice(116, 148),
    rightThreadStack: w.slice(148, 180),
    nextThreadId: dv.getBigUint64(180),
  };
}

/** keccak256(witness) with byte 0 replaced by the VM status (exited at 98, exit code at 97). */
export function witnessHash64(witness: Uint8Array): Uint8Array {
  if (witness.length !== WITNESS64_SIZE) throw new SizeError('cannon64 witness', WITNESS64_SIZE, witness.length);
  const h = keccak256(witness);
  h[0] = vmStatus(witness[98] !== 0, witness[97]!);
  return h;
}

export function stateHash64(s: Mips64State): Uint8Array {
  return witnessHash64(encodeWitness64(s));
}

/** The active thread (298 bytes) and the root of its stack without it (`EncodeThreadProof`). */
export function encodeThreadProof(s: Mips64State): Uint8Array {
  const stack = s.activeStack;
  const t = s.current;
  const out = new Uint8Array(THREAD_PROOF_SIZE);
  encodeThread(t, out, 0);
  out.set(threadStackRoot(stack.slice(0, -1), s.traverseRight ? s.rightBase : s.leftBase), THREAD_PROOF_SIZE - 32);
  return out;
}
