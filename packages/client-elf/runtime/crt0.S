/*
 * Program entry for client.elf (MIPS32 o32, big-endian, under Cannon or qemu-mips).
 *
 * 1. $gp = _gp: newlib addresses some globals (e.g. _impure_ptr) relative to it.
 * 2. A stack of our own: QuickJS recurses on the C stack once per JS call level, and the EVM
 *    inside it once per call frame. The stack Cannon's `--patch stack` sets up has no fixed size
 *    and qemu's is 8 MiB, so both get the same 64 MiB region from mmap (Cannon: bump-allocated
 *    from its heap start; Linux/qemu: an anonymous mapping), which keeps the program's memory
 *    layout — and so its step count — independent of where it was started.
 * 3. main(), then exit_group with its result. (Cannon's single-threaded VM ignores `exit`,
 *    4001, as a no-op; exit_group, 4246, is the one that ends the program.)
 */
#define SYS_MMAP 4090
#define SYS_EXIT_GROUP 4246
#define STACK_SIZE 0x04000000
#define PROT_READ_WRITE 3
#define MAP_PRIVATE_ANONYMOUS 0x802

        .set noreorder
        .text
        .globl _start
        .type _start, @function
_start:
        lui     $gp, %hi(_gp)
        addiu   $gp, $gp, %lo(_gp)
        /* mmap(NULL, STACK_SIZE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0):
           o32 passes arguments 5 and 6 on the stack at 16($sp) and 20($sp). */
        addiu   $sp, $sp, -32
        li      $t0, -1
        sw      $t0, 16($sp)
        sw      $zero, 20($sp)
        move    $a0, $zero
        li      $a1, STACK_SIZE
        li      $a2, PROT_READ_WRITE
        li      $a3, MAP_PRIVATE_ANONYMOUS
        li      $v0, SYS_MMAP
        syscall
        bnez    $a3, 1f                 /* $a3 != 0: the syscall failed */
        nop
        li      $t0, STACK_SIZE - 64
        addu    $sp, $v0, $t0
        jal     main
        nop
        move    $a0, $v0
        li      $v0, SYS_EXIT_GROUP
        syscall
1:      li      $a0, 2                  /* no stack: exit 2, the program never ran */
        li      $v0, SYS_EXIT_GROUP
        syscall
        .size _start, . - _start
