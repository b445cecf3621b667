/**
 * cannon64 syscalls (spec "Syscalls"; `multithreaded/mips.go` handleSyscall, `exec/mips_syscalls.go`):
 * a table from n64 syscall number to handler. A handler returns ($v0, $a3) — the VM then writes
 * them and advances the pc — or `DONE` when it has updated the threads itself (exit, clone,
 * yields). Errors are signalled the n64 way: $v0 = errno, $a3 = MaxWord. Numbers in neither this
 * table nor NOOP_SYSCALLS64 are an exception, where single-threaded Cannon did nothing.
 *
 * Memory the syscalls touch goes through `vm.track` (the proof of the doubleword, taken before
 * writing) and `vm.memoryUpdated` (a write drops an LL reservation on that doubleword).
 */
import { FD } from '../constants.js';
import {
  CLOCK,
  EFD_NONBLOCK,
  ERRNO64,
  FD_EVENTFD,
  FUTEX,
  HEAP_END64,
  HZ,
  NOOP_SYSCALLS64,
  PROGRAM_BREAK64,
  SYS64,
  VALID_CLONE_FLAGS,
} from './constants.js';
import { lastThreadRemaining, preemptThread, pushThread } from './scheduler.js';
import { CPU, type Thread64 } from './thread.js';
import type { Mips64VM } from './vm.js';

const MAX_WORD = (1n << 64n) - 1n;
const M64 = MAX_WORD;
/** Registers of the n64 syscall convention. */
const V0 = 2;
const A0 = 4;
const A1 = 5;
const A2 = 6;
const A3 = 7;
const SP = 29;

const DONE = 'done' as const;
type Result = readonly [v0: bigint, a3: bigint] | typeof DONE;
const ok = (v0: bigint): Result => [v0, 0n];
const err = (errno: number): Result => [BigInt(errno), MAX_WORD];

export interface SyscallArgs {
  vm: Mips64VM;
  t: Thread64;
  a0: bigint;
  a1: bigint;
  a2: bigint;
}

/** pc ← nextPC, nextPC ← nextPC + 4 (`HandleSyscallUpdates`, after writing $v0/$a3). */
function advance(t: Thread64, v0: bigint, a3: bigint): void {
  t.setReg(V0, v0);
  t.setReg(A3, a3);
  t.pc = t.nextPC;
  t.nextPC = t.nextPC + 4n;
}

/** sched_yield, nanosleep, futex: return 0 and let the next thread run (spec "Voluntary Preemption"). */
function yieldThread({ vm, t }: SyscallArgs): Result {
  advance(t, 0n, 0n);
  preemptThread(vm.state, t);
  return DONE;
}

/** The 32-bit word at `addr` (4-aligned), through a tracked doubleword read. */
function loadWord32(vm: Mips64VM, addr: bigint): number {
  const d = addr & ~7n;
  vm.track(d);
  const dw = vm.memory.getDoubleword(d);
  return Number((addr & 4n) === 0n ? dw >> 32n : dw & 0xffffffffn);
}

/** Writes `value` at the aligned doubleword `addr` and drops a reservation on it. */
function storeDoubleword(vm: Mips64VM, addr: bigint, value: bigint): void {
  vm.memory.setDoubleword(addr, value);
  vm.memoryUpdated(addr);
}

function mmap({ vm, a0, a1 }: SyscallArgs): Result {
  const s = vm.state;
  let size = a1;
  if ((size & 0xfffn) !== 0n) size = (size + 0x1000n - (size & 0xfffn)) & M64;
  if (a0 !== 0n) return ok(a0); // a hint is honoured as a strict requirement (spec "mmap hints")
  const heap = s.heap;
  const next = (heap + size) & M64;
  // Fail beyond the heap end, on wrap-around of the heap, or when rounding the size wrapped.
  if (next > HEAP_END64 || next < heap || size < a1) return err(ERRNO64.EINVAL);
  s.heap = next;
  return ok(heap);
}

function clone({ vm, t, a0, a1 }: SyscallArgs): Result {
  const s = vm.state;
  if (a0 !== BigInt(VALID_CLONE_FLAGS)) {
    // Anything but the Go runtime's flags ends the program with the panic status.
    s.exited = true;
    s.exitCode = 2;
    return DONE;
  }
  const child = t.clone(s.nextThreadId);
  child.pc = t.nextPC;
  child.nextPC = t.nextPC + 4n;
  child.setReg(SP, a1);
  child.setReg(V0, 0n);
  child.setReg(A3, 0n);
  const tid = s.nextThreadId;
  s.nextThreadId = (s.nextThreadId + 1n) & M64;
  advance(t, tid, 0n);
  pushThread(s, child);
  return DONE;
}

function exitGroup({ vm, a0 }: SyscallArgs): Result {
  vm.state.exited = true;
  vm.state.exitCode = Number(a0 & 0xffn);
  return DONE;
}

function exitThread({ vm, t, a0 }: SyscallArgs): Result {
  const code = Number(a0 & 0xffn);
  t.exited = true;
  t.exitCode = code;
  if (lastThreadRemaining(vm.state)) {
    vm.state.exited = true;
    vm.state.exitCode = code;
  }
  return DONE;
}

/** read(5, buf, n): up to 8 bytes of the pre-image, never crossing the doubleword at `buf`. */
function readPreimage(vm: Mips64VM, a1: bigint, a2: bigint): Result {
  const s = vm.state;
  const addr = a1 & ~7n;
  vm.track(addr);
  const mem = vm.memory.getDoubleword(addr);
  const buf = vm.preimageBuffer(s.preimageKey);
  const offset = s.preimageOffset;
  vm.lastPreimageOffset = offset;
  if (offset >= BigInt(buf.length))
    vm.fail(`pre-image offset ${offset} out of bounds (length ${buf.length})`, s.current, 0);
  const off = Number(offset);
  const alignment = Number(a1 & 7n);
  let n = Math.min(buf.length - off, 32, 8 - alignment);
  if (a2 < BigInt(n)) n = Number(a2);
  let v = mem;
  for (let i = 0; i < n; i++) {
    const sh = BigInt(56 - (alignment + i) * 8);
    v = (v & ~(0xffn << sh)) | (BigInt(buf[off + i]!) << sh);
  }
  storeDoubleword(vm, addr, v);
  s.preimageOffset = offset + BigInt(n);
  return ok(BigInt(n));
}

function read({ vm, a0, a1, a2 }: SyscallArgs): Result {
  switch (a0) {
    case BigInt(FD.STDIN):
      return ok(0n);
    case BigInt(FD.PREIMAGE_READ):
      return readPreimage(vm, a1, a2);
    case BigInt(FD.HINT_READ):
      // The ack is not modelled: pretend everything was read.
      return ok(a2);
    case BigInt(FD_EVENTFD):
      return err(ERRNO64.EAGAIN);
    default:
      return err(ERRNO64.EBADF);
  }
}

/** Output to stdout/stderr is for debugging only; at most this much of one write is shown. */
const MAX_ECHO = 1 << 20;

/** Appends to the partial-hint buffer and emits every complete `u32be(len) ++ hint` record. */
function bufferHint(vm: Mips64VM, data: Uint8Array): void {
  const s = vm.state;
  let buf = new Uint8Array(s.lastHint.length + data.length);
  buf.set(s.lastHint, 0);
  buf.set(data, s.lastHint.length);
  while (buf.length >= 4) {
    const len = ((buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!) >>> 0;
    if (len > buf.length - 4) break;
    vm.oracle.hint(buf.slice(4, 4 + len));
    buf = buf.slice(4 + len);
  }
  s.lastHint = buf;
}

function write({ vm, a0, a1, a2 }: SyscallArgs): Result {
  const s = vm.state;
  switch (a0) {
    case BigInt(FD.STDOUT):
    case BigInt(FD.STDERR): {
      const sink = a0 === BigInt(FD.STDOUT) ? vm.options.stdout : vm.options.stderr;
      if (sink) sink(vm.memory.readRange(a1, Number(a2 < BigInt(MAX_ECHO) ? a2 : BigInt(MAX_ECHO))));
      return ok(a2);
    }
    case BigInt(FD.HINT_WRITE):
      bufferHint(vm, vm.memory.readRange(a1, Number(a2)));
      return ok(a2);
    case BigInt(FD.PREIMAGE_WRITE): {
      const addr = a1 & ~7n;
      vm.track(addr);
      const mem = vm.memory.getDoubleword(addr);
      const alignment = Number(a1 & 7n);
      const n = a2 < BigInt(8 - alignment) ? Number(a2) : 8 - alignment;
      const key = s.preimageKey;
      key.copyWithin(0, n);
      for (let i = 0; i < n; i++) key[32 - n + i] = Number((mem >> BigInt(56 - (alignment + i) * 8)) & 0xffn);
      s.preimageOffset = 0n;
      return ok(BigInt(n));
    }
    case BigInt(FD_EVENTFD):
      // The counter is always full: a write never completes.
      return err(ERRNO64.EAGAIN);
    default:
      return err(ERRNO64.EBADF);
  }
}

function fcntl({ a0, a1 }: SyscallArgs): Result {
  const fd = a0 <= 6n ? Number(a0) : -1;
  if (a1 === 1n) return fd >= 0 ? ok(0n) : err(ERRNO64.EBADF); // F_GETFD: no flags
  if (a1 === 3n) {
    // F_GETFL: O_RDONLY for the read ends, O_WRONLY for the write ends.
    if (fd === FD.STDIN || fd === FD.PREIMAGE_READ || fd === FD.HINT_READ) return ok(0n);
    if (fd === FD.STDOUT || fd === FD.STDERR || fd === FD.PREIMAGE_WRITE || fd === FD.HINT_WRITE) return ok(1n);
    return err(ERRNO64.EBADF);
  }
  return err(ERRNO64.EINVAL);
}

function futex(args: SyscallArgs): Result {
  const { vm, a0, a1, a2 } = args;
  if (a1 === BigInt(FUTEX.WAIT_PRIVATE)) {
    // The futex value is 32-bit: the address is 4-aligned first. A changed value means EAGAIN;
    // otherwise the thread just yields and re-checks when it runs again (spec "Wait").
    const value = loadWord32(vm, a0 & ~3n);
    if (value !== Number(a2 & 0xffffffffn)) return err(ERRNO64.EAGAIN);
    return yieldThread(args);
  }
  if (a1 === BigInt(FUTEX.WAKE_PRIVATE)) return yieldThread(args);
  return err(ERRNO64.EINVAL);
}

/** clock_gettime: seconds and nanoseconds from the step count at HZ steps per second (realtime = 0). */
function clockGettime({ vm, a0, a1 }: SyscallArgs): Result {
  if (a0 !== BigInt(CLOCK.REALTIME) && a0 !== BigInt(CLOCK.MONOTONIC)) return err(ERRNO64.EINVAL);
  let secs = 0n;
  let nsecs = 0n;
  if (a0 === BigInt(CLOCK.MONOTONIC)) {
    const step = BigInt(vm.state.step);
    secs = step / BigInt(HZ);
    nsecs = (step % BigInt(HZ)) * BigInt(1_000_000_000 / HZ);
  }
  const addr = a1 & ~7n;
  vm.track(addr);
  storeDoubleword(vm, addr, secs);
  const addr2 = (addr + 8n) & M64;
  vm.track2(addr2);
  storeDoubleword(vm, addr2, nsecs);
  return ok(0n);
}

/** splitmix64 (https://prng.di.unimi.it/splitmix64.c), the generator behind getrandom. */
export function splitmix64(seed: bigint): bigint {
  let z = (seed + 0x9e3779b97f4a7c15n) & M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** getrandom: splitmix64(step) into the buffer, at most up to the end of its doubleword. */
function getrandom({ vm, a0, a1 }: SyscallArgs): Result {
  const addr = a0 & ~7n;
  vm.track(addr);
  const mem = vm.memory.getDoubleword(addr);
  const random = splitmix64(BigInt(vm.state.step));
  const index = a0 - addr;
  const count = a1 < 8n - index ? a1 : 8n - index;
  const mask = ((((1n << (count * 8n)) - 1n) << ((8n - count) * 8n)) & M64) >> (index * 8n);
  storeDoubleword(vm, addr, (mem & ~mask & M64) | (random & mask));
  return ok(count);
}

function eventfd2({ a1 }: SyscallArgs): Result {
  // Only the non-blocking kind exists (reads and writes answer EAGAIN).
  return (a1 & BigInt(EFD_NONBLOCK)) === 0n ? err(ERRNO64.EINVAL) : ok(BigInt(FD_EVENTFD));
}

/** Handlers by syscall number. */
const HANDLERS: ReadonlyMap<number, (a: SyscallArgs) => Result> = new Map<number, (a: SyscallArgs) => Result>([
  [SYS64.MMAP, mmap],
  [SYS64.BRK, () => ok(PROGRAM_BREAK64)],
  [SYS64.CLONE, clone],
  [SYS64.EXIT_GROUP, exitGroup],
  [SYS64.READ, read],
  [SYS64.WRITE, write],
  [SYS64.FCNTL, fcntl],
  [SYS64.GETTID, ({ t }) => ok(t.id)],
  [SYS64.EXIT, exitThread],
  [SYS64.FUTEX, futex],
  [SYS64.SCHED_YIELD, yieldThread],
  [SYS64.NANOSLEEP, yieldThread],
  [SYS64.OPEN, () => err(ERRNO64.EBADF)],
  [SYS64.CLOCK_GETTIME, clockGettime],
  [SYS64.GETPID, () => ok(0n)],
  [SYS64.GETRANDOM, getrandom],
  [SYS64.EVENTFD2, eventfd2],
  ...Object.keys(NOOP_SYSCALLS64).map((k) => [Number(k), () => ok(0n)] as [number, (a: SyscallArgs) => Result]),
]);

/** Executes the syscall of the active thread `t` (its pc is at the `syscall`; the step is counted). */
export function handleSyscall(vm: Mips64VM, t: Thread64): void {
  const num = t.reg(V0);
  const handler = num < 0x1_0000_0000n ? HANDLERS.get(Number(num)) : undefined;
  if (handler === undefined) vm.fail(`unsupported syscall ${num}`, t, 0x0000000c);
  const r = handler({ vm, t, a0: t.reg(A0), a1: t.reg(A1), a2: t.reg(A2) });
  if (r !== DONE) advance(t, r[0], r[1]);
}

/** The pc of a thread as a number when below 2^53 (for messages). */
export function pcOf(t: Thread64): number {
  return (t.cpu[CPU.PC_HI]! >>> 0) * 0x1_0000_0000 + (t.cpu[CPU.PC_LO]! >>> 0);
}
