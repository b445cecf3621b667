# qemu: yes
# dadd, daddu, daddi, daddiu, dsub, dsubu: 64-bit two's complement, carries across bit 31.
  .include "check.inc"
  START
  dli $t0, 0x00000000ffffffff
  dli $t1, 0x0000000000000001
  daddu $t2, $t0, $t1
  CHECK $t2, 0x0000000100000000      # carry out of the low word
  dadd $t2, $t0, $t1
  CHECK $t2, 0x0000000100000000
  dli $t0, 0xffffffffffffffff
  daddu $t2, $t0, $t1
  CHECK $t2, 0                       # wraps at 2^64
  daddiu $t2, $zero, -1
  CHECK $t2, 0xffffffffffffffff      # immediate sign-extended to 64 bits
  dli $t0, 0x7fffffff
  daddiu $t2, $t0, 1
  CHECK $t2, 0x0000000080000000      # no 32-bit sign extension
  daddi $t2, $t0, -0x8000
  CHECK $t2, 0x000000007fff7fff
  dli $t0, 0x0000000100000000
  dsubu $t2, $t0, $t1
  CHECK $t2, 0x00000000ffffffff      # borrow into the high word
  dsub $t2, $t1, $t0
  CHECK $t2, 0xffffffff00000001
  dli $t0, 0x123456789abcdef0
  dli $t1, 0x0fedcba987654321
  daddu $t2, $t0, $t1
  CHECK $t2, 0x2222222222222211
  dsubu $t2, $t0, $t1
  CHECK $t2, 0x02468acf13579bcf
  daddu $zero, $t0, $t1
  CHECK $zero, 0                     # writes to $0 are discarded
  FINISH
