/*
 * client.elf's main: hosts QuickJS, defines the native functions, evaluates the embedded client
 * bundle (QuickJS bytecode, bundle.S) and exits with what its `faultlineMain()` returns.
 *
 * Exit codes are op-program's: 0 claim valid, 1 claim invalid, 2 anything else. Only a 0 or 1
 * returned by the program itself is a verdict; an exception at load or in main, an
 * out-of-memory, or any other return value is 2 — a program that did not finish must never
 * read as "invalid".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "natives.h"
#include "quickjs.h"

extern const uint8_t faultline_bundle[];
extern const uint32_t faultline_bundle_size;

/* Heap for JS objects: the VM's address space from 0x05000000 leaves room for ~1.5 GiB (sys.c);
 * past this QuickJS throws "out of memory", which ends in exit 2. */
#define MEMORY_LIMIT (1200u << 20)
/* The C stack is ours (crt0.S maps 64 MiB); JS recursion is checked against this. */
#define STACK_LIMIT (48u << 20)

#define EXIT_FAILURE_CODE 2

static void fail_with_exception(JSContext *ctx, const char *when) {
  char line[600];
  JSValue e = JS_GetException(ctx);
  const char *msg = JS_ToCString(ctx, e);
  snprintf(line, sizeof line, "client: failed: %s: %s", when, msg ? msg : "(exception without a message)");
  faultline_log(line);
  _exit(EXIT_FAILURE_CODE);
}

int main(void) {
  JSRuntime *rt = JS_NewRuntime();
  if (rt == NULL) {
    faultline_log("client: failed: cannot create the JavaScript runtime");
    return EXIT_FAILURE_CODE;
  }
  JS_SetMemoryLimit(rt, MEMORY_LIMIT);
  JS_SetMaxStackSize(rt, STACK_LIMIT);
  JSContext *ctx = JS_NewContext(rt);
  if (ctx == NULL) {
    faultline_log("client: failed: cannot create the JavaScript context");
    return EXIT_FAILURE_CODE;
  }
  if (faultline_define_natives(ctx) < 0) fail_with_exception(ctx, "defining the native functions");

  JSValue fn = JS_ReadObject(ctx, faultline_bundle, faultline_bundle_size,
                             JS_READ_OBJ_BYTECODE | JS_READ_OBJ_ROM_DATA);
  if (JS_IsException(fn)) fail_with_exception(ctx, "loading the client bytecode");
  JSValue top = JS_EvalFunction(ctx, fn);
  if (JS_IsException(top)) fail_with_exception(ctx, "evaluating the client bundle");
  JS_FreeValue(ctx, top);

  JSValue global = JS_GetGlobalObject(ctx);
  JSValue entry = JS_GetPropertyStr(ctx, global, "faultlineMain");
  if (!JS_IsFunction(ctx, entry)) {
    faultline_log("client: failed: the bundle defines no faultlineMain()");
    _exit(EXIT_FAILURE_CODE);
  }
  JSValue result = JS_Call(ctx, entry, global, 0, NULL);
  if (JS_IsException(result)) fail_with_exception(ctx, "running the client");
  int32_t code;
  if (!JS_IsNumber(result) || JS_ToInt32(ctx, &code, result) != 0 || code < 0 || code > 2) {
    faultline_log("client: failed: faultlineMain() returned something other than 0, 1 or 2 (no verdict)");
    code = EXIT_FAILURE_CODE;
  }
  /* No teardown: freeing the heap would cost VM steps and decide nothing. */
  _exit(code);
}
