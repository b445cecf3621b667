/**
 * How to start this very `faultline` again as a child process: `process.execPath`, the bin's Node
 * flags and the bin's path. A fresh clone has no `faultline` on the PATH, and `npx` does not
 * pass fds 3-6 to what it starts (it runs the command under its own process with only stdio),
 * so a leading `faultline` (or `npx faultline`) in `--exec` and after `--` is resolved to this.
 * The path is the same from src/ and from the bundle in dist/: both sit one level below
 * packages/cli.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/faultline.mjs', import.meta.url));
/** The EVM recurses per call frame (see bin/faultline.mjs's shebang). */
export const NODE_ARGS: readonly string[] = ['--stack-size=3900'];
/** argv that runs this `faultline`: `[node, ...flags, bin]`. */
export const SELF: readonly string[] = [process.execPath, ...NODE_ARGS, BIN];

/**
 * `argv` with a leading `faultline` or `npx faultline` (also `npx --no-install faultline`,
 * `npx -y faultline`) replaced by this bin; any other command is returned as given.
 */
export function resolveSelf(argv: readonly string[]): string[] {
  let i = 0;
  if (argv[0] === 'npx') {
    i = 1;
    while (i < argv.length && argv[i]!.startsWith('-')) i++;
  }
  const name = argv[i];
  if (name === 'faultline') {
    return [...SELF, ...argv.slice(i + 1)];
  }
  return [...argv];
}

/** A command line for printing: words with spaces or shell characters single-quoted. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

/**
 * The PATH of the user's shell. Under `npx faultline …` or `npm run …`, npm's run-script has put
 * `node_modules/.bin` of the package and each of its parents, then its own node-gyp-bin, in front
 * of the user's PATH; a command printed from there would find `faultline` only inside npm, so
 * those entries are left out. Without a node-gyp-bin entry, npm's `node_modules/.bin` entries
 * alone are dropped.
 */
export function userPath(env: Record<string, string | undefined>): string[] {
  const dirs = (env.PATH ?? '').split(':').filter((d) => d !== '');
  if (env.npm_lifecycle_event === undefined && env.npm_command === undefined) return dirs;
  const gyp = dirs.findIndex((d) => d.endsWith('/node-gyp-bin'));
  if (gyp >= 0) return dirs.slice(gyp + 1);
  return dirs.filter((d) => !d.endsWith('/node_modules/.bin'));
}

/**
 * How a user starts this faultline from a shell: `faultline` when the PATH has one that is this
 * bin, else `npx faultline` (a fresh clone: the repo's node_modules/.bin has it). Printed
 * commands and help examples start with this, so they run as printed.
 */
export function selfCommand(env: Record<string, string | undefined> = process.env): string {
  for (const dir of userPath(env)) {
    try {
      if (realpathSync(join(dir, 'faultline')) === realpathSync(BIN)) return 'faultline';
    } catch {
      // Not in this directory.
    }
  }
  return 'npx faultline';
}
