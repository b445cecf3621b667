/*
 * Step-count benchmark (freestanding MIPS32, never part of client.elf): fills BLOBS blobs from
 * a xorshift32 stream (the test regenerates the same blobs in JavaScript), commits to each and
 * prints the commitments in hex, one per line; exits 0. Built with the Cannon-safe flags and run
 * under qemu-mips and `faultline cannon run`: steps(BLOBS=2) - steps(BLOBS=1) is one commitment.
 */
#include "kzg.h"

#ifndef BLOBS
#define BLOBS 1
#endif
#ifndef SEED
#define SEED 1
#endif

static long sys3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7");
  __asm__ volatile("syscall"
                   : "+r"(v0), "=r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2)
                   : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi",
                     "lo");
  return v0;
}

/* gcc may call these for struct copies even when freestanding. */
void *memcpy(void *d, const void *s, unsigned int n) {
  uint8_t *p = d;
  const uint8_t *q = s;
  while (n--) *p++ = *q++;
  return d;
}
void *memset(void *d, int c, unsigned int n) {
  uint8_t *p = d;
  while (n--) *p++ = (uint8_t)c;
  return d;
}

static uint8_t blob[KZG_BLOB_BYTES];

void __start(void) {
  uint32_t s = SEED;
  for (int n = 0; n < BLOBS; n++) {
    /* Same stream as the test's randomBlob(): top byte of each element kept below 0x73 (< r). */
    for (int i = 0; i < KZG_BLOB_BYTES; i++) {
      s ^= s << 13;
      s ^= s >> 17;
      s ^= s << 5;
      blob[i] = (uint8_t)s;
      if (i % 32 == 0) blob[i] = (uint8_t)((s >> 8) % 0x73);
    }
    uint8_t out[KZG_COMMITMENT_BYTES];
    char line[2 * KZG_COMMITMENT_BYTES + 1];
    if (blob_to_kzg_commitment(blob, out) != 0) sys3(4246, 1, 0, 0);
    for (int i = 0; i < KZG_COMMITMENT_BYTES; i++) {
      line[2 * i] = "0123456789abcdef"[out[i] >> 4];
      line[2 * i + 1] = "0123456789abcdef"[out[i] & 15];
    }
    line[2 * KZG_COMMITMENT_BYTES] = '\n';
    sys3(4004, 1, (long)line, sizeof line);
  }
  sys3(4246, 0, 0, 0);
  for (;;) {
  }
}
