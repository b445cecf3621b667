/**
 * A cannon64 thread (spec "Thread State"): id, exit code, exited, pc, nextPC, lo, hi and 32
 * registers, all 64-bit. The interpreter keeps every 64-bit value as two int32 halves in typed
 * arrays — exact, allocation-free and what V8 optimises best — and turns them into bigints only
 * at the edges (encoding, syscalls that compute with addresses, tests). A thread's 298-byte
 * encoding, its hash and the "hash onion" over a stack of threads live here too.
 */
import { keccak256 } from '@faultline/primitives';
import { hashPair } from '../merkle.js';
import { THREAD64_SIZE } from './constants.js';

/** Offsets into `Thread64.cpu`. */
export const CPU = { PC_HI: 0, PC_LO: 1, NEXT_HI: 2, NEXT_LO: 3, LO_HI: 4, LO_LO: 5, HI_HI: 6, HI_LO: 7 } as const;

/** Futex bookkeeping of threads in state versions 3 and 4 (dropped in version 6), kept only to re-encode them. */
export interface LegacyFutex {
  futexAddr: bigint;
  futexVal: bigint;
  futexTimeoutStep: bigint;
}

const M64 = (1n << 64n) - 1n;

export class Thread64 {
  exitCode = 0;
  exited = false;
  /** pc, nextPC, lo, hi as int32 halves (see `CPU`). */
  readonly cpu = new Int32Array(8);
  /** Register r: high half at 2r, low half at 2r + 1. */
  readonly regs = new Int32Array(64);
  legacy?: LegacyFutex;

  constructor(public id: bigint = 0n) {}

  reg(r: number): bigint {
    return (BigInt(this.regs[2 * r]! >>> 0) << 32n) | BigInt(this.regs[2 * r + 1]! >>> 0);
  }

  setReg(r: number, v: bigint): void {
    const x = v & M64;
    this.regs[2 * r] = Number(x >> 32n);
    this.regs[2 * r + 1] = Number(x & 0xffffffffn);
  }

  private cpuGet(i: number): bigint {
    return (BigInt(this.cpu[i]! >>> 0) << 32n) | BigInt(this.cpu[i + 1]! >>> 0);
  }

  private cpuSet(i: number, v: bigint): void {
    const x = v & M64;
    this.cpu[i] = Number(x >> 32n);
    this.cpu[i + 1] = Number(x & 0xffffffffn);
  }

  get pc(): bigint {
    return this.cpuGet(CPU.PC_HI);
  }
  set pc(v: bigint) {
    this.cpuSet(CPU.PC_HI, v);
  }
  get nextPC(): bigint {
    return this.cpuGet(CPU.NEXT_HI);
  }
  set nextPC(v: bigint) {
    this.cpuSet(CPU.NEXT_HI, v);
  }
  get lo(): bigint {
    return this.cpuGet(CPU.LO_HI);
  }
  set lo(v: bigint) {
    this.cpuSet(CPU.LO_HI, v);
  }
  get hi(): bigint {
    return this.cpuGet(CPU.HI_HI);
  }
  set hi(v: bigint) {
    this.cpuSet(CPU.HI_HI, v);
  }

  clone(id: bigint): Thread64 {
    const t = new Thread64(id);
    t.cpu.set(this.cpu);
    t.regs.set(this.regs);
    return t;
  }
}

/** The 298-byte big-endian encoding (`serializeThread`): id, exitCode, exited, pc, nextPC, lo, hi, registers. */
export function encodeThread(t: Thread64, out: Uint8Array = new Uint8Array(THREAD64_SIZE), off = 0): Uint8Array {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  dv.setBigUint64(off, t.id);
  out[off + 8] = t.exitCode;
  out[off + 9] = t.exited ? 1 : 0;
  for (let i = 0; i < 8; i++) dv.setUint32(off + 10 + 4 * i, t.cpu[i]! >>> 0);
  for (let i = 0; i < 64; i++) dv.setUint32(off + 42 + 4 * i, t.regs[i]! >>> 0);
  return out;
}

/** A thread from its 298-byte encoding; `exited` must be 0 or 1. */
export function decodeThread(b: Uint8Array, off = 0): Thread64 {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const t = new Thread64(dv.getBigUint64(off));
  t.exitCode = b[off + 8]!;
  const exited = b[off + 9]!;
  if (exited > 1) throw new RangeError(`thread exited flag must be 0 or 1, got ${exited}`);
  t.exited = exited === 1;
  for (let i = 0; i < 8; i++) t.cpu[i] = dv.getInt32(off + 10 + 4 * i);
  for (let i = 0; i < 64; i++) t.regs[i] = dv.getInt32(off + 42 + 4 * i);
  return t;
}

export function threadHash(t: Thread64): Uint8Array {
  return keccak256(encodeThread(t));
}

/** keccak256(0^32 ++ 0^32), the commitment to an empty thread stack. */
export const EMPTY_THREADS_ROOT: Uint8Array = hashPair(new Uint8Array(32), new Uint8Array(32));

/** push(c, t) = keccak256(c ++ keccak256(thread)) (spec "Thread Stack Hashing"). */
export function pushThreadRoot(root: Uint8Array, t: Thread64): Uint8Array {
  return hashPair(root, threadHash(t));
}

/** The commitment to `threads` (bottom first) pushed onto a stack whose commitment is `base`. */
export function threadStackRoot(threads: readonly Thread64[], base: Uint8Array = EMPTY_THREADS_ROOT): Uint8Array {
  let root = base;
  for (const t of threads) root = pushThreadRoot(root, t);
  return root;
}
