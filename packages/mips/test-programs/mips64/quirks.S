# qemu: no (cannon64's own semantics, where a real MIPS64 traps or is UNPREDICTABLE)
# Rules of exec/mips_instructions.go that the spec's "Compiler Assumptions" allow: no overflow
# traps; 32-bit operations use the low word of any register; lwr that does not load byte 3
# leaves the upper word; sync copies rs into rd; mthi/mult write 0 into rd; the rotate bit of
# srl/dsrl is ignored; REGIMM encodings other than bltz/bgez/bltzal/bgezal never branch.
  .include "check.inc"
  .data
  .align 3
w:    .dword 0x8182838485868788
  START
  li $t0, 0x7fffffff
  li $t1, 1
  add $t2, $t0, $t1                  # overflows: no trap, sign-extended result
  CHECK $t2, 0xffffffff80000000
  addi $t2, $t0, 1
  CHECK $t2, 0xffffffff80000000
  lui $t3, 0x8000
  sub $t2, $t3, $t1
  CHECK $t2, 0x7fffffff
  dli $t0, 0x7fffffffffffffff
  dadd $t2, $t0, $t1
  CHECK $t2, 0x8000000000000000
  daddi $t2, $t0, 1
  CHECK $t2, 0x8000000000000000
  dli $t3, 0x8000000000000000
  dsub $t2, $t3, $t1
  CHECK $t2, 0x7fffffffffffffff
  dli $t0, 0x0000000100000005        # not a sign-extended 32-bit value
  li $t1, 3
  addu $t2, $t0, $t1                 # the low words: 8
  CHECK $t2, 8
  dli $t0, 0xffffffff00000001
  sll $t2, $t0, 1
  CHECK $t2, 2
  dli $t1, 0x1122334455667788
  dla $a1, w
  lwr $t1, 4($a1)                    # one byte (0x85) into the low byte; upper word kept
  CHECK $t1, 0x1122334455667785
  dli $t0, 0x123456789
  li $t1, 7
  .word (0 << 26) | (12 << 21) | (13 << 11) | 0x0f   # sync with rs = $t0 (12), rd = $t1 (13)
  CHECK $t1, 0x123456789
  li $t1, 7
  .word (0 << 26) | (12 << 21) | (13 << 11) | 0x11   # mthi $t0 with rd = $t1
  CHECK $t1, 0
  mfhi $t2
  CHECK $t2, 0x123456789
  li $t1, 7
  li $t2, 3
  .word (0 << 26) | (14 << 21) | (14 << 16) | (13 << 11) | 0x18   # mult $t2,$t2 with rd = $t1
  CHECK $t1, 0
  mflo $t2
  CHECK $t2, 9
  li $t0, 0x12345678
  .word (0 << 26) | (1 << 21) | (12 << 16) | (13 << 11) | (4 << 6) | 0x02   # rotr $t1,$t0,4 = srl
  CHECK $t1, 0x01234567
  dli $t0, 0x123456789abcdef0
  .word (0 << 26) | (1 << 21) | (12 << 16) | (13 << 11) | (4 << 6) | 0x3a   # drotr $t1,$t0,4 = dsrl
  CHECK $t1, 0x0123456789abcdef
  li $t2, 0
  .word (1 << 26) | (0 << 21) | (2 << 16) | 2        # REGIMM rt=2 (bltzl) with rs=$0: never taken
  addiu $t2, $t2, 1
  addiu $t2, $t2, 2
  CHECK $t2, 3
  FINISH
