/**
 * Named numbers of cannon64, the multithreaded MIPS64 Cannon (specs `cannon-fault-proof-vm.md`,
 * "Multithreaded Cannon", 2026; optimism `cannon/mipsevm/arch/arch64.go`, `exec/mips_syscalls.go`):
 * n64 syscall numbers, error numbers, the fixed addresses of the 64-bit layout, the scheduler's
 * quantum and clock, the sizes of the witnesses, and the state versions.
 */

/** n64 Linux syscall numbers the VM implements (Linux `arch/mips/kernel/syscalls/syscall_n64.tbl`). */
export const SYS64 = {
  READ: 5000,
  WRITE: 5001,
  OPEN: 5002,
  MMAP: 5009,
  BRK: 5012,
  SCHED_YIELD: 5023,
  NANOSLEEP: 5034,
  GETPID: 5038,
  CLONE: 5055,
  EXIT: 5058,
  FCNTL: 5070,
  GETTID: 5178,
  FUTEX: 5194,
  EXIT_GROUP: 5205,
  CLOCK_GETTIME: 5222,
  EVENTFD2: 5284,
  GETRANDOM: 5313,
} as const;

/**
 * The spec's "Noop Syscalls": the VM only zeroes $v0 and $a3 and advances. Every number that is
 * neither here nor in SYS64 is an exception (the spec's "Robustness": unknown syscalls used to be
 * no-ops in single-threaded Cannon).
 */
export const NOOP_SYSCALLS64: Readonly<Record<number, string>> = {
  5011: 'munmap',
  5010: 'mprotect',
  5196: 'sched_getaffinity',
  5027: 'madvise',
  5014: 'rt_sigprocmask',
  5129: 'sigaltstack',
  5013: 'rt_sigaction',
  5297: 'prlimit64',
  5003: 'close',
  5016: 'pread64',
  5004: 'stat',
  5005: 'fstat',
  5247: 'openat',
  5087: 'readlink',
  5257: 'readlinkat',
  5015: 'ioctl',
  5285: 'epoll_create1',
  5287: 'pipe2',
  5208: 'epoll_ctl',
  5272: 'epoll_pwait',
  5061: 'uname',
  5100: 'getuid',
  5102: 'getgid',
  5026: 'mincore',
  5225: 'tgkill',
  5095: 'getrlimit',
  5008: 'lseek',
  5036: 'setitimer',
  5216: 'timer_create',
  5217: 'timer_settime',
  5220: 'timer_delete',
};

/** The eventfd2 file descriptor (always 100: only one, non-blocking, never signalled). */
export const FD_EVENTFD = 100;
/** eventfd2 flag the VM requires (Go's `EFD_NONBLOCK` for mips64). */
export const EFD_NONBLOCK = 0x80;

/** Linux/MIPS errno values the VM returns in $v0 (with $a3 = MaxWord as the error flag). */
export const ERRNO64 = { EBADF: 0x9, EAGAIN: 0xb, EINVAL: 0x16 } as const;

/** FUTEX_WAIT_PRIVATE / FUTEX_WAKE_PRIVATE, the only futex operations supported. */
export const FUTEX = { WAIT_PRIVATE: 128, WAKE_PRIVATE: 129 } as const;

/** clone(2) flags accepted: exactly what the Go runtime passes (CLONE_VM|FS|FILES|SIGHAND|SYSVSEM|THREAD). */
export const VALID_CLONE_FLAGS = 0x50f00;

/** clock_gettime clock ids answered. */
export const CLOCK = { REALTIME: 0, MONOTONIC: 1 } as const;

/** Steps a thread runs before it is preempted (spec "Forced Preemption"). */
export const SCHED_QUANTUM = 100_000;
/** Assumed steps per second of the deterministic clock (spec, clock_gettime). */
export const HZ = 10_000_000;

/** The 64-bit address layout (arch64.go). */
export const PROGRAM_BREAK64 = 0x0000_4000_0000_0000n;
export const HEAP_START64 = 0x0000_1000_0000_0000n;
export const HEAP_END64 = 0x0000_6000_0000_0000n;
/** Where the stack patch puts `sp` (arch64.go HighMemoryStart). */
export const STACK_POINTER64 = 0x0000_7fff_ffff_f000n;
/** Program segments must end below 2^48 (user programs pack pointers into 48 bits). */
export const ADDRESS_LIMIT64 = 2n ** 48n;

/** Memory tree: 64-bit addresses, 32-byte leaves → depth 59; a proof is the leaf plus 59 siblings. */
export const MEM64_TREE_DEPTH = 59;
export const MEM64_PROOF_SIZE = (MEM64_TREE_DEPTH + 1) * 32;
/** Bits of a page index (4 KiB pages of a 64-bit space). */
export const PAGE64_KEY_BITS = 52;

/** Witness: memRoot, key, offset 8, heap 8, llStatus 1, llAddress 8, llOwner 8, exit 1, exited 1, step 8, steps since switch 8, traverseRight 1, two stack roots, nextThreadID 8. */
export const WITNESS64_SIZE = 188;
/** A thread: id 8, exitCode 1, exited 1, pc, nextPC, lo, hi 8 each, 32 registers of 8. */
export const THREAD64_SIZE = 298;
/** Thread proof: the active thread and the root of its stack without it. */
export const THREAD_PROOF_SIZE = THREAD64_SIZE + 32;
/** Step proof data: thread proof, instruction proof, first and second memory proofs. */
export const STEP_PROOF64_SIZE = THREAD_PROOF_SIZE + 3 * MEM64_PROOF_SIZE;

/** LL reservation status (spec "Load Linked / Store Conditional"). */
export const LL_STATUS = { NONE: 0, ACTIVE_32: 1, ACTIVE_64: 2 } as const;

/**
 * Binary state versions of multithreaded Cannon (`versions/version.go`). Version 8 is the one the
 * spec describes and MIPS64.sol 1.10 accepts; 3, 4, 6, 7 (64-bit) and 5 (32-bit) are read and
 * written back for inspection but not run.
 */
export const MT_VERSION = {
  MULTITHREADED64: 3,
  MULTITHREADED64_2: 4,
  MULTITHREADED_2: 5,
  MULTITHREADED64_3: 6,
  MULTITHREADED64_4: 7,
  MULTITHREADED64_5: 8,
} as const;
export type MtVersion = (typeof MT_VERSION)[keyof typeof MT_VERSION];

/** The version this VM executes. */
export const CANNON64_VERSION = MT_VERSION.MULTITHREADED64_5;

/** Upstream's names for the versions (`--type` of load-elf). */
export const MT_VERSION_NAMES: Readonly<Record<MtVersion, string>> = {
  3: 'multithreaded64',
  4: 'multithreaded64-2',
  5: 'multithreaded-2',
  6: 'multithreaded64-3',
  7: 'multithreaded64-4',
  8: 'multithreaded64-5',
};

/** keccak256(0^32 ++ 0^32): the root of an empty thread stack. */
export const EMPTY_THREADS_ROOT_HEX = '0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5';
