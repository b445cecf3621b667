# qemu: no
# expect: error unsupported syscall 4004
# An o32 syscall number (4004, write) is not a cannon64 syscall: the step is an exception.
  .text
  .globl __start
__start:
  li $v0, 4004
  syscall
  nop
