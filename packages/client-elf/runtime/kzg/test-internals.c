/*
 * Test driver for the paths random blobs never reach (host build only): batched affine additions
 * that are doublings, cancellations or involve infinity, the mixed Jacobian addition's doubling
 * and cancellation, and the inverse. Prints one result per line (compressed points in hex, or
 * "ok"/"bad"); the test beside it checks them with @noble/curves. Includes kzg.c for its statics.
 */
#include <stdio.h>

#include "kzg.c"

static void print_jac(const jac *a) {
  uint8_t out[48];
  compress(out, a);
  for (int i = 0; i < 48; i++) printf("%02x", out[i]);
  printf("\n");
}

static void print_aff(const aff *a) {
  jac j = {.inf = 1};
  if (!a->inf) {
    j.x = a->x;
    j.y = a->y;
    j.z = ONE;
    j.inf = 0;
  }
  print_jac(&j);
}

static aff setup_point(int i, int negate) {
  aff a = {.inf = 0};
  a.x = *(const fp *)kzg_setup_g1_lagrange[i][0];
  a.y = *(const fp *)kzg_setup_g1_lagrange[i][1];
  if (negate) fp_neg(&a.y, &a.y);
  return a;
}

int main(void) {
  aff p0 = setup_point(0, 0), p0n = setup_point(0, 1), p1 = setup_point(1, 0), inf = {.inf = 1};
  aff r[6];
  /* One batch: L0 + L0, L0 + (-L0), inf + L1, L1 + inf, L0 + L1, and an in-place L1 + L0. */
  r[5] = p1;
  batch_push(&r[0], &p0, &p0);
  batch_push(&r[1], &p0, &p0n);
  batch_push(&r[2], &inf, &p1);
  batch_push(&r[3], &p1, &inf);
  batch_push(&r[4], &p0, &p1);
  batch_push(&r[5], &r[5], &p0);
  batch_run();
  for (int k = 0; k < 6; k++) print_aff(&r[k]);
  /* Mixed Jacobian: L0 + L0 (doubling path), L0 + (-L0) (infinity), 2 L0 + L1 (ordinary). */
  jac j0 = {.x = p0.x, .y = p0.y, .z = ONE, .inf = 0}, j;
  jac_add_affine(&j, &j0, &p0.x, &p0.y);
  print_jac(&j);
  jac_add_affine(&j, &j0, &p0n.x, &p0n.y);
  print_jac(&j);
  jac_double(&j, &j0);
  jac_add_affine(&j, &j, &p1.x, &p1.y);
  print_jac(&j);
  /* a * a^-1 = 1 for a few values, including 1 and p - 1. */
  int ok = 1;
  fp vals[3] = {ONE, p0.x, ONE};
  fp_neg(&vals[2], &ONE);
  for (int k = 0; k < 3; k++) {
    fp inv, prod;
    fp_inv(&inv, &vals[k]);
    fp_mul(&prod, &inv, &vals[k]);
    ok &= fp_eq(&prod, &ONE);
  }
  printf("%s\n", ok ? "inverse ok" : "inverse bad");
  return 0;
}
