import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type BenchSpec, checkBenchArgs, helpText } from './args.js';

const spec: BenchSpec = {
  usage: 'npm run bench:x --',
  about: 'measures x',
  flags: [
    { name: 'json', help: 'JSON lines' },
    { name: 'iters', value: '<N>', help: 'iterations' },
  ],
};
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('bench scripts’ command line (issue 20 item 13)', () => {
  it('describes the flags and refuses unknown ones and missing values', () => {
    expect(helpText(spec)).toContain('--iters <N>  iterations');
    expect(checkBenchArgs(spec, ['--json', '--iters', '5'])).toBeUndefined();
    expect(checkBenchArgs(spec, ['--iters=5'])).toBeUndefined();
    expect(checkBenchArgs(spec, ['--jsno'])).toBe('unknown flag --jsno');
    expect(checkBenchArgs(spec, ['--iters'])).toBe('--iters needs a value <N>');
    expect(checkBenchArgs(spec, ['5000'])).toBe('unexpected argument "5000"');
  });

  it('every bench script of package.json checks its arguments', () => {
    const scripts = JSON.parse(readFileSync(here('../package.json'), 'utf8')).scripts as Record<string, string>;
    const benches = Object.entries(scripts)
      .filter(([name]) => name.startsWith('bench:'))
      .map(([name, cmd]) => [name, /bench\/[\w-]+\.ts/.exec(cmd)?.[0]] as const);
    expect(benches.length).toBeGreaterThanOrEqual(5);
    for (const [name, f] of benches) {
      const source = readFileSync(here(`../${f}`), 'utf8');
      expect(source, f).toContain('benchArgs({');
      // --help says how the user starts it: the npm script, not the file under tsx.
      expect(source, f).toMatch(new RegExp(`usage: 'npm run ${name}( --)?'`));
    }
  });

  it('a real script answers --help with exit 0 and a bad flag with exit 2', () => {
    const run = (...a: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', here('trie.ts'), ...a], { encoding: 'utf8', timeout: 60_000 });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run bench:trie -- \[n\]$/m);
    const bad = run('--fast');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: unknown flag --fast; see --help\n');
  });
});
