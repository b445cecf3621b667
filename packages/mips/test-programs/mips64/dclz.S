# qemu: yes
# clz, clo count within the low 32 bits; dclz, dclo within all 64.
  .include "check.inc"
  START
  dli $t0, 0x0000000000010000
  clz $t1, $t0
  CHECK $t1, 15
  dclz $t1, $t0
  CHECK $t1, 47
  dli $t0, 0
  clz $t1, $t0
  CHECK $t1, 32
  dclz $t1, $t0
  CHECK $t1, 64
  dli $t0, 0xfffffffffff00000
  clo $t1, $t0
  CHECK $t1, 12
  dclo $t1, $t0
  CHECK $t1, 44
  dli $t0, -1
  clo $t1, $t0
  CHECK $t1, 32
  dclo $t1, $t0
  CHECK $t1, 64
  dli $t0, 0x0000000180000000
  dclz $t1, $t0
  CHECK $t1, 31
  clz $t1, $t0
  CHECK $t1, 0
  dli $t0, 0x7fffffffffffffff
  dclo $t1, $t0
  CHECK $t1, 0
  FINISH
