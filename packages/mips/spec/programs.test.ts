/**
 * Real programs on the VM, built in the test setup with Debian's cross toolchains (env notes
 * §5): freestanding C (mips-linux-gnu-gcc) and Go (GOARCH=mips GOMIPS=softfloat). They compute,
 * send a hint, read local keys and a keccak pre-image and exit 0 or 1. Where qemu-mips can run
 * the same ELF (with a real host on fds 3–6) the outputs agree. Determinism: repeated runs and
 * runs resumed from snapshots end in the same state hash; proofs of pre-image reads and of
 * ordinary steps pass the verifier, both in-process and through `faultline cannon`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccakKeyOf, localKey } from '@faultline/preimage';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkStepProof,
  decodeStateBytes,
  encodeStateBinary,
  HostProcessOracle,
  InMemoryOracle,
  loadElf,
  type MipsState,
  MipsVM,
  parseElf,
  patchGo,
  patchStack,
  proveStep,
  stateHash,
} from '../src/index.js';
import { bytesToHex, repoRootHint } from './programs-support.js';

const here = join(repoRootHint, 'packages/mips/test-programs');
const cli = join(repoRootHint, 'packages/cli/bin/faultline.mjs');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const haveGcc = has('mips-linux-gnu-gcc');
const haveGo = has('go');
const haveQemu = has('qemu-mips');
if (!haveGcc || !haveGo || !haveQemu) {
  console.warn(
    `\n!!! MIPS TOOLCHAIN MISSING (gcc-mips-linux-gnu: ${haveGcc}, golang-go: ${haveGo}, qemu-user: ${haveQemu}) — the tests that need it are SKIPPED. apt-get install gcc-mips-linux-gnu libc6-dev-mips-cross qemu-user golang-go\n`,
  );
}

const CFLAGS = [
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
];
const out = mkdtempSync(join(tmpdir(), 'faultline-mips-programs-'));
const elf = (name: string) => join(out, name);

function buildC(name: string, src: string, extra: string[] = []) {
  execFileSync('mips-linux-gnu-gcc', [...CFLAGS, ...extra, '-o', elf(name), join(here, src)]);
}

/** The pre-image world both programs expect: local 1 = H, local 2 = claimed length, keccak(H). */
const DATA = new TextEncoder().encode('the quick brown fox jumps over the lazy dog, '.repeat(5));
function world(claim: number): InMemoryOracle {
  const o = new InMemoryOracle();
  const key = o.putKeccak(DATA);
  const h = keccak_256(DATA);
  o.set(localKey(1), h);
  const c = new Uint8Array(8);
  new DataView(c.buffer).setBigUint64(0, BigInt(claim));
  o.set(localKey(2), c);
  expect(key.subarray(1)).toEqual(h.subarray(1));
  return o;
}
function worldJson(claim: number): string {
  const h = keccak_256(DATA);
  const c = new Uint8Array(8);
  new DataView(c.buffer).setBigUint64(0, BigInt(claim));
  const table = {
    [bytesToHex(localKey(1))]: bytesToHex(h),
    [bytesToHex(localKey(2))]: bytesToHex(c),
    [bytesToHex(keccakKeyOf(DATA))]: bytesToHex(DATA),
  };
  const p = join(out, `world-${claim}.json`);
  writeFileSync(p, JSON.stringify(table));
  return p;
}

function load(name: string, go: boolean): { state: MipsState } {
  const e = parseElf(new Uint8Array(readFileSync(elf(name))));
  const state = loadElf(e);
  if (go) patchGo(e, state);
  patchStack(state);
  return { state };
}

function runVm(state: MipsState, oracle: InMemoryOracle | HostProcessOracle, maxSteps = 50_000_000) {
  const chunks: Uint8Array[] = [];
  const vm = new MipsVM(state, oracle, { stdout: (b) => chunks.push(b), stderr: (b) => chunks.push(b) });
  while (!state.exited && state.step < maxSteps) vm.run(1 << 20);
  return { stdout: Buffer.concat(chunks).toString('utf8'), vm };
}

/** qemu-mips with a real host (test-programs/host.mjs) on fds 3–6, through FIFOs opened read-write. */
function qemuWithHost(name: string, worldFile: string): { status: number | null; stdout: string; hints: string } {
  const d = mkdtempSync(join(out, 'q-'));
  const script = `cd ${d} && mkfifo a b c e || exit 99; node ${join(here, 'host.mjs')} ${worldFile} hints.log 3<>a 4<>b 5<>c 6<>e & H=$!; qemu-mips ${elf(name)} 3<>${d}/b 4<>${d}/a 5<>${d}/e 6<>${d}/c; rc=$?; kill $H; exit $rc`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  const hints = existsSync(join(d, 'hints.log')) ? readFileSync(join(d, 'hints.log'), 'utf8') : '';
  return { status: r.status, stdout: r.stdout, hints };
}

const ready = haveGcc && haveGo && haveQemu;

describe.skipIf(!ready)('real MIPS programs', () => {
  beforeAll(() => {
    buildC('compute', 'compute.c', ['-DITERS=100']);
    buildC('preimage', 'preimage.c');
    const cache = join(tmpdir(), 'faultline-mips-gocache');
    mkdirSync(cache, { recursive: true });
    execFileSync('go', ['build', '-o', elf('go-preimage'), 'main.go'], {
      cwd: join(here, 'go-preimage'),
      env: {
        ...process.env,
        GOOS: 'linux',
        GOARCH: 'mips',
        GOMIPS: 'softfloat',
        CGO_ENABLED: '0',
        GOPROXY: 'off',
        GOCACHE: cache,
        GO111MODULE: 'off',
      },
    });
  }, 240_000);

  it('compute.c: VM stdout = qemu-mips stdout = keccak chain computed in Node', () => {
    let h = keccak_256(new TextEncoder().encode('faultline'));
    for (let i = 0; i < 100; i++) h = keccak_256(h);
    const expected = `keccak chain: ${bytesToHex(h).slice(2)}\n`;
    const { state } = load('compute', false);
    const { stdout } = runVm(state, new InMemoryOracle());
    expect(state.exited).toBe(true);
    expect(state.exitCode).toBe(0);
    expect(stdout).toBe(expected);
    const q = spawnSync('qemu-mips', [elf('compute')], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expect(q.stdout).toBe(expected);
  });

  for (const [name, go] of [
    ['preimage', false],
    ['go-preimage', true],
  ] as const) {
    it(`${name}: valid claim exits 0, invalid claim exits 1; hint delivered; agrees with qemu-mips`, () => {
      for (const [claim, code, text] of [
        [DATA.length, 0, 'claim valid\n'],
        [DATA.length + 1, 1, 'claim invalid\n'],
      ] as const) {
        const { state } = load(name, go);
        const oracle = world(claim);
        const { stdout } = runVm(state, oracle);
        expect(state.exited).toBe(true);
        expect(state.exitCode).toBe(code);
        expect(stdout).toBe(text);
        expect(oracle.hints.map((x) => new TextDecoder().decode(x))).toEqual([
          `keccak-preimage ${bytesToHex(keccak_256(DATA))}`,
        ]);
        const q = qemuWithHost(name, worldJson(claim));
        expect(q.status).toBe(code);
        expect(q.stdout).toBe(text);
        expect(q.hints).toBe(`keccak-preimage ${bytesToHex(keccak_256(DATA))}\n`);
      }
    });
  }

  it('preimage.c through a real host process over pipes (HostProcessOracle + host.mjs)', async () => {
    const { state } = load('preimage', false);
    const hints = join(out, 'host-hints.log');
    const host = await HostProcessOracle.start(['node', join(here, 'host.mjs'), worldJson(DATA.length), hints]);
    try {
      const { stdout } = runVm(state, host);
      expect(stdout).toBe('claim valid\n');
    } finally {
      expect(await host.close()).toEqual({ code: 0, signal: null, killed: false });
    }
    expect(state.exitCode).toBe(0);
    expect(readFileSync(hints, 'utf8')).toBe(`keccak-preimage ${bytesToHex(keccak_256(DATA))}\n`);
  });

  it('the block translator and the interpreter end in the same state (compute.c, Go program)', () => {
    for (const [name, go] of [
      ['compute', false],
      ['go-preimage', true],
    ] as const) {
      const a = load(name, go).state;
      const b = load(name, go).state;
      const va = new MipsVM(a, world(DATA.length), { jit: false });
      const vb = new MipsVM(b, world(DATA.length), { jitThreshold: 1 });
      // Odd budgets make blocks straddle run() calls.
      while (!a.exited) va.run(99_991);
      while (!b.exited) vb.run(77_773);
      expect(b.step).toBe(a.step);
      expect(stateHash(b)).toEqual(stateHash(a));
    }
  });

  it('each translator against the interpreter, chunk by chunk of varied budgets (compute.c, Go program)', () => {
    // Lockstep: after every chunk the translated run is where the interpreter is (step, pc,
    // registers, hi/lo), and every 8th chunk the state hashes (memory root included) agree.
    const budgets = [1, 3, 1_000, 77_773, 5, 250_001, 64, 9_999];
    const view = (s: MipsState) => [s.step, s.pc, s.nextPC, s.hi, s.lo, s.exited, [...s.registers]];
    for (const [name, go] of [
      ['compute', false],
      ['go-preimage', true],
    ] as const) {
      for (const backend of ['wasm', 'js'] as const) {
        const a = load(name, go).state;
        const b = load(name, go).state;
        const va = new MipsVM(a, world(DATA.length), { jit: false });
        const vb = new MipsVM(b, world(DATA.length), { jitThreshold: 4, backend });
        for (let k = 0; !a.exited; k++) {
          const budget = budgets[k % budgets.length]!;
          va.run(budget);
          vb.run(budget);
          expect(view(b)).toEqual(view(a));
          if (k % 8 === 7 || a.exited) expect(stateHash(b)).toEqual(stateHash(a));
        }
        // Most of the run was translated code (else this compares the interpreter with itself).
        expect(vb.stats.interpretedSteps).toBeLessThan(b.step / 4);
      }
    }
  });

  it('determinism: two runs and a run resumed from a binary snapshot end in the same state', () => {
    const a = load('go-preimage', true).state;
    runVm(a, world(DATA.length));
    const b = load('go-preimage', true).state;
    runVm(b, world(DATA.length));
    expect(stateHash(b)).toEqual(stateHash(a));
    const c = load('go-preimage', true).state;
    const vm = new MipsVM(c, world(DATA.length));
    vm.run(123_457);
    const bin = Buffer.concat([...encodeStateBinary(c)]);
    const resumed = decodeStateBytes(new Uint8Array(bin));
    expect(stateHash(resumed)).toEqual(stateHash(c));
    runVm(resumed, world(DATA.length));
    expect(stateHash(resumed)).toEqual(stateHash(a));
    expect(resumed.step).toBe(a.step);
  });

  it('proofs: every pre-image read, key write and hint step plus every 20000th step verifies', () => {
    const { state } = load('preimage', false);
    const vm = new MipsVM(state, world(DATA.length));
    let proven = 0;
    let preimageProofs = 0;
    while (!state.exited) {
      const insn = state.memory.getWord(state.pc);
      const isSyscall = insn === 0x0000000c;
      if (isSyscall || state.step % 20_000 === 0) {
        const p = proveStep(vm);
        const r = checkStepProof(p);
        expect(r.reason).toBeUndefined();
        if (p.oracleKey) preimageProofs++;
        proven++;
      } else vm.run(1);
    }
    expect(preimageProofs).toBeGreaterThan(10);
    expect(proven).toBeGreaterThan(preimageProofs);
  });

  it('faultline cannon: load-elf, run with proofs/snapshot and a host, resume, witness, verify-step', () => {
    const d = mkdtempSync(join(out, 'cli-'));
    const fl = (...args: string[]) =>
      spawnSync('node', [cli, 'cannon', ...args], { cwd: d, encoding: 'utf8', timeout: 120_000 });
    const host = ['--', 'node', join(here, 'host.mjs'), worldJson(DATA.length)];
    let r = fl('load-elf', '--path', elf('preimage'), '--patch', 'stack', '--out', 'state.json', '--meta', 'meta.json');
    expect(r.status, r.stderr).toBe(0);
    r = fl(
      'run',
      '--input',
      'state.json',
      '--output',
      'final.bin.gz',
      '--meta',
      'meta.json',
      '--proof-at',
      '%25000',
      '--snapshot-at',
      '=40000',
      '--snapshot-fmt',
      'snap-%d.bin.gz',
      ...host,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('claim valid\n');
    r = fl('run', '--input', 'snap-40000.bin.gz', '--output', 'resumed.json', ...host);
    expect(r.status, r.stderr).toBe(0);
    const w1 = fl('witness', '--input', 'final.bin.gz', '--output', 'w.bin');
    const w2 = fl('witness', '--input', 'resumed.json');
    expect(w1.stdout.trim()).toMatch(/^0x00[0-9a-f]{62}$/);
    expect(w2.stdout).toBe(w1.stdout);
    expect(readFileSync(join(d, 'w.bin')).length).toBe(226);
    const proofs = readdirSync(d).filter((f) => f.startsWith('proof-'));
    expect(proofs.length).toBe(4);
    r = fl('verify-step', ...proofs.flatMap((p) => ['--proof', p]));
    expect(r.status, r.stdout).toBe(0);
    // A tampered proof is rejected.
    const p = JSON.parse(readFileSync(join(d, proofs[0]!), 'utf8'));
    p.post = `0x${'11'.repeat(32)}`;
    writeFileSync(join(d, 'bad.json'), JSON.stringify(p));
    r = fl('verify-step', '--proof', 'bad.json');
    expect(r.status).toBe(1);
  });
});
