/**
 * Real Go programs on cannon64, built in the test setup with Debian's Go 1.19 for
 * GOOS=linux GOARCH=mips64 GOMIPS64=softfloat and loaded as `load-elf --type multithreaded64`
 * does: go-threads (goroutines, channels, a mutex, the GC under allocation pressure — the
 * runtime's clone/futex/clock/mmap traffic) and go-preimage (local keys, a hint, a keccak
 * pre-image). qemu-mips64 runs the same ELFs, go-preimage with a real host on fds 3–6, and
 * must agree. The runs are deterministic (same state hash twice, and after a round trip of a
 * mid-run snapshot through the binary format); the steps that exercise threads and syscalls
 * are proven and verified; and go-preimage goes through `faultline cannon` with proofs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccakKeyOf, localKey } from '@faultline/preimage';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkStepProof64,
  decodeAnyStateBytes,
  encodeState64Binary,
  InMemoryOracle,
  loadElf64,
  type Mips64State,
  Mips64VM,
  parseElf,
  patchStack64,
  proveStep64,
  SCHED_QUANTUM,
  stateHash64,
} from '../src/index.js';
import { bytesToHex, repoRootHint } from './programs-support.js';

const here = join(repoRootHint, 'packages/mips/test-programs');
const cli = join(repoRootHint, 'packages/cli/bin/faultline.mjs');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const haveGo = has('go');
const haveQemu = has('qemu-mips64');
if (!haveGo || !haveQemu) {
  console.warn(
    `\n!!! GO OR QEMU-MIPS64 MISSING (golang-go: ${haveGo}, qemu-user: ${haveQemu}) — the cannon64 Go program tests are SKIPPED. apt-get install golang-go qemu-user\n`,
  );
}
const out = mkdtempSync(join(tmpdir(), 'faultline-mips64-programs-'));
const elf = (name: string) => join(out, name);

function buildGo(name: string): void {
  execFileSync('go', ['build', '-o', elf(name), 'main.go'], {
    cwd: join(here, name),
    env: { ...process.env, GOOS: 'linux', GOARCH: 'mips64', GOMIPS64: 'softfloat', CGO_ENABLED: '0' },
    stdio: 'pipe',
  });
}

const DATA = new TextEncoder().encode('the quick brown fox jumps over the lazy dog, '.repeat(5));
const u64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
};
function world(claim: number): InMemoryOracle {
  const o = new InMemoryOracle();
  o.putKeccak(DATA);
  o.set(localKey(1), keccak_256(DATA));
  o.set(localKey(2), u64(claim));
  return o;
}
function worldJson(claim: number): string {
  const p = join(out, `world-${claim}.json`);
  writeFileSync(
    p,
    JSON.stringify({
      [bytesToHex(localKey(1))]: bytesToHex(keccak_256(DATA)),
      [bytesToHex(localKey(2))]: bytesToHex(u64(claim)),
      [bytesToHex(keccakKeyOf(DATA))]: bytesToHex(DATA),
    }),
  );
  return p;
}

function load(name: string): Mips64State {
  const s = loadElf64(parseElf(new Uint8Array(readFileSync(elf(name)))));
  patchStack64(s);
  return s;
}

function run(s: Mips64State, oracle: InMemoryOracle, maxSteps = 200_000_000): string {
  const chunks: Uint8Array[] = [];
  const vm = new Mips64VM(s, oracle, { stdout: (b) => chunks.push(b), stderr: (b) => chunks.push(b) });
  while (!s.exited && s.step < maxSteps) vm.run(1 << 20);
  return Buffer.concat(chunks).toString('utf8');
}

/** qemu-mips64 with test-programs/host.mjs on fds 3–6, through FIFOs opened read-write. */
function qemuWithHost(name: string, worldFile: string): { status: number | null; stdout: string; hints: string } {
  const d = mkdtempSync(join(out, 'q-'));
  const script = `cd ${d} && mkfifo a b c e || exit 99; node ${join(here, 'host.mjs')} ${worldFile} hints.log 3<>a 4<>b 5<>c 6<>e & H=$!; qemu-mips64 ${elf(name)} 3<>${d}/b 4<>${d}/a 5<>${d}/e 6<>${d}/c; rc=$?; kill $H; exit $rc`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  const hints = existsSync(join(d, 'hints.log')) ? readFileSync(join(d, 'hints.log'), 'utf8') : '';
  return { status: r.status, stdout: r.stdout, hints };
}

const ready = haveGo && haveQemu;

describe.skipIf(!ready)('Go programs on cannon64', () => {
  beforeAll(() => {
    buildGo('go-threads');
    buildGo('go-preimage');
  }, 600_000);

  it('go-threads: goroutines, channels, a mutex and the GC print what qemu-mips64 prints', () => {
    const s = load('go-threads');
    const stdout = run(s, new InMemoryOracle());
    expect(s.exited).toBe(true);
    expect(s.exitCode).toBe(0);
    expect(stdout).toContain('gc ran: true');
    // The runtime really ran several threads.
    expect(s.nextThreadId).toBeGreaterThan(2n);
    const q = spawnSync('qemu-mips64', [elf('go-threads')], { encoding: 'utf8', timeout: 120_000 });
    expect(q.status).toBe(0);
    expect(stdout).toBe(q.stdout);
  }, 600_000);

  it('go-preimage: a hint and pre-image reads decide like qemu-mips64 with a real host', () => {
    for (const [claim, code, text] of [
      [DATA.length, 0, 'claim valid\n'],
      [DATA.length + 1, 1, 'claim invalid\n'],
    ] as const) {
      const s = load('go-preimage');
      const o = world(claim);
      expect(run(s, o)).toBe(text);
      expect(s.exitCode).toBe(code);
      const hint = `keccak-preimage ${bytesToHex(keccak_256(DATA))}`;
      expect(o.hints.map((h) => new TextDecoder().decode(h))).toEqual([hint]);
      const q = qemuWithHost('go-preimage', worldJson(claim));
      expect(q.status).toBe(code);
      expect(q.stdout).toBe(text);
      expect(q.hints).toBe(`${hint}\n`);
    }
  }, 600_000);

  it('go-threads: deterministic, also resumed from a snapshot written and read back mid-run', () => {
    const a = load('go-threads');
    run(a, new InMemoryOracle());
    const b = load('go-threads');
    const vm = new Mips64VM(b, new InMemoryOracle());
    vm.run(5_000_123);
    const bin = Buffer.concat([...encodeState64Binary(b)]);
    const resumed = decodeAnyStateBytes(new Uint8Array(bin)) as Mips64State;
    expect(bytesToHex(stateHash64(resumed))).toBe(bytesToHex(stateHash64(b)));
    expect(Buffer.concat([...encodeState64Binary(resumed)]).equals(bin)).toBe(true);
    run(resumed, new InMemoryOracle());
    expect(resumed.step).toBe(a.step);
    expect(bytesToHex(stateHash64(resumed))).toBe(bytesToHex(stateHash64(a)));
  }, 600_000);

  it('go-threads: proofs of the first 2000 steps and of every syscall, thread pop and preemption in 3M steps verify', () => {
    const s = load('go-threads');
    const vm = new Mips64VM(s, new InMemoryOracle());
    let proven = 0;
    let scheduling = 0;
    const kinds = new Set<number>();
    while (!s.exited && s.step < 3_000_000) {
      const t = s.current;
      const pc = t.pc;
      const word = s.memory.getDoubleword(pc & ~7n);
      const insn = Number((pc & 4n) === 0n ? word >> 32n : word & 0xffffffffn);
      const special = t.exited || s.stepsSinceLastContextSwitch >= SCHED_QUANTUM;
      if (s.step < 2000 || insn === 0x0000000c || special) {
        if (insn === 0x0000000c && !special) kinds.add(Number(t.reg(2)));
        if (special) scheduling++;
        const r = checkStepProof64(proveStep64(vm));
        expect(r.reason, `step ${s.step - 1}`).toBeUndefined();
        proven++;
      } else vm.step(false);
    }
    // clone, futex, mmap, clock_gettime, sched_yield/nanosleep at least.
    for (const nr of [5055, 5194, 5009, 5222]) expect(kinds.has(nr), `syscall ${nr}`).toBe(true);
    expect(scheduling).toBeGreaterThan(0);
    expect(proven).toBeGreaterThan(2500);
  }, 900_000);

  it('faultline cannon: load-elf --type multithreaded64, run with a host, proofs and a snapshot, resume, witness, verify-step', () => {
    const d = mkdtempSync(join(out, 'cli-'));
    const fl = (...args: string[]) =>
      spawnSync('node', [cli, 'cannon', ...args], { cwd: d, encoding: 'utf8', timeout: 300_000 });
    const host = ['--', 'node', join(here, 'host.mjs'), worldJson(DATA.length)];
    let r = fl(
      'load-elf',
      '--type',
      'multithreaded64',
      '--path',
      elf('go-preimage'),
      '--out',
      'state.bin.gz',
      '--strict',
    );
    expect(r.status, r.stderr).toBe(0);
    // The instruction check: Go's compiler emits nothing cannon64 runs as something else; the runtime's
    // MSA code behind a CPU-feature check, its TLS rdhwr (cgo only) and runtime.abort's teq are noted.
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.stderr).toMatch(/^note: .* cannon64 stops at .*: teq \(trap\) ×\d+ .*msa\/mdmx \(SIMD\) ×\d+ /m);
    r = fl(
      'run',
      '--input',
      'state.bin.gz',
      '--output',
      'final.bin.gz',
      '--meta',
      'meta.json',
      '--proof-at',
      '%100000',
      '--snapshot-at',
      '=250000',
      '--snapshot-fmt',
      'snap-%d.bin.gz',
      '--stop-at-preimage-type',
      'keccak',
      ...host,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stop-at-preimage: step=\d+ exited=false/);
    r = fl('run', '--input', 'final.bin.gz', '--output', 'final2.bin.gz', '--proof-at', '%100000', ...host);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('claim valid\n');
    r = fl('run', '--input', 'snap-250000.bin.gz', '--output', 'resumed.bin', ...host);
    expect(r.status, r.stderr).toBe(0);
    const w1 = fl('witness', '--input', 'final2.bin.gz');
    const w2 = fl('witness', '--input', 'resumed.bin');
    expect(w1.stdout.trim()).toMatch(/^0x00[0-9a-f]{62}$/);
    expect(w2.stdout).toBe(w1.stdout);
    const proofs = readdirSync(d).filter((f) => f.startsWith('proof-'));
    expect(proofs.length).toBeGreaterThan(3);
    r = fl('verify-step', ...proofs.flatMap((p) => ['--proof', p]));
    expect(r.status, r.stdout).toBe(0);
  }, 900_000);
});
