/**
 * cannon64 instruction and syscall programs (test-programs/mips64/*.S), assembled in the test
 * setup with Debian's mips-linux-gnu-gcc (-mabi=64 -march=mips64r2). Each program checks its
 * registers and memory against values worked out by hand in its source and exits 0, or with the
 * number of the first failing check. Programs marked "qemu: yes" follow plain MIPS64 semantics
 * and also run on qemu-mips64, which must agree — it confirms the hand-worked values; the others
 * exercise what only cannon64 defines (its syscalls, threads, reservation and quirks), checked
 * against the spec. Every step of every program is also proven and verified stand-alone, the
 * proven run must end where the fast run ends, and a few programs go through `faultline cannon`
 * (load-elf --type multithreaded64, run --proof-at always, verify-step).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccakKeyOf } from '@faultline/preimage';
import { describe, expect, it } from 'vitest';
import {
  checkStepProof64,
  InMemoryOracle,
  loadElf64,
  type Mips64State,
  Mips64VM,
  MipsExecutionError,
  parseElf,
  patchStack64,
  proveStep64,
  stateHash64,
} from '../src/index.js';
import { bytesToHex, repoRootHint } from './programs-support.js';

const here = join(repoRootHint, 'packages/mips/test-programs/mips64');
const cli = join(repoRootHint, 'packages/cli/bin/faultline.mjs');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const haveGcc = has('mips-linux-gnu-gcc');
const haveQemu = has('qemu-mips64');
if (!haveGcc || !haveQemu) {
  console.warn(
    `\n!!! MIPS64 TOOLCHAIN MISSING (gcc-mips-linux-gnu: ${haveGcc}, qemu-user: ${haveQemu}) — the cannon64 assembly tests that need it are SKIPPED. apt-get install gcc-mips-linux-gnu qemu-user\n`,
  );
}

const out = mkdtempSync(join(tmpdir(), 'faultline-mips64-asm-'));
const HELLO = new TextEncoder().encode('hello world');

interface Program {
  name: string;
  qemu: boolean;
  expect: { exit: number } | { error: string };
  hints: string[];
}

/** The header comments of a program: "# qemu: yes", "# expect: exit N | error <text>", "# hints: "a" "b"". */
function programs(): Program[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.S'))
    .sort()
    .map((f) => {
      const src = readFileSync(join(here, f), 'utf8');
      const header = (k: string) => src.match(new RegExp(`^# ${k}: (.*)$`, 'm'))?.[1];
      const exp = header('expect');
      const error = exp?.match(/^error (.*)$/)?.[1];
      const exit = exp?.match(/^exit (\d+)$/)?.[1];
      return {
        name: f.slice(0, -2),
        qemu: header('qemu')?.startsWith('yes') ?? false,
        expect: error !== undefined ? { error } : { exit: exit === undefined ? 0 : Number(exit) },
        hints: [...(header('hints') ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]!),
      };
    });
}

function build(name: string): string {
  const elf = join(out, name);
  execFileSync('mips-linux-gnu-gcc', [
    '-mabi=64',
    '-march=mips64r2',
    '-mno-abicalls',
    '-fno-pic',
    '-G0',
    '-nostdlib',
    '-static',
    '-Wl,-e,__start',
    `-I${here}`,
    '-o',
    elf,
    join(here, `${name}.S`),
  ]);
  return elf;
}

function oracle(): InMemoryOracle {
  const o = new InMemoryOracle();
  o.putKeccak(HELLO);
  return o;
}

function load(elf: string): Mips64State {
  const s = loadElf64(parseElf(new Uint8Array(readFileSync(elf))));
  patchStack64(s);
  return s;
}

/** Runs to the end; returns the error message if the program hit an exception. */
function runFast(s: Mips64State, o: InMemoryOracle): string | undefined {
  const vm = new Mips64VM(s, o);
  try {
    while (!s.exited && s.step < 1_000_000) vm.run(1 << 16);
  } catch (e) {
    if (e instanceof MipsExecutionError) return e.message;
    throw e;
  }
  return undefined;
}

describe.skipIf(!haveGcc)('cannon64 assembly programs', () => {
  const list = programs();
  it('covers the instruction and syscall programs', () => {
    expect(list.length).toBeGreaterThanOrEqual(20);
  });
  for (const p of list) {
    it(`${p.name}: ${'error' in p.expect ? `fails with "${p.expect.error}"` : `exits ${p.expect.exit}`}${p.qemu ? ', as on qemu-mips64' : ''}`, () => {
      const elf = build(p.name);
      const s = load(elf);
      const o = oracle();
      const error = runFast(s, o);
      if ('error' in p.expect) {
        expect(error).toContain(p.expect.error);
        expect(s.exited).toBe(false);
      } else {
        expect(error).toBeUndefined();
        expect(s.exited).toBe(true);
        expect(s.exitCode, `failing check ${s.exitCode}`).toBe(p.expect.exit);
        expect(o.hints.map((h) => new TextDecoder().decode(h))).toEqual(p.hints);
      }
      if (p.qemu && haveQemu) {
        const q = spawnSync('qemu-mips64', [elf], { encoding: 'utf8', timeout: 30_000 });
        expect(q.status, `qemu-mips64: ${q.stderr}`).toBe('exit' in p.expect ? p.expect.exit : -1);
      }
    });
    it(`${p.name}: every step proof verifies; the proven run ends where the fast run ends`, () => {
      const elf = join(out, p.name);
      const fast = load(elf);
      runFast(fast, oracle());
      const s = load(elf);
      const vm = new Mips64VM(s, oracle());
      let proofs = 0;
      while (!s.exited && s.step < 1_000_000) {
        let proof: ReturnType<typeof proveStep64>;
        try {
          proof = proveStep64(vm);
        } catch (e) {
          expect(e).toBeInstanceOf(MipsExecutionError);
          break;
        }
        const r = checkStepProof64(proof);
        expect(r.reason, `step ${proof.step}`).toBeUndefined();
        proofs++;
      }
      expect(proofs).toBe(fast.step);
      expect(s.step).toBe(fast.step);
      expect(bytesToHex(stateHash64(s))).toBe(bytesToHex(stateHash64(fast)));
    });
  }

  it('faultline cannon: load-elf --type multithreaded64, run --proof-at always with a host, witness, verify-step', () => {
    const d = mkdtempSync(join(out, 'cli-'));
    const fl = (...args: string[]) =>
      spawnSync('node', [cli, 'cannon', ...args], { cwd: d, encoding: 'utf8', timeout: 300_000 });
    const world = join(d, 'world.json');
    writeFileSync(world, JSON.stringify({ [bytesToHex(keccakKeyOf(HELLO))]: bytesToHex(HELLO) }));
    for (const name of ['sys-preimage', 'threads', 'sys-time']) {
      let r = fl(
        'load-elf',
        '--type',
        'multithreaded64',
        '--path',
        join(out, name),
        '--out',
        `${name}.bin.gz`,
        '--meta',
        '',
      );
      expect(r.status, r.stderr).toBe(0);
      r = fl(
        'run',
        '--input',
        `${name}.bin.gz`,
        '--output',
        `${name}-final.bin`,
        '--proof-at',
        'always',
        '--proof-fmt',
        `${name}-proof-%d.json`,
        '--info-at',
        'never',
        '--',
        'node',
        join(repoRootHint, 'packages/mips/test-programs/host.mjs'),
        world,
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/exited: step=\d+ exited=true exit=0 /);
      const w = fl('witness', '--input', `${name}-final.bin`, '--output', `${name}.witness`);
      expect(w.stdout.trim()).toMatch(/^0x00[0-9a-f]{62}$/);
      expect(readFileSync(join(d, `${name}.witness`)).length).toBe(188);
      const proofs = readdirSync(d).filter((f) => f.startsWith(`${name}-proof-`));
      const steps = Number(r.stderr.match(/exited: step=(\d+)/)![1]);
      expect(proofs.length).toBe(steps);
      r = fl('verify-step', ...proofs.flatMap((p) => ['--proof', p]));
      expect(r.status, r.stdout).toBe(0);
      expect(r.stdout.trim().split('\n').length).toBe(steps);
    }
    // A tampered proof is rejected.
    const first = readdirSync(d).find((f) => f.startsWith('threads-proof-'))!;
    const p = JSON.parse(readFileSync(join(d, first), 'utf8'));
    p.post = `0x${'11'.repeat(32)}`;
    writeFileSync(join(d, 'bad.json'), JSON.stringify(p));
    const r = fl('verify-step', '--proof', 'bad.json');
    expect(r.status).toBe(1);
  }, 600_000);

  it('faultline cannon load-elf --type multithreaded64: the instruction check (mips64/isa-check.ts) warns of what runs as something else, --strict refuses it, a word that stops the VM is a note', () => {
    const d = mkdtempSync(join(out, 'isa-'));
    const loadElf = (name: string, ...flags: string[]) =>
      spawnSync(
        'node',
        [cli, 'cannon', 'load-elf', '--type', 'multithreaded64', '--path', join(out, name), '--out', '', ...flags],
        { cwd: d, encoding: 'utf8', timeout: 120_000 },
      );
    // quirks.S encodes rotr, drotr and bltzl on purpose (the VM runs them as srl, dsrl, no branch).
    let r = loadElf('quirks');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: \S+quirks: 3 instruction word\(s\) cannon64 runs as something else: rotr \(runs as srl\) ×1 \(first at 0x[0-9a-f]+\), drotr \(runs as dsrl\) ×1 .*, bltzl, branch-likely \(runs as a never-taken branch\) ×1 /m,
    );
    r = loadElf('quirks', '--strict');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannon64 runs as something else: rotr .*; refusing \(--strict\)$/m);
    // break stops the VM where it is reached: reported, not refused.
    r = loadElf('invalid-break', '--strict');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^note: \S+invalid-break: 1 instruction word\(s\) cannon64 stops at .*: break ×1 /m);
    expect(r.stderr).not.toMatch(/warning/);
    r = loadElf('alu32', '--strict');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning|note/);
  }, 300_000);
});
