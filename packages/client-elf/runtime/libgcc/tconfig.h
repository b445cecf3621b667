/* Intentionally empty: configure would write target overrides here; o32 MIPS needs none. */
