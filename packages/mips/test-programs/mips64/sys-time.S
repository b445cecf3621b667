# qemu: no (cannon64's deterministic clock and randomness)
# getrandom and clock_gettime depend on the step count, which is fixed here: the step is
# incremented before a syscall runs, and these are the program's first instructions.
#   getrandom is the 4th instruction → seed 4 → splitmix64(4) = 0x6e73e372e2338aca (reference
#   splitmix64.c: state 4, one next()).
#   clock_gettime(MONOTONIC) is the 8th → 8 steps at HZ = 10^7 → 0 s, 800 ns.
  .include "check.inc"
  .text
  .globl __start
__start:
  li $v0, 5313                       # 1  getrandom(sp - 16, 8)
  daddiu $a0, $sp, -16               # 2
  li $a1, 8                          # 3
  syscall                            # 4
  li $v0, 5222                       # 5  clock_gettime(MONOTONIC, sp - 32)
  li $a0, 1                          # 6
  daddiu $a1, $sp, -32               # 7
  syscall                            # 8
  move $s6, $zero
  ld $t0, -16($sp)
  CHECK $t0, 0x6e73e372e2338aca
  ld $t0, -32($sp)
  CHECK $t0, 0
  ld $t0, -24($sp)
  CHECK $t0, 800
  CHECK $a3, 0
  dli $t0, 0x1122334455667788
  sd $t0, -16($sp)
  li $v0, 5313                       # getrandom(sp - 13, 16): only the 5 bytes to the doubleword's end
  daddiu $a0, $sp, -13
  li $a1, 16
  syscall
  CHECK $v0, 5
  CHECK $a3, 0
  ld $t0, -16($sp)
  dsrl $t0, $t0, 40
  CHECK $t0, 0x112233                # the 3 bytes before the buffer are kept
  li $v0, 5313                       # getrandom(sp - 16, 0): 0 bytes, memory untouched
  daddiu $a0, $sp, -16
  li $a1, 0
  syscall
  CHECK $v0, 0
  li $v0, 5222                       # two monotonic readings 4 steps apart differ by 400 ns
  li $a0, 1
  daddiu $a1, $sp, -48
  syscall
  li $v0, 5222
  li $a0, 1
  daddiu $a1, $sp, -64
  syscall
  ld $t0, -48($sp)
  ld $t1, -40($sp)
  ld $t2, -56($sp)
  dsubu $t3, $t2, $t1
  CHECK $t3, 400
  CHECK $t0, 0
  li $v0, 5222                       # REALTIME is the epoch: 0 s, 0 ns
  li $a0, 0
  daddiu $a1, $sp, -48
  syscall
  CHECK $v0, 0
  ld $t0, -48($sp)
  CHECK $t0, 0
  ld $t0, -40($sp)
  CHECK $t0, 0
  li $v0, 5222                       # other clocks: EINVAL ($v0 = 0x16, $a3 = MaxWord)
  li $a0, 2
  daddiu $a1, $sp, -48
  syscall
  CHECK $v0, 0x16
  CHECK $a3, -1
  FINISH
