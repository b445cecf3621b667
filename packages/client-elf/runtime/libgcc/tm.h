/* Target facts libgcc2.h reads (gcc/config/mips/mips.h for o32): 8-bit units, 4-byte words. */
#define BITS_PER_UNIT 8
#define UNITS_PER_WORD 4
#define MIN_UNITS_PER_WORD 4
