/**
 * Issue 20's "Done when": the README's examples are run exactly as written — every command in a
 * ```bash block and in the table's command column, through bash from the repository root, with
 * no `faultline` on the PATH (a fresh clone). Each command has an entry below saying how far it is
 * run; a command the README gains without an entry fails this test:
 * - `full`: run to the end, exit 0 expected (and the output it must show);
 * - `start`: run as written until it shows that it is doing its job (its first progress or result
 *   line), then stopped — benchmarks, the full state-test suite, the 10-minute client.elf build and
 *   the VM demo take minutes each, and `npm test` would run this very test;
 * - `not run`: `npm install` (it would rewrite node_modules under the other tests; .ci/run runs it
 *   and checks the lock) and `npm test` (this suite).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const FIXTURES = existsSync(join(REPO, '../shared/fixtures'));
/** A PATH without any node_modules/.bin (so no faultline), as on a fresh clone. */
const PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules'))
  .join(':');
const SCRATCH = join(REPO, '.tmp', 'readme');
/**
 * Together the entries cost minutes of CPU (the demo, all 19 blocks, benchmarks, the suites, the
 * VM demo, the devnet), so `npm test` runs the quick ones and `npm run test:readme`
 * (FAULTLINE_README_ALL=1) all of them; .ci/run runs it after `npm test`.
 */
const ALL = process.env.FAULTLINE_README_ALL === '1';
if (!ALL) console.warn('!!! README commands that run for minutes are left to `npm run test:readme`');

/** `ms`: how long a full run may take (default 240 s). */
type How = { full: RegExp; ms?: number } | { start: RegExp } | { alive: number } | { notRun: string };

/** Every command of the README, and how far this test runs it. */
const COMMANDS: Record<string, How> = {
  'npm install': { notRun: 'rewrites node_modules under the running suite; .ci/run runs it and checks the lock' },
  'npm run demo': { full: /Demo passed: the true claim is VALID and the tampered claim INVALID\./ },
  'npm test': { notRun: 'this suite' },
  'npx faultline --help': { full: /^ {2}cannon +the MIPS VM/m },
  'npx faultline <command> --help': { full: /^Usage: faultline / },
  'npm run build:elf': { start: /build-elf: /i },
  'npx faultline demo --vm --blocks 3': { start: /Inside the VM: client\.elf/ },
  'npm run test:statetests': { start: /statetest progress/ },
  'npx faultline block header ../shared/fixtures/op-jovian-karst/op-mainnet-157796868-header.json': {
    full: /^hash .*\(matches the file\)|matches/m,
  },
  'npx faultline block verify-fixture ../shared/fixtures/kona-exec-*': { full: /^19 passed, 0 failed$/m },
  'npm run test:state-roots': { start: /RUN|✓/ },
  // Prints its JSON lines only when every workload has run (minutes): it must start and keep running.
  'npm run bench:evm -- --json': { alive: 45_000 },
  'npm run bench:preimage': { start: /^\{/m },
  'npm run bench:mips -- --json': { start: /^\{|SKIPPED/m },
  'npm run bench:mips64 -- --json': { start: /^\{|SKIPPED/m },
  'npm run bench:client-elf -- --json --no-micro': { start: /building client\.elf/ },
  'npm run bench:trie': { start: /^\{/m },
  // Prints a line per fresh verify-fixture process (each ~10–30 s here).
  'npm run bench:blocks': { start: /^run 1\/\d+: median/m },
  // Prints a target's line after its 120 s: it must start and keep running.
  'npm run fuzz -- --seconds 120 --json': { alive: 45_000 },
  'npx faultline devnet up': { start: /L1 \(anvil\)/ },
  'npx faultline devnet up --blocks-per-proposal 4 --dir ./devnet': { start: /L1 \(anvil\)/ },
  'npx faultline devnet status --dir ./devnet': { notRun: 'needs the devnet that `devnet up` keeps running' },
  // Two games to resolution with client.elf traces: 3–4 minutes on a loaded 2-core machine.
  'npm run demo:dispute': { full: /✓ DEFENDER_WINS \(expected DEFENDER_WINS\)[\s\S]*✓ CHALLENGER_WINS/, ms: 900_000 },
  'npx faultline challenger --help': { full: /^Usage: faultline challenger /m },
};

/** Commands in ```bash blocks (comments dropped, `a && b` split) and in the table's second column. */
function readmeCommands(): string[] {
  const out = new Set<string>();
  for (const block of README.matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (!line || line.startsWith('#')) continue;
      for (const part of line.split('&&')) out.add(part.trim());
    }
  }
  for (const row of README.split('\n').filter((l) => l.startsWith('| '))) {
    const cell = row.split('|')[2]?.trim() ?? '';
    const m = /^`([^`]+)`$/.exec(cell);
    if (m && /^(npm|npx) /.test(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}

/** Runs a command in bash until it exits or its output matches; the group is killed after. */
function runUntil(
  command: string,
  until: RegExp,
  ms: number,
): Promise<{ matched: boolean; code: number | null; out: string }> {
  return new Promise((resolve) => {
    mkdirSync(SCRATCH, { recursive: true });
    // Commands that write relative paths (./devnet) write under .tmp/readme; the others run at the root.
    const cwd = command.includes('./devnet') ? SCRATCH : REPO;
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, PATH }, detached: true });
    let out = '';
    let done = false;
    const finish = (matched: boolean, code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      resolve({ matched, code, out });
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) finish(true, null);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => finish(until.test(out), code));
    const timer = setTimeout(() => finish(false, null), ms);
  });
}

describe.runIf(FIXTURES)('the README’s commands, as written', () => {
  const commands = readmeCommands();

  it('every command the README shows has an entry here', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((c) => !(c in COMMANDS))).toEqual([]);
  });

  it('npx faultline --help, and <command> --help for every command it lists', () => {
    const top = spawnSync('bash', ['-c', 'npx faultline --help'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, PATH },
    });
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch((COMMANDS['npx faultline --help'] as { full: RegExp }).full);
    const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(names).toContain('evm');
    for (const name of names) {
      const r = spawnSync('bash', ['-c', `npx faultline ${name} --help`], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, PATH },
      });
      expect(r.status, name).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: faultline ${name} `, 'm'));
    }
  }, 120_000);

  // `npm test` runs the quick full entries; the demo and the 19 blocks (also covered by
  // demo.test.ts and block.test.ts through the same bin) and every `start` entry run under ALL.
  const QUICK = new Set([
    'npx faultline block header ../shared/fixtures/op-jovian-karst/op-mainnet-157796868-header.json',
  ]);
  const runnable = Object.entries(COMMANDS).filter(
    ([c, how]) =>
      !('notRun' in how) && !c.includes('<command>') && c !== 'npx faultline --help' && (ALL || QUICK.has(c)),
  );
  it.each(runnable)(
    '%s',
    async (command, how) => {
      if (!readmeCommands().includes(command)) return; // an entry for a command the README no longer shows
      if ('alive' in how) {
        // Still running after how.alive ms (or done with exit 0): it started and keeps working.
        const r = await runUntil(command, /(?!)/, how.alive);
        expect(r.code === null || r.code === 0, r.out.slice(-2000)).toBe(true);
        return;
      }
      const until = 'full' in how ? how.full : (how as { start: RegExp }).start;
      const r = await runUntil(command, until, 'full' in how ? (how.ms ?? 240_000) : 120_000);
      if ('full' in how) {
        expect(r.out).toMatch(how.full);
        // A full run must also end well: wait for the exit code when the match came first.
        if (r.code !== null) expect(r.code).toBe(0);
      } else {
        expect(r.matched, r.out.slice(-2000)).toBe(true);
        if (r.code !== null) expect(r.code).toBe(0);
      }
    },
    960_000,
  );
});
