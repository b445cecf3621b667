/*
 * Test driver (host build only, never part of client.elf): reads blobs of 131072 bytes from
 * stdin until EOF and prints one line per blob — the commitment in hex, or "error <i>" when
 * field element i is not canonical. The test beside it compares the lines with c-kzg.
 */
#include <stdio.h>

#include "kzg.h"

static uint8_t blob[KZG_BLOB_BYTES];

int main(void) {
  for (;;) {
    size_t got = fread(blob, 1, sizeof blob, stdin);
    if (got == 0) return 0;
    if (got != sizeof blob) {
      fprintf(stderr, "test-main: short blob (%zu bytes)\n", got);
      return 2;
    }
    uint8_t out[KZG_COMMITMENT_BYTES];
    int rc = blob_to_kzg_commitment(blob, out);
    if (rc != 0) {
      printf("error %d\n", -1 - rc);
      continue;
    }
    for (int i = 0; i < KZG_COMMITMENT_BYTES; i++) printf("%02x", out[i]);
    printf("\n");
  }
}
