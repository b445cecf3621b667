# qemu: yes
# dsll, dsrl, dsra, dsll32, dsrl32, dsra32, dsllv, dsrlv, dsrav: 64-bit shifts; the variable
# forms use the low 6 bits of rs.
  .include "check.inc"
  START
  dli $t0, 0x8000000180000001
  dsll $t1, $t0, 0
  CHECK $t1, 0x8000000180000001
  dsll $t1, $t0, 1
  CHECK $t1, 0x0000000300000002
  dsll $t1, $t0, 31
  CHECK $t1, 0xc000000080000000
  dsrl $t1, $t0, 1
  CHECK $t1, 0x40000000c0000000
  dsrl $t1, $t0, 31
  CHECK $t1, 0x0000000100000003
  dsra $t1, $t0, 1
  CHECK $t1, 0xc0000000c0000000
  dsra $t1, $t0, 31
  CHECK $t1, 0xffffffff00000003
  dsll32 $t1, $t0, 0
  CHECK $t1, 0x8000000100000000
  dsll32 $t1, $t0, 31
  CHECK $t1, 0x8000000000000000
  dsrl32 $t1, $t0, 0
  CHECK $t1, 0x0000000080000001
  dsrl32 $t1, $t0, 31
  CHECK $t1, 1
  dsra32 $t1, $t0, 0
  CHECK $t1, 0xffffffff80000001
  dsra32 $t1, $t0, 31
  CHECK $t1, 0xffffffffffffffff
  li $t2, 65                           # only the low 6 bits count: 65 → 1
  dsllv $t1, $t0, $t2
  CHECK $t1, 0x0000000300000002
  dsrlv $t1, $t0, $t2
  CHECK $t1, 0x40000000c0000000
  dsrav $t1, $t0, $t2
  CHECK $t1, 0xc0000000c0000000
  li $t2, 63
  dsllv $t1, $t0, $t2
  CHECK $t1, 0x8000000000000000
  dsrlv $t1, $t0, $t2
  CHECK $t1, 1
  dsrav $t1, $t0, $t2
  CHECK $t1, 0xffffffffffffffff
  li $t2, 32
  dsrlv $t1, $t0, $t2
  CHECK $t1, 0x0000000080000001
  li $t2, 0
  dsrav $t1, $t0, $t2
  CHECK $t1, 0x8000000180000001
  FINISH
