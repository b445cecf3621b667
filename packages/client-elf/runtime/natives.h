/* The `faultlineNative` object the client bundle finds on its global (primitives/src/native.ts). */
#ifndef FAULTLINE_NATIVES_H
#define FAULTLINE_NATIVES_H
#include "quickjs.h"
/* Returns 0, or -1 with a JS exception pending. */
int faultline_define_natives(JSContext *ctx);
/* One line to stderr (fd 2), newline added. */
void faultline_log(const char *line);
#endif
