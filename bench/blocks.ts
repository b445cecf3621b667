/**
 * Real OP blocks: `faultline block verify-fixture --json` over every kona-exec fixture, run N
 * times, each run a fresh process exactly as a user starts it (so per-process caches — the
 * jumpdest analyses, the G table and memo of the secp256k1 recovery, JIT warm-up — count as
 * they do for a user). Each run's own figure is the command's median per block (wall and CPU);
 * across runs it prints their range, and per block the median/min/max over the runs. Every
 * block must match its expected hash in every run, or the bench exits 1.
 *
 * No peer runs beside it: the block builders a user would compare with (op-reth, kona's
 * executor, op-geth) are native Rust/Go binaries not installed here, and ethereumjs's block
 * runner has no OP deposit, L1-fee or stateless-witness support, so it cannot build these blocks.
 *
 * Usage: npm run bench:blocks -- [--runs N] [--json] [--fixtures DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';

benchArgs({
  usage: 'npm run bench:blocks --',
  about:
    'block verify-fixture over every kona-exec fixture block, N fresh processes: the median per block (wall, CPU) of each run and their range, and each block over the runs.',
  flags: [
    { name: 'runs', value: '<N>', help: 'processes to run (default 5)' },
    { name: 'json', help: 'print one JSON object instead of text' },
    { name: 'fixtures', value: '<dir>', help: 'where the kona-exec-* directories are (default ../shared/fixtures)' },
  ],
  env: { FAULTLINE_FIXTURES: 'default for --fixtures' },
});

function flag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 3) : argv[i + 1];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(flag('runs') ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('error: --runs: expected a positive integer');
  process.exit(2);
}
const json = process.argv.includes('--json');
const fixtures = resolve(flag('fixtures') ?? process.env.FAULTLINE_FIXTURES ?? join(root, '../shared/fixtures'));
const dirs = existsSync(fixtures)
  ? readdirSync(fixtures)
      .filter((d) => d.startsWith('kona-exec-'))
      .sort()
      .map((d) => join(fixtures, d))
  : [];
if (dirs.length === 0) {
  console.error(`error: ${fixtures}: no kona-exec-* fixture directories`);
  process.exit(2);
}

interface BlockJson {
  fixture: string;
  status: string;
  number?: string;
  ms?: number;
  cpuMs?: number;
}
interface RunJson {
  passed: number;
  failed: number;
  errors: number;
  medianMs: number;
  medianCpuMs: number;
  blocks: BlockJson[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number): number => Math.round(x * 10) / 10;
const range = (xs: number[]) => ({
  median: round(median(xs)),
  min: round(Math.min(...xs)),
  max: round(Math.max(...xs)),
});

const bin = join(root, 'packages/cli/bin/faultline.mjs');
const perRun: { run: number; medianMs: number; medianCpuMs: number; sumCpuMs: number; load: number }[] = [];
const perBlock = new Map<string, { number: string; ms: number[]; cpuMs: number[] }>();
for (let run = 1; run <= runs; run++) {
  const load = loadavg()[0]!;
  const child = spawnSync(process.execPath, ['--stack-size=3900', bin, 'block', 'verify-fixture', '--json', ...dirs], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  let out: RunJson;
  try {
    out = JSON.parse(child.stdout) as RunJson;
  } catch {
    console.error(
      `error: run ${run}: verify-fixture printed no JSON (exit ${child.status}): ${child.stderr.trim().split('\n')[0]}`,
    );
    process.exit(2);
  }
  if (out.passed !== dirs.length) {
    const bad = out.blocks.filter((b) => b.status !== 'pass').map((b) => `${b.fixture} ${b.status}`);
    console.error(`error: run ${run}: ${out.passed}/${dirs.length} blocks match (${bad.join(', ')})`);
    process.exit(1);
  }
  const cpu = out.blocks.map((b) => b.cpuMs!);
  perRun.push({
    run,
    medianMs: round(out.medianMs),
    medianCpuMs: round(out.medianCpuMs),
    sumCpuMs: Math.round(cpu.reduce((a, b) => a + b, 0)),
    load: round(load),
  });
  for (const b of out.blocks) {
    const e = perBlock.get(b.fixture) ?? { number: b.number ?? '', ms: [], cpuMs: [] };
    e.ms.push(b.ms!);
    e.cpuMs.push(b.cpuMs!);
    perBlock.set(b.fixture, e);
  }
  if (!json)
    console.log(
      `run ${run}/${runs}: median ${round(out.medianMs)} ms per block (cpu ${round(out.medianCpuMs)} ms), sum of block cpu ${perRun.at(-1)!.sumCpuMs} ms, load ${round(load)}`,
    );
}

const summary = {
  bench: 'blocks',
  blocks: dirs.length,
  runs,
  peer: null,
  medianMsPerBlock: range(perRun.map((r) => r.medianMs)),
  medianCpuMsPerBlock: range(perRun.map((r) => r.medianCpuMs)),
  sumCpuMs: range(perRun.map((r) => r.sumCpuMs)),
  perRun,
  perBlock: [...perBlock].map(([fixture, e]) => ({
    fixture,
    number: e.number,
    ms: range(e.ms),
    cpuMs: range(e.cpuMs),
  })),
};
if (json) console.log(JSON.stringify(summary));
else {
  const r = (x: { median: number; min: number; max: number }) => `${x.min}-${x.max} (median ${x.median})`;
  console.log(
    `\nmedian per block over ${runs} runs: wall ${r(summary.medianMsPerBlock)} ms, cpu ${r(summary.medianCpuMsPerBlock)} ms`,
  );
  console.log('block                                   cpu ms median  min   max   wall ms median');
  for (const b of summary.perBlock)
    console.log(
      `${b.fixture.padEnd(40)} ${String(b.cpuMs.median).padStart(12)} ${String(b.cpuMs.min).padStart(5)} ${String(b.cpuMs.max).padStart(5)} ${String(b.ms.median).padStart(15)}`,
    );
}
