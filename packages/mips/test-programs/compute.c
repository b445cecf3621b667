/* Compute-heavy test and benchmark program: ITERS chained keccak-256 hashes starting from
 * keccak256("faultline"), printed as hex on stdout; exits 0. Pure computation, so qemu-mips
 * and the VM must print the same line. */
#include "sys.h"
#include "keccak.h"

#ifndef ITERS
#define ITERS 100
#endif

void __start(void) {
  u8 h[32];
  keccak256((const u8 *)"faultline", 9, h);
  for (u32 i = 0; i < ITERS; i++) keccak256(h, 32, h);
  puts_fd(1, "keccak chain: ");
  put_hex(1, h, 32);
  puts_fd(1, "\n");
  sys_exit(0);
}
