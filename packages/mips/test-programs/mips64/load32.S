# qemu: yes
# lb, lbu, lh, lhu, lw, lwl, lwr, sb, sh, sw, swl, swr: 32-bit and smaller accesses in 64-bit
# registers (loads sign- or zero-extend to 64 bits) on a big-endian doubleword.
  .include "check.inc"
  .data
  .align 3
w:    .dword 0x8182838485868788
s:    .dword 0x8182838485868788
  START
  dla $a1, w
  lb $t1, 0($a1)
  CHECK $t1, 0xffffffffffffff81
  lbu $t1, 0($a1)
  CHECK $t1, 0x81
  lb $t1, 6($a1)
  CHECK $t1, 0xffffffffffffff87
  lh $t1, 2($a1)
  CHECK $t1, 0xffffffffffff8384
  lhu $t1, 6($a1)
  CHECK $t1, 0x8788
  lw $t1, 0($a1)
  CHECK $t1, 0xffffffff81828384
  lw $t1, 4($a1)
  CHECK $t1, 0xffffffff85868788
  dli $t1, 0x11223344556677aa
  lwl $t1, 1($a1)                    # bytes 1..3 to the top of the word, the low byte of rt kept
  CHECK $t1, 0xffffffff828384aa
  lwr $t1, 4($a1)                    # with lwl above: the unaligned word at w+1
  CHECK $t1, 0xffffffff82838485
  dli $t1, 0
  lwl $t1, 4($a1)                    # aligned lwl: the whole word, sign-extended
  CHECK $t1, 0xffffffff85868788
  lwr $t1, 3($a1)                    # lwr of byte 3: the whole word, sign-extended
  CHECK $t1, 0xffffffff81828384
  dla $a2, s
  li $t0, 0x99
  sb $t0, 7($a2)
  ld $t1, 0($a2)
  CHECK $t1, 0x8182838485868799
  li $t0, 0xaabb
  sh $t0, 2($a2)
  ld $t1, 0($a2)
  CHECK $t1, 0x8182aabb85868799
  dli $t0, 0x7777777711223344        # only the low word is stored
  sw $t0, 4($a2)
  ld $t1, 0($a2)
  CHECK $t1, 0x8182aabb11223344
  dli $t0, 0x55667788
  swl $t0, 1($a2)                    # top 3 bytes of the word to s+1..3
  ld $t1, 0($a2)
  CHECK $t1, 0x8155667711223344
  swr $t0, 4($a2)                    # low byte to s+4: with swl, the unaligned word at s+1
  ld $t1, 0($a2)
  CHECK $t1, 0x8155667788223344
  FINISH
