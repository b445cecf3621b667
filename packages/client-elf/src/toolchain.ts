/**
 * The cross-built libraries client.elf links against, each a content-keyed cache entry so a
 * machine pays for them once: newlib (libc, libm), libgcc's soft-float and 64-bit helpers,
 * QuickJS with our patches, libsecp256k1 — for MIPS, and QuickJS and libsecp256k1 once more for
 * the host (the bytecode compiler must be the same engine as the reader, and `client-native`
 * runs the same runtime on x86 for fast checks). Paths are mapped out of every object
 * (-ffile-prefix-map), archives are deterministic (ar D), inputs are pinned (inputs.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { checkSystemTarball, fetchSourcePackage } from './debian.js';
import {
  CROSS,
  LIBGCC2_FUNCTIONS,
  NEWLIB_CONFIGURE,
  NEWLIB_EXTRA_CFLAGS,
  QUICKJS_DEFINES,
  QUICKJS_SOURCES,
  SECP256K1_DEFINES,
  SECP256K1_SOURCES,
  SOFT_FP_SOURCES,
  SOURCE_PACKAGES,
  SYSTEM_TARBALLS,
  TARGET_CFLAGS,
} from './inputs.js';
import { cachedDir, keyOf, pool, run } from './step.js';

export const CC = `${CROSS}-gcc`;
const AR = `${CROSS}-ar`;
export const JOBS = Math.max(1, Math.min(cpus().length, 4));

export interface BuildContext {
  cache: string;
  log: string;
  progress: (line: string) => void;
  /** Directory of this package (runtime/, patches/). */
  packageDir: string;
}

export interface Toolchain {
  gccVersion: string;
  /** Compiler flags for target C: TARGET_CFLAGS and the newlib headers instead of glibc's. */
  targetCflags: string[];
  newlibLib: string;
  libgcc: string;
  quickjsSrc: string;
  quickjsMips: string;
  quickjsNative: string;
  secpInclude: string;
  secpMips: string;
  secpNative: string;
  /** The key of everything above, part of the final ELF's cache key. */
  key: string;
}

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
}

function fileContents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}

/** Objects into one deterministic archive (sorted members, zero timestamps and ids). */
async function archive(ar: string, out: string, objects: string[], ctx: BuildContext): Promise<void> {
  await run(ar, ['rcsD', out, ...[...objects].sort()], { cwd: '/', log: ctx.log });
}

/** -ffile-prefix-map for the directories a compile may name (last match wins in gcc). */
function prefixMaps(ctx: BuildContext, extra: Record<string, string> = {}): string[] {
  const maps = [`-ffile-prefix-map=${ctx.cache}=cache`, `-ffile-prefix-map=${ctx.packageDir}=client-elf`];
  for (const [from, to] of Object.entries(extra)) maps.push(`-ffile-prefix-map=${from}=${to}`);
  return maps;
}

async function untar(tarball: string, into: string, ctx: BuildContext, members: string[] = []): Promise<void> {
  mkdirSync(into, { recursive: true });
  await run('tar', ['xf', tarball, '-C', into, ...(members.length ? ['--wildcards', ...members] : [])], {
    cwd: into,
    log: ctx.log,
  });
}

async function buildNewlib(ctx: BuildContext, gccVersion: string): Promise<string> {
  const tarball = checkSystemTarball(SYSTEM_TARBALLS.newlib.path, SYSTEM_TARBALLS.newlib.sha256);
  const key = keyOf(
    'newlib',
    SYSTEM_TARBALLS.newlib.sha256,
    gccVersion,
    TARGET_CFLAGS,
    NEWLIB_CONFIGURE,
    NEWLIB_EXTRA_CFLAGS,
  );
  const { dir, hit } = await cachedDir(join(ctx.cache, `newlib-${key}`), async (tmp) => {
    ctx.progress('building newlib 3.3.0 for MIPS32 soft-float (once; ~5-10 min on 2 cores)');
    await untar(tarball, tmp, ctx);
    const build = join(tmp, 'build');
    mkdirSync(build);
    const cflags = [...TARGET_CFLAGS, ...NEWLIB_EXTRA_CFLAGS, `-ffile-prefix-map=${tmp}=newlib`].join(' ');
    const tools: Record<string, string> = { CC: 'gcc', AR: 'ar', AS: 'as', LD: 'ld', RANLIB: 'ranlib', NM: 'nm' };
    const forTarget = Object.entries(tools).map(([k, v]) => `${k}_FOR_TARGET=${CROSS}-${v}`);
    await run(
      join('..', SYSTEM_TARBALLS.newlib.dir, 'configure'),
      [...NEWLIB_CONFIGURE, `--prefix=${join(tmp, 'install')}`, ...forTarget, `CFLAGS_FOR_TARGET=${cflags}`],
      { cwd: build, log: ctx.log },
    );
    await run('make', [`-j${JOBS}`, 'all-target-newlib'], { cwd: build, log: ctx.log });
    await run('make', ['install-target-newlib'], { cwd: build, log: ctx.log });
    rmSync(build, { recursive: true, force: true });
    rmSync(join(tmp, SYSTEM_TARBALLS.newlib.dir), { recursive: true, force: true });
  });
  if (hit) ctx.progress(`newlib: cached (${dir})`);
  return join(dir, 'install', 'mips-elf');
}

async function buildLibgcc(ctx: BuildContext, targetKey: string, targetCflags: readonly string[]): Promise<string> {
  const tarball = checkSystemTarball(SYSTEM_TARBALLS.gcc.path, SYSTEM_TARBALLS.gcc.sha256);
  const stand = join(ctx.packageDir, 'runtime', 'libgcc');
  const key = keyOf(
    'libgcc',
    SYSTEM_TARBALLS.gcc.sha256,
    targetKey,
    SOFT_FP_SOURCES,
    LIBGCC2_FUNCTIONS,
    fileContents(stand),
  );
  const { dir, hit } = await cachedDir(join(ctx.cache, `libgcc-${key}`), async (tmp) => {
    ctx.progress('building libgcc soft-float and 64-bit helpers from gcc-12-source (once)');
    const g = SYSTEM_TARBALLS.gcc.dir;
    await untar(tarball, tmp, ctx, [`${g}/libgcc/*`, `${g}/include/*`]);
    const lg = join(tmp, g, 'libgcc');
    const flags = [
      ...targetCflags,
      '-fbuilding-libgcc',
      '-DIN_LIBGCC2',
      `-I${stand}`,
      `-I${lg}`,
      `-I${join(tmp, g, 'include')}`,
      `-I${join(lg, 'config', 'mips')}`,
      ...prefixMaps(ctx, { [tmp]: 'gcc' }),
    ];
    const objects: string[] = [];
    const jobs = [
      ...SOFT_FP_SOURCES.map((f) => {
        const out = join(tmp, `sf_${f}.o`);
        objects.push(out);
        return () =>
          run(CC, [...flags, `-I${join(lg, 'soft-fp')}`, '-c', join(lg, 'soft-fp', `${f}.c`), '-o', out], {
            cwd: tmp,
            log: ctx.log,
          });
      }),
      ...LIBGCC2_FUNCTIONS.map((f) => {
        const out = join(tmp, `lg${f}.o`);
        objects.push(out);
        return () => run(CC, [...flags, `-DL${f}`, '-c', join(lg, 'libgcc2.c'), '-o', out], { cwd: tmp, log: ctx.log });
      }),
    ];
    await pool(jobs, JOBS);
    await archive(AR, join(tmp, 'libgcc-soft.a'), objects, ctx);
    rmSync(join(tmp, g), { recursive: true, force: true });
    for (const o of objects) rmSync(o);
  });
  if (hit) ctx.progress('libgcc soft-float: cached');
  return join(dir, 'libgcc-soft.a');
}

async function quickjsSource(ctx: BuildContext): Promise<{ dir: string; key: string }> {
  const pkg = SOURCE_PACKAGES.quickjs;
  const tarball = await fetchSourcePackage(pkg, join(ctx.cache, 'apt'), join(ctx.cache, 'sources'), ctx.log);
  const patchDir = join(ctx.packageDir, 'patches', 'quickjs');
  const patches = fileContents(patchDir);
  const key = keyOf('quickjs-src', pkg.sha256, patches);
  const { dir } = await cachedDir(join(ctx.cache, `quickjs-src-${key}`), async (tmp) => {
    await untar(tarball, tmp, ctx);
    for (const p of Object.keys(patches))
      await run('patch', ['-p1', '--quiet', '-i', join(patchDir, p)], { cwd: join(tmp, pkg.dir), log: ctx.log });
  });
  return { dir: join(dir, pkg.dir), key };
}

/** Compiles `sources` from `srcDir` with `cc` into one archive in a cached directory. */
async function compiledLibrary(
  ctx: BuildContext,
  name: string,
  key: string,
  cc: string,
  ar: string,
  srcDir: string,
  sources: readonly string[],
  flags: string[],
): Promise<string> {
  const { dir, hit } = await cachedDir(join(ctx.cache, `${name}-${key}`), async (tmp) => {
    ctx.progress(`compiling ${name}`);
    const objects = sources.map((s) => join(tmp, `${s}.o`));
    await pool(
      sources.map(
        (s, i) => () =>
          run(cc, [...flags, '-c', join(srcDir, `${s}.c`), '-o', objects[i]!], { cwd: tmp, log: ctx.log }),
      ),
      JOBS,
    );
    await archive(ar, join(tmp, `${name}.a`), objects, ctx);
    for (const o of objects) rmSync(o);
  });
  if (hit) ctx.progress(`${name}: cached`);
  return join(dir, `${name}.a`);
}

export async function buildToolchain(ctx: BuildContext): Promise<Toolchain> {
  mkdirSync(ctx.cache, { recursive: true });
  const gccVersion = tool(CC, ['--version']).split('\n')[0]!;
  const hostGcc = tool('gcc', ['--version']).split('\n')[0]!;
  const gccInclude = tool(CC, ['-print-file-name=include']);
  const newlib = await buildNewlib(ctx, gccVersion);
  const targetCflags = [...TARGET_CFLAGS, '-nostdinc', '-isystem', gccInclude, '-isystem', join(newlib, 'include')];
  // Keys name other cache entries by their place in the cache (which embeds their own keys).
  const targetKey = keyOf(gccVersion, TARGET_CFLAGS, relative(ctx.cache, newlib));
  const libgcc = await buildLibgcc(ctx, targetKey, targetCflags);
  const qjs = await quickjsSource(ctx);
  const qjsFlags = ['-fwrapv', ...QUICKJS_DEFINES, '-w'];
  const quickjsMips = await compiledLibrary(
    ctx,
    'quickjs-mips',
    keyOf(qjs.key, targetKey, qjsFlags),
    CC,
    AR,
    qjs.dir,
    QUICKJS_SOURCES,
    [...targetCflags, ...qjsFlags, ...prefixMaps(ctx, { [qjs.dir]: 'quickjs' })],
  );
  const quickjsNative = await compiledLibrary(
    ctx,
    'quickjs-native',
    keyOf(qjs.key, hostGcc, qjsFlags),
    'gcc',
    'ar',
    qjs.dir,
    QUICKJS_SOURCES,
    ['-O2', ...qjsFlags, ...prefixMaps(ctx, { [qjs.dir]: 'quickjs' })],
  );

  const sp = SOURCE_PACKAGES.secp256k1;
  const secpTarball = await fetchSourcePackage(sp, join(ctx.cache, 'apt'), join(ctx.cache, 'sources'), ctx.log);
  const secpKey = keyOf('secp-src', sp.sha256);
  const { dir: secpRoot } = await cachedDir(join(ctx.cache, `secp256k1-src-${secpKey}`), (tmp) =>
    untar(secpTarball, tmp, ctx),
  );
  const secpDir = join(secpRoot, sp.dir);
  const secpFlags = [
    ...SECP256K1_DEFINES,
    `-I${join(secpDir, 'include')}`,
    `-I${join(secpDir, 'src')}`,
    `-I${secpDir}`,
    '-w',
    ...prefixMaps(ctx, { [secpDir]: 'secp256k1' }),
  ];
  const secpMips = await compiledLibrary(
    ctx,
    'secp256k1-mips',
    keyOf(secpKey, targetKey, SECP256K1_DEFINES),
    CC,
    AR,
    join(secpDir, 'src'),
    SECP256K1_SOURCES,
    [...targetCflags, ...secpFlags],
  );
  const secpNative = await compiledLibrary(
    ctx,
    'secp256k1-native',
    keyOf(secpKey, hostGcc, SECP256K1_DEFINES),
    'gcc',
    'ar',
    join(secpDir, 'src'),
    SECP256K1_SOURCES,
    ['-O2', ...secpFlags],
  );
  return {
    gccVersion,
    targetCflags,
    newlibLib: join(newlib, 'lib'),
    libgcc,
    quickjsSrc: qjs.dir,
    quickjsMips,
    quickjsNative,
    secpInclude: join(secpDir, 'include'),
    secpMips,
    secpNative,
    key: keyOf([newlib, libgcc, quickjsMips, quickjsNative, secpMips, secpNative].map((p) => relative(ctx.cache, p))),
  };
}
