/**
 * The single-threaded MIPS32 Cannon state (OP@v1.0 `state.go`): memory, pre-image cursor,
 * pc/nextPC/lo/hi, heap, exit status, step counter and 32 registers, plus the buffered partial
 * hint (not part of the witness). The 226-byte witness and the status-prefixed state hash are
 * what the on-chain step contract commits to.
 */
import { keccak256, SizeError } from '@faultline/primitives';
import { STATE_VERSION, VM_STATUS, WITNESS_SIZE } from './constants.js';
import { Memory } from './memory.js';

export type StateVersion = (typeof STATE_VERSION)[keyof typeof STATE_VERSION];

export class MipsState {
  memory: Memory;
  preimageKey: Uint8Array = new Uint8Array(32);
  /** Offset into `u64be(len) ++ preimage`: counts the 8-byte length prefix. */
  preimageOffset = 0;
  pc = 0;
  nextPC = 4;
  lo = 0;
  hi = 0;
  heap = 0;
  exitCode = 0;
  exited = false;
  step = 0;
  /** Registers as int32; read `>>> 0` for the unsigned value. */
  registers = new Int32Array(32);
  /** Hint bytes written to fd 4 that do not yet form a complete `u32be(len) ++ hint` record. */
  lastHint: Uint8Array = new Uint8Array(0);
  /** Binary-format version; 2 (`singlethreaded-2`) additionally answers fcntl F_GETFD. */
  version: StateVersion = STATE_VERSION.SINGLE_THREADED;

  constructor(memory: Memory = new Memory()) {
    this.memory = memory;
  }
}

/**
 * An independent copy of a state (its memory copied with the Merkle tree's hashes, see
 * `Memory.clone`): for keeping snapshots a VM can start from without re-hashing the memory.
 * `reuse`: a state nobody uses any more, whose page buffers the copy takes over.
 */
export function cloneState(s: MipsState, reuse?: MipsState): MipsState {
  const c = new MipsState(s.memory.clone(reuse?.memory));
  copyAllButMemory(c, s);
  return c;
}

/**
 * Makes `dst` equal to `src` in place (see `Memory.restoreFrom`: the memory keeps its pages, so a
 * VM over `dst` keeps its translations).
 */
export function restoreState(dst: MipsState, src: MipsState): void {
  dst.memory.restoreFrom(src.memory);
  copyAllButMemory(dst, src);
}

/** Everything but the memory, from `src` into `dst`; the register file in place (a VM holds it). */
function copyAllButMemory(dst: MipsState, src: MipsState): void {
  dst.preimageKey = src.preimageKey.slice();
  dst.preimageOffset = src.preimageOffset;
  dst.pc = src.pc;
  dst.nextPC = src.nextPC;
  dst.lo = src.lo;
  dst.hi = src.hi;
  dst.heap = src.heap;
  dst.exitCode = src.exitCode;
  dst.exited = src.exited;
  dst.step = src.step;
  dst.registers.set(src.registers);
  dst.lastHint = src.lastHint.slice();
  dst.version = src.version;
}

/** Cannon `vmStatus`: valid/invalid/panic for exit codes 0/1/other, unfinished while running. */
export function vmStatus(exited: boolean, exitCode: number): number {
  if (!exited) return VM_STATUS.UNFINISHED;
  if (exitCode === 0) return VM_STATUS.VALID;
  if (exitCode === 1) return VM_STATUS.INVALID;
  return VM_STATUS.PANIC;
}

/** The 226-byte big-endian witness (`EncodeWitness`). */
export function encodeWitness(s: MipsState, memRoot: Uint8Array = s.memory.merkleRoot()): Uint8Array {
  const out = new Uint8Array(WITNESS_SIZE);
  const dv = new DataView(out.buffer);
  out.set(memRoot, 0);
  out.set(s.preimageKey, 32);
  dv.setUint32(64, s.preimageOffset >>> 0);
  dv.setUint32(68, s.pc >>> 0);
  dv.setUint32(72, s.nextPC >>> 0);
  dv.setUint32(76, s.lo >>> 0);
  dv.setUint32(80, s.hi >>> 0);
  dv.setUint32(84, s.heap >>> 0);
  out[88] = s.exitCode & 0xff;
  out[89] = s.exited ? 1 : 0;
  dv.setBigUint64(90, BigInt(s.step));
  for (let i = 0; i < 32; i++) dv.setUint32(98 + i * 4, s.registers[i]! >>> 0);
  return out;
}

/** Fields of a witness, as the verifier (and `witness` command) sees them. */
export interface WitnessFields {
  memRoot: Uint8Array;
  preimageKey: Uint8Array;
  preimageOffset: number;
  pc: number;
  nextPC: number;
  lo: number;
  hi: number;
  heap: number;
  exitCode: number;
  exited: boolean;
  step: number;
  registers: Uint32Array;
}

export function decodeWitness(w: Uint8Array): WitnessFields {
  if (w.length !== WITNESS_SIZE) throw new SizeError('witness', WITNESS_SIZE, w.length);
  const dv = new DataView(w.buffer, w.byteOffset, w.byteLength);
  const registers = new Uint32Array(32);
  for (let i = 0; i < 32; i++) registers[i] = dv.getUint32(98 + i * 4);
  return {
    memRoot: w.slice(0, 32),
    preimageKey: w.slice(32, 64),
    preimageOffset: dv.getUint32(64),
    pc: dv.getUint32(68),
    nextPC: dv.getUint32(72),
    lo: dv.getUint32(76),
    hi: dv.getUint32(80),
    heap: dv.getUint32(84),
    exitCode: w[88]!,
    exited: w[89] !== 0,
    step: Number(dv.getBigUint64(90)),
    registers,
  };
}

/** keccak256(witness) with byte 0 replaced by the VM status (`StateWitness.StateHash`). */
export function witnessHash(witness: Uint8Array): Uint8Array {
  if (witness.length !== WITNESS_SIZE) throw new SizeError('witness', WITNESS_SIZE, witness.length);
  const h = keccak256(witness);
  // The exited flag and exit code sit at bytes 89 and 88 of the witness.
  h[0] = vmStatus(witness[89] !== 0, witness[88]!);
  return h;
}

export function stateHash(s: MipsState): Uint8Array {
  return witnessHash(encodeWitness(s));
}
