# qemu: yes
# expect: exit 2
# The harness itself: the second check is wrong on purpose, so the program must exit with 2.
  .include "check.inc"
  START
  li $t0, 5
  CHECK $t0, 5
  CHECK $t0, 6
  FINISH
