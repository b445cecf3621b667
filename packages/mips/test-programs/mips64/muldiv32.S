# qemu: yes
# mult, multu, div, divu: HI and LO each hold a 32-bit half, sign-extended to 64 bits.
  .include "check.inc"
  START
  li $t0, -2
  li $t1, 3
  mult $t0, $t1
  mfhi $t2
  CHECK $t2, -1
  mflo $t2
  CHECK $t2, -6
  li $t0, -1
  multu $t0, $t0                     # 0xffffffff^2 = 0xfffffffe_00000001
  mfhi $t2
  CHECK $t2, 0xfffffffffffffffe
  mflo $t2
  CHECK $t2, 1
  li $t0, 0x40000000
  li $t1, 4
  mult $t0, $t1                      # 2^32
  mfhi $t2
  CHECK $t2, 1
  mflo $t2
  CHECK $t2, 0
  li $t0, 0x7fffffff
  multu $t0, $t0                     # 0x3fffffff_00000001
  mfhi $t2
  CHECK $t2, 0x3fffffff
  mflo $t2
  CHECK $t2, 1
  li $t0, -7
  li $t1, 2
  div $zero, $t0, $t1
  mflo $t2
  CHECK $t2, -3
  mfhi $t2
  CHECK $t2, -1
  divu $zero, $t0, $t1               # 0xfffffff9 / 2
  mflo $t2
  CHECK $t2, 0x7ffffffc
  mfhi $t2
  CHECK $t2, 1
  li $t0, 0x80000000
  li $t1, 3
  divu $zero, $t0, $t1               # 0x80000000 / 3 = 0x2aaaaaaa rem 2
  mflo $t2
  CHECK $t2, 0x2aaaaaaa
  mfhi $t2
  CHECK $t2, 2
  FINISH
