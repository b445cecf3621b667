/*
 * EIP-4844 blob_to_kzg_commitment (consensus-specs deneb/polynomial-commitments.md):
 *
 *   commitment = g1_lincomb(bit_reversal_permutation(KZG_SETUP_G1_LAGRANGE), blob) = sum_i blob[i] * L_i
 *
 * over BLS12-381 G1 (y^2 = x^3 + 4 over Fp), where blob[i] is the i-th 32-byte big-endian field
 * element (it must be below r = BLS_MODULUS) and L_i the trusted setup's Lagrange point i in
 * bit-reversal order; the result is the ZCash compressed encoding of the sum (48 bytes).
 *
 * Written for MIPS32 inside the fault-proof VM, where every instruction is a step:
 * - Fp as 12 x 32-bit limbs in Montgomery form (x * R, R = 2^384). A uint64_t product of two
 *   uint32_t is one `multu` on MIPS32; the multiplication interleaves product and reduction
 *   word by word (Koc, Acar, Kaliski, "Analyzing and Comparing Montgomery Multiplication
 *   Algorithms", IEEE Micro 1996: CIOS in C, FIOS in the MIPS32 assembly; ~3,000 steps).
 * - Pippenger's bucket method (Bernstein et al., "Faster batch forgery identification", 2012,
 *   sec. 4) with signed digits in [-2^(c-1), 2^(c-1)], which halves the buckets: a negative digit
 *   adds the negated point (x, p - y). All additions are affine and batched so that a batch
 *   shares one field inversion (Montgomery's trick): ~6 multiplications per addition where a
 *   mixed Jacobian addition costs 11. A window's points are sorted by bucket and each bucket's
 *   run is summed as a binary tree, one batch per tree level; the bucket sums of all windows
 *   run side by side, one batch per bucket; only the final combination of the windows is
 *   Jacobian. A random blob costs ~715 K multiplications and ~650 inversions: ~2.4 G steps.
 * - All data is public, so nothing needs to be constant-time: zero digits are skipped, the
 *   inversion is a binary GCD.
 */
#include "kzg.h"

#define NL 12                          /* limbs per Fp element */
/* Window c: multiplications per random blob are 809 K, 754 K, 715 K, 727 K for c = 8, 9, 10, 11. */
#define WINDOW 10
#define WINDOWS ((256 + WINDOW - 1) / WINDOW) /* cover 256 bits: the top window never carries out */
#define BUCKETS (1 << (WINDOW - 1))

typedef struct {
  uint32_t l[NL]; /* little-endian limbs, value < p */
} fp;

/* p, the BLS12-381 base field modulus. */
static const fp P = {{0xffffaaab, 0xb9feffff, 0xb153ffff, 0x1eabfffe, 0xf6b0f624, 0x6730d2a0, 0xf38512bf,
                      0x64774b84, 0x434bacd7, 0x4b1ba7b6, 0x397fe69a, 0x1a0111ea}};
/* R mod p: 1 in Montgomery form. */
static const fp ONE = {{0x0002fffd, 0x76090000, 0xc40c0002, 0xebf4000b, 0x53c758ba, 0x5f489857, 0x70525745,
                        0x77ce5853, 0xa256ec6d, 0x5c071a97, 0xfa80e493, 0x15f65ec3}};
/* -p^-1 mod 2^32, the Montgomery reduction factor. */
#define P_INV 0xfffcfffdu
/* (p - 1) / 2: y is "lexicographically largest" (compression flag) when y > this. */
static const fp HALF_P = {{0xffffd555, 0xdcff7fff, 0x58a9ffff, 0x0f55ffff, 0x7b587b12, 0xb3986950, 0x79c2895f,
                           0xb23ba5c2, 0x21a5d66b, 0x258dd3db, 0x1cbff34d, 0x0d0088f5}};
/* r = BLS_MODULUS, little-endian words: field elements must be below it. */
static const uint32_t R_MOD[8] = {0x00000001, 0xffffffff, 0xfffe5bfe, 0x53bda402,
                                  0x09a1d805, 0x3339d808, 0x299d7d48, 0x73eda753};

/* ---- Fp ------------------------------------------------------------------------------------ */

static int fp_is_zero(const fp *a) {
  uint32_t t = 0;
  for (int i = 0; i < NL; i++) t |= a->l[i];
  return t == 0;
}

static int fp_eq(const fp *a, const fp *b) {
  uint32_t t = 0;
  for (int i = 0; i < NL; i++) t |= a->l[i] ^ b->l[i];
  return t == 0;
}

/* a >= b as 12-limb integers. */
static int geq(const uint32_t *a, const uint32_t *b) {
  for (int i = NL - 1; i >= 0; i--)
    if (a[i] != b[i]) return a[i] > b[i];
  return 1;
}

/* r = a - b as integers, returns the borrow. 32-bit words and compares only: no 64-bit
 * arithmetic, which MIPS32 would spend extra instructions on. */
static uint32_t sub_raw(uint32_t *r, const uint32_t *a, const uint32_t *b) {
  uint32_t borrow = 0;
#pragma GCC unroll 12
  for (int i = 0; i < NL; i++) {
    uint32_t ai = a[i], bi = b[i], d = ai - bi;
    uint32_t out = ai < bi;
    r[i] = d - borrow;
    borrow = out | (d < borrow);
  }
  return borrow;
}

/* r = a + b as integers (no carry out: all values here are < 2^382). */
static void add_raw(uint32_t *r, const uint32_t *a, const uint32_t *b) {
  uint32_t carry = 0;
#pragma GCC unroll 12
  for (int i = 0; i < NL; i++) {
    uint32_t s = a[i] + b[i];
    uint32_t out = s < a[i];
    r[i] = s + carry;
    carry = out | (r[i] < carry);
  }
}

static void fp_add(fp *r, const fp *a, const fp *b) {
  add_raw(r->l, a->l, b->l); /* < 2p < 2^382 */
  if (geq(r->l, P.l)) sub_raw(r->l, r->l, P.l);
}

static void fp_sub(fp *r, const fp *a, const fp *b) {
  if (sub_raw(r->l, a->l, b->l)) add_raw(r->l, r->l, P.l);
}

static void fp_neg(fp *r, const fp *a) {
  if (fp_is_zero(a))
    *r = *a;
  else
    sub_raw(r->l, P.l, a->l);
}

/* One word of a row: (t, c) = t + a * b + c. A uint64_t sum of a 32x32 product and two words never overflows. */
#define MAC(t, a, b, c)                                  \
  do {                                                   \
    uint64_t s_ = (uint64_t)(a) * (b) + (t) + (c);       \
    (t) = (uint32_t)s_;                                  \
    (c) = (uint32_t)(s_ >> 32);                          \
  } while (0)
/* One word of the reduction row, shifting down: (t_out, c) = t_in + m * p_j + c. */
#define RED(tout, tin, j, c)                             \
  do {                                                   \
    uint64_t s_ = (uint64_t)m * P.l[j] + (tin) + (c);    \
    (tout) = (uint32_t)s_;                               \
    (c) = (uint32_t)(s_ >> 32);                          \
  } while (0)

#if defined(__mips__) && !defined(KZG_PORTABLE)
/*
 * MIPS32: one outer step of the multiplication in assembly. Written in C (the #else branch),
 * gcc's scheduler interleaves the unrolled steps and spills the accumulator to the stack (~3,800
 * instructions per multiplication); here the 12 accumulator words, both carries and the
 * temporaries stay in 21 registers and each word costs exactly 20 instructions (~2,950 per
 * multiplication). The arithmetic is the C version's with both passes fused per word (FIOS:
 * word j gets + a_j * b_i, then + m * p_j, and lands in word j - 1), so no 13th word is needed:
 * the top word is c1 + c2, which the bound t < 2p keeps below 2^30. Only plain MIPS32 r1
 * integer instructions (the fault-proof VM has no madd); `mul` is MIPS32's 32x32 -> 32.
 */
#define FIOS_WORD(OFF, TJ, TJM1)                                                          \
  "lw    %[lo], " OFF "(%[a])\n\t"                                                      \
  "multu %[lo], %[bi]\n\t"                                                              \
  "mflo  %[lo]\n\t"                                                                     \
  "mfhi  %[hi]\n\t"                                                                     \
  "addu  %[lo], %[lo], %[" TJ "]\n\t"                                                   \
  "sltu  %[k], %[lo], %[" TJ "]\n\t"                                                    \
  "addu  %[hi], %[hi], %[k]\n\t"                                                        \
  "addu  %[" TJ "], %[lo], %[c1]\n\t" /* s = t_j + a_j b_i + c1 (low word) */           \
  "sltu  %[k], %[" TJ "], %[c1]\n\t"                                                    \
  "addu  %[c1], %[hi], %[k]\n\t"                                                        \
  "lw    %[lo], " OFF "(%[p])\n\t"                                                      \
  "multu %[lo], %[m]\n\t"                                                               \
  "mflo  %[lo]\n\t"                                                                     \
  "mfhi  %[hi]\n\t"                                                                     \
  "addu  %[lo], %[lo], %[" TJ "]\n\t"                                                   \
  "sltu  %[k], %[lo], %[" TJ "]\n\t"                                                    \
  "addu  %[hi], %[hi], %[k]\n\t"                                                        \
  "addu  %[" TJM1 "], %[lo], %[c2]\n\t" /* t_(j-1) = s + m p_j + c2 (low word) */       \
  "sltu  %[k], %[" TJM1 "], %[c2]\n\t"                                                  \
  "addu  %[c2], %[hi], %[k]\n\t"

/* Word j of t - p with the running borrow: r_j = t_j - p_j - borrow. */
#define FP_SUB_WORD(OFF, TJ)                                                              \
  "lw    %[lo], " OFF "(%[p])\n\t"                                                      \
  "sltu  %[k], %[" TJ "], %[lo]\n\t"                                                    \
  "subu  %[lo], %[" TJ "], %[lo]\n\t"                                                   \
  "sltu  %[hi], %[lo], %[bw]\n\t"                                                       \
  "subu  %[lo], %[lo], %[bw]\n\t"                                                       \
  "or    %[bw], %[k], %[hi]\n\t"                                                        \
  "sw    %[lo], " OFF "(%[r])\n\t"

/* Outer step i (OFF = 4i): t = (t + a b_i + m p) / 2^32. */
#define FIOS_STEP(OFF)                                                                    \
  "lw    %[bi], " OFF "(%[b])\n\t"                                                      \
  "lw    %[lo], 0(%[a])\n\t" /* word 0: s = t0 + a_0 b_i */                             \
  "multu %[lo], %[bi]\n\t"                                                              \
  "mflo  %[lo]\n\t"                                                                     \
  "mfhi  %[hi]\n\t"                                                                     \
  "addu  %[t0], %[lo], %[t0]\n\t"                                                       \
  "sltu  %[k], %[t0], %[lo]\n\t"                                                        \
  "addu  %[c1], %[hi], %[k]\n\t"                                                        \
  "lui   %[k], 0xfffc\n\t" /* m = s (-p^-1) mod 2^32 */                                 \
  "ori   %[k], %[k], 0xfffd\n\t"                                                        \
  "mul   %[m], %[t0], %[k]\n\t"                                                         \
  "lw    %[lo], 0(%[p])\n\t" /* s + m p_0 = 0 mod 2^32: keep its carry */               \
  "multu %[lo], %[m]\n\t"                                                               \
  "mflo  %[lo]\n\t"                                                                     \
  "mfhi  %[hi]\n\t"                                                                     \
  "addu  %[lo], %[lo], %[t0]\n\t"                                                       \
  "sltu  %[k], %[lo], %[t0]\n\t"                                                        \
  "addu  %[c2], %[hi], %[k]\n\t"                                                        \
  FIOS_WORD("4", "t1", "t0") FIOS_WORD("8", "t2", "t1") FIOS_WORD("12", "t3", "t2")     \
  FIOS_WORD("16", "t4", "t3") FIOS_WORD("20", "t5", "t4") FIOS_WORD("24", "t6", "t5")   \
  FIOS_WORD("28", "t7", "t6") FIOS_WORD("32", "t8", "t7") FIOS_WORD("36", "t9", "t8")   \
  FIOS_WORD("40", "t10", "t9") FIOS_WORD("44", "t11", "t10")                            \
  "addu  %[t11], %[c1], %[c2]\n\t"

static void fp_mul(fp *r, const fp *a, const fp *b) {
  uint32_t t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, m, c1, c2, lo, hi, k, bi;
  __asm__(
      "move  %[t0], $0\n\tmove  %[t1], $0\n\tmove  %[t2], $0\n\tmove  %[t3], $0\n\t"
      "move  %[t4], $0\n\tmove  %[t5], $0\n\tmove  %[t6], $0\n\tmove  %[t7], $0\n\t"
      "move  %[t8], $0\n\tmove  %[t9], $0\n\tmove  %[t10], $0\n\tmove  %[t11], $0\n\t"
      FIOS_STEP("0") FIOS_STEP("4") FIOS_STEP("8") FIOS_STEP("12") FIOS_STEP("16") FIOS_STEP("20")
      FIOS_STEP("24") FIOS_STEP("28") FIOS_STEP("32") FIOS_STEP("36") FIOS_STEP("40") FIOS_STEP("44")
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
        [t6] "=&r"(t6), [t7] "=&r"(t7), [t8] "=&r"(t8), [t9] "=&r"(t9), [t10] "=&r"(t10), [t11] "=&r"(t11),
        [m] "=&r"(m), [c1] "=&r"(c1), [c2] "=&r"(c2), [lo] "=&r"(lo), [hi] "=&r"(hi), [k] "=&r"(k), [bi] "=&r"(bi)
      : [a] "r"(a->l), [b] "r"(b->l), [p] "r"(P.l)
      : "hi", "lo", "memory");
  /* r = t - p, and t itself when that borrows (t < p): the result is below p. */
  uint32_t borrow;
  __asm__(
      "lw    %[lo], 0(%[p])\n\t"
      "sltu  %[bw], %[t0], %[lo]\n\t"
      "subu  %[lo], %[t0], %[lo]\n\t"
      "sw    %[lo], 0(%[r])\n\t"
      FP_SUB_WORD("4", "t1") FP_SUB_WORD("8", "t2") FP_SUB_WORD("12", "t3") FP_SUB_WORD("16", "t4")
      FP_SUB_WORD("20", "t5") FP_SUB_WORD("24", "t6") FP_SUB_WORD("28", "t7") FP_SUB_WORD("32", "t8")
      FP_SUB_WORD("36", "t9") FP_SUB_WORD("40", "t10") FP_SUB_WORD("44", "t11")
      : [bw] "=&r"(borrow), [lo] "=&r"(lo), [hi] "=&r"(hi), [k] "=&r"(k)
      : [t0] "r"(t0), [t1] "r"(t1), [t2] "r"(t2), [t3] "r"(t3), [t4] "r"(t4), [t5] "r"(t5), [t6] "r"(t6),
        [t7] "r"(t7), [t8] "r"(t8), [t9] "r"(t9), [t10] "r"(t10), [t11] "r"(t11), [p] "r"(P.l), [r] "r"(r->l)
      : "memory");
  if (borrow) {
    r->l[0] = t0, r->l[1] = t1, r->l[2] = t2, r->l[3] = t3, r->l[4] = t4, r->l[5] = t5;
    r->l[6] = t6, r->l[7] = t7, r->l[8] = t8, r->l[9] = t9, r->l[10] = t10, r->l[11] = t11;
  }
}
#else
/*
 * r = a * b * R^-1 mod p (CIOS). Each outer step adds a * b[i] to t, then adds m * p with m
 * chosen so the low word becomes zero, and shifts it out. With a, b < p, t stays below 2p between
 * steps (t' < (2p + 2(2^32 - 1)p) / 2^32), so 12 words hold it, the row's carry word is gone
 * after the shift, and one conditional subtraction ends it.
 */
static void fp_mul(fp *r, const fp *a, const fp *b) {
  const uint32_t *A = a->l;
  uint32_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t8 = 0, t9 = 0, t10 = 0, t11 = 0;
  for (int i = 0; i < NL; i++) {
    uint32_t bi = b->l[i], c = 0;
    MAC(t0, A[0], bi, c);
    MAC(t1, A[1], bi, c);
    MAC(t2, A[2], bi, c);
    MAC(t3, A[3], bi, c);
    MAC(t4, A[4], bi, c);
    MAC(t5, A[5], bi, c);
    MAC(t6, A[6], bi, c);
    MAC(t7, A[7], bi, c);
    MAC(t8, A[8], bi, c);
    MAC(t9, A[9], bi, c);
    MAC(t10, A[10], bi, c);
    MAC(t11, A[11], bi, c);
    uint32_t t12 = c;
    uint32_t m = t0 * P_INV;
    c = (uint32_t)(((uint64_t)m * P.l[0] + t0) >> 32);
    RED(t0, t1, 1, c);
    RED(t1, t2, 2, c);
    RED(t2, t3, 3, c);
    RED(t3, t4, 4, c);
    RED(t4, t5, 5, c);
    RED(t5, t6, 6, c);
    RED(t6, t7, 7, c);
    RED(t7, t8, 8, c);
    RED(t8, t9, 9, c);
    RED(t9, t10, 10, c);
    RED(t10, t11, 11, c);
    t11 = t12 + c;
  }
  uint32_t t[NL] = {t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11};
  if (sub_raw(r->l, t, P.l))
    for (int i = 0; i < NL; i++) r->l[i] = t[i];
}
#endif

static void fp_sqr(fp *r, const fp *a) { fp_mul(r, a, a); }

static void shr1(uint32_t *x) {
  for (int i = 0; i < NL - 1; i++) x[i] = (x[i] >> 1) | (x[i + 1] << 31);
  x[NL - 1] >>= 1;
}

static void shl1(uint32_t *x) {
  for (int i = NL - 1; i > 0; i--) x[i] = (x[i] << 1) | (x[i - 1] >> 31);
  x[0] <<= 1;
}

/* The most iterations fp_inv can take: each halves u * v < p^2 < 2^762. */
#define INV_MAX_K 762
/* 2^(1152 - k) mod p for k = 0 .. INV_MAX_K (plain integers), filled on first use. */
static fp inv_fix[INV_MAX_K + 1];
static int inv_fix_ready;

static void fill_inv_fix(void) {
  fp t = {{1}};
  for (int i = 0; i < 1152 - INV_MAX_K; i++) fp_add(&t, &t, &t);
  inv_fix[INV_MAX_K] = t;
  for (int k = INV_MAX_K - 1; k >= 0; k--) fp_add(&inv_fix[k], &inv_fix[k + 1], &inv_fix[k + 1]);
  inv_fix_ready = 1;
}

/*
 * r = a^-1 in Montgomery form, a != 0, by Kaliski's almost Montgomery inverse (B. Kaliski, "The
 * Montgomery inverse and its applications", IEEE Trans. Computers 44(8), 1995, phase 1): a
 * binary GCD that only shifts, adds and subtracts — no reduction mod p inside the loop —
 * keeping p = u s + v x, and ending with x = A^-1 2^k mod p for the integer A = aR after k
 * iterations (k <= 2 * 381). One Montgomery multiplication by 2^(1152 - k) turns that into
 * a^-1 R: A^-1 2^k * 2^(1152 - k) / R = a^-1 R^-1 2^1152 / R = a^-1 R.
 */
static void fp_inv(fp *r, const fp *a) {
  if (!inv_fix_ready) fill_inv_fix();
  uint32_t u[NL], v[NL], x[NL], s[NL];
  for (int i = 0; i < NL; i++) {
    u[i] = P.l[i];
    v[i] = a->l[i];
    x[i] = 0;
    s[i] = 0;
  }
  s[0] = 1;
  int k = 0;
  while (!fp_is_zero((const fp *)v)) {
    if (!(u[0] & 1)) {
      shr1(u);
      shl1(s);
    } else if (!(v[0] & 1)) {
      shr1(v);
      shl1(x);
    } else if (!geq(v, u)) { /* u > v; on u = v the else branch ends the loop (v = 0) */
      sub_raw(u, u, v);
      shr1(u);
      add_raw(x, x, s);
      shl1(s);
    } else {
      sub_raw(v, v, u);
      shr1(v);
      add_raw(s, s, x);
      shl1(x);
    }
    k++;
  }
  /* x < 2p: reduce once, then negate (phase 1 ends with p - x). */
  if (geq(x, P.l)) sub_raw(x, x, P.l);
  sub_raw(x, P.l, x);
  fp_mul(r, (const fp *)x, &inv_fix[k]);
}

/* ---- G1 in Jacobian coordinates (x/z^2, y/z^3) ---------------------------------------------- */

typedef struct {
  fp x, y, z;
  int inf;
} jac;

/* r = 2a; a = 0 in the curve equation (dbl-2009-l: 2M + 5S). */
static void jac_double(jac *r, const jac *a) {
  if (a->inf) {
    *r = *a;
    return;
  }
  fp xx, yy, yyyy, d, e, f, t;
  fp_sqr(&xx, &a->x);
  fp_sqr(&yy, &a->y);
  fp_sqr(&yyyy, &yy);
  fp_add(&t, &a->x, &yy);
  fp_sqr(&t, &t);
  fp_sub(&t, &t, &xx);
  fp_sub(&t, &t, &yyyy);
  fp_add(&d, &t, &t); /* D = 2((X + YY)^2 - XX - YYYY) = 4 X YY */
  fp_add(&e, &xx, &xx);
  fp_add(&e, &e, &xx); /* E = 3 XX */
  fp_sqr(&f, &e);
  fp_mul(&r->z, &a->y, &a->z);
  fp_add(&r->z, &r->z, &r->z); /* Z3 = 2 Y Z (before Y is overwritten when r == a) */
  fp_sub(&r->x, &f, &d);
  fp_sub(&r->x, &r->x, &d); /* X3 = F - 2D */
  fp_sub(&t, &d, &r->x);
  fp_mul(&t, &e, &t);
  fp_add(&yyyy, &yyyy, &yyyy);
  fp_add(&yyyy, &yyyy, &yyyy);
  fp_add(&yyyy, &yyyy, &yyyy);
  fp_sub(&r->y, &t, &yyyy); /* Y3 = E (D - X3) - 8 YYYY */
  r->inf = 0;
}

/* r = a + (x2, y2) with the second point affine (8M + 3S); r may be a. */
static void jac_add_affine(jac *r, const jac *a, const fp *x2, const fp *y2) {
  if (a->inf) {
    r->x = *x2;
    r->y = *y2;
    r->z = ONE;
    r->inf = 0;
    return;
  }
  fp zz, h, rr, hh, hhh, v, t;
  fp_sqr(&zz, &a->z);
  fp_mul(&h, x2, &zz);
  fp_sub(&h, &h, &a->x); /* H = x2 Z^2 - X */
  fp_mul(&t, y2, &zz);
  fp_mul(&t, &t, &a->z);
  fp_sub(&rr, &t, &a->y); /* r = y2 Z^3 - Y */
  if (fp_is_zero(&h)) {
    if (fp_is_zero(&rr))
      jac_double(r, a);
    else
      r->inf = 1;
    return;
  }
  fp_sqr(&hh, &h);
  fp_mul(&hhh, &hh, &h);
  fp_mul(&v, &a->x, &hh);
  fp_mul(&r->z, &a->z, &h);
  fp_sqr(&t, &rr);
  fp_sub(&t, &t, &hhh);
  fp_sub(&t, &t, &v);
  fp_sub(&t, &t, &v); /* X3 = r^2 - H^3 - 2 X H^2 */
  fp_mul(&hhh, &a->y, &hhh);
  r->x = t;
  fp_sub(&t, &v, &t);
  fp_mul(&t, &rr, &t);
  fp_sub(&r->y, &t, &hhh); /* Y3 = r (X H^2 - X3) - Y H^3 */
  r->inf = 0;
}

/* ---- Batched affine additions --------------------------------------------------------------- */

typedef struct {
  fp x, y;
  uint32_t inf; /* the point at infinity (x, y unused) */
} aff;

#define MAX_BATCH (KZG_FIELD_ELEMENTS / 2)
enum { ADD, DOUBLE, CANCEL, COPY_P, COPY_Q };

/* Pending additions dst = p + q; dst may be p or q, and may be an operand of an earlier entry. */
static struct {
  aff *dst;
  const aff *p, *q;
  uint32_t kind;
} batch[MAX_BATCH];
static int batch_len;
/* Denominators of the entries that need one (ADD, DOUBLE), then their inverses; prefix products. */
static fp den[MAX_BATCH], prefix[MAX_BATCH];

static void batch_push(aff *dst, const aff *p, const aff *q) {
  batch[batch_len].dst = dst;
  batch[batch_len].p = p;
  batch[batch_len].q = q;
  batch_len++;
}

/*
 * Applies every pending addition with one inversion. Affine P + Q: l = (yQ - yP) / (xQ - xP),
 * x3 = l^2 - xP - xQ, y3 = l (xP - x3) - yP; when xP = xQ it is a doubling (l = 3 xP^2 / 2 yP)
 * or P + (-P) = infinity. Montgomery's trick: with prefix products d_0 ... d_k, one inverse of
 * the whole product yields every 1 / d_k on the way back (3 multiplications each). Operands are
 * read before any result is written, and results are written in entry order, so an entry may
 * overwrite an operand of a later entry only if it is its own (the tree in bucket_window needs
 * exactly that).
 */
static void batch_run(void) {
  int n = 0; /* entries with a denominator */
  for (int k = 0; k < batch_len; k++) {
    const aff *p = batch[k].p, *q = batch[k].q;
    uint32_t kind;
    if (p->inf)
      kind = COPY_Q;
    else if (q->inf)
      kind = COPY_P;
    else if (!fp_eq(&p->x, &q->x))
      kind = ADD;
    else if (fp_eq(&p->y, &q->y))
      kind = DOUBLE;
    else
      kind = CANCEL;
    batch[k].kind = kind;
    if (kind == ADD)
      fp_sub(&den[n], &q->x, &p->x);
    else if (kind == DOUBLE)
      fp_add(&den[n], &p->y, &p->y);
    else
      continue;
    if (n == 0)
      prefix[0] = den[0];
    else
      fp_mul(&prefix[n], &prefix[n - 1], &den[n]);
    n++;
  }
  if (n > 0) {
    fp inv, t;
    fp_inv(&inv, &prefix[n - 1]);
    for (int k = n - 1; k > 0; k--) {
      fp_mul(&t, &inv, &prefix[k - 1]);
      fp_mul(&inv, &inv, &den[k]);
      den[k] = t;
    }
    den[0] = inv;
  }
  for (int k = 0, j = 0; k < batch_len; k++) {
    const aff *p = batch[k].p, *q = batch[k].q;
    aff *dst = batch[k].dst;
    fp l, t, x3;
    switch (batch[k].kind) {
      case COPY_P:
        *dst = *p;
        continue;
      case COPY_Q:
        *dst = *q;
        continue;
      case CANCEL:
        dst->inf = 1;
        continue;
      case ADD:
        fp_sub(&t, &q->y, &p->y);
        fp_mul(&l, &t, &den[j++]);
        break;
      default: /* DOUBLE */
        fp_sqr(&t, &p->x);
        fp_add(&l, &t, &t);
        fp_add(&t, &l, &t);
        fp_mul(&l, &t, &den[j++]);
        break;
    }
    fp_sqr(&x3, &l);
    fp_sub(&x3, &x3, &p->x);
    fp_sub(&x3, &x3, &q->x);
    fp_sub(&t, &p->x, &x3);
    fp_mul(&t, &l, &t);
    fp_sub(&dst->y, &t, &p->y);
    dst->x = x3;
    dst->inf = 0;
  }
  batch_len = 0;
}

/* ---- Pippenger over the setup ----------------------------------------------------------------- */

static uint32_t scalars[KZG_FIELD_ELEMENTS][8]; /* little-endian words of each element */
static uint8_t carries[KZG_FIELD_ELEMENTS];     /* signed-digit carry into the next window */
static int16_t digits[KZG_FIELD_ELEMENTS];      /* of the window being bucketed */
static aff work[KZG_FIELD_ELEMENTS];            /* the window's points, sorted by bucket */
static aff buckets[WINDOWS][BUCKETS];           /* bucket |d| - 1 of every window */
static uint16_t seg_start[BUCKETS], seg_len[BUCKETS];

/* Signed digit of element i in window w (windows are taken in increasing order). */
static int next_digit(int i, int w) {
  int bit = w * WINDOW;
  int word = bit >> 5, shift = bit & 31;
  uint32_t raw = scalars[i][word] >> shift;
  if (shift + WINDOW > 32 && word < 7) raw |= scalars[i][word + 1] << (32 - shift);
  int d = (int)(raw & ((1u << WINDOW) - 1)) + carries[i];
  carries[i] = d > BUCKETS;
  return d > BUCKETS ? d - (1 << WINDOW) : d;
}

/*
 * Fills buckets[w]: bucket |d| - 1 is the sum of sign(d) * L_i over the elements whose digit is
 * d. The points are sorted by bucket (counting sort), then each bucket's run is summed as a
 * binary tree, one level for all buckets at a time: element j of a run becomes element 2j plus
 * element 2j + 1, so a level is one batch (one inversion) however the digits fall — even if
 * every element has the same digit.
 */
static void bucket_window(int w) {
  for (int b = 0; b < BUCKETS; b++) seg_len[b] = 0;
  for (int i = 0; i < KZG_FIELD_ELEMENTS; i++) {
    int d = next_digit(i, w);
    digits[i] = (int16_t)d;
    if (d != 0) seg_len[(d > 0 ? d : -d) - 1]++;
  }
  for (int b = 0, at = 0; b < BUCKETS; b++) {
    seg_start[b] = (uint16_t)at;
    at += seg_len[b];
    seg_len[b] = 0;
  }
  for (int i = 0; i < KZG_FIELD_ELEMENTS; i++) {
    int d = digits[i];
    if (d == 0) continue;
    int b = (d > 0 ? d : -d) - 1;
    aff *a = &work[seg_start[b] + seg_len[b]++];
    const fp *y = (const fp *)kzg_setup_g1_lagrange[i][1];
    a->x = *(const fp *)kzg_setup_g1_lagrange[i][0];
    if (d > 0)
      a->y = *y;
    else
      fp_neg(&a->y, y); /* -(x, y) = (x, p - y) */
    a->inf = 0;
  }
  for (;;) {
    for (int b = 0; b < BUCKETS; b++) {
      aff *run = &work[seg_start[b]];
      for (int j = 0; j < seg_len[b] / 2; j++) batch_push(&run[j], &run[2 * j], &run[2 * j + 1]);
    }
    if (batch_len == 0) break;
    batch_run();
    /* An odd run's last element moves up behind the sums (no later level reads its old place). */
    for (int b = 0; b < BUCKETS; b++) {
      int len = seg_len[b];
      if (len < 2) continue;
      if (len & 1) work[seg_start[b] + len / 2] = work[seg_start[b] + len - 1];
      seg_len[b] = (uint16_t)((len + 1) / 2);
    }
  }
  for (int b = 0; b < BUCKETS; b++) {
    if (seg_len[b])
      buckets[w][b] = work[seg_start[b]];
    else
      buckets[w][b].inf = 1;
  }
}

/*
 * window_sum[w] = sum_b (b + 1) * buckets[w][b] for every window at once: from the top bucket
 * down, running += bucket and total += running. Both are affine additions batched across the
 * windows; total += running (with the running sum before bucket b) shares a batch with running
 * += bucket b, entered first so that it reads running before running changes.
 */
static aff running[WINDOWS], window_sum[WINDOWS];

static void sum_buckets(void) {
  for (int w = 0; w < WINDOWS; w++) running[w].inf = window_sum[w].inf = 1;
  for (int b = BUCKETS - 1; b >= -1; b--) {
    for (int w = 0; w < WINDOWS; w++) {
      if (b < BUCKETS - 1) batch_push(&window_sum[w], &window_sum[w], &running[w]);
      if (b >= 0) batch_push(&running[w], &running[w], &buckets[w][b]);
    }
    batch_run();
  }
}

static int load_scalars(const uint8_t *blob) {
  for (int i = 0; i < KZG_FIELD_ELEMENTS; i++) {
    const uint8_t *e = blob + 32 * i;
    for (int k = 0; k < 8; k++) {
      const uint8_t *w = e + 28 - 4 * k;
      scalars[i][k] = (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
    }
    int below = 0; /* bytes_to_bls_field: the element must be < r */
    for (int k = 7; k >= 0; k--) {
      if (scalars[i][k] != R_MOD[k]) {
        below = scalars[i][k] < R_MOD[k];
        break;
      }
    }
    if (!below) return -1 - i;
    carries[i] = 0;
  }
  return 0;
}

/* ZCash compressed G1: big-endian x with flags 0x80 (compressed), 0x40 (infinity), 0x20 (y > -y). */
static void compress(uint8_t out[48], const jac *a) {
  for (int i = 0; i < 48; i++) out[i] = 0;
  if (a->inf) {
    out[0] = 0xc0;
    return;
  }
  fp zi, zi2, x, y, one_plain = {{1}};
  fp_inv(&zi, &a->z);
  fp_sqr(&zi2, &zi);
  fp_mul(&x, &a->x, &zi2);
  fp_mul(&y, &a->y, &zi2);
  fp_mul(&y, &y, &zi);
  fp_mul(&x, &x, &one_plain); /* out of Montgomery form */
  fp_mul(&y, &y, &one_plain);
  for (int i = 0; i < 48; i++) out[47 - i] = (uint8_t)(x.l[i / 4] >> (8 * (i % 4)));
  out[0] |= 0x80;
  if (!geq(HALF_P.l, y.l)) out[0] |= 0x20;
}

int blob_to_kzg_commitment(const uint8_t blob[KZG_BLOB_BYTES], uint8_t out[KZG_COMMITMENT_BYTES]) {
  int bad = load_scalars(blob);
  if (bad) return bad;
  for (int w = 0; w < WINDOWS; w++) bucket_window(w);
  sum_buckets();
  /* Horner over the windows: acc = sum_w 2^(WINDOW w) window_sum[w]. */
  jac acc = {.inf = 1};
  for (int w = WINDOWS - 1; w >= 0; w--) {
    for (int k = 0; k < WINDOW && !acc.inf; k++) jac_double(&acc, &acc);
    if (!window_sum[w].inf) jac_add_affine(&acc, &acc, &window_sum[w].x, &window_sum[w].y);
  }
  compress(out, &acc);
  return 0;
}
