/**
 * `faultline client build-elf`: client.elf from a clean machine — Debian packages (apt), the
 * cached toolchain (toolchain.ts), our runtime (runtime/*.c), the client bundle as bytecode —
 * linked statically for the Cannon MIPS32 VM; plus `client-native`, the same runtime and bundle
 * for the host, which runs the identical program over real pipes in a fraction of the time.
 * Reports the ELF's sha-256 and its absolute prestate (the state hash `cannon load-elf` gives).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadElf, parseElf, patchStack, stateHash } from '@faultline/mips';
import { bytesToHex } from '@faultline/primitives';
import { setupTableSource } from '../runtime/kzg/gen-setup.js';
import { bundleClient, PACKAGE_DIR } from './bundle.js';
import { ensureBinaryPackages } from './debian.js';
import { NATIVE_RUNTIME_SOURCES, RUNTIME_SOURCES } from './inputs.js';
import { BuildError, pool, run, sha256File } from './step.js';
import { type BuildContext, buildToolchain, CC, JOBS } from './toolchain.js';

export interface BuildOptions {
  /** Where to write client.elf. */
  out: string;
  /** Where to write client-native (omit for none). */
  nativeOut?: string;
  /** Cache root (default $FAULTLINE_CACHE, else ~/.cache/faultline). */
  cache?: string;
  /**
   * Another program for the same runtime (benchmarks): a script defining `faultlineMain`, and
   * esbuild defines for it. Default: the fault-proof client (src/entry.ts).
   */
  entry?: string;
  defines?: Record<string, string>;
  progress?: (line: string) => void;
}

export interface ElfBuild {
  elf: string;
  native?: string;
  sha256: string;
  size: number;
  /** State hash of the ELF loaded as `cannon load-elf` does (stack patch; no Go symbols). */
  prestate: string;
  bundleBytes: number;
  bytecodeBytes: number;
  log: string;
}

export function defaultCacheDir(): string {
  const env = process.env.FAULTLINE_CACHE;
  if (env) return resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'faultline');
}

/** The absolute prestate of an ELF: its state hash after `cannon load-elf` (default patches). */
export function prestateOf(elfBytes: Uint8Array): string {
  const state = loadElf(parseElf(elfBytes));
  patchStack(state);
  return bytesToHex(stateHash(state));
}

export async function buildClientElf(opts: BuildOptions): Promise<ElfBuild> {
  const progress = opts.progress ?? (() => {});
  const cache = join(opts.cache ?? defaultCacheDir(), 'client-elf');
  mkdirSync(cache, { recursive: true });
  const log = join(cache, 'build.log');
  writeFileSync(log, '');
  const ctx: BuildContext = { cache, log, progress, packageDir: PACKAGE_DIR };

  await ensureBinaryPackages(log, progress);
  const tc = await buildToolchain(ctx);

  // The last steps depend on the client's sources, so they always run (a few seconds).
  const work = join(cache, `link-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    progress('bundling the client (esbuild) and compiling it to QuickJS bytecode');
    const bundleBytes = await bundleClient(join(work, 'client.js'), opts.entry, opts.defines);
    const runtime = join(PACKAGE_DIR, 'runtime');
    const qjsInclude = [`-I${tc.quickjsSrc}`, `-I${tc.secpInclude}`];
    const maps = [
      `-ffile-prefix-map=${cache}=cache`,
      `-ffile-prefix-map=${PACKAGE_DIR}=client-elf`,
      `-ffile-prefix-map=${work}=build`,
    ];
    const warn = ['-Wall', '-Werror'];

    // The bytecode compiler: host QuickJS with our patches.
    await run(
      'gcc',
      ['-O2', ...warn, ...qjsInclude, join(runtime, 'compile.c'), tc.quickjsNative, '-lm', '-o', join(work, 'compile')],
      { cwd: work, log },
    );
    await run(join(work, 'compile'), [join(work, 'client.js'), join(work, 'client.qbc')], { cwd: work, log });
    const bytecodeBytes = statSync(join(work, 'client.qbc')).size;
    const bundleDefine = `-DBUNDLE_PATH="${join(work, 'client.qbc')}"`;

    progress('compiling the runtime and linking client.elf');
    // The KZG setup as C (runtime/kzg/gen-setup.ts): the same points the JavaScript committer uses.
    const setupC = join(work, 'kzg-setup.c');
    writeFileSync(setupC, setupTableSource());
    const objectName = (prefix: string, f: string) => join(work, `${prefix}-${f.replace('/', '-')}.o`);
    const mipsObjects = [...RUNTIME_SOURCES, 'kzg-setup.c'].map((f) => objectName('mips', f));
    const nativeObjects = [...NATIVE_RUNTIME_SOURCES, 'kzg-setup.c'].map((f) => objectName('native', f));
    const source = (f: string) => (f === 'kzg-setup.c' ? setupC : join(runtime, f));
    const kzgInclude = `-I${join(runtime, 'kzg')}`;
    await pool(
      [
        ...[...RUNTIME_SOURCES, 'kzg-setup.c'].map(
          (f, i) => () =>
            run(
              CC,
              [...tc.targetCflags, ...warn, ...qjsInclude, kzgInclude, ...maps, '-c', source(f), '-o', mipsObjects[i]!],
              { cwd: work, log },
            ),
        ),
        () =>
          run(
            CC,
            [...tc.targetCflags, bundleDefine, '-c', join(runtime, 'bundle.S'), '-o', join(work, 'mips-bundle.o')],
            { cwd: work, log },
          ),
        ...[...NATIVE_RUNTIME_SOURCES, 'kzg-setup.c'].map(
          (f, i) => () =>
            run('gcc', ['-O2', ...warn, ...qjsInclude, kzgInclude, ...maps, '-c', source(f), '-o', nativeObjects[i]!], {
              cwd: work,
              log,
            }),
        ),
        () =>
          run(
            'gcc',
            [bundleDefine, '-Wa,--noexecstack', '-c', join(runtime, 'bundle.S'), '-o', join(work, 'native-bundle.o')],
            { cwd: work, log },
          ),
      ],
      JOBS,
    );
    const elf = join(work, 'client.elf');
    await run(
      CC,
      [
        '-nostdlib',
        '-static',
        '-e',
        '_start',
        '-Wl,--build-id=none',
        '-o',
        elf,
        ...mipsObjects,
        join(work, 'mips-bundle.o'),
        tc.quickjsMips,
        tc.secpMips,
        '-Wl,--start-group',
        join(tc.newlibLib, 'libm.a'),
        join(tc.newlibLib, 'libc.a'),
        tc.libgcc,
        '-Wl,--end-group',
      ],
      { cwd: work, log },
    );
    const native = join(work, 'client-native');
    await run(
      'gcc',
      ['-O2', '-o', native, ...nativeObjects, join(work, 'native-bundle.o'), tc.quickjsNative, tc.secpNative, '-lm'],
      { cwd: work, log },
    );

    const bytes = new Uint8Array(readFileSync(elf));
    let prestate: string;
    try {
      prestate = prestateOf(bytes);
    } catch (e) {
      throw new BuildError(`the linked client.elf does not load: ${(e as Error).message}`);
    }
    const out = resolve(opts.out);
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(elf, out);
    let nativeOut: string | undefined;
    if (opts.nativeOut) {
      nativeOut = resolve(opts.nativeOut);
      mkdirSync(dirname(nativeOut), { recursive: true });
      copyFileSync(native, nativeOut);
    }
    return {
      elf: out,
      ...(nativeOut ? { native: nativeOut } : {}),
      sha256: sha256File(out),
      size: bytes.length,
      prestate,
      bundleBytes,
      bytecodeBytes,
      log,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
