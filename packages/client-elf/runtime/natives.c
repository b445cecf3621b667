/*
 * The native functions behind `globalThis.faultlineNative` (their JavaScript side and contract:
 * packages/primitives/src/native.ts). Two kinds:
 *  - hashing, signature recovery and the KZG commitment of a blob, where C is ~20-80x cheaper
 *    in VM steps than QuickJS;
 *  - blocking I/O on the four pre-image descriptors (op-program's fds 3/4 hints, 5/6
 *    pre-images) and stderr. Inside Cannon a read or write here *is* the oracle syscall the VM
 *    serves (reads of fd 5 come back at most one aligned word at a time, hence the loops);
 *    under qemu-mips or natively they are ordinary pipes to a host.
 */
#include "natives.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keccak.h"
#include "kzg/kzg.h"
#include "secp256k1.h"
#include "secp256k1_recovery.h"
#include "sha256.h"

void faultline_log(const char *line) {
  size_t n = strlen(line);
  while (n > 0) {
    ssize_t w = write(2, line, n);
    if (w <= 0) return;
    line += w;
    n -= (size_t)w;
  }
  (void)!write(2, "\n", 1);
}

/* The bytes of a Uint8Array argument (a view: valid until the next allocation in JS). */
static const uint8_t *bytes_arg(JSContext *ctx, JSValueConst v, size_t *len) {
  static const uint8_t empty[1];
  size_t offset, length, per_element, size;
  JSValue buffer = JS_GetTypedArrayBuffer(ctx, v, &offset, &length, &per_element);
  if (JS_IsException(buffer)) return NULL;
  uint8_t *p = JS_GetArrayBuffer(ctx, &size, buffer);
  JS_FreeValue(ctx, buffer);
  if (per_element != 1) {
    JS_ThrowTypeError(ctx, "expected a Uint8Array");
    return NULL;
  }
  *len = length;
  if (p == NULL) return length == 0 ? empty : NULL;
  return p + offset;
}

static JSValue new_u8(JSContext *ctx, const uint8_t *p, size_t n) {
  JSValue buffer = JS_NewArrayBufferCopy(ctx, p, n);
  if (JS_IsException(buffer)) return buffer;
  /* JS_NewTypedArray reads three arguments whatever argc says: buffer, offset, length. */
  JSValue args[3] = {buffer, JS_NewInt32(ctx, 0), JS_NewInt64(ctx, (int64_t)n)};
  JSValue array = JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8);
  JS_FreeValue(ctx, buffer);
  return array;
}

typedef void hash_fn(const uint8_t *, size_t, uint8_t[32]);

static JSValue hash_call(JSContext *ctx, JSValueConst arg, hash_fn *fn) {
  size_t len;
  const uint8_t *p = bytes_arg(ctx, arg, &len);
  if (p == NULL) return JS_EXCEPTION;
  uint8_t out[32];
  fn(p, len, out);
  return new_u8(ctx, out, 32);
}

static JSValue js_keccak256(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  return hash_call(ctx, argv[0], keccak256);
}

static JSValue js_sha256(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  return hash_call(ctx, argv[0], sha256);
}

static secp256k1_context *secp;

/* (hash: 32 bytes, sig: r ‖ s 64 bytes, recid 0|1) → 65-byte uncompressed key, or null. */
static JSValue js_secp256k1_recover(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t hash_len, sig_len;
  int32_t recid;
  const uint8_t *hash = bytes_arg(ctx, argv[0], &hash_len);
  if (hash == NULL) return JS_EXCEPTION;
  const uint8_t *sig = bytes_arg(ctx, argv[1], &sig_len);
  if (sig == NULL) return JS_EXCEPTION;
  if (JS_ToInt32(ctx, &recid, argv[2])) return JS_EXCEPTION;
  if (hash_len != 32 || sig_len != 64 || recid < 0 || recid > 3)
    return JS_ThrowRangeError(ctx, "secp256k1Recover: expected a 32-byte hash, a 64-byte r||s and recid 0-3");
  if (secp == NULL) secp = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  secp256k1_ecdsa_recoverable_signature rsig;
  secp256k1_pubkey key;
  unsigned char out[65];
  size_t out_len = sizeof out;
  /* parse fails for r or s >= n; recover fails when r is no x-coordinate or the key is infinity. */
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp, &rsig, sig, recid) ||
      !secp256k1_ecdsa_recover(secp, &key, &rsig, hash))
    return JS_NULL;
  secp256k1_ec_pubkey_serialize(secp, out, &out_len, &key, SECP256K1_EC_UNCOMPRESSED);
  return new_u8(ctx, out, out_len);
}

/* (blob: 131072 bytes) → its 48-byte KZG commitment (EIP-4844 blob_to_kzg_commitment, kzg/kzg.c);
 * throws when a field element is not below the BLS modulus. */
static JSValue js_blob_to_kzg_commitment(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t len;
  const uint8_t *blob = bytes_arg(ctx, argv[0], &len);
  if (blob == NULL) return JS_EXCEPTION;
  if (len != KZG_BLOB_BYTES)
    return JS_ThrowRangeError(ctx, "blobToKzgCommitment: expected %d bytes, got %u", KZG_BLOB_BYTES, (unsigned)len);
  uint8_t out[KZG_COMMITMENT_BYTES];
  int rc = blob_to_kzg_commitment(blob, out);
  if (rc != 0)
    return JS_ThrowRangeError(ctx, "blobToKzgCommitment: field element %d is not below the BLS modulus", -1 - rc);
  return new_u8(ctx, out, KZG_COMMITMENT_BYTES);
}

static void free_buffer(JSRuntime *rt, void *opaque, void *ptr) {
  (void)rt;
  (void)opaque;
  free(ptr);
}

/* (fd, n) → exactly n bytes, or null when the other end closed first. */
static JSValue js_read_exact(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  int32_t fd, n;
  if (JS_ToInt32(ctx, &fd, argv[0]) || JS_ToInt32(ctx, &n, argv[1])) return JS_EXCEPTION;
  if (n < 0) return JS_ThrowRangeError(ctx, "readExact: negative length");
  /* Zeroed: inside Cannon a read of the hint-ack fd succeeds without writing any data. */
  uint8_t *buf = calloc((size_t)n + 1, 1);
  if (buf == NULL) return JS_ThrowOutOfMemory(ctx);
  size_t got = 0;
  while (got < (size_t)n) {
    ssize_t r = read(fd, buf + got, (size_t)n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      free(buf);
      return JS_ThrowInternalError(ctx, "read of fd %d failed (errno %d)", fd, errno);
    }
    if (r == 0) {
      free(buf);
      return JS_NULL;
    }
    got += (size_t)r;
  }
  JSValue buffer = JS_NewArrayBuffer(ctx, buf, (size_t)n, free_buffer, NULL, 0);
  if (JS_IsException(buffer)) {
    free(buf);
    return buffer;
  }
  JSValue args[3] = {buffer, JS_NewInt32(ctx, 0), JS_NewInt32(ctx, n)};
  JSValue array = JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8);
  JS_FreeValue(ctx, buffer);
  return array;
}

/* (fd, bytes) → true when every byte was written, false when the other end is gone. */
static JSValue js_write_all(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  int32_t fd;
  size_t len;
  if (JS_ToInt32(ctx, &fd, argv[0])) return JS_EXCEPTION;
  const uint8_t *p = bytes_arg(ctx, argv[1], &len);
  if (p == NULL) return JS_EXCEPTION;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return JS_FALSE;
    p += w;
    len -= (size_t)w;
  }
  return JS_TRUE;
}

static JSValue js_log(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *s = JS_ToCString(ctx, argv[0]);
  if (s == NULL) return JS_EXCEPTION;
  faultline_log(s);
  JS_FreeCString(ctx, s);
  return JS_UNDEFINED;
}

static const JSCFunctionListEntry natives[] = {
    JS_CFUNC_DEF("keccak256", 1, js_keccak256),
    JS_CFUNC_DEF("sha256", 1, js_sha256),
    JS_CFUNC_DEF("secp256k1Recover", 3, js_secp256k1_recover),
    JS_CFUNC_DEF("blobToKzgCommitment", 1, js_blob_to_kzg_commitment),
    JS_CFUNC_DEF("readExact", 2, js_read_exact),
    JS_CFUNC_DEF("writeAll", 2, js_write_all),
    JS_CFUNC_DEF("log", 1, js_log),
};

int faultline_define_natives(JSContext *ctx) {
  JSValue obj = JS_NewObject(ctx);
  if (JS_IsException(obj)) return -1;
  JS_SetPropertyFunctionList(ctx, obj, natives, sizeof natives / sizeof natives[0]);
  JSValue global = JS_GetGlobalObject(ctx);
  int rc = JS_SetPropertyStr(ctx, global, "faultlineNative", obj) < 0 ? -1 : 0;
  JS_FreeValue(ctx, global);
  return rc;
}
