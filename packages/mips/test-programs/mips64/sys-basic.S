# qemu: no (cannon64's syscalls; spec "Syscalls", "I/O", "Heap")
# brk, mmap, getpid, gettid, open, fcntl, read, write, eventfd2, the no-op syscalls, sched_yield
# and nanosleep with one thread. Errors: $v0 = errno, $a3 = MaxWord; success: $a3 = 0.
  .include "check.inc"
  .data
  .align 3
msg:  .ascii "cannon64\n"
  .align 3
buf:  .dword 0, 0
  START
  li $v0, 5012                       # brk: the fixed program break
  syscall
  CHECK $v0, 0x0000400000000000
  li $v0, 5009                       # mmap(0, 5000): the heap, rounded up to 2 pages
  li $a0, 0
  li $a1, 5000
  syscall
  CHECK $v0, 0x0000100000000000
  CHECK $a3, 0
  li $v0, 5009                       # mmap(0x30000000, 4096): the hint, heap unchanged
  li $a0, 0x30000000
  li $a1, 4096
  syscall
  CHECK $v0, 0x30000000
  li $v0, 5009
  li $a0, 0
  li $a1, 1
  syscall
  CHECK $v0, 0x0000100000002000
  li $v0, 5009                       # beyond the heap end 0x6000_0000_0000: EINVAL, heap unchanged
  li $a0, 0
  dli $a1, 0x0000500000000000
  syscall
  CHECK $v0, 0x16
  CHECK $a3, -1
  li $v0, 5009
  li $a0, 0
  li $a1, 4096
  syscall
  CHECK $v0, 0x0000100000003000
  CHECK $a3, 0
  li $v0, 5038                       # getpid
  syscall
  CHECK $v0, 0
  li $v0, 5178                       # gettid: the first thread is 0
  syscall
  CHECK $v0, 0
  li $v0, 5002                       # open: EBADF
  syscall
  CHECK $v0, 9
  CHECK $a3, -1
  li $v0, 5070                       # fcntl(0, F_GETFL) = O_RDONLY
  li $a0, 0
  li $a1, 3
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  li $v0, 5070                       # fcntl(6, F_GETFL) = O_WRONLY
  li $a0, 6
  li $a1, 3
  syscall
  CHECK $v0, 1
  li $v0, 5070                       # fcntl(3, F_GETFL) = O_RDONLY
  li $a0, 3
  li $a1, 3
  syscall
  CHECK $v0, 0
  li $v0, 5070                       # fcntl(7, F_GETFL): EBADF
  li $a0, 7
  li $a1, 3
  syscall
  CHECK $v0, 9
  CHECK $a3, -1
  li $v0, 5070                       # fcntl(4, F_GETFD) = 0
  li $a0, 4
  li $a1, 1
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  li $v0, 5070                       # fcntl(100, F_GETFD): EBADF (eventfd is not listed)
  li $a0, 100
  li $a1, 1
  syscall
  CHECK $v0, 9
  li $v0, 5070                       # fcntl(0, F_SETFD): EINVAL
  li $a0, 0
  li $a1, 2
  syscall
  CHECK $v0, 0x16
  CHECK $a3, -1
  dla $s0, buf
  li $v0, 5000                       # read(0): nothing, no error
  li $a0, 0
  move $a1, $s0
  li $a2, 8
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  li $v0, 5000                       # read(3, buf, 7): the hint ack is pretended, 7
  li $a0, 3
  move $a1, $s0
  li $a2, 7
  syscall
  CHECK $v0, 7
  li $v0, 5000                       # read(9): EBADF
  li $a0, 9
  move $a1, $s0
  li $a2, 1
  syscall
  CHECK $v0, 9
  CHECK $a3, -1
  li $v0, 5001                       # write(1, msg, 9): 9 (stdout is not state)
  li $a0, 1
  dla $a1, msg
  li $a2, 9
  syscall
  CHECK $v0, 9
  CHECK $a3, 0
  li $v0, 5001                       # write(8): EBADF
  li $a0, 8
  move $a1, $s0
  li $a2, 1
  syscall
  CHECK $v0, 9
  CHECK $a3, -1
  li $v0, 5284                       # eventfd2(0, 0): blocking is not supported, EINVAL
  li $a0, 0
  li $a1, 0
  syscall
  CHECK $v0, 0x16
  CHECK $a3, -1
  li $v0, 5284                       # eventfd2(0, EFD_NONBLOCK) = 100
  li $a0, 0
  li $a1, 0x80
  syscall
  CHECK $v0, 100
  CHECK $a3, 0
  li $v0, 5000                       # read(100): EAGAIN
  li $a0, 100
  move $a1, $s0
  li $a2, 8
  syscall
  CHECK $v0, 0xb
  CHECK $a3, -1
  li $v0, 5001                       # write(100): EAGAIN
  li $a0, 100
  move $a1, $s0
  li $a2, 8
  syscall
  CHECK $v0, 0xb
  CHECK $a3, -1
  .irp nr, 5011, 5010, 5196, 5027, 5014, 5129, 5013, 5297, 5003, 5016, 5004, 5005, 5247, 5087, 5257, 5015, 5285, 5287, 5208, 5272, 5061, 5100, 5102, 5026, 5225, 5095, 5008, 5036, 5216, 5217, 5220
  li $v0, \nr                        # the no-op syscalls: $v0 = $a3 = 0
  li $a3, 5
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  .endr
  li $v0, 5023                       # sched_yield with one thread: back to it, 0
  li $a3, 5
  syscall
  CHECK $v0, 0
  CHECK $a3, 0
  li $v0, 5034                       # nanosleep: the same
  syscall
  CHECK $v0, 0
  FINISH
