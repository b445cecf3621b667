/*
 * A host tool (never part of client.elf): compiles the client bundle to QuickJS bytecode with
 * the same patched engine sources the ELF is built from, so the bytecode matches the reader
 * byte for byte. The format is little-endian on every host (quickjs.c swaps on big-endian
 * readers). Source text is stripped (Function.prototype.toString is never needed); line
 * numbers stay, so a failure inside the VM still names where it happened.
 *
 * usage: compile <bundle.js> <out.qbc>
 */
#include <stdio.h>
#include <stdlib.h>

#include "quickjs.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <bundle.js> <out.qbc>\n", argv[0]);
    return 2;
  }
  size_t len;
  char *src = read_file(argv[1], &len);
  if (!src) {
    fprintf(stderr, "compile: cannot read %s\n", argv[1]);
    return 2;
  }
  JSRuntime *rt = JS_NewRuntime();
  JS_SetStripInfo(rt, JS_STRIP_SOURCE);
  JSContext *ctx = JS_NewContext(rt);
  JSValue obj = JS_Eval(ctx, src, len, "client.js", JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
  if (JS_IsException(obj)) {
    JSValue e = JS_GetException(ctx);
    const char *msg = JS_ToCString(ctx, e);
    fprintf(stderr, "compile: %s: %s\n", argv[1], msg ? msg : "syntax error");
    return 1;
  }
  size_t out_len;
  uint8_t *out = JS_WriteObject(ctx, &out_len, obj, JS_WRITE_OBJ_BYTECODE);
  FILE *f = fopen(argv[2], "wb");
  if (!out || !f || fwrite(out, 1, out_len, f) != out_len || fclose(f) != 0) {
    fprintf(stderr, "compile: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
