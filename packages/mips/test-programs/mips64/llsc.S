# qemu: no (real hardware may keep a reservation across a store by the same CPU)
# ll/sc and lld/scd with cannon64's reservation: status 1 (ll) or 2 (lld), the exact address and
# the owner thread; any write to the reserved doubleword clears it; sc/scd return 1 or 0.
  .include "check.inc"
  .data
  .align 3
x:    .dword 0x1111111122222222
y:    .dword 0
  START
  dla $a1, x
  ll $t0, 4($a1)
  CHECK $t0, 0x22222222
  li $t1, 0x33
  sc $t1, 4($a1)                     # reservation intact: stores, returns 1
  CHECK $t1, 1
  ld $t2, 0($a1)
  CHECK $t2, 0x1111111100000033
  li $t1, 0x44
  sc $t1, 4($a1)                     # the reservation was used up
  CHECK $t1, 0
  ld $t2, 0($a1)
  CHECK $t2, 0x1111111100000033
  ll $t0, 4($a1)
  sw $zero, 0($a1)                   # another word of the same doubleword: clears
  li $t1, 0x55
  sc $t1, 4($a1)
  CHECK $t1, 0
  ll $t0, 4($a1)
  dla $a2, y
  sd $zero, 0($a2)                   # another doubleword: kept
  li $t1, 0x66
  sc $t1, 4($a1)
  CHECK $t1, 1
  ll $t0, 4($a1)
  li $t1, 0x77
  sc $t1, 0($a1)                     # not the reserved address
  CHECK $t1, 0
  lld $t0, 0($a1)
  CHECK $t0, 0x0000000000000066
  dli $t1, 0xaaaaaaaabbbbbbbb
  scd $t1, 0($a1)
  CHECK $t1, 1
  ld $t2, 0($a1)
  CHECK $t2, 0xaaaaaaaabbbbbbbb
  ll $t0, 0($a1)
  li $t1, 1
  scd $t1, 0($a1)                    # a 32-bit reservation does not serve scd
  CHECK $t1, 0
  lld $t0, 0($a1)
  li $t1, 1
  sc $t1, 0($a1)                     # nor a 64-bit one sc
  CHECK $t1, 0
  ld $t2, 0($a1)
  CHECK $t2, 0xaaaaaaaabbbbbbbb
  ll $zero, 0($a1)                   # rt = $0: the reservation is still made
  li $t1, 9
  sc $t1, 0($a1)
  CHECK $t1, 1
  FINISH
