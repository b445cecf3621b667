/* keccak-256 (FIPS 202 permutation, original Keccak padding 0x01) written for a freestanding
 * 32-bit target: every 64-bit rotation has a constant amount so no libgcc helper is needed. */
#define ROTL64(x, y) (((x) << (y)) | ((x) >> (64 - (y))))

static const u64 keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

static const u8 mod5[10] = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4};

static void keccakf(u64 st[25]) {
  u64 bc[5], t;
  for (int round = 0; round < 24; round++) {
    for (int i = 0; i < 5; i++) bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
    for (int i = 0; i < 5; i++) {
      t = bc[mod5[i + 4]] ^ ROTL64(bc[mod5[i + 1]], 1);
      for (int j = 0; j < 25; j += 5) st[j + i] ^= t;
    }
    t = st[1];
#define RP(j, r) \
  {              \
    u64 b = st[j]; \
    st[j] = ROTL64(t, r); \
    t = b;       \
  }
    RP(10, 1) RP(7, 3) RP(11, 6) RP(17, 10) RP(18, 15) RP(3, 21) RP(5, 28) RP(16, 36)
    RP(8, 45) RP(21, 55) RP(24, 2) RP(4, 14) RP(15, 27) RP(23, 41) RP(19, 56) RP(13, 8)
    RP(12, 25) RP(2, 43) RP(20, 62) RP(14, 18) RP(22, 39) RP(9, 61) RP(6, 20) RP(1, 44)
#undef RP
    for (int j = 0; j < 25; j += 5) {
      for (int i = 0; i < 5; i++) bc[i] = st[j + i];
      for (int i = 0; i < 5; i++) st[j + i] ^= (~bc[mod5[i + 1]]) & bc[mod5[i + 2]];
    }
    st[0] ^= keccak_rc[round];
  }
}

static u64 load_le64(const u8 *p) {
  return (u64)p[0] | ((u64)p[1] << 8) | ((u64)p[2] << 16) | ((u64)p[3] << 24) | ((u64)p[4] << 32) |
         ((u64)p[5] << 40) | ((u64)p[6] << 48) | ((u64)p[7] << 56);
}

static void keccak256(const u8 *in, u32 len, u8 out[32]) {
  u64 st[25];
  u8 block[136];
  for (int i = 0; i < 25; i++) st[i] = 0;
  while (len >= 136) {
    for (int i = 0; i < 17; i++) st[i] ^= load_le64(in + 8 * i);
    keccakf(st);
    in += 136;
    len -= 136;
  }
  for (int i = 0; i < 136; i++) block[i] = 0;
  for (u32 i = 0; i < len; i++) block[i] = in[i];
  block[len] ^= 0x01;
  block[135] ^= 0x80;
  for (int i = 0; i < 17; i++) st[i] ^= load_le64(block + 8 * i);
  keccakf(st);
  for (int i = 0; i < 4; i++) {
    u64 v = st[i];
    for (int k = 0; k < 8; k++) {
      out[8 * i + k] = (u8)v;
      v >>= 8;
    }
  }
}
