/* keccak-256 (Ethereum's, original padding). */
#ifndef FAULTLINE_KECCAK_H
#define FAULTLINE_KECCAK_H
#include <stddef.h>
#include <stdint.h>
void keccak256(const uint8_t *data, size_t len, uint8_t out[32]);
#endif
