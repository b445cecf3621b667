# qemu: yes
# beq, bne, blez, bgtz, bltz, bgez, bltzal, bgezal, j, jal, jr, jalr: comparisons use all 64 bits;
# the delay slot runs before the target; the link registers hold the address after the delay slot.
  .include "check.inc"
  START
  dli $t0, 0x0000000100000005
  dli $t1, 0x0000000200000005        # same low word
  li $t2, 0
  beq $t0, $t1, 1f                   # not taken: the high words differ
  addiu $t2, $t2, 1                  # delay slot runs either way
  addiu $t2, $t2, 10
1:
  CHECK $t2, 11
  li $t2, 0
  bne $t0, $t1, 1f                   # taken
  addiu $t2, $t2, 1
  addiu $t2, $t2, 10
1:
  CHECK $t2, 1
  li $t2, 0
  beq $t0, $t0, 1f
  addiu $t2, $t2, 2
  addiu $t2, $t2, 10
1:
  CHECK $t2, 2
  dli $t3, 0x0000000080000000        # positive as a 64-bit value
  li $t2, 0
  bltz $t3, 1f
  nop
  addiu $t2, $t2, 1
1:
  bgtz $t3, 1f
  nop
  addiu $t2, $t2, 10
1:
  blez $zero, 1f
  nop
  addiu $t2, $t2, 100
1:
  blez $t0, 1f
  nop
  addiu $t2, $t2, 1000
1:
  dli $t3, 0xffffffff00000000        # negative
  bgez $t3, 1f
  nop
  addiu $t2, $t2, 10000
1:
  bltz $t3, 1f
  nop
  addiu $t2, $t2, 20000
1:
  bgez $zero, 1f
  nop
  addiu $t2, $t2, 30000
1:
  CHECK $t2, 11001
  bgezal $zero, 2f                   # taken; $ra = address after the delay slot
  nop
1:
  b 3f
  nop
2:
  CHECK_ADDR $ra, 1b
  move $ra, $zero
  li $t3, 1
  bltzal $t3, 3f                     # not taken, but $ra is still set
  nop
4:
  CHECK_ADDR $ra, 4b
3:
  li $t2, 0
  jal 5f
  addiu $t2, $t2, 1                  # delay slot of jal
6:
  b 7f
  nop
5:
  CHECK_ADDR $ra, 6b
  CHECK $t2, 1
  jr $ra
  addiu $t2, $t2, 2                  # delay slot of jr
7:
  CHECK $t2, 3
  dla $t3, 8f
  jalr $a4, $t3
  addiu $t2, $t2, 4
9:
  j 10f
  nop
8:
  CHECK_ADDR $a4, 9b
  CHECK $t2, 7
  jr $a4
  nop
10:
  j 11f
  li $t2, 12
  li $t2, 13
11:
  CHECK $t2, 12
  FINISH
