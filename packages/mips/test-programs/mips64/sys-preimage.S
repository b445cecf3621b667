# qemu: no (the pre-image oracle on fds 3–6; spec "Pre-image Communication")
# oracle: keccak("hello world")
# hints: "hello" "world!"
# The key 0x02 ++ keccak("hello world")[1..] written to fd 6 eight bytes at a time, then the
# pre-image u64be(11) ++ "hello world" read from fd 5: at most 8 bytes per read and never past
# the doubleword of the buffer address. Hints go to fd 4 as u32be(len) ++ bytes, in pieces.
  .include "check.inc"
  .data
  .align 3
key:  .dword 0x02173285a8d7341e, 0x5e972fc677286384, 0xf802f8ef42a5ec5f, 0x03bbfa254cb01fad
buf:  .dword 0, 0, 0
hint: .byte 0, 0, 0, 5
      .ascii "hello"
      .byte 0, 0, 0, 6
      .ascii "world!"
  START
  dla $s0, key
  dla $s1, buf
  move $s2, $zero
1:
  li $v0, 5001                       # write(6, key + i, 8)
  li $a0, 6
  daddu $a1, $s0, $s2
  li $a2, 8
  syscall
  CHECK $v0, 8
  daddiu $s2, $s2, 8
  li $t0, 32
  bne $s2, $t0, 1b
  nop
  li $v0, 5000                       # read(5, buf, 100): the 8-byte length prefix
  li $a0, 5
  move $a1, $s1
  li $a2, 100
  syscall
  CHECK $v0, 8
  ld $t0, 0($s1)
  CHECK $t0, 11
  li $v0, 5000                       # read(5, buf + 8, 8): "hello wo"
  li $a0, 5
  daddiu $a1, $s1, 8
  li $a2, 8
  syscall
  CHECK $v0, 8
  ld $t0, 8($s1)
  CHECK $t0, 0x68656c6c6f20776f
  li $v0, 5000                       # read(5, buf + 16, 8): the last 3 bytes "rld"
  li $a0, 5
  daddiu $a1, $s1, 16
  li $a2, 8
  syscall
  CHECK $v0, 3
  ld $t0, 16($s1)
  CHECK $t0, 0x726c640000000000
  li $v0, 5001                       # write(6, key + 24, 3): 3 key bytes, offset back to 0
  li $a0, 6
  daddiu $a1, $s0, 24
  li $a2, 3
  syscall
  CHECK $v0, 3
  li $v0, 5001                       # write(6, key + 27, 8): only the 5 bytes to the doubleword's end
  li $a0, 6
  daddiu $a1, $s0, 27
  li $a2, 8
  syscall
  CHECK $v0, 5
  move $s2, $zero                    # the whole key again (the 8 bytes above shifted it)
1:
  li $v0, 5001
  li $a0, 6
  daddu $a1, $s0, $s2
  li $a2, 8
  syscall
  daddiu $s2, $s2, 8
  li $t0, 32
  bne $s2, $t0, 1b
  nop
  li $v0, 5000                       # read(5, buf + 21, 8): 3 bytes (to the doubleword's end)
  li $a0, 5
  daddiu $a1, $s1, 21
  li $a2, 8
  syscall
  CHECK $v0, 3
  ld $t0, 16($s1)
  CHECK $t0, 0x726c640000000000      # bytes 0..2 of the prefix are zero
  li $v0, 5000                       # read(5, buf + 16, 2): count limits too
  li $a0, 5
  daddiu $a1, $s1, 16
  li $a2, 2
  syscall
  CHECK $v0, 2
  ld $t0, 16($s1)
  CHECK $t0, 0x0000640000000000
  li $v0, 5001                       # write(4, hint, 7): one hint and part of the next
  li $a0, 4
  dla $a1, hint
  li $a2, 7
  syscall
  CHECK $v0, 7
  li $v0, 5001                       # write(4, hint + 7, 12): the rest of "world!"
  li $a0, 4
  dla $a1, hint + 7
  li $a2, 12
  syscall
  CHECK $v0, 12
  li $v0, 5000                       # read(3, ...): the ack, pretended
  li $a0, 3
  move $a1, $s1
  li $a2, 1
  syscall
  CHECK $v0, 1
  FINISH
