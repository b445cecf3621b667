/**
 * MIPS VM throughput next to qemu-mips on the same ELF: test-programs/compute.c (chained
 * keccak-256 on 64-bit lanes — shifts, xors, loads/stores, branches) built freestanding with
 * Debian's mips-linux-gnu-gcc. The step count comes from the VM (deterministic); qemu's rate is
 * that count over its best wall time, with and without the start-up cost measured on the same
 * program built with zero iterations. Usage: npm run bench:mips [-- --json] [-- --iters N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemoryOracle, loadElf, MipsVM, parseElf, patchStack } from '@faultline/mips';
import { benchArgs } from './args.js';

benchArgs({
  usage: 'npm run bench:mips --',
  about: 'MIPS VM steps per second next to qemu-mips on the same ELF (needs gcc-mips-linux-gnu and qemu-user).',
  flags: [
    { name: 'json', help: 'one JSON object per line' },
    { name: 'iters', value: '<N>', help: 'iterations of the keccak loop (default 3000)' },
  ],
});

const json = process.argv.includes('--json');
const itersArg = process.argv.indexOf('--iters');
const ITERS = itersArg > 0 ? Number(process.argv[itersArg + 1]) : 3000;
const RUNS = 3;
const src = join(dirname(fileURLToPath(import.meta.url)), '../packages/mips/test-programs/compute.c');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

if (!has('mips-linux-gnu-gcc') || !has('qemu-mips')) {
  const msg = 'bench:mips SKIPPED: needs gcc-mips-linux-gnu and qemu-user (see .ci/apt-packages)';
  console.error(`!!! ${msg}`);
  if (json) console.log(JSON.stringify({ bench: 'mips', skipped: msg }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-mips-'));
const build = (iters: number) => {
  const out = join(dir, `compute-${iters}`);
  execFileSync('mips-linux-gnu-gcc', [
    '-O2',
    '-static',
    '-nostdlib',
    '-ffreestanding',
    '-march=mips32',
    '-msoft-float',
    '-mno-abicalls',
    '-fno-pic',
    '-G0',
    '-Wl,-e,__start',
    `-DITERS=${iters}`,
    '-o',
    out,
    src,
  ]);
  return out;
};
const big = build(ITERS);
const empty = build(0);

function runVm(path: string): { steps: number; wallS: number; cpuS: number; stdout: string } {
  const state = loadElf(parseElf(new Uint8Array(readFileSync(path))));
  patchStack(state);
  const out: Uint8Array[] = [];
  const vm = new MipsVM(state, new InMemoryOracle(), { stdout: (b) => out.push(b) });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (!state.exited) vm.run(1 << 24);
  const wallS = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  return { steps: state.step, wallS, cpuS: (cu.user + cu.system) / 1e6, stdout: Buffer.concat(out).toString() };
}

function runQemu(path: string): { wallS: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync('qemu-mips', [path], { encoding: 'utf8' });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`qemu-mips exited ${r.status}: ${r.stderr}`);
  return { wallS, stdout: r.stdout };
}

const best = <T extends { wallS: number }>(f: () => T): T => {
  let b: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const r = f();
    if (!b || r.wallS < b.wallS) b = r;
  }
  return b!;
};

const vmEmpty = runVm(empty);
// The first run is reported too: translated functions are shared by source within a process
// (jit.ts `instantiate`), so the later runs that `best` usually picks skip most of the warm-up.
const vmRuns: ReturnType<typeof runVm>[] = [];
const vm = best(() => {
  const r = runVm(big);
  vmRuns.push(r);
  return r;
});
const vmFirst = vmRuns[0]!;
const qemu = best(() => runQemu(big));
const qemuEmpty = best(() => runQemu(empty));
if (vm.stdout !== qemu.stdout)
  throw new Error(`outputs differ: vm ${JSON.stringify(vm.stdout)} qemu ${JSON.stringify(qemu.stdout)}`);

const vmRate = vm.steps / vm.wallS;
const qemuRate = vm.steps / qemu.wallS;
const qemuNet = (vm.steps - vmEmpty.steps) / Math.max(qemu.wallS - qemuEmpty.wallS, 1e-6);
const result = {
  bench: 'mips',
  program: `compute.c ITERS=${ITERS} (chained keccak-256)`,
  steps: vm.steps,
  vm: {
    wallSeconds: +vm.wallS.toFixed(3),
    cpuSeconds: +vm.cpuS.toFixed(3),
    stepsPerSecond: Math.round(vmRate),
    stepsPerCpuSecond: Math.round(vm.steps / vm.cpuS),
    firstRunStepsPerSecond: Math.round(vmFirst.steps / vmFirst.wallS),
  },
  qemu: {
    wallSeconds: +qemu.wallS.toFixed(3),
    startupSeconds: +qemuEmpty.wallS.toFixed(3),
    instructionsPerSecond: Math.round(qemuRate),
    instructionsPerSecondExcludingStartup: Math.round(qemuNet),
  },
  ratio: +(vmRate / qemuRate).toFixed(4),
  // The first run translates and warms up every block; later runs in the process reuse the
  // translated functions (and V8's optimized code for them), as a re-run of a program would.
  firstRunRatio: +(vmFirst.steps / vmFirst.wallS / qemuRate).toFixed(4),
  ratioExcludingQemuStartup: +(vmRate / qemuNet).toFixed(4),
  targets: { stepsPerSecond: 50e6, ratio: 0.25 },
  loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
};
if (json) console.log(JSON.stringify(result));
else {
  console.log(`${result.program}: ${vm.steps} steps`);
  console.log(
    `  faultline mips: ${(vmRate / 1e6).toFixed(1)} M steps/s wall (${(vm.steps / vm.cpuS / 1e6).toFixed(1)} M per CPU second)`,
  );
  console.log(
    `  first of ${RUNS} runs:  ${(vmFirst.steps / vmFirst.wallS / 1e6).toFixed(1)} M steps/s wall (${(result.firstRunRatio * 100).toFixed(1)} % of qemu)`,
  );
  console.log(
    `  qemu-mips:      ${(qemuRate / 1e6).toFixed(1)} M insn/s wall (${(qemuNet / 1e6).toFixed(1)} M excluding ${qemuEmpty.wallS.toFixed(3)} s start-up)`,
  );
  console.log(
    `  ratio:          ${(result.ratio * 100).toFixed(1)} % of qemu (${(result.ratioExcludingQemuStartup * 100).toFixed(1)} % excluding start-up)`,
  );
}
