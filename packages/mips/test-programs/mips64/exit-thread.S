# qemu: yes
# expect: exit 3
# exit (5058) of the only thread ends the program with its code.
  .text
  .globl __start
__start:
  li $v0, 5058
  li $a0, 0x103                      # only the low 8 bits count
  syscall
  nop
