/**
 * `faultline evm`: run filled Ethereum state tests (`statetest`, geth `evm statetest` style
 * output) and raw bytecode (`run`). The work is in @faultline/evm; this file walks files, filters,
 * prints one line per failure (or a JSON array), EIP-3155 traces on stderr, and splits big runs
 * over child processes (`--jobs`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  CALL,
  Evm,
  type Fork,
  JumpdestCache,
  MemoryState,
  opcodeName,
  parseCompileThreshold,
  parseFork,
  precompileTable,
  runVector,
  type StepInfo,
  type Tracer,
  type VectorResult,
  vectorsOf,
  WorldState,
} from '@faultline/evm';
import { bigIntToBytes, bytesToHex, looseHexToBytes, rlpEncode } from '@faultline/primitives';
import { SecureTrie } from '@faultline/trie';
import { type CommandContext, type CommandSpec, flagString, UsageError } from '../command.js';
import { BIN, NODE_ARGS } from '../self.js';

function* jsonFiles(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const f of readdirSync(path).sort()) yield* jsonFiles(join(path, f));
  } else if (path.endsWith('.json')) yield path;
}

/**
 * State root of the runner's in-memory state (secure MPT: keccak(address) → rlp[nonce, balance,
 * storageRoot, codeHash]; keccak(slot) → rlp(value)). Lives here, not in @faultline/evm, so the EVM
 * package never depends on the trie.
 */
function memoryStateRoot(state: MemoryState): Uint8Array {
  const trie = new SecureTrie();
  for (const [address, a] of state.accounts) {
    const storage = new SecureTrie();
    for (const [k, v] of a.storage) if (v !== 0n) storage.put(bigIntToBytes(k, 32), rlpEncode(v));
    trie.put(looseHexToBytes(address, 20), rlpEncode([a.nonce, a.balance, storage.root(), a.codeHash]));
  }
  return trie.root();
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** EIP-3155 JSON lines, shaped like geth's `--trace.format=json` (no memory, minimal-hex stack). */
export class Eip3155Tracer implements Tracer {
  constructor(private readonly write: (line: string) => void) {}
  step(s: StepInfo): void {
    const stack: string[] = [];
    for (let i = 0; i < s.stackLength; i++) stack.push(hex(s.stack[i]!));
    const rd = s.returnData.length > 0 ? `,"returnData":"${bytesToHex(s.returnData)}"` : '';
    this.write(
      `{"pc":${s.pc},"op":${s.op},"gas":"${hex(s.gas)}","gasCost":"${hex(s.gasCost)}","memSize":${s.memSize},"stack":[${stack
        .map((x) => `"${x}"`)
        .join(',')}],"depth":${s.depth}${rd},"refund":${s.refund},"opName":"${opcodeName(s.op)}"}`,
    );
  }
}

function flagBoolean(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true || ctx.flags[name] === 'true';
}

interface Summary {
  passed: number;
  failed: number;
  /** Per post-state fork name: [passed, failed]. */
  forks: Map<string, [number, number]>;
}

function newSummary(): Summary {
  return { passed: 0, failed: 0, forks: new Map() };
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

function runFiles(ctx: CommandContext, files: string[], json: boolean, results: object[]): Summary {
  const forkFlag = flagString(ctx, 'fork');
  const fork = forkFlag ? parseFork(forkFlag) : undefined;
  const runPattern = flagString(ctx, 'run');
  const re = runPattern ? new RegExp(runPattern) : undefined;
  const trace = flagBoolean(ctx, 'trace');
  const compileThreshold = compileThresholdFlag(ctx);
  const jumpdests = new JumpdestCache();
  const summary = newSummary();
  for (const file of files) {
    let tests: Record<string, Record<string, unknown>>;
    try {
      tests = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      count(summary, 'unparsed', 0, 1);
      ctx.stdout(`FAIL ${file}: cannot parse (${(e as Error).message})`);
      continue;
    }
    for (const [name, test] of Object.entries(tests)) {
      if (re && !re.test(name)) continue;
      for (const vec of vectorsOf(name, test)) {
        let vf: Fork;
        try {
          vf = parseFork(vec.fork);
        } catch {
          continue; // transition forks only appear in blockchain tests
        }
        if (fork && vf !== fork) continue;
        let r: VectorResult | undefined;
        let crash: string | undefined;
        try {
          r = runVector(test, vec, {
            stateRoot: memoryStateRoot,
            precompiles: (f) => precompileTable(f),
            tracer: trace ? new Eip3155Tracer(ctx.stderr) : undefined,
            jumpdests,
            compileThreshold,
          });
        } catch (e) {
          crash = `${(e as Error).name}: ${(e as Error).message}`;
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
  }
  return summary;
}

/**
 * Call depth 1024 recurses through the interpreter ~3 JS frames per EVM frame; V8's default
 * ~1 MB stack is not enough for that before the code is optimized, so the work always runs in a
 * child with a larger (still below the 8 MB OS default) stack.
 */
const CHILD_NODE_FLAGS = NODE_ARGS;
const CHILD_ENV = 'FAULTLINE_EVM_WORKER';

function binPath(): string {
  return BIN;
}

/** Re-runs this command in one child with the larger stack (files on its stdin), passing output through. */
function runInChild(argv: string[], files: string[] | undefined): Promise<number> {
  return new Promise((resolve) => {
    const extra = files ? ['--files-from', '-'] : [];
    const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, binPath(), ...argv, ...extra], {
      stdio: [files ? 'pipe' : 'ignore', 'inherit', 'inherit'],
      env: { ...process.env, [CHILD_ENV]: '1' },
    });
    if (files) child.stdin!.end(files.join('\n'));
    child.on('close', (code) => resolve(code ?? 2));
  });
}

/** Splits the files over `jobs` child processes of this same command and sums their last lines. */
async function runParallel(ctx: CommandContext, files: string[], jobs: number): Promise<Summary> {
  const bin = binPath();
  const passthrough: string[] = [];
  for (const name of ['fork', 'run']) {
    const v = flagString(ctx, name);
    if (v) passthrough.push(`--${name}`, v);
  }
  const chunks: string[][] = Array.from({ length: jobs }, () => []);
  for (let i = 0; i < files.length; i++) chunks[i % jobs]!.push(files[i]!);
  const total = newSummary();
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve) => {
          if (chunk.length === 0) return resolve();
          const child = spawn(
            process.execPath,
            [...CHILD_NODE_FLAGS, bin, 'evm', 'statetest', ...passthrough, '--files-from', '-'],
            { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, [CHILD_ENV]: '1' } },
          );
          child.stdin.end(chunk.join('\n'));
          let buf = '';
          child.stdout.on('data', (d: Buffer) => {
            buf += d.toString();
            let nl = buf.indexOf('\n');
            while (nl >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              const fm = FORK_LINE.exec(line);
              if (fm) count(total, fm[1]!, Number(fm[2]), Number(fm[3]));
              else if (!/^(\d+) passed, (\d+) failed$/.test(line)) ctx.stdout(line);
              nl = buf.indexOf('\n');
            }
          });
          child.on('close', (code) => {
            if (code !== 0 && code !== 1) {
              count(total, 'worker', 0, 1);
              ctx.stdout(`FAIL worker exited with ${code}`);
            }
            resolve();
          });
        }),
    ),
  );
  return total;
}

/** The flags of this invocation (not the file list), to hand to a child. */
function argvOf(ctx: CommandContext): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(ctx.flags)) {
    if (k === 'jobs' || k === 'files-from') continue;
    if (v === true) out.push(`--${k}`);
    else if (typeof v === 'string') out.push(`--${k}`, v);
    else if (Array.isArray(v)) for (const x of v) out.push(`--${k}`, x);
  }
  return out;
}

const COMPILE_THRESHOLD_OPTION = {
  name: 'compile-threshold',
  value: '<N|never>',
  help: 'runs of a block before it is compiled to JS (0 = always, to check the compiler; never = interpret only)',
};

/** `--compile-threshold`: undefined for the EVM's default. */
function compileThresholdFlag(ctx: CommandContext): number | undefined {
  const v = flagString(ctx, 'compile-threshold');
  if (v === undefined) return undefined;
  const n = parseCompileThreshold(v);
  if (n === undefined)
    throw new UsageError(`--compile-threshold: expected a non-negative integer or "never", got ${v}`);
  return n;
}

const statetest: CommandSpec = {
  name: 'statetest',
  summary: 'run filled state tests (EEST / GeneralStateTests JSON files or directories)',
  description: `
Runs every (fork, data, gas, value) vector of every test object: executes the transaction on
"pre" with "env" as the block and compares the post-state root and the logs hash; vectors with
"expectException" must be rejected with no state change. Prints one line per failure and, last,
exactly "N passed, N failed". Exit code 0 only when nothing failed.`,
  args: { value: '<file|dir>...' },
  options: [
    { name: 'fork', value: '<Name>', help: 'only run vectors of this fork (e.g. Prague)' },
    { name: 'run', value: '<regex>', help: 'only run test objects whose name matches' },
    { name: 'json', help: 'print a JSON array of results (geth evm statetest style)' },
    { name: 'trace', help: 'write EIP-3155 JSON lines to stderr' },
    { name: 'jobs', value: '<N>', help: 'child processes to use (default 1; 0 = one per core)', default: '1' },
    COMPILE_THRESHOLD_OPTION,
    { name: 'files-from', value: '<path|->', help: 'read file names (one per line) from a file or stdin' },
  ],
  examples: [
    'faultline evm statetest ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline evm statetest --fork Cancun --run push0 --trace some_test.json',
  ],
  run: async (ctx) => {
    const files: string[] = [];
    const from = flagString(ctx, 'files-from');
    const paths = [...ctx.args];
    if (from) {
      const text = readFileSync(from === '-' ? 0 : from, 'utf8');
      for (const l of text.split('\n')) if (l.trim()) paths.push(l.trim());
    }
    if (paths.length === 0) throw new UsageError('statetest: expected at least one file or directory');
    for (const p of paths) files.push(...jsonFiles(p));
    const json = flagBoolean(ctx, 'json');
    const inWorker = process.env[CHILD_ENV] === '1';
    let jobs = Number(flagString(ctx, 'jobs') ?? '1');
    if (!Number.isInteger(jobs) || jobs < 0)
      throw new UsageError(`--jobs: expected a non-negative integer, got ${flagString(ctx, 'jobs')}`);
    if (jobs === 0) jobs = availableParallelism();
    const results: object[] = [];
    let summary: Summary;
    if (!inWorker) {
      if (jobs > 1 && !json && !flagBoolean(ctx, 'trace')) summary = await runParallel(ctx, files, jobs);
      else return runInChild(['evm', 'statetest', ...argvOf(ctx)], files);
    } else summary = runFiles(ctx, files, json, results);
    if (json) ctx.stdout(JSON.stringify(results, null, 1));
    else for (const [fork, [p, f]] of [...summary.forks].sort()) ctx.stdout(`fork ${fork}: ${p} passed, ${f} failed`);
    ctx.stdout(`${summary.passed} passed, ${summary.failed} failed`);
    return summary.failed === 0 ? 0 : 1;
  },
};

const RUN_ADDRESS = '0x00000000000000000000000000000000000c0de0';
const RUN_CALLER = '0x000000000000000000000000000000000000ca11';

const run: CommandSpec = {
  name: 'run',
  summary: 'execute bytecode in an empty state and print its output',
  options: [
    { name: 'code', value: '<hex>', help: 'runtime bytecode to execute' },
    { name: 'input', value: '<hex>', help: 'call data', default: '0x' },
    { name: 'gas', value: '<N>', help: 'gas limit', default: '10000000000' },
    { name: 'value', value: '<N>', help: 'call value in wei', default: '0' },
    { name: 'fork', value: '<Name>', help: 'fork rules', default: 'Prague' },
    { name: 'trace', help: 'write EIP-3155 JSON lines to stderr' },
    COMPILE_THRESHOLD_OPTION,
  ],
  examples: ['faultline evm run --code 0x6001600101600055 --trace', 'faultline evm run --code 0x60ff60005260206000f3'],
  run: (ctx) => {
    const codeHex = flagString(ctx, 'code');
    if (!codeHex) throw new UsageError('run: --code <hex> is required');
    if (process.env[CHILD_ENV] !== '1') return runInChild(['evm', 'run', ...argvOf(ctx)], undefined);
    const code = looseHexToBytes(codeHex);
    const input = looseHexToBytes(flagString(ctx, 'input') ?? '0x');
    const gas = Number(flagString(ctx, 'gas') ?? '10000000000');
    if (!Number.isSafeInteger(gas) || gas < 0)
      throw new UsageError(`--gas: expected a non-negative integer, got ${flagString(ctx, 'gas')}`);
    const value = BigInt(flagString(ctx, 'value') ?? '0');
    const fork = parseFork(flagString(ctx, 'fork') ?? 'Prague');
    const state = new MemoryState();
    state.setAccount(RUN_ADDRESS, 1n, 0n, code, new Map());
    state.setAccount(RUN_CALLER, 0n, value, new Uint8Array(0), new Map());
    const world = new WorldState(state);
    const tracer = flagBoolean(ctx, 'trace') ? new Eip3155Tracer(ctx.stderr) : undefined;
    const evm = new Evm(
      {
        fork,
        precompiles: precompileTable(fork),
        block: {
          number: 1n,
          timestamp: 0n,
          coinbase: '0x0000000000000000000000000000000000000000',
          gasLimit: 30_000_000n,
          baseFee: 0n,
          prevRandao: 0n,
          blobBaseFee: 1n,
          chainId: 1n,
        },
        tracer,
        compileThreshold: compileThresholdFlag(ctx),
      },
      world,
    );
    evm.tx = { origin: RUN_CALLER, gasPrice: 0n, blobHashes: [] };
    if (evm.rules.berlin) {
      world.warmAddress(RUN_CALLER);
      world.warmAddress(RUN_ADDRESS);
    }
    const r = evm.call(CALL, RUN_CALLER, RUN_ADDRESS, RUN_ADDRESS, value, input, gas, false, 1);
    ctx.stdout(bytesToHex(r.output));
    const status = r.status === 0 ? 'success' : r.status === 1 ? 'reverted' : `error: ${r.error}`;
    ctx.stderr(JSON.stringify({ output: bytesToHex(r.output), gasUsed: hex(gas - r.gasLeft), status }));
    return r.status === 0 ? 0 : 1;
  },
};

export const evmCommand: CommandSpec = {
  name: 'evm',
  summary: 'run EVM bytecode and state tests',
  description: `
The EVM is a synchronous interpreter (Frontier … Prague) that reads state through a small
StateReader and returns a StateDiff. "statetest" checks it against the Ethereum state tests;
"run" executes raw bytecode in an empty state.`,
  subcommands: [statetest, run],
  examples: [
    'faultline evm statetest --jobs 2 ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline evm run --code 0x6001600101 --trace',
  ],
};
