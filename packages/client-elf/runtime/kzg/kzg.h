/*
 * EIP-4844 blob_to_kzg_commitment for the fault-proof runtime (see kzg.c). Self-contained: only
 * <stdint.h>, no allocation, no libc calls; the trusted setup comes from kzg-setup.c, generated
 * by gen-setup.ts from the client's setup module.
 */
#ifndef FAULTLINE_KZG_H
#define FAULTLINE_KZG_H

#include <stdint.h>

#define KZG_BLOB_BYTES 131072
#define KZG_COMMITMENT_BYTES 48
#define KZG_FIELD_ELEMENTS 4096

/*
 * The trusted setup's Lagrange-form G1 points in bit-reversal order (the order blob element i
 * is multiplied in), affine, each coordinate as 12 little-endian 32-bit limbs in Montgomery form
 * (x * 2^384 mod p): [i][0] = x, [i][1] = y.
 */
extern const uint32_t kzg_setup_g1_lagrange[KZG_FIELD_ELEMENTS][2][12];

/*
 * Writes the 48-byte compressed commitment of `blob` to `out` and returns 0, or returns -1 - i
 * (out untouched) when field element i is not below the BLS modulus (EIP-4844
 * bytes_to_bls_field). Not reentrant: it works in static buffers.
 */
int blob_to_kzg_commitment(const uint8_t blob[KZG_BLOB_BYTES], uint8_t out[KZG_COMMITMENT_BYTES]);

#endif
