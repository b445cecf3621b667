/*
 * keccak-256 as Ethereum uses it: Keccak[r=1088, c=512] with the original padding 0x01 ... 0x80
 * (Keccak reference 3.0 §1.2; FIPS 202 later changed the domain byte to 0x06). It is the hottest
 * function of the fault-proof program — every trie node and pre-image key — and in JavaScript it
 * costs ~80x more VM steps than here (client-elf-notes.md).
 *
 * The 25 lanes are kept as 50 32-bit halves in bit-interleaved form (Keccak implementation
 * overview §2.1): even bits in one word, odd bits in the other, so a 64-bit rotation becomes two
 * 32-bit rotations. On MIPS32, which has no 64-bit registers and no rotate instruction in r1,
 * this roughly halves the instructions per round compared with uint64_t lanes.
 */
#include "keccak.h"

#include <string.h>

#define ROUNDS 24
#define RATE 136

/* ρ rotation offsets by lane x + 5y: the (x, y) walk from (1, 0) of the Keccak reference §2.3.4,
 * offset (t+1)(t+2)/2 mod 64 at step t. Constants (not computed at start-up) so that the
 * unrolled rounds below shift by immediates. */
static const uint8_t RHO[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

/* ι round constants (reference §1.2: the output of the LFSR x^8 + x^6 + x^5 + x^4 + 1), split into
 * their even and odd bits: RC[0] = 0x1, RC[1] = 0x8082, …, RC[23] = 0x8000000080008008. */
static const uint32_t RC_EVEN[ROUNDS] = {
    0x00000001u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000001u, 0x00000001u, 0x00000001u, 0x00000001u,
    0x00000000u, 0x00000000u, 0x00000001u, 0x00000000u, 0x00000001u, 0x00000001u, 0x00000001u, 0x00000001u,
    0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000001u, 0x00000000u, 0x00000001u, 0x00000000u};
static const uint32_t RC_ODD[ROUNDS] = {
    0x00000000u, 0x00000089u, 0x8000008bu, 0x80008080u, 0x0000008bu, 0x00008000u, 0x80008088u, 0x80000082u,
    0x0000000bu, 0x0000000au, 0x00008082u, 0x00008003u, 0x0000808bu, 0x8000000bu, 0x8000008au, 0x80000081u,
    0x80000081u, 0x80000008u, 0x00000083u, 0x80008003u, 0x80008088u, 0x80000088u, 0x00008000u, 0x80008082u};

static inline uint32_t rotl32(uint32_t v, int n) { return n == 0 ? v : (v << n) | (v >> (32 - n)); }

/* Moves the even bits of x to its low half and the odd bits to its high half ("unshuffle",
 * Hacker's Delight 2nd ed. §7-2), and back. */
static inline uint32_t unshuffle(uint32_t x) {
  uint32_t t;
  t = (x ^ (x >> 1)) & 0x22222222u; x ^= t ^ (t << 1);
  t = (x ^ (x >> 2)) & 0x0c0c0c0cu; x ^= t ^ (t << 2);
  t = (x ^ (x >> 4)) & 0x00f000f0u; x ^= t ^ (t << 4);
  t = (x ^ (x >> 8)) & 0x0000ff00u; x ^= t ^ (t << 8);
  return x;
}

static inline uint32_t shuffle(uint32_t x) {
  uint32_t t;
  t = (x ^ (x >> 8)) & 0x0000ff00u; x ^= t ^ (t << 8);
  t = (x ^ (x >> 4)) & 0x00f000f0u; x ^= t ^ (t << 4);
  t = (x ^ (x >> 2)) & 0x0c0c0c0cu; x ^= t ^ (t << 2);
  t = (x ^ (x >> 1)) & 0x22222222u; x ^= t ^ (t << 1);
  return x;
}

/* Splits a 64-bit lane (lo, hi) into its even bits and its odd bits. */
static inline void interleave(uint32_t lo, uint32_t hi, uint32_t *even, uint32_t *odd) {
  lo = unshuffle(lo);
  hi = unshuffle(hi);
  *even = (lo & 0xffffu) | (hi << 16);
  *odd = (lo >> 16) | (hi & 0xffff0000u);
}

static inline void deinterleave(uint32_t even, uint32_t odd, uint32_t *lo, uint32_t *hi) {
  *lo = shuffle((even & 0xffffu) | (odd << 16));
  *hi = shuffle((even >> 16) | (odd & 0xffff0000u));
}

/* A 64-bit rotation left by n of an interleaved lane (e, o): an odd n also swaps the halves. */
#define ROT(e, o, n, re, ro)                  \
  do {                                        \
    if (((n) & 1) == 0) {                     \
      re = rotl32(e, (n) / 2);                \
      ro = rotl32(o, (n) / 2);                \
    } else {                                  \
      re = rotl32(o, ((n) + 1) / 2 % 32);     \
      ro = rotl32(e, (n) / 2);                \
    }                                         \
  } while (0)

/* One Keccak-f[1600] permutation of the interleaved state s[lane][0 even, 1 odd]. The loops over
 * lanes are fully unrolled (every index and rotation a constant): on MIPS32 this takes a quarter
 * of the instructions of the rolled loops, and keccak is the program's hottest native call. */
static void permute(uint32_t s[25][2]) {
  for (int round = 0; round < ROUNDS; round++) {
    uint32_t b[25][2], c[5][2];
    /* θ */
#pragma GCC unroll 5
    for (int x = 0; x < 5; x++) {
      c[x][0] = s[x][0] ^ s[x + 5][0] ^ s[x + 10][0] ^ s[x + 15][0] ^ s[x + 20][0];
      c[x][1] = s[x][1] ^ s[x + 5][1] ^ s[x + 10][1] ^ s[x + 15][1] ^ s[x + 20][1];
    }
#pragma GCC unroll 5
    for (int x = 0; x < 5; x++) {
      uint32_t de, dodd;
      ROT(c[(x + 1) % 5][0], c[(x + 1) % 5][1], 1, de, dodd);
      de ^= c[(x + 4) % 5][0];
      dodd ^= c[(x + 4) % 5][1];
#pragma GCC unroll 5
      for (int y = 0; y < 25; y += 5) {
        s[x + y][0] ^= de;
        s[x + y][1] ^= dodd;
      }
    }
    /* ρ and π: B[y, 2x + 3y] = rot(A[x, y], ρ[x, y]) */
#pragma GCC unroll 25
    for (int i = 0; i < 25; i++) {
      int x = i % 5, y = i / 5;
      int to = y + 5 * ((2 * x + 3 * y) % 5);
      ROT(s[i][0], s[i][1], RHO[i], b[to][0], b[to][1]);
    }
    /* χ */
#pragma GCC unroll 25
    for (int i = 0; i < 25; i++) {
      int x = i % 5, y = i - x;
      s[i][0] = b[i][0] ^ (~b[(x + 1) % 5 + y][0] & b[(x + 2) % 5 + y][0]);
      s[i][1] = b[i][1] ^ (~b[(x + 1) % 5 + y][1] & b[(x + 2) % 5 + y][1]);
    }
    /* ι */
    s[0][0] ^= RC_EVEN[round];
    s[0][1] ^= RC_ODD[round];
  }
}

/* XORs one 136-byte block into the state (lanes are little-endian, Keccak reference §1.1). */
static void absorb(uint32_t s[25][2], const uint8_t *p) {
  for (int i = 0; i < RATE / 8; i++, p += 8) {
    uint32_t lo = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    uint32_t hi = p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
    uint32_t e, o;
    interleave(lo, hi, &e, &o);
    s[i][0] ^= e;
    s[i][1] ^= o;
  }
  permute(s);
}

void keccak256(const uint8_t *data, size_t len, uint8_t out[32]) {
  uint32_t s[25][2];
  uint8_t last[RATE];
  memset(s, 0, sizeof s);
  while (len >= RATE) {
    absorb(s, data);
    data += RATE;
    len -= RATE;
  }
  memset(last, 0, sizeof last);
  memcpy(last, data, len);
  last[len] ^= 0x01;
  last[RATE - 1] ^= 0x80;
  absorb(s, last);
  for (int i = 0; i < 4; i++) {
    uint32_t lo, hi;
    deinterleave(s[i][0], s[i][1], &lo, &hi);
    for (int k = 0; k < 4; k++) out[8 * i + k] = (uint8_t)(lo >> (8 * k));
    for (int k = 0; k < 4; k++) out[8 * i + 4 + k] = (uint8_t)(hi >> (8 * k));
  }
}
