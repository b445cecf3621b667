/**
 * Blobs and build flags shared by the KZG tests (spec/kzg-runtime.test.ts) and bench/kzg.ts: the
 * xorshift32 stream bench-mips.c fills its blobs from (the top byte of each element below 0x73,
 * so every element is below the BLS modulus), and the flags of a freestanding Cannon-safe
 * MIPS32 build of the C.
 */
import { TARGET_CFLAGS } from '../../src/inputs.js';

export const BLOB_BYTES = 131072;

/** `count` blobs from one xorshift32 stream seeded with `seed`. */
export function xorshiftBlobs(seed: number, count: number): Uint8Array[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    const b = new Uint8Array(BLOB_BYTES);
    for (let i = 0; i < BLOB_BYTES; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      b[i] = s & 0xff;
      if (i % 32 === 0) b[i] = (s >>> 8) % 0x73;
    }
    return b;
  });
}

/** client.elf's code-generation flags (inputs.ts) for a freestanding program entered at __start. */
export const FREESTANDING_MIPS_FLAGS = [...TARGET_CFLAGS, '-ffreestanding', '-nostdlib', '-static', '-Wl,-e,__start'];
