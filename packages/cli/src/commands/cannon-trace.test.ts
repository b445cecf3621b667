/**
 * `faultline cannon trace` and `faultline cannon diverge` as real processes, with the tiny table
 * host of the MIPS test programs serving two worlds that differ in local key 2: trace answers
 * match across snapshot reuse, the proof it writes verifies, diverge names the read of key 2
 * (exit 0) and says "no divergence" for identical hosts (exit 1); bad input is one line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccakKeyOf, localKey } from '@faultline/preimage';
import { bytesToHex, keccak256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const PROGRAMS = fileURLToPath(new URL('../../../mips/test-programs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-trace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const haveGcc = spawnSync('sh', ['-c', 'command -v mips-linux-gnu-gcc']).status === 0;

function faultline(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
}

const DATA = utf8ToBytes('the quick brown fox jumps over the lazy dog, '.repeat(5));
function world(name: string, claim: number): string[] {
  const table = {
    [bytesToHex(localKey(1))]: bytesToHex(keccak256(DATA)),
    [bytesToHex(localKey(2))]: bytesToHex(u64ToBytes(claim)),
    [bytesToHex(keccakKeyOf(DATA))]: bytesToHex(DATA),
  };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(table));
  return [process.execPath, join(PROGRAMS, 'host.mjs'), join(dir, `${name}.json`)];
}

describe.skipIf(!haveGcc)('cannon trace / diverge', () => {
  let a: string[];
  let b: string[];
  beforeAll(() => {
    execFileSync('mips-linux-gnu-gcc', [
      ...['-O2', '-static', '-nostdlib', '-ffreestanding', '-march=mips32', '-msoft-float'],
      ...['-mno-abicalls', '-fno-pic', '-G0', '-Wl,-e,__start', '-o', join(dir, 'p.elf'), join(PROGRAMS, 'preimage.c')],
    ]);
    const load = faultline(['cannon', 'load-elf', '--path', 'p.elf', '--out', 'pre.bin.gz', '--meta', '']);
    expect(load.status, load.stderr).toBe(0);
    a = world('a', DATA.length);
    b = world('b', DATA.length + 1);
  });

  it('trace: the same hash with and without snapshots; its proof verifies; past the exit, the final state', () => {
    const cold = faultline(['cannon', 'trace', '--input', 'pre.bin.gz', '--at', '30000', '--', ...a]);
    expect(cold.status, cold.stderr).toBe(0);
    const snap = ['--snapshots', 'snaps', '--snapshot-every', '8000'];
    const first = faultline(['cannon', 'trace', '--input', 'pre.bin.gz', '--at', '50000', ...snap, '--', ...a]);
    expect(first.status, first.stderr).toBe(0);
    const again = faultline([
      ...['cannon', 'trace', '--input', 'pre.bin.gz', '--at', '30000', ...snap, '--proof', 'p.json', '--json', '--'],
      ...a,
    ]);
    expect(again.status, again.stderr).toBe(0);
    const j = JSON.parse(again.stdout) as { hash: string; step: number };
    expect(cold.stdout).toContain(`hash=${j.hash}`);
    // From the snapshot at 24,000: 6,000 steps (plus the proven one), not 30,000.
    expect(again.stderr).toMatch(/runs=1 steps=6001 /);
    expect(faultline(['cannon', 'verify-step', 'p.json']).status).toBe(0);
    const end = faultline(['cannon', 'trace', '--input', 'pre.bin.gz', '--at', '99999999', '--', ...a]);
    expect(end.stdout).toMatch(/exited=true exit=0 \(at step \d+\)/);
  });

  it('diverge: two hosts part at the read of local key 2; identical hosts do not part', () => {
    const r = faultline(['cannon', 'diverge', 'pre.bin.gz', '--', ...a, '--', ...b]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^first divergence: step \d+ \(pc 0x[0-9a-f]{8}, insn 0x0000000c\)/);
    expect(r.stdout).toContain(`A read local key ${bytesToHex(localKey(2))}`);
    expect(r.stdout).toContain(`B read local key ${bytesToHex(localKey(2))}`);
    const same = faultline(['cannon', 'diverge', 'pre.bin.gz', '--', ...a, '--', ...a]);
    expect(same.status).toBe(1);
    expect(same.stdout).toMatch(/^no divergence: both runs reach step \d+/);
  });

  it('bad input: one line, exit 2', () => {
    for (const args of [
      ['cannon', 'diverge', 'pre.bin.gz', '--', ...a],
      ['cannon', 'trace', '--input', 'pre.bin.gz', '--at', 'x'],
      ['cannon', 'trace', '--input', 'missing.bin.gz', '--at', '1'],
    ]) {
      const r = faultline(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(join(dir, 'snaps', 'trace.json'), 'utf8')).toMatch(/"prestate": "0x03/);
  });
});
