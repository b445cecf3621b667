# qemu: no
# expect: exit 2
# clone with flags other than the Go runtime's 0x50f00 ends the program with the panic status.
  .text
  .globl __start
__start:
  li $v0, 5055
  li $a0, 0x11
  move $a1, $sp
  syscall
  nop
  li $v0, 5205
  li $a0, 0
  syscall
  nop
