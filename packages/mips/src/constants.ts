/**
 * Named numbers of the MIPS VM: o32 syscall numbers, the pre-image file descriptors and the fixed addresses of the
 * single-threaded Cannon layout (OP@v1.0 `cannon/mipsevm`). The opcode/funct enums live beside the dispatch loop in
 * `vm.ts`, because the TypeScript transform inlines enum members only within one file.
 */

/** o32 Linux syscall numbers Cannon implements (`$v0`); everything else is a no-op. */
export const SYS = {
  READ: 4003,
  WRITE: 4004,
  BRK: 4045,
  FCNTL: 4055,
  MMAP: 4090,
  CLONE: 4120,
  EXIT_GROUP: 4246,
} as const;

/** File descriptors seen by the program (op-preimage `filechan.go`). */
export const FD = {
  STDIN: 0,
  STDOUT: 1,
  STDERR: 2,
  HINT_READ: 3,
  HINT_WRITE: 4,
  PREIMAGE_READ: 5,
  PREIMAGE_WRITE: 6,
} as const;

/** fcntl commands answered (F_GETFD only from state version 2, `singlethreaded-2`). */
export const FCNTL = { F_GETFD: 1, F_GETFL: 3 } as const;

export const ERRNO = { EBADF: 0x9, EINVAL: 0x16 } as const;

/** Registers with a fixed role in the o32 ABI. */
export const REG = { V0: 2, A0: 4, A1: 5, A2: 6, A3: 7, SP: 29, RA: 31 } as const;

export const PAGE_ADDR_SIZE = 12;
export const PAGE_SIZE = 1 << PAGE_ADDR_SIZE;
export const PAGE_WORDS = PAGE_SIZE / 4;
export const PAGE_COUNT = 1 << (32 - PAGE_ADDR_SIZE);

/** Program-break answer, first mmap address, and the address the stack patch puts `sp` at. */
export const BRK_START = 0x40000000;
export const HEAP_START = 0x05000000;
export const STACK_POINTER = 0x7fffd000;

/** Merkle tree over memory: 2^27 leaves of 32 bytes; a proof is the leaf plus 27 siblings. */
export const MEM_TREE_DEPTH = 27;
export const MEM_PROOF_SIZE = (MEM_TREE_DEPTH + 1) * 32;

/** Witness = memRoot 32, key 32, offset/pc/nextPC/lo/hi/heap 6×4, exit 1, exited 1, step 8, regs 128. */
export const WITNESS_SIZE = 226;

/** Byte 0 of a state hash (Cannon `vmStatus`). */
export const VM_STATUS = { VALID: 0, INVALID: 1, PANIC: 2, UNFINISHED: 3 } as const;

/** Binary state versions this VM reads/writes (cannon `versions`): 0 singlethreaded, 2 + F_GETFD. */
export const STATE_VERSION = { SINGLE_THREADED: 0, SINGLE_THREADED_2: 2 } as const;
