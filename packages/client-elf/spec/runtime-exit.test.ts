/**
 * The runtime's exit discipline (runtime/main.c): only a 0 or 1 that the program returns is a
 * verdict. A small program on the same runtime fails in the way its stdin names — an exception
 * while the bundle loads, one in faultlineMain, a return value that is no verdict, an
 * out-of-memory — and each must exit 2 with one line on stderr; "ok" returns 0 and exits 0 (the
 * control). Run under qemu-mips (fast) and, for one case, inside the VM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientElf } from '../src/build-elf.js';
import { PACKAGE_DIR } from '../src/bundle.js';
import { builtElf, cannonRun, haveCommand, runProcess } from './support.js';

const FAILURES = ['throw-at-load', 'throw-in-main', 'bad-return', 'out-of-memory'] as const;

describe.skipIf(!builtElf() || !haveCommand('qemu-mips'))('client.elf runtime exit codes', () => {
  let dir: string;
  let elf: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-runtime-exit-'));
    elf = join(dir, 'failing.elf');
    await buildClientElf({ out: elf, entry: join(PACKAGE_DIR, 'spec', 'programs', 'failing.ts') });
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a program that returns 0 exits 0 (control)', async () => {
    const r = await runProcess(['qemu-mips', elf], 'ok\n');
    expect(r.code, r.stderr).toBe(0);
  });

  for (const failure of FAILURES) {
    it(`${failure}: exit 2 with one line on stderr`, async () => {
      const r = await runProcess(['qemu-mips', elf], `${failure}\n`);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^client: failed: /);
    }, 120_000);
  }

  it('inside the VM too: a program that throws ends with exit code 2 in its final state', async () => {
    const prestate = join(dir, 'throw.bin.gz');
    const load = await runProcess([
      process.execPath,
      join(PACKAGE_DIR, '..', 'cli', 'bin', 'faultline.mjs'),
      'cannon',
      'load-elf',
      '--path',
      elf,
      '--out',
      prestate,
      '--meta',
      '',
    ]);
    expect(load.code, load.stderr).toBe(0);
    const r = await cannonRun(prestate, []);
    expect([r.exited, r.exit], r.stderr).toEqual([true, 2]);
    expect(r.hash?.slice(0, 4)).toBe('0x02');
  }, 600_000);
});
