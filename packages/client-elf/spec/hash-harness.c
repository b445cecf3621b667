/* Test harness (host build): prints keccak-256 and sha-256 of the first n bytes of a fixed
 * pattern for n = 0..600, one "n keccak sha" line each, for runtime-hashes.test.ts. */
#include <stdio.h>

#include "keccak.h"
#include "sha256.h"

int main(void) {
  static uint8_t buf[600];
  uint8_t k[32], s[32];
  for (int i = 0; i < 600; i++) buf[i] = (uint8_t)(i * 7 + 3);
  for (int n = 0; n <= 600; n++) {
    keccak256(buf, (size_t)n, k);
    sha256(buf, (size_t)n, s);
    printf("%d ", n);
    for (int i = 0; i < 32; i++) printf("%02x", k[i]);
    printf(" ");
    for (int i = 0; i < 32; i++) printf("%02x", s[i]);
    printf("\n");
  }
  return 0;
}
