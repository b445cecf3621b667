# qemu: no (cannon64's threads and scheduler; spec "Multithreading")
# clone with the Go runtime's flags (child: $v0 = 0, its own sp; parent: the child's id, 1), the
# child running first, gettid, futex wait (EAGAIN when the value differs, else a yield) and wake,
# an unsupported futex op (EINVAL), sched_yield handing over, exit of a thread (not the last),
# and the LL reservation's owner: the child's sc on the parent's reservation fails.
  .include "check.inc"
  .data
  .align 3
resv:   .dword 0
word:   .dword 0                     # futex word (its first 32 bits)
flag:   .dword 0
out:    .dword 0, 0, 0, 0, 0, 0, 0   # child: tid, sc result, futex v0/a3, einval v0, flag seen
  .align 4
cstack: .space 4096
cstack_top:
  START
  dla $s0, resv
  ll $t0, 0($s0)                     # reservation owned by thread 0
  li $v0, 5055                       # clone(0x50f00, cstack_top)
  li $a0, 0x50f00
  dla $a1, cstack_top
  syscall
  beqz $v0, child
  nop
  # the parent resumes only once the child yields
  CHECK $v0, 1
  CHECK $a3, 0
  li $t1, 0x5c
  sc $t1, 0($s0)                     # the child's failed sc wrote nothing: still reserved
  CHECK $t1, 1
  dla $s1, out
  ld $t0, 0($s1)
  CHECK $t0, 1                       # child's gettid
  ld $t0, 8($s1)
  CHECK $t0, 0                       # child's sc on our reservation
  ld $t0, 16($s1)
  CHECK $t0, 0xb                     # futex wait, value differs: EAGAIN
  ld $t0, 24($s1)
  CHECK $t0, -1
  ld $t0, 32($s1)
  CHECK $t0, 0x16                    # futex op 7: EINVAL
  li $v0, 5194                       # futex(word, WAIT_PRIVATE, 0): equal, so a yield
  dla $a0, word
  li $a1, 128
  li $a2, 0
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  dla $t0, flag
  li $t1, 1
  sd $t1, 0($t0)
  li $v0, 5023                       # sched_yield: the child runs, sees the flag, exits
  syscall
  CHECK $v0, 0
  dla $s1, out
  ld $t0, 40($s1)
  CHECK $t0, 1                       # the child saw the flag
  li $v0, 5178
  syscall
  CHECK $v0, 0                       # still thread 0
  FINISH

child:
  CHECK_ADDR $sp, cstack_top
  li $v0, 5178                       # gettid
  syscall
  dla $s1, out
  sd $v0, 0($s1)
  li $t1, 0x77
  sc $t1, 0($s0)                     # thread 1 does not own the reservation
  sd $t1, 8($s1)
  li $v0, 5194                       # futex(word, WAIT_PRIVATE, 99): word is 0 → EAGAIN
  dla $a0, word
  li $a1, 128
  li $a2, 99
  syscall
  sd $v0, 16($s1)
  sd $a3, 24($s1)
  li $v0, 5194                       # futex op 7: EINVAL
  dla $a0, word
  li $a1, 7
  syscall
  sd $v0, 32($s1)
  li $v0, 5194                       # futex(word, WAKE_PRIVATE, 1): yields to the parent
  dla $a0, word
  li $a1, 129
  li $a2, 1
  syscall
1:
  dla $t0, flag                      # back after the parent's sched_yield
  ld $t1, 0($t0)
  beqz $t1, 2f
  nop
  sd $t1, 40($s1)
  li $v0, 5058                       # exit(0): this thread only
  li $a0, 0
  syscall
2:
  li $v0, 5023
  syscall
  b 1b
  nop
