/**
 * `faultline cannon load-elf` with Cannon's habits (issue 20 item 11), as a real process on a
 * MIPS32 C program: upstream's --type names (the state's version byte says which VM), --out's
 * directory (and witness --output's) made, meta.json written beside the state rather than into the working directory, and
 * `cannon run` finding it there by default (symbol names in its info lines).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../self.js';

const PROGRAMS = fileURLToPath(new URL('../../../mips/test-programs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-load-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const haveGcc = spawnSync('sh', ['-c', 'command -v mips-linux-gnu-gcc']).status === 0;
if (!haveGcc)
  console.warn('!!! cannon load-elf CLI tests SKIPPED: mips-linux-gnu-gcc is not installed (.ci/apt-packages)');

const faultline = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });

describe.skipIf(!haveGcc)('cannon load-elf', () => {
  beforeAll(() => {
    execFileSync('mips-linux-gnu-gcc', [
      ...['-O2', '-static', '-nostdlib', '-ffreestanding', '-march=mips32', '-msoft-float'],
      ...['-mno-abicalls', '-fno-pic', '-G0', '-Wl,-e,__start', '-o', join(dir, 'p.elf'), join(PROGRAMS, 'compute.c')],
    ]);
  });

  it('makes --out’s directory, writes meta.json beside the state (not into the working directory)', () => {
    const r = faultline(['cannon', 'load-elf', '--path', 'p.elf', '--out', 'states/new/state.bin.gz']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^loaded \d+ program headers, \d+ pages; state hash 0x[0-9a-f]{64}$/m);
    expect(existsSync(join(dir, 'states/new/meta.json'))).toBe(true);
    expect(existsSync(join(dir, 'meta.json'))).toBe(false);
    const meta = JSON.parse(readFileSync(join(dir, 'states/new/meta.json'), 'utf8')) as { symbols: { name: string }[] };
    expect(meta.symbols.map((s) => s.name)).toContain('__start');
    const w = faultline(['cannon', 'witness', '--input', 'states/new/state.bin.gz', '--output', 'witness/w.bin']);
    expect(w.status, w.stderr).toBe(0);
    expect(readFileSync(join(dir, 'witness/w.bin')).length).toBe(226);
  }, 120_000);

  it('run finds meta.json beside --input: its info lines name the function', () => {
    const r = faultline([
      'cannon',
      'run',
      '--input',
      'states/new/state.bin.gz',
      '--info-at',
      '=1',
      '--stop-at',
      '=2',
      '--output',
      '',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ step=1 pc=0x[0-9a-f]{8} .* name=__start$/m);
  }, 120_000);

  it('under --log.format json every stderr line of load-elf and run is a JSON log line (status and verdict included)', () => {
    const jsonLines = (stderr: string) =>
      stderr
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { lvl: string; msg: string });
    const load = faultline(['cannon', 'load-elf', '--path', 'p.elf', '--out', 'j.bin.gz', '--log.format', 'json']);
    expect(load.status, load.stderr).toBe(0);
    expect(jsonLines(load.stderr).map((l) => l.msg)).toEqual([expect.stringMatching(/^loaded \d+ program headers/)]);
    const run = faultline(['cannon', 'run', '--input', 'j.bin.gz', '--output', '', '--log.format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(jsonLines(run.stderr).at(-1)).toMatchObject({
      lvl: 'info',
      msg: expect.stringMatching(/^exited: step=\d+ exited=true exit=0 /),
    });
  }, 120_000);

  it('--type takes upstream’s names; the state’s version byte says which VM; a wrong class names the file', () => {
    const version = (file: string) => gunzipSync(readFileSync(join(dir, file)))[0];
    for (const [type, v] of [
      ['singlethreaded', 0],
      ['singlethreaded-2', 2],
    ] as const) {
      const r = faultline(['cannon', 'load-elf', '--type', type, '--path', 'p.elf', '--out', `${type}.bin.gz`]);
      expect(r.status, r.stderr).toBe(0);
      expect(version(`${type}.bin.gz`)).toBe(v);
    }
    const wrong = faultline([
      'cannon',
      'load-elf',
      '--type',
      'multithreaded64',
      '--path',
      'p.elf',
      '--out',
      'x.bin.gz',
    ]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe(
      'error: p.elf: elf: a 32-bit ELF is not a cannon64 program (load it as singlethreaded)\n',
    );
    const unknown = faultline(['cannon', 'load-elf', '--type', 'multithreaded', '--path', 'p.elf']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n')).toHaveLength(2);
    expect(unknown.stderr).toMatch(/^error: .*multithreaded/);
  }, 120_000);
});
