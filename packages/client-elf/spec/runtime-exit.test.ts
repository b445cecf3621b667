/**
 * The runtime's exit discipline (runtime/main.c): only a 0 or 1 that the program returns is a
 * verdict. Small programs built on the same runtime fail in each way a program can — an
 * exception while the bundle loads, one in faultlineMain, a return value that is no verdict, an
 * out-of-memory — and each must exit 2 with one line on stderr; a program that returns 0 exits 0
 * (the control). Run under qemu-mips (fast) and, for one case, inside the VM.
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
  const elfs = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-runtime-exit-'));
    for (const failure of [...FAILURES, 'ok']) {
      const out = join(dir, `${failure}.elf`);
      await buildClientElf({
        out,
        entry: join(PACKAGE_DIR, 'spec', 'programs', 'failing.ts'),
        defines: { FAILURE: JSON.stringify(failure) },
      });
      elfs.set(failure, out);
    }
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a program that returns 0 exits 0 (control)', async () => {
    const r = await runProcess(['qemu-mips', elfs.get('ok')!]);
    expect(r.code, r.stderr).toBe(0);
  });

  for (const failure of FAILURES) {
    it(`${failure}: exit 2 with one line on stderr`, async () => {
      const r = await runProcess(['qemu-mips', elfs.get(failure)!]);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^client: failed: /);
    }, 120_000);
  }

  it('inside the VM too: a program that throws ends with exit code 2 in its final state', async () => {
    const elf = elfs.get('throw-in-main')!;
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
