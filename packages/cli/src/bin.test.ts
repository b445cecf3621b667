import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/faultline.mjs', import.meta.url));

describe('faultline bin', () => {
  it('runs as a real process and lists every sub-command', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const name of ['evm', 'block', 'host', 'client', 'cannon', 'demo']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    }
  });

  it('starts from the bundle (rebuilt when stale) and prints what the sources print', () => {
    const bundled = spawnSync(process.execPath, [bin, 'help', 'cannon', 'run'], { encoding: 'utf8' });
    expect(bundled.status).toBe(0);
    expect(existsSync(fileURLToPath(new URL('../dist/manifest.json', import.meta.url)))).toBe(true);
    const sources = spawnSync(process.execPath, [bin, 'cannon', 'run', '--help'], {
      encoding: 'utf8',
      env: { ...process.env, FAULTLINE_NO_BUNDLE: '1' },
    });
    expect(sources.status).toBe(0);
    expect(bundled.stdout).toBe(sources.stdout);
    expect(bundled.stdout).toMatch(/^Usage: faultline cannon run \[flags\] -- <host command…>$/m);
  }, 180_000);

  it('help text: each sub-command listed once, one Usage line, no doubled default (issue 20 item 13)', () => {
    const top = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
    for (const name of ['evm', 'block', 'host', 'client', 'cannon', 'demo']) {
      expect(top.match(new RegExp(`^ {2}${name} `, 'gm')), name).toHaveLength(1);
    }
    const verify = spawnSync(process.execPath, [bin, 'block', 'verify-fixture', '--help'], { encoding: 'utf8' }).stdout;
    expect(verify.match(/Usage:/g)).toHaveLength(1);
    expect(verify).toMatch(/^Usage: faultline block verify-fixture \[flags\] <dir>\.\.\.$/m);
    const statetest = spawnSync(process.execPath, [bin, 'evm', 'statetest', '--help'], { encoding: 'utf8' }).stdout;
    const jobs = statetest.split('\n').find((l) => l.includes('--jobs'))!;
    expect(jobs.match(/default/g)).toHaveLength(1);
  }, 180_000);

  it('a reader that stops early (| head) costs no error line and keeps the exit code', () => {
    // 1 MiB of memory returned (2 MiB of hex on stdout), then the same amount reverted (exit 1);
    // started as the shebang does (the EVM runs in this process) and by plain node (in a child).
    for (const [code, status, flags] of [
      ['0x621000006000f3', 0, '--stack-size=3900'],
      ['0x621000006000fd', 1, ''],
    ] as const) {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" ${flags} "${bin}" evm run ${code} 2>err.txt | head -c 10; echo " $\{PIPESTATUS[0]}"; cat err.txt`,
        ],
        { encoding: 'utf8', cwd: mkdtempSync(join(tmpdir(), 'faultline-epipe-')) },
      );
      expect(r.stdout.split('\n')[0]).toBe(`0x00000000 ${status}`);
      expect(r.stdout).not.toMatch(/EPIPE|error:/);
    }
  }, 120_000);

  it('answers --version and version with the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const argv of [['--version'], ['version']]) {
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`faultline ${version}\n`);
    }
  }, 120_000);

  it('reports an unknown sub-command on stderr with exit code 2', () => {
    const r = spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown sub-command "nonsense"');
  });

  it('evm run gives the same result with every block compiled, and rejects a bad threshold', () => {
    // A countdown loop from 10, then the result stored and returned.
    const code = '0x600a5b600190038060025760005260206000f3';
    // Started as the bin's shebang starts it (the EVM's stack: no second Node for the work).
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, ['--stack-size=3900', bin, 'evm', 'run', '--code', code, ...extra], {
        encoding: 'utf8',
      });
    const compiled = run('--compile-threshold', '0');
    const interpreted = run('--compile-threshold', 'never');
    expect(compiled.status).toBe(0);
    expect(compiled.stdout.trim()).toBe(`0x${'00'.repeat(32)}`);
    expect(compiled.stderr).toContain('"gasUsed":"0x116"');
    expect([compiled.stdout, compiled.stderr]).toEqual([interpreted.stdout, interpreted.stderr]);
    const bad = run('--compile-threshold', '-3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--compile-threshold: expected a non-negative integer or "never"');
  });
});
