# qemu: yes
# The MIPS32 ALU in 64-bit registers: add, addu, addi, addiu, sub, subu sign-extend their 32-bit
# result; and, or, xor, nor are 64-bit; andi, ori, xori zero-extend the immediate; lui
# sign-extends; slt, sltu, slti, sltiu compare all 64 bits (sltiu's immediate is sign-extended,
# then compared unsigned); mul sign-extends; movz/movn test all 64 bits of rt.
  .include "check.inc"
  START
  li $t0, 0x7fffffff
  li $t1, 1
  addu $t2, $t0, $t1
  CHECK $t2, 0xffffffff80000000
  addiu $t2, $t0, 1
  CHECK $t2, 0xffffffff80000000
  li $t3, 5
  li $a4, -3
  add $t2, $t3, $a4
  CHECK $t2, 2
  addi $t2, $a4, 3
  CHECK $t2, 0
  lui $a5, 0x8000                    # 0xffffffff80000000
  subu $t2, $a5, $t1
  CHECK $t2, 0x000000007fffffff
  li $t3, 10
  li $a4, 3
  sub $t2, $t3, $a4
  CHECK $t2, 7
  dli $t0, 0xf0f0f0f00f0f0f0f
  dli $t1, 0xff00ff0000ff00ff
  and $t2, $t0, $t1
  CHECK $t2, 0xf000f000000f000f
  or $t2, $t0, $t1
  CHECK $t2, 0xfff0fff00fff0fff
  xor $t2, $t0, $t1
  CHECK $t2, 0x0ff00ff00ff00ff0
  nor $t2, $t0, $t1
  CHECK $t2, 0x000f000ff000f000
  dli $t0, -1
  andi $t2, $t0, 0x8000
  CHECK $t2, 0x8000
  dli $t0, 0xffffffff00000000
  ori $t2, $t0, 0xffff
  CHECK $t2, 0xffffffff0000ffff
  dli $t0, -1
  xori $t2, $t0, 0xffff
  CHECK $t2, 0xffffffffffff0000
  lui $t2, 0x8000
  CHECK $t2, 0xffffffff80000000
  lui $t2, 0x7fff
  CHECK $t2, 0x7fff0000
  dli $t0, 0xffffffff00000000        # negative, same low word as $t1
  dli $t1, 0x0000000100000000
  slt $t2, $t0, $t1
  CHECK $t2, 1
  sltu $t2, $t0, $t1
  CHECK $t2, 0
  slt $t2, $t1, $t0
  CHECK $t2, 0
  sltu $t2, $t1, $t0
  CHECK $t2, 1
  li $t0, -5
  slti $t2, $t0, -4
  CHECK $t2, 1
  slti $t2, $t0, -5
  CHECK $t2, 0
  li $t0, 5
  sltiu $t2, $t0, -1                 # 5 < 0xffff_ffff_ffff_ffff
  CHECK $t2, 1
  dli $t0, 0xffffffffffff7fff
  sltiu $t2, $t0, 0x8000             # < 0xffff_ffff_ffff_8000
  CHECK $t2, 1
  li $t0, 0x10000
  mul $t2, $t0, $t0                  # 2^32: low word 0
  CHECK $t2, 0
  li $t0, -3
  li $t1, 7
  mul $t2, $t0, $t1
  CHECK $t2, -21
  li $t0, 0x12345
  li $t1, 0x6789
  mul $t2, $t0, $t1
  CHECK $t2, 0x75cca2ed
  dli $t0, 0x1111111111111111
  dli $t1, 0x0000000100000000        # non-zero only in the high word
  li $t2, 7
  movz $t2, $t0, $t1
  CHECK $t2, 7
  movn $t2, $t0, $t1
  CHECK $t2, 0x1111111111111111
  li $t2, 7
  movz $t2, $t0, $zero
  CHECK $t2, 0x1111111111111111
  FINISH
