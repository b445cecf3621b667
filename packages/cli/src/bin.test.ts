import { spawnSync } from 'node:child_process';
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

  it('reports an unknown sub-command on stderr with exit code 2', () => {
    const r = spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown sub-command "nonsense"');
  });
});
