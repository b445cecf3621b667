/**
 * `faultline evm`: run filled Ethereum state tests (`statetest`, geth `evm statetest` style
 * output) and raw bytecode (`run`). The work is in @faultline/evm; this file walks files, filters,
 * prints one line per failure (or a JSON array), EIP-3155 traces on stderr, and splits big runs
 * over child processes (`--jobs`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  type Fork,
  JumpdestCache,
  parseFork,
  precompileTable,
  runVector,
  type VectorResult,
  vectorsOf,
} from '@faultline/evm';
import { type CommandContext, type CommandSpec, errorLine, fileError, flagString, UsageError } from '../command.js';
import { Eip3155Tracer, TRACE_SWITCHES, traceOptions } from './eip3155.js';
import {
  argvOf,
  binPath,
  CHILD_ENV,
  CHILD_NODE_FLAGS,
  COMPILE_THRESHOLD_OPTION,
  compileThresholdFlag,
  flagBoolean,
  hasEvmStack,
  memoryStateRoot,
  PROGRESS_ENV,
  runInChild,
} from './evm-common.js';
import { evmRunCommand } from './evm-run.js';
import { evmT8nCommand } from './evm-t8n.js';

function* jsonFiles(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const f of readdirSync(path).sort()) yield* jsonFiles(join(path, f));
  } else if (path.endsWith('.json')) yield path;
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

interface Summary {
  passed: number;
  failed: number;
  /** Per post-state fork name: [passed, failed]. */
  forks: Map<string, [number, number]>;
  /** Files or test objects that could not be read or parsed, and workers that died: nothing decided there. */
  unchecked: number;
}

function newSummary(): Summary {
  return { passed: 0, failed: 0, forks: new Map(), unchecked: 0 };
}

function count(summary: Summary, fork: string, passed: number, failed: number): void {
  summary.passed += passed;
  summary.failed += failed;
  const f = summary.forks.get(fork) ?? [0, 0];
  f[0] += passed;
  f[1] += failed;
  summary.forks.set(fork, f);
}

const FORK_LINE = /^fork (\S+): (\d+) passed, (\d+) failed$/;
/** Printed before the counts when some files could not be checked (a worker's parent sums it). */
const UNCHECKED_LINE = /^(\d+) could not be checked \(see the ERROR lines\)$/;

/** `--fork` / geth's `--statetest.fork`, any letter case. */
function forkFilter(ctx: CommandContext): Fork | undefined {
  const v = flagString(ctx, 'statetest.fork') ?? flagString(ctx, 'fork');
  return v ? parseFork(v) : undefined;
}

/** geth's `--statetest.index`: the post entry (vector) index to run; -1 or absent runs all. */
function indexFilter(ctx: CommandContext): number | undefined {
  const v = flagString(ctx, 'statetest.index');
  if (v === undefined || v === '-1') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--statetest.index: expected a non-negative integer or -1, got ${v}`);
  return Number(v);
}

/**
 * Progress for runs over many files (a folder is minutes of silence otherwise): a log line at
 * most every `seconds`, with files done, vectors passed and failed.
 */
function progressReporter(ctx: CommandContext, totalFiles: number, seconds = 10) {
  const started = performance.now();
  let last = started;
  return (filesDone: number, passed: number, failed: number) => {
    const now = performance.now();
    if (now - last < seconds * 1000 && filesDone < totalFiles) return;
    last = now;
    ctx.log.info('statetest progress', {
      files: `${filesDone}/${totalFiles}`,
      passed,
      failed,
      elapsed: `${((now - started) / 1000).toFixed(0)}s`,
    });
  };
}

/** In a parallel run's worker: one line per file on stdout, for the parent's progress. */
const DONE_LINE = /^@done (\d+) (\d+)$/;

function runFiles(ctx: CommandContext, files: string[], json: boolean, results: object[]): Summary {
  const fork = forkFilter(ctx);
  const only = indexFilter(ctx);
  const report = process.env[PROGRESS_ENV] === 'lines' ? undefined : progressReporter(ctx, files.length);
  const runPattern = flagString(ctx, 'run');
  const re = runPattern ? new RegExp(runPattern) : undefined;
  const trace = flagBoolean(ctx, 'trace');
  const traceOpts = traceOptions(ctx);
  const compileThreshold = compileThresholdFlag(ctx);
  const jumpdests = new JumpdestCache();
  const summary = newSummary();
  for (const [fileIndex, file] of files.entries()) {
    const before = [summary.passed, summary.failed] as const;
    report?.(fileIndex, summary.passed, summary.failed);
    let tests: Record<string, Record<string, unknown>>;
    try {
      tests = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      // Not a verdict on any vector: the run could not check this file (exit 2, issue 20 item 7).
      summary.unchecked++;
      const what = `not a state test file: ${fileError(file, e)}`;
      if (!json) ctx.stdout(`ERROR ${what}`);
      else results.push({ name: file, pass: false, error: what });
      continue;
    }
    if (typeof tests !== 'object' || tests === null || Array.isArray(tests)) {
      summary.unchecked++;
      const what = `not a state test file: ${file}: expected an object of named tests`;
      if (!json) ctx.stdout(`ERROR ${what}`);
      else results.push({ name: file, pass: false, error: what });
      continue;
    }
    for (const [name, test] of Object.entries(tests)) {
      if (re && !re.test(name)) continue;
      let vectors: ReturnType<typeof vectorsOf>;
      try {
        vectors = vectorsOf(name, test);
      } catch {
        summary.unchecked++;
        const what = `not a state test: ${file} ${name}: expected "post" with "indexes" per fork`;
        if (!json) ctx.stdout(`ERROR ${what}`);
        else results.push({ name, pass: false, error: what });
        continue;
      }
      for (const vec of vectors) {
        let vf: Fork;
        try {
          vf = parseFork(vec.fork);
        } catch {
          continue; // transition forks only appear in blockchain tests
        }
        if (fork && vf !== fork) continue;
        if (only !== undefined && vec.index !== only) continue;
        let r: VectorResult | undefined;
        let crash: string | undefined;
        try {
          r = runVector(test, vec, {
            stateRoot: memoryStateRoot,
            precompiles: (f) => precompileTable(f),
            tracer: trace ? new Eip3155Tracer(ctx.stderr, traceOpts) : undefined,
            jumpdests,
            compileThreshold,
          });
        } catch (e) {
          crash = `crashed: ${errorLine(e)}`;
        }
        const pass = r?.pass ?? false;
        if (trace && r) {
          ctx.stderr(JSON.stringify({ stateRoot: r.stateRoot, gasUsed: hex(r.gasUsed), pass, fork: vec.fork }));
        }
        if (pass) count(summary, vec.fork, 1, 0);
        else {
          count(summary, vec.fork, 0, 1);
          if (!json)
            ctx.stdout(
              `FAIL ${file} ${name} ${vec.fork}[${vec.index}] d${vec.d}g${vec.g}v${vec.v}: ${crash ?? r?.error}`,
            );
        }
        if (json) {
          const out: Record<string, unknown> = {
            name,
            pass,
            stateRoot: r?.stateRoot ?? '',
            fork: vec.fork,
            index: vec.index,
          };
          if (!pass) out.error = crash ?? r?.error ?? '';
          results.push(out);
        }
      }
    }
    if (process.env[PROGRESS_ENV] === 'lines')
      ctx.stdout(`@done ${summary.passed - before[0]} ${summary.failed - before[1]}`);
  }
  report?.(files.length, summary.passed, summary.failed);
  return summary;
}

/** Splits the files over `jobs` child processes of this same command and sums their last lines. */
async function runParallel(ctx: CommandContext, files: string[], jobs: number): Promise<Summary> {
  const bin = binPath();
  const passthrough: string[] = [];
  for (const name of ['fork', 'statetest.fork', 'statetest.index', 'run', 'compile-threshold']) {
    const v = flagString(ctx, name);
    if (v) passthrough.push(`--${name}`, v);
  }
  const report = progressReporter(ctx, files.length);
  let filesDone = 0;
  const chunks: string[][] = Array.from({ length: jobs }, () => []);
  for (let i = 0; i < files.length; i++) chunks[i % jobs]!.push(files[i]!);
  const total = newSummary();
  const running = [0, 0];
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve) => {
          if (chunk.length === 0) return resolve();
          const child = spawn(
            process.execPath,
            [...CHILD_NODE_FLAGS, bin, 'evm', 'statetest', ...passthrough, '--files-from', '-'],
            { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, [CHILD_ENV]: '1', [PROGRESS_ENV]: 'lines' } },
          );
          child.stdin.end(chunk.join('\n'));
          let buf = '';
          // A worker exits 2 when it could not check some file, and says so in a line first.
          let reported = false;
          child.stdout.on('data', (d: Buffer) => {
            buf += d.toString();
            let nl = buf.indexOf('\n');
            while (nl >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              const fm = FORK_LINE.exec(line);
              const done = DONE_LINE.exec(line);
              const unchecked = UNCHECKED_LINE.exec(line);
              if (unchecked) {
                total.unchecked += Number(unchecked[1]);
                reported = true;
              } else if (done) {
                filesDone++;
                running[0] += Number(done[1]);
                running[1] += Number(done[2]);
                report(filesDone, running[0], running[1]);
              } else if (fm) count(total, fm[1]!, Number(fm[2]), Number(fm[3]));
              else if (!/^(\d+) passed, (\d+) failed$/.test(line)) ctx.stdout(line);
              nl = buf.indexOf('\n');
            }
          });
          child.on('close', (code) => {
            if (code !== 0 && code !== 1 && !(code === 2 && reported)) {
              total.unchecked++;
              ctx.stdout(`ERROR a worker exited with ${code}; its files were not all checked`);
            }
            resolve();
          });
        }),
    ),
  );
  return total;
}

const statetest: CommandSpec = {
  name: 'statetest',
  summary: 'run filled state tests (EEST / GeneralStateTests JSON files or directories)',
  description: `
Runs every (fork, data, gas, value) vector of every test object: executes the transaction on
"pre" with "env" as the block and compares the post-state root and the logs hash; vectors with
"expectException" must be rejected with no state change. Prints one line per failure and, last,
exactly "N passed, N failed". Exit code 0 when every vector passed, 1 when one failed, 2 when a
file could not be read or parsed as a state test (each named in an ERROR line).`,
  args: { value: '<file|dir>...' },
  options: [
    { name: 'fork', value: '<Name>', help: 'only run vectors of this fork (e.g. Prague; any letter case)' },
    { name: 'statetest.fork', value: '<Name>', help: 'the same as --fork (geth’s spelling)' },
    { name: 'statetest.index', value: '<N>', help: 'only run the N-th post entry of each fork (-1 = all)' },
    { name: 'run', value: '<regex>', help: 'only run test objects whose name matches' },
    { name: 'json', help: 'print only a JSON array of results on stdout (geth style); the counts go to stderr' },
    { name: 'human', help: 'one line per failure and the counts (the default; geth’s flag)' },
    { name: 'trace', help: 'write EIP-3155 JSON lines to stderr' },
    ...TRACE_SWITCHES,
    { name: 'jobs', value: '<N>', help: 'child processes to use (default 1; 0 = one per core)', default: '1' },
    COMPILE_THRESHOLD_OPTION,
    { name: 'files-from', value: '<path|->', help: 'read file names (one per line) from a file or stdin' },
  ],
  examples: [
    'faultline evm statetest ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline evm statetest --fork Cancun --run push0 --trace some_test.json',
  ],
  run: async (ctx) => {
    traceOptions(ctx);
    const files: string[] = [];
    const from = flagString(ctx, 'files-from');
    const paths = [...ctx.args];
    if (from) {
      const text = readFileSync(from === '-' ? 0 : from, 'utf8');
      for (const l of text.split('\n')) if (l.trim()) paths.push(l.trim());
    }
    if (paths.length === 0) throw new UsageError('statetest: expected at least one file or directory');
    for (const p of paths) {
      if (!existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
      files.push(...jsonFiles(p));
    }
    if (files.length === 0) throw new UsageError(`no .json files in ${paths.join(', ')}`);
    const json = flagBoolean(ctx, 'json');
    if (json && flagBoolean(ctx, 'human')) throw new UsageError('--json and --human exclude each other');
    forkFilter(ctx);
    indexFilter(ctx);
    const inWorker = process.env[CHILD_ENV] === '1';
    let jobs = Number(flagString(ctx, 'jobs') ?? '1');
    if (!Number.isInteger(jobs) || jobs < 0)
      throw new UsageError(`--jobs: expected a non-negative integer, got ${flagString(ctx, 'jobs')}`);
    if (jobs === 0) jobs = availableParallelism();
    const results: object[] = [];
    let summary: Summary;
    if (!inWorker && jobs > 1 && !json && !flagBoolean(ctx, 'trace')) summary = await runParallel(ctx, files, jobs);
    else if (!hasEvmStack()) return runInChild(['evm', 'statetest', ...argvOf(ctx)], files);
    else summary = runFiles(ctx, files, json, results);
    // --json: stdout carries the JSON array only; the counts go to stderr.
    if (json) ctx.stdout(JSON.stringify(results, null, 1));
    else for (const [fork, [p, f]] of [...summary.forks].sort()) ctx.stdout(`fork ${fork}: ${p} passed, ${f} failed`);
    const counts = json ? ctx.stderr : ctx.stdout;
    if (summary.unchecked > 0) counts(`${summary.unchecked} could not be checked (see the ERROR lines)`);
    counts(`${summary.passed} passed, ${summary.failed} failed`);
    return summary.unchecked > 0 ? 2 : summary.failed === 0 ? 0 : 1;
  },
};

export const evmCommand: CommandSpec = {
  name: 'evm',
  summary: 'run EVM bytecode, state tests and the t8n state-transition tool',
  description: `
The EVM is a synchronous interpreter (Frontier … Prague) that reads state through a small
StateReader and returns a StateDiff. "statetest" checks it against the Ethereum state tests;
"run" executes raw bytecode in an empty state.`,
  subcommands: [statetest, evmRunCommand, evmT8nCommand],
  examples: [
    'faultline evm statetest --jobs 2 ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline evm run --code 0x6001600101 --trace',
  ],
};
