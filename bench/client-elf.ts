/**
 * client.elf on real work: the demo's claim decided inside Faultline's MIPS VM, next to the same
 * ELF under qemu-mips and the same runtime natively (client-native), each with a host serving
 * the same datadir; and the cost of single units of work inside client.elf, from exact VM step
 * counts of small programs on the same runtime (bench/client-elf/programs.ts) at two repeat
 * counts: a keccak-256, a secp256k1 recovery, and gas of EVM workloads run by Faultline's
 * interpreter in QuickJS. Steps are exact; times vary with the machine (2 shared cores here), so
 * the VM's and qemu's own CPU seconds are reported next to the wall times (which include the
 * waits for the host process and, on a loaded machine, for a core). The VM is timed as the
 * `faultline` bin runs it: bundled with the bin's own esbuild options (bench/bundle.ts);
 * `--unbundled` times the TypeScript sources through tsx instead (tsx also wraps every closure
 * of the translator in a naming helper, ~9 % of its emitting time).
 * Usage: npm run bench:client-elf [-- --json] [-- --blocks N] [-- --no-micro] [-- --unbundled]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClientElf } from '@faultline/client-elf';
import type * as Mips from '@faultline/mips';
import { generateChain, offlineHostFlags, writeChainDatadir } from '@faultline/testkit/chain';
import { benchArgs } from './args.js';
import { importBundled } from './bundle.js';
import { loadWorkloads, type Workload } from './evm-workloads.js';

benchArgs({
  usage: 'npm run bench:client-elf --',
  about:
    'client.elf deciding the demo claim in the MIPS VM, next to qemu-mips and client-native, plus VM steps of single units of work.',
  flags: [
    { name: 'json', help: 'one JSON object per line' },
    { name: 'blocks', value: '<N>', help: 'L2 blocks of the demo chain (default 12)' },
    { name: 'no-micro', help: 'skip the per-unit programs' },
    { name: 'unbundled', help: 'time the VM sources through tsx instead of the bundle the bin runs' },
  ],
});

const args = process.argv.slice(2);
const json = args.includes('--json');
const blocksArg = args.indexOf('--blocks');
const BLOCKS = blocksArg >= 0 ? Number(args[blocksArg + 1]) : 12;
const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'packages', 'cli', 'bin', 'faultline.mjs');
const NODE = [process.execPath, '--stack-size=3900'];
const log = (line: string) => console.error(line);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const mipsEntry = join(here, '..', 'packages', 'mips', 'src', 'index.ts');
const { HostProcessOracle, InMemoryOracle, loadElf, MipsVM, parseElf, patchStack } = args.includes('--unbundled')
  ? await import('@faultline/mips')
  : await importBundled<typeof Mips>(mipsEntry);

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-elf-'));

interface VmRun {
  steps: number;
  exit: number;
  wallS: number;
  stepsPerS: number;
  cpuS: number;
  stepsPerCpuS: number;
  pages: number;
  stderr: string;
}

/** Runs an ELF to its exit in the VM (jit on), with a host process when `host` is given. */
async function runVm(elf: string, host?: string[]): Promise<VmRun> {
  const state = loadElf(parseElf(new Uint8Array(readFileSync(elf))));
  patchStack(state);
  const oracle = host ? await HostProcessOracle.start(host) : undefined;
  const err: Buffer[] = [];
  const vm = new MipsVM(state, oracle ?? new InMemoryOracle(), { stderr: (b) => err.push(Buffer.from(b)) });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    while (!state.exited) vm.run(1 << 24);
  } finally {
    await oracle?.close();
  }
  const wallS = (performance.now() - t0) / 1000;
  // CPU time of this process alone (the host is another process): on a shared machine the wall
  // time also holds waits for the host and for the CPU.
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    steps: state.step,
    exit: state.exitCode,
    wallS,
    stepsPerS: Math.round(state.step / wallS),
    cpuS,
    stepsPerCpuS: Math.round(state.step / cpuS),
    pages: state.memory.pageCount,
    stderr: Buffer.concat(err).toString(),
  };
}

function runHost(flags: string[], client: string): { code: number | null; wallS: number } {
  const t0 = performance.now();
  const r = spawnSync(NODE[0]!, [...NODE.slice(1), BIN, 'host', ...flags, '--exec', client], { encoding: 'utf8' });
  return { code: r.status, wallS: (performance.now() - t0) / 1000 };
}

/** A serialisable workload (bigints and bytes tagged; programs.ts revives it). */
function tag(v: unknown): unknown {
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof Uint8Array) return { $u: Buffer.from(v).toString('hex') };
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [tag(k), tag(x)]) };
  if (Array.isArray(v)) return v.map(tag);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
  return v;
}

async function unitCost(name: string, kind: string, counts: [number, number], workload?: Workload) {
  const steps: number[] = [];
  let gas = 0n;
  for (const count of counts) {
    const elf = join(dir, `${name}-${count}.elf`);
    await buildClientElf({
      out: elf,
      entry: join(here, 'client-elf', 'programs.ts'),
      defines: {
        COUNT: String(count),
        KIND: JSON.stringify(kind),
        WORKLOAD: workload ? JSON.stringify(tag(workload)) : 'undefined',
      },
    });
    const r = await runVm(elf);
    if (r.exit !== 0) throw new Error(`${name}: the program exited ${r.exit}: ${r.stderr}`);
    steps.push(r.steps);
    const g = /gas=(\d+)/.exec(r.stderr);
    if (g) gas = BigInt(g[1]!);
  }
  const units = workload ? Number(gas) : counts[1] - counts[0];
  return { name, units: workload ? 'gas' : 'call', per: Math.round((steps[1]! - steps[0]!) / units), base: steps[0] };
}

const results: Record<string, unknown> = {
  bench: 'client-elf',
  blocks: BLOCKS,
  vmCode: args.includes('--unbundled') ? 'tsx' : 'bundle',
};
try {
  log('building client.elf (toolchain cached after the first build)…');
  const built = await buildClientElf({
    out: join(dir, 'client.elf'),
    nativeOut: join(dir, 'client-native'),
    progress: (l) => log(`  ${l}`),
  });
  results.elf = {
    bytes: built.size,
    bytecodeBytes: built.bytecodeBytes,
    sha256: built.sha256,
    prestate: built.prestate,
  };

  const chain = generateChain({ blocks: BLOCKS });
  const dirs = writeChainDatadir(chain, join(dir, 'chain'));
  const flags = offlineHostFlags(chain, dirs, chain.boot.claimedOutputRoot);
  log(`demo claim: ${BLOCKS} L2 blocks, agreed block ${chain.boot.agreedBlockNumber}`);

  log('inside the VM…');
  const vm = await runVm(built.elf, [...NODE, BIN, 'host', '--server', ...flags]);
  if (vm.exit !== 0) throw new Error(`the VM run exited ${vm.exit}: ${vm.stderr}`);
  results.vm = {
    steps: vm.steps,
    wallS: vm.wallS,
    stepsPerS: vm.stepsPerS,
    cpuS: vm.cpuS,
    stepsPerCpuS: vm.stepsPerCpuS,
    pages: vm.pages,
  };

  const native = runHost(flags, built.native!);
  results.native = { wallS: native.wallS, exit: native.code };
  if (has('qemu-mips')) {
    log('under qemu-mips…');
    // qemu's own CPU time through time(1) where it exists (user + system seconds).
    const timeFile = join(dir, 'qemu-time');
    const timed = existsSync('/usr/bin/time');
    const q = runHost(flags, `${timed ? `/usr/bin/time -f %U+%S -o ${timeFile} ` : ''}qemu-mips ${built.elf}`);
    const cpuS = timed
      ? readFileSync(timeFile, 'utf8')
          .trim()
          .split('+')
          .reduce((a, x) => a + Number(x), 0)
      : undefined;
    results.qemu = {
      wallS: q.wallS,
      exit: q.code,
      stepsPerS: Math.round(vm.steps / q.wallS),
      vmShare: q.wallS / vm.wallS,
      ...(cpuS !== undefined && {
        cpuS,
        stepsPerCpuS: Math.round(vm.steps / cpuS),
        vmCpuShare: cpuS / vm.cpuS,
      }),
    };
  } else results.qemu = { skipped: 'qemu-mips not installed' };

  if (!args.includes('--no-micro')) {
    log('unit costs…');
    const micro = [
      await unitCost('keccak256-64B', 'keccak', [0, 2000]),
      await unitCost('secp256k1-recover', 'recover', [0, 50]),
    ];
    const workloads = loadWorkloads() ?? [];
    for (const name of ['ipsilon/swap_math/spent', 'ipsilon/weierstrudel/1']) {
      const w = workloads.find((x) => x.name === name);
      if (w) micro.push(await unitCost(name, 'evm', [0, 20], w));
    }
    results.unitSteps = micro;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (json) console.log(JSON.stringify(results));
else {
  const r = results as {
    elf: { bytes: number };
    vm: { steps: number; wallS: number; stepsPerS: number; cpuS: number; stepsPerCpuS: number };
    native: { wallS: number };
    qemu: { wallS?: number; stepsPerS?: number; cpuS?: number; stepsPerCpuS?: number };
    unitSteps?: { name: string; units: string; per: number }[];
  };
  console.log(`client.elf ${r.elf.bytes} bytes`);
  console.log(
    `demo claim in the VM: ${r.vm.steps} steps in ${r.vm.wallS.toFixed(1)} s (${(r.vm.stepsPerS / 1e6).toFixed(1)} M steps/s); ${r.vm.cpuS.toFixed(1)} CPU-s (${(r.vm.stepsPerCpuS / 1e6).toFixed(0)} M steps per CPU-second)`,
  );
  if (r.qemu.wallS !== undefined)
    console.log(
      `same ELF under qemu-mips: ${r.qemu.wallS.toFixed(1)} s (${((r.qemu.stepsPerS ?? 0) / 1e6).toFixed(0)} M steps/s); VM at ${((r.qemu.wallS / r.vm.wallS) * 100).toFixed(0)} % of qemu`,
    );
  if (r.qemu.cpuS !== undefined)
    console.log(
      `qemu-mips CPU: ${r.qemu.cpuS.toFixed(1)} s (${((r.qemu.stepsPerCpuS ?? 0) / 1e6).toFixed(0)} M steps per CPU-second); VM at ${((r.qemu.cpuS / r.vm.cpuS) * 100).toFixed(0)} % of qemu per CPU-second`,
    );
  console.log(`client-native (x86): ${r.native.wallS.toFixed(1)} s`);
  for (const u of r.unitSteps ?? []) console.log(`  ${u.name}: ${u.per} steps per ${u.units}`);
}
