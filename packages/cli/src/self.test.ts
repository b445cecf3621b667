import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, NODE_ARGS, resolveSelf, SELF, selfCommand, shellQuote, userPath } from './self.js';

const REPO = join(dirname(BIN), '../../..');
const BIN_DIR = join(REPO, 'node_modules/.bin');

describe('resolving faultline to this bin (issue 20 item 1)', () => {
  it('replaces a leading faultline or npx faultline, keeps anything else', () => {
    expect(SELF).toEqual([process.execPath, ...NODE_ARGS, BIN]);
    expect(resolveSelf(['faultline', 'client'])).toEqual([...SELF, 'client']);
    expect(resolveSelf(['npx', 'faultline', 'host', '--server'])).toEqual([...SELF, 'host', '--server']);
    expect(resolveSelf(['npx', '--no-install', 'faultline', 'client'])).toEqual([...SELF, 'client']);
    expect(resolveSelf(['/usr/local/bin/op-program', '--server'])).toEqual(['/usr/local/bin/op-program', '--server']);
    expect(resolveSelf(['npx', 'other-tool'])).toEqual(['npx', 'other-tool']);
  });

  it('prints how to start it: faultline only when the PATH has this bin', () => {
    expect(selfCommand({ PATH: '/usr/bin:/bin' })).toBe('npx faultline');
    expect(shellQuote(['host', '--exec', 'faultline client', "it's"])).toBe(
      `host --exec 'faultline client' 'it'\\''s'`,
    );
  });

  it("under npx or npm run, the node_modules/.bin npm put in front of the PATH is not the user's", () => {
    const gyp = '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin';
    const npx = { PATH: `${BIN_DIR}:/node_modules/.bin:${gyp}:/usr/bin:/bin`, npm_command: 'exec' };
    expect(userPath(npx)).toEqual(['/usr/bin', '/bin']);
    expect(selfCommand(npx)).toBe('npx faultline');
    expect(selfCommand({ PATH: `${BIN_DIR}:/usr/bin`, npm_lifecycle_event: 'demo' })).toBe('npx faultline');
    // The user's own PATH naming the bin (outside npm, or behind npm's entries) is kept.
    expect(selfCommand({ PATH: `${BIN_DIR}:/usr/bin` })).toBe('faultline');
    expect(selfCommand({ ...npx, PATH: `${gyp}:${BIN_DIR}:/usr/bin` })).toBe('faultline');
  });

  it('`npx faultline --help` from the repository root prints examples a shell without faultline on its PATH can run', () => {
    const PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((d) => !d.endsWith('/node_modules/.bin'))
      .join(':');
    const env: Record<string, string | undefined> = { ...process.env, PATH };
    for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
    const r = spawnSync('npx', ['faultline', '--help'], { cwd: REPO, encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status).toBe(0);
    const examples = r.stdout.slice(r.stdout.indexOf('Examples:'));
    expect(examples).toMatch(/\n {2}npx faultline demo\n/);
    expect(examples).not.toMatch(/\n {2}faultline /);
  }, 90_000);
});
