/* What libgcc2.c needs from the target C library (gcc's tsystem.h, reduced). */
#include <float.h>
#include <limits.h>
#include <stddef.h>
extern void abort(void);
