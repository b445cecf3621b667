# qemu: yes
# ld, sd, lwu, ldl, ldr, sdl, sdr: doubleword and unaligned doubleword loads/stores (big-endian:
# ldl/sdl handle the most significant bytes, from the address to the end of its doubleword).
  .include "check.inc"
  .data
  .align 3
buf:  .dword 0x0011223344556677, 0x8899aabbccddeeff
scr:  .dword 0, 0
  START
  dla $a1, buf
  ld $t1, 0($a1)
  CHECK $t1, 0x0011223344556677
  ld $t1, 8($a1)
  CHECK $t1, 0x8899aabbccddeeff
  lwu $t1, 8($a1)
  CHECK $t1, 0x000000008899aabb      # zero-extended
  lwu $t1, 12($a1)
  CHECK $t1, 0x00000000ccddeeff
  dli $t1, 0xfedcba9876543210
  ldl $t1, 2($a1)                    # bytes 2..7 to the top, low 2 bytes of rt kept
  CHECK $t1, 0x2233445566773210
  dli $t1, 0xfedcba9876543210
  ldr $t1, 5($a1)                    # bytes 0..5 to the bottom, top 2 bytes of rt kept
  CHECK $t1, 0xfedc001122334455
  ldl $t1, 2($a1)                    # the unaligned doubleword at buf+2
  ldr $t1, 9($a1)
  CHECK $t1, 0x2233445566778899
  ldl $t1, 0($a1)                    # aligned: the whole doubleword
  CHECK $t1, 0x0011223344556677
  dli $t1, 0
  ldr $t1, 15($a1)                   # last byte: the whole doubleword
  CHECK $t1, 0x8899aabbccddeeff
  dla $a2, scr
  dli $t0, 0x0123456789abcdef
  sd $t0, 8($a2)
  ld $t1, 8($a2)
  CHECK $t1, 0x0123456789abcdef
  ld $t0, 0($a1)
  sd $t0, 0($a2)
  dli $t0, 0x8899aabbccddeeff
  sdl $t0, 2($a2)                    # top 6 bytes of rt to scr+2..7
  ld $t1, 0($a2)
  CHECK $t1, 0x00118899aabbccdd
  ld $t2, 0($a1)
  sd $t2, 0($a2)
  sdr $t0, 5($a2)                    # low 6 bytes of rt to scr+0..5
  ld $t1, 0($a2)
  CHECK $t1, 0xaabbccddeeff6677
  sd $zero, 0($a2)
  sd $zero, 8($a2)
  sdl $t0, 2($a2)                    # the unaligned doubleword at scr+2
  sdr $t0, 9($a2)
  ld $t1, 0($a2)
  CHECK $t1, 0x00008899aabbccdd
  ld $t1, 8($a2)
  CHECK $t1, 0xeeff000000000000
  FINISH
