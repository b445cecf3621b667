/**
 * `faultline client build-elf`: builds client.elf (the fault-proof program for the MIPS VM) and
 * reports its sha-256 and absolute prestate; `--record` writes both into the repository's record
 * and `--check` compares with it, so a change of the prestate is always a deliberate one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientElf, defaultCacheDir, PACKAGE_DIR } from '@faultline/client-elf';
import { type CommandSpec, flagString, status } from '../command.js';

/** The recorded build: what the pinned inputs and this checkout's sources must produce. */
export const BUILD_RECORD = join(PACKAGE_DIR, 'build-record.json');

interface BuildRecord {
  sha256: string;
  size: number;
  prestate: string;
}

export const buildElfCommand: CommandSpec = {
  name: 'build-elf',
  summary: 'build client.elf (MIPS32, for the Cannon VM) and print its sha-256 and absolute prestate',
  description: `
Builds the fault-proof program for the MIPS VM from pinned Debian packages only: the
mips-linux-gnu cross compiler, newlib and libgcc's soft-float routines (compiled from
newlib-source and gcc-12-source), QuickJS (trixie source package) with our patches, libsecp256k1
— all cached after the first build (~10 min cold on 2 cores, seconds warm) — and our runtime
(packages/client-elf/runtime) hosting the client bundle as QuickJS bytecode. Missing Debian
packages are installed with apt when run as root. The same inputs give the same ELF bytes on
every machine. --native-out also writes client-native: the same runtime and bundle built for
this machine, a drop-in client for --exec.`,
  options: [
    { name: 'out', value: '<file>', help: 'where to write client.elf', default: 'client.elf' },
    { name: 'native-out', value: '<file>', help: 'also write client-native (host build) here' },
    { name: 'cache', value: '<dir>', help: `build cache (default $FAULTLINE_CACHE or ${defaultCacheDir()})` },
    { name: 'record', help: 'write the sha-256 and prestate into packages/client-elf/build-record.json' },
    { name: 'check', help: 'exit 1 unless the build matches packages/client-elf/build-record.json' },
    { name: 'json', help: 'print the result as one JSON object' },
  ],
  examples: [
    'faultline client build-elf --out client.elf',
    'faultline cannon load-elf --path client.elf --out prestate.bin.gz',
  ],
  run: async (ctx) => {
    const out = flagString(ctx, 'out') ?? 'client.elf';
    const nativeOut = flagString(ctx, 'native-out');
    const cache = flagString(ctx, 'cache');
    const started = Date.now();
    const built = await buildClientElf({
      out,
      ...(nativeOut ? { nativeOut } : {}),
      ...(cache ? { cache } : {}),
      progress: (line) => ctx.log.info(`build-elf: ${line}`),
    });
    const record: BuildRecord = { sha256: built.sha256, size: built.size, prestate: built.prestate };
    if (ctx.flags.json === true) {
      ctx.stdout(JSON.stringify({ ...built, seconds: (Date.now() - started) / 1000 }));
    } else {
      ctx.stdout(
        `client.elf  ${built.elf} (${built.size} bytes; bundle ${built.bundleBytes} B, bytecode ${built.bytecodeBytes} B)`,
      );
      if (built.native) ctx.stdout(`native      ${built.native}`);
      ctx.stdout(`sha256      ${built.sha256}`);
      ctx.stdout(`prestate    ${built.prestate}`);
    }
    if (ctx.flags.record === true) {
      writeFileSync(BUILD_RECORD, `${JSON.stringify(record, null, 2)}\n`);
      status(ctx, 'info', `build-elf: recorded in ${BUILD_RECORD}`);
    }
    if (ctx.flags.check === true) {
      const want = JSON.parse(readFileSync(BUILD_RECORD, 'utf8')) as BuildRecord;
      if (want.sha256 !== record.sha256 || want.prestate !== record.prestate) {
        status(
          ctx,
          'error',
          `build-elf: differs from ${BUILD_RECORD}: sha256 ${record.sha256} (recorded ${want.sha256}), prestate ${record.prestate} (recorded ${want.prestate}); if the change is intended, rebuild with --record`,
        );
        return 1;
      }
      status(ctx, 'info', 'build-elf: matches the recorded sha-256 and prestate');
    }
    return 0;
  },
};
