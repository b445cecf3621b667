# qemu: yes
# dmult, dmultu (128-bit products in HI:LO), ddiv, ddivu (quotient LO, remainder HI, truncation
# toward zero, remainder with the dividend's sign), mfhi, mflo, mthi, mtlo.
  .include "check.inc"
  START
  dli $t0, 0xffffffffffffffff          # -1
  dli $t1, 0xffffffffffffffff
  dmultu $t0, $t1                      # (2^64-1)^2 = 2^128 - 2^65 + 1
  mfhi $t2
  CHECK $t2, 0xfffffffffffffffe
  mflo $t2
  CHECK $t2, 1
  dmult $t0, $t1                       # (-1)(-1) = 1
  mfhi $t2
  CHECK $t2, 0
  mflo $t2
  CHECK $t2, 1
  dli $t0, 0x8000000000000000          # -2^63
  li $t1, 2
  dmult $t0, $t1                       # -2^64
  mfhi $t2
  CHECK $t2, 0xffffffffffffffff
  mflo $t2
  CHECK $t2, 0
  dmultu $t0, $t1                      # 2^64
  mfhi $t2
  CHECK $t2, 1
  mflo $t2
  CHECK $t2, 0
  dli $t0, 0x123456789abcdef0
  dli $t1, 0x0fedcba987654321
  dmultu $t0, $t1
  mfhi $t2
  CHECK $t2, 0x0121fa00ad77d742
  mflo $t2
  CHECK $t2, 0x2236d88fe5618cf0
  dli $t0, -7
  li $t1, 2
  ddiv $zero, $t0, $t1
  mflo $t2
  CHECK $t2, -3
  mfhi $t2
  CHECK $t2, -1
  ddivu $zero, $t0, $t1                # (2^64-7)/2
  mflo $t2
  CHECK $t2, 0x7ffffffffffffffc
  mfhi $t2
  CHECK $t2, 1
  dli $t0, 0x0000001000000000
  dli $t1, 0x0000000000010000
  ddivu $zero, $t0, $t1
  mflo $t2
  CHECK $t2, 0x0000000000100000
  dli $t3, 0x1122334455667788
  mthi $t3
  mfhi $t2
  CHECK $t2, 0x1122334455667788
  mtlo $t3
  mflo $t2
  CHECK $t2, 0x1122334455667788
  FINISH
