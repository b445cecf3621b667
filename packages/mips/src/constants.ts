/**
 * Every number the MIPS VM dispatches on, by name: opcodes, SPECIAL/SPECIAL2/REGIMM functs,
 * o32 syscall numbers, the pre-image file descriptors and the fixed addresses of the
 * single-threaded Cannon layout (OP@v1.0 `cannon/mipsevm`, MIPS32 Architecture Vol. II).
 */

/** Primary opcodes (bits 31..26). */
export const OP = {
  SPECIAL: 0x00,
  REGIMM: 0x01,
  J: 0x02,
  JAL: 0x03,
  BEQ: 0x04,
  BNE: 0x05,
  BLEZ: 0x06,
  BGTZ: 0x07,
  ADDI: 0x08,
  ADDIU: 0x09,
  SLTI: 0x0a,
  SLTIU: 0x0b,
  ANDI: 0x0c,
  ORI: 0x0d,
  XORI: 0x0e,
  LUI: 0x0f,
  SPECIAL2: 0x1c,
  LB: 0x20,
  LH: 0x21,
  LWL: 0x22,
  LW: 0x23,
  LBU: 0x24,
  LHU: 0x25,
  LWR: 0x26,
  SB: 0x28,
  SH: 0x29,
  SWL: 0x2a,
  SW: 0x2b,
  SWR: 0x2e,
  LL: 0x30,
  SC: 0x38,
} as const;

/** SPECIAL (opcode 0) function field (bits 5..0). */
export const FN = {
  SLL: 0x00,
  SRL: 0x02,
  SRA: 0x03,
  SLLV: 0x04,
  SRLV: 0x06,
  SRAV: 0x07,
  JR: 0x08,
  JALR: 0x09,
  MOVZ: 0x0a,
  MOVN: 0x0b,
  SYSCALL: 0x0c,
  BREAK: 0x0d,
  SYNC: 0x0f,
  MFHI: 0x10,
  MTHI: 0x11,
  MFLO: 0x12,
  MTLO: 0x13,
  MULT: 0x18,
  MULTU: 0x19,
  DIV: 0x1a,
  DIVU: 0x1b,
  ADD: 0x20,
  ADDU: 0x21,
  SUB: 0x22,
  SUBU: 0x23,
  AND: 0x24,
  OR: 0x25,
  XOR: 0x26,
  NOR: 0x27,
  SLT: 0x2a,
  SLTU: 0x2b,
} as const;

/** SPECIAL2 (opcode 0x1C) function field. */
export const FN2 = { MUL: 0x02, CLZ: 0x20, CLO: 0x21 } as const;

/** REGIMM (opcode 1) rt field. */
export const RT_REGIMM = { BLTZ: 0x00, BGEZ: 0x01 } as const;

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
