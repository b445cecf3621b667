# qemu: no
# expect: error invalid instruction
# break (SPECIAL funct 0x0d) is not in the VM's set: the step is an exception.
  .text
  .globl __start
__start:
  nop
  break
  nop
