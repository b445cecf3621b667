/**
 * The build's plumbing: running tools with their output kept in a log (a failure shows its last
 * lines, not a wall of compiler output), content-keyed cache directories that are either complete
 * or absent (built under a temporary name, renamed when done), and a small job pool for the two
 * cores this runs on.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { BaseError } from '@faultline/primitives';

export class BuildError extends BaseError {
  override name = 'BuildError' as const;
}

/** A short hex key over everything a cached step's output depends on. */
export function keyOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function tail(path: string, lines: number): string {
  if (!existsSync(path)) return '';
  const all = readFileSync(path, 'utf8').trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

export interface RunOptions {
  cwd: string;
  /** Output of the command is appended here. */
  log: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a tool to completion; a non-zero exit is a `BuildError` with the log's last lines. */
export function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<void> {
  appendFileSync(opts.log, `$ ${cmd} ${args.join(' ')}\n`);
  if (!existsSync(opts.cwd))
    return Promise.reject(new BuildError(`${cmd}: working directory ${opts.cwd} does not exist`));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const write = (chunk: Buffer) => appendFileSync(opts.log, chunk);
    child.stdout.on('data', write);
    child.stderr.on('data', write);
    child.on('error', (e) =>
      reject(
        new BuildError(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${cmd} not found (is its Debian package installed?)`
            : e.message,
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const why = signal ? `killed by ${signal}` : `exit ${code}`;
      reject(new BuildError(`${cmd} failed (${why}); see ${opts.log}:\n${tail(opts.log, 15)}`));
    });
  });
}

/** Runs `jobs` with at most `width` at a time; the first failure rejects (the rest still finish). */
export async function pool(jobs: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  if (failure !== undefined) throw failure;
}

/**
 * A cache entry: returns `dir` if a previous build completed it, otherwise builds into a
 * temporary sibling and renames it into place, so an interrupted build leaves nothing that
 * looks finished.
 */
export async function cachedDir(
  dir: string,
  build: (tmp: string) => Promise<void>,
): Promise<{ dir: string; hit: boolean }> {
  if (existsSync(dir)) return { dir, hit: true };
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await build(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, hit: false };
}
