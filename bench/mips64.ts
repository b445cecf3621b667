/**
 * cannon64 numbers, machine-readable with --json:
 * 1. Throughput on a real Go mips64 program (packages/mips/test-programs/go-threads: goroutines,
 *    channels, a mutex, GC; built with Debian's Go 1.19, GOARCH=mips64 GOMIPS64=softfloat) next
 *    to qemu-mips64 on the same ELF in the same run. The step count comes from the VM; qemu's
 *    rate is that count over its best wall time (qemu counts no instructions itself).
 * 2. The memory root of a state with 200 MiB touched (51,200 pages of non-zero data, spread over
 *    the code, heap and mmap regions of the 64-bit layout): the first root, a root after 100
 *    scattered writes, and the same 200 MB in the MIPS32 memory (same tree code, depth 27).
 *    Peers (from their own reports, not run here): Go cannon 6.3 s, cannon-rs 1.65 s.
 * Usage: npm run bench:mips64 [-- --json] [-- --mb N] (N MiB touched, default 200)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemoryOracle, loadElf64, Memory, Memory64, Mips64VM, parseElf, patchStack64 } from '@faultline/mips';
import { benchArgs } from './args.js';

benchArgs({
  usage: 'npm run bench:mips64 --',
  about:
    'cannon64 steps per second on a Go mips64 program next to qemu-mips64 on the same ELF (needs golang-go and qemu-user), and the time to compute the memory root of a state with N MiB touched.',
  flags: [
    { name: 'json', help: 'one JSON object' },
    { name: 'mb', value: '<N>', help: 'MiB of touched memory for the root (default 200)' },
  ],
});

const json = process.argv.includes('--json');
const mbArg = process.argv.indexOf('--mb');
const MIB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 200;
const RUNS = 3;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function goProgram(): Record<string, unknown> {
  if (!has('go') || !has('qemu-mips64')) {
    const msg = 'go program SKIPPED: needs golang-go and qemu-user (see .ci/apt-packages)';
    console.error(`!!! ${msg}`);
    return { skipped: msg };
  }
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-mips64-'));
  const elf = join(dir, 'go-threads');
  execFileSync('go', ['build', '-o', elf, 'main.go'], {
    cwd: join(dirname(fileURLToPath(import.meta.url)), '../packages/mips/test-programs/go-threads'),
    env: { ...process.env, GOOS: 'linux', GOARCH: 'mips64', GOMIPS64: 'softfloat', CGO_ENABLED: '0' },
  });
  const bytes = new Uint8Array(readFileSync(elf));
  const vmRun = () => {
    const s = loadElf64(parseElf(bytes));
    patchStack64(s);
    const out: Uint8Array[] = [];
    const vm = new Mips64VM(s, new InMemoryOracle(), { stdout: (b) => out.push(b) });
    const c0 = cpu();
    const t0 = performance.now();
    while (!s.exited) vm.run(1 << 24);
    return {
      steps: s.step,
      wallS: (performance.now() - t0) / 1000,
      cpuS: cpu() - c0,
      stdout: Buffer.concat(out).toString(),
      threads: Number(s.nextThreadId),
    };
  };
  const qemuRun = () => {
    const t0 = performance.now();
    const r = spawnSync('qemu-mips64', [elf], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`qemu-mips64 exited ${r.status}: ${r.stderr}`);
    return { wallS: (performance.now() - t0) / 1000, stdout: r.stdout };
  };
  let vm = vmRun();
  for (let i = 1; i < RUNS; i++) {
    const r = vmRun();
    if (r.wallS < vm.wallS) vm = r;
  }
  let qemu = qemuRun();
  for (let i = 1; i < RUNS; i++) {
    const r = qemuRun();
    if (r.wallS < qemu.wallS) qemu = r;
  }
  if (vm.stdout !== qemu.stdout)
    throw new Error(`outputs differ: vm ${JSON.stringify(vm.stdout)} qemu ${JSON.stringify(qemu.stdout)}`);
  return {
    program: 'go-threads (Go 1.19 mips64 softfloat: goroutines, channels, mutex, GC)',
    steps: vm.steps,
    threads: vm.threads,
    vm: {
      wallSeconds: +vm.wallS.toFixed(3),
      cpuSeconds: +vm.cpuS.toFixed(3),
      stepsPerSecond: Math.round(vm.steps / vm.wallS),
      stepsPerCpuSecond: Math.round(vm.steps / vm.cpuS),
    },
    qemu: { wallSeconds: +qemu.wallS.toFixed(3), instructionsPerSecond: Math.round(vm.steps / qemu.wallS) },
    ratio: +(qemu.wallS / vm.wallS).toFixed(4),
  };
}

/** Deterministic non-zero page contents (so no page hashes like a zero page). */
function fillPage(buf: Uint8Array, seed: number): Uint8Array {
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < buf.length; i += 4) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    buf[i] = x >>> 24;
    buf[i + 1] = x >>> 16;
    buf[i + 2] = x >>> 8;
    buf[i + 3] = x;
  }
  return buf;
}

function memoryRoot(): Record<string, unknown> {
  const pages = (MIB * 1024 * 1024) / 4096;
  const buf = new Uint8Array(4096);
  // The 64-bit layout: a quarter each at the code, Go's arena hint, the mmap heap and the stack.
  const bases = [0x10n, 0xc0_0000_0n, 0x1_0000_0000n, 0x7_ffff_0000n];
  const m64 = new Memory64();
  for (let k = 0; k < pages; k++) m64.setPageBytes(Number(bases[k % 4]!) + Math.floor(k / 4), fillPage(buf, k));
  const time = (f: () => unknown) => {
    const c0 = cpu();
    const t0 = performance.now();
    f();
    return { wallSeconds: +((performance.now() - t0) / 1000).toFixed(3), cpuSeconds: +(cpu() - c0).toFixed(3) };
  };
  const first = time(() => m64.merkleRoot());
  const again = time(() => {
    for (let k = 0; k < 100; k++)
      m64.setDoubleword(BigInt(Number(bases[k % 4]!) + ((k * 997) % (pages / 4))) * 4096n, BigInt(k));
    m64.merkleRoot();
  });
  const m32 = new Memory();
  for (let k = 0; k < pages; k++) m32.setPageBytes(0x100 + k, fillPage(buf, k));
  const first32 = time(() => m32.merkleRoot());
  return {
    touchedBytes: pages * 4096,
    pages,
    mips64: { firstRoot: first, rootAfter100Writes: again },
    mips32SameData: { firstRoot: first32 },
    peersReported: { goCannonSeconds: 6.3, cannonRsSeconds: 1.65 },
  };
}

const result = {
  bench: 'mips64',
  goProgram: goProgram(),
  memoryRoot: memoryRoot(),
  loadAverage: loadavg().map((x) => +x.toFixed(2)),
};
if (json) console.log(JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
