# qemu: yes
# sll, srl, sra, sllv, srlv, srav on sign-extended 32-bit values: the 32-bit result is
# sign-extended to 64 bits; the variable forms use the low 5 bits of rs.
  .include "check.inc"
  START
  li $t0, 0x40000001
  sll $t1, $t0, 1
  CHECK $t1, 0xffffffff80000002
  li $t0, 0x7fffffff
  sll $t1, $t0, 0
  CHECK $t1, 0x7fffffff
  lui $t0, 0x8000                    # 0xffffffff80000000
  srl $t1, $t0, 1
  CHECK $t1, 0x40000000
  srl $t1, $t0, 0
  CHECK $t1, 0xffffffff80000000
  sra $t1, $t0, 4
  CHECK $t1, 0xfffffffff8000000
  li $t0, 0x00ff00ff
  sra $t1, $t0, 4
  CHECK $t1, 0x000ff00f
  li $t2, 33
  li $t0, 0x40000001
  sllv $t1, $t0, $t2
  CHECK $t1, 0xffffffff80000002
  lui $t0, 0x8000
  srlv $t1, $t0, $t2
  CHECK $t1, 0x40000000
  srav $t1, $t0, $t2
  CHECK $t1, 0xffffffffc0000000
  li $t2, 31
  srav $t1, $t0, $t2
  CHECK $t1, -1
  srlv $t1, $t0, $t2
  CHECK $t1, 1
  FINISH
