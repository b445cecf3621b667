/**
 * Everything client.elf is built from, pinned. The ELF's bytes — and so the absolute prestate —
 * are a function of these inputs, our runtime sources (runtime/, patches/) and the client bundle;
 * two machines with the same inputs produce the same ELF (the build maps every path it embeds
 * and archives deterministically). A Debian update that changes a pinned version stops the
 * build with a message naming the package, rather than silently changing the prestate.
 *
 * Why these inputs (client-elf-notes.md): QuickJS is the one embeddable engine with BigInt in
 * Debian (trixie's source package); Debian ships no soft-float MIPS libc or libgcc, so newlib
 * (newlib-source) and libgcc's soft-fp routines (gcc-12-source) are compiled for the VM's
 * instruction set; libsecp256k1 recovers senders ~20x cheaper in VM steps than noble.
 */

/** Source packages fetched with `apt-get source --download-only` from a private sources list. */
export interface SourcePackage {
  name: string;
  version: string;
  suite: 'bookworm' | 'trixie';
  /** The upstream tarball inside the source package, and its sha-256. */
  orig: string;
  sha256: string;
  /** Directory the tarball unpacks to. */
  dir: string;
}

export const SOURCE_PACKAGES = {
  quickjs: {
    name: 'quickjs',
    version: '2025.04.26-1',
    suite: 'trixie',
    orig: 'quickjs_2025.04.26.orig.tar.xz',
    sha256: 'ec81da5b3249ed648dbc7df4a1654988910e66a118d9b71cb63534216efcfbbe',
    dir: 'quickjs-2025.04.26',
  },
  secp256k1: {
    name: 'libsecp256k1',
    version: '0.2.0-2',
    suite: 'bookworm',
    orig: 'libsecp256k1_0.2.0.orig.tar.xz',
    sha256: '07c1d76fc485936138c6572e94374df22ba41df06617926572b8a690fe8bc34b',
    dir: 'libsecp256k1-0.2.0',
  },
} as const satisfies Record<string, SourcePackage>;

/** Binary packages installed with apt (the cross toolchain and two source tarballs under /usr/src). */
export const BINARY_PACKAGES = {
  'gcc-12-mips-linux-gnu': '12.2.0-14cross5',
  'binutils-mips-linux-gnu': '2.40-2cross2',
  'newlib-source': '3.3.0-1.3+deb12u1',
  'gcc-12-source': '12.2.0-14+deb12u1',
} as const;

/** What apt installs to get the packages above (the meta package pulls gcc-12-mips-linux-gnu). */
export const APT_INSTALL = ['gcc-mips-linux-gnu', 'newlib-source', 'gcc-12-source'] as const;

/** Tarballs the binary source packages put under /usr/src, with their sha-256. */
export const SYSTEM_TARBALLS = {
  newlib: {
    path: '/usr/src/newlib/newlib-3.3.0.tar.xz',
    sha256: 'c6f3a88b9d93420904241b231ca8647303be3bfb3cfef6adc8d1ea9207291033',
    dir: 'newlib-salsa',
  },
  gcc: {
    path: '/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz',
    sha256: '50c63ff82919323c25fbbb4a9eae259edc974118a0fb30c905190cb782ec11c2',
    dir: 'gcc-12.2.0',
  },
} as const;

export const CROSS = 'mips-linux-gnu';

/**
 * Code generation for the Cannon MIPS32 instruction set: MIPS32 release 1, no FPU, no
 * small-data section, no PIC, and none of the instructions gcc would otherwise choose that the
 * VM does not execute — madd/msub (-mno-imadd), teq after divisions (-mno-check-zero-division)
 * and for provable NULL dereferences (-fno-isolate-erroneous-paths-dereference), branch-likely.
 * `load-elf --strict` checks the result word by word.
 */
export const TARGET_CFLAGS = [
  '-O2',
  '-march=mips32',
  '-msoft-float',
  '-mno-abicalls',
  '-fno-pic',
  '-G0',
  '-mno-check-zero-division',
  '-mno-branch-likely',
  '-mno-imadd',
  '-fno-isolate-erroneous-paths-dereference',
  '-fno-stack-protector',
] as const;

/** newlib's configure for a bare mips-elf target whose OS calls we provide (runtime/sys.c). */
export const NEWLIB_CONFIGURE = [
  '--target=mips-elf',
  '--disable-multilib',
  '--disable-newlib-supplied-syscalls',
  '--enable-newlib-io-long-long',
  '--enable-newlib-io-c99-formats',
  '--disable-newlib-multithread',
] as const;

/** newlib's memcpy/memset use `pref` unless told not to. */
export const NEWLIB_EXTRA_CFLAGS = ['-DDISABLE_PREFETCH'] as const;

/** libgcc soft-fp routines for single and double precision (libgcc/soft-fp/t-softfp's sf, df, si, di). */
export const SOFT_FP_SOURCES = [
  'adddf3',
  'subdf3',
  'muldf3',
  'divdf3',
  'negdf2',
  'eqdf2',
  'gedf2',
  'ledf2',
  'unorddf2',
  'fixdfsi',
  'fixdfdi',
  'fixunsdfsi',
  'fixunsdfdi',
  'floatsidf',
  'floatdidf',
  'floatunsidf',
  'floatundidf',
  'addsf3',
  'subsf3',
  'mulsf3',
  'divsf3',
  'negsf2',
  'eqsf2',
  'gesf2',
  'lesf2',
  'unordsf2',
  'fixsfsi',
  'fixsfdi',
  'fixunssfsi',
  'fixunssfdi',
  'floatsisf',
  'floatdisf',
  'floatunsisf',
  'floatundisf',
  'extendsfdf2',
  'truncdfsf2',
] as const;

/** libgcc2.c's integer helpers, one object per `L_<name>` (64-bit arithmetic on a 32-bit CPU, bit counts). */
export const LIBGCC2_FUNCTIONS = [
  '_muldi3',
  '_negdi2',
  '_lshrdi3',
  '_ashldi3',
  '_ashrdi3',
  '_cmpdi2',
  '_ucmpdi2',
  '_clzsi2',
  '_clzdi2',
  '_ctzsi2',
  '_ctzdi2',
  '_ffssi2',
  '_ffsdi2',
  '_popcountsi2',
  '_popcountdi2',
  '_paritysi2',
  '_paritydi2',
  '_bswapsi2',
  '_bswapdi2',
  '_udivdi3',
  '_divdi3',
  '_moddi3',
  '_umoddi3',
  '_udivmoddi4',
  '_divmoddi4',
  '_clz',
  '_popcount_tab',
  '_powisf2',
  '_powidf2',
] as const;

/** QuickJS: the engine without quickjs-libc (no OS, no threads), no Atomics, no time zones. */
export const QUICKJS_SOURCES = ['quickjs', 'libregexp', 'libunicode', 'cutils', 'dtoa'] as const;
export const QUICKJS_DEFINES = [
  '-D_GNU_SOURCE',
  '-DCONFIG_VERSION="2025-04-26"',
  '-DCONFIG_NO_ATOMICS',
  '-DCONFIG_UTC_ONLY',
] as const;

/**
 * libsecp256k1 with public-key recovery, from one translation unit plus its precomputed tables
 * (the library's own single-file build; 32-bit limbs on MIPS, which has no __int128). The
 * defaults of its configure, so the precomputed tables shipped in the source apply.
 */
export const SECP256K1_DEFINES = [
  '-DENABLE_MODULE_RECOVERY=1',
  '-DECMULT_WINDOW_SIZE=15',
  '-DECMULT_GEN_PREC_BITS=4',
] as const;
export const SECP256K1_SOURCES = ['secp256k1', 'precomputed_ecmult', 'precomputed_ecmult_gen'] as const;

/** Our runtime's C and assembly (runtime/), in link order. */
export const RUNTIME_SOURCES = ['crt0.S', 'main.c', 'natives.c', 'keccak.c', 'sha256.c', 'kzg/kzg.c', 'sys.c'] as const;
/** The host-side pieces: the same natives over glibc, for `client-native` and the bytecode compiler. */
export const NATIVE_RUNTIME_SOURCES = ['main.c', 'natives.c', 'keccak.c', 'sha256.c', 'kzg/kzg.c'] as const;
