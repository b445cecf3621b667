/**
 * `faultline evm run` and `evm statetest` as a user of geth's `evm` drives them (issue 20 item
 * 10), through the real bin: code from an argument, a file or stdin, --create, --prestate,
 * --json with nothing else on stdout, u64 gas, fork names in any case, --statetest.fork/index.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '@faultline/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, NODE_ARGS } from '../self.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-evm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** The bin as its shebang starts it (with the EVM's stack: the work runs in this process). */
const faultline = (args: string[], input?: string) =>
  spawnSync(process.execPath, [...NODE_ARGS, BIN, ...args], { encoding: 'utf8', input, timeout: 120_000 });
/** The bin started by plain `node` (V8's default stack): the work runs in a child with the larger one. */
const viaChild = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, timeout: 120_000 });

/** SELFBALANCE and SLOAD(1), returned as two words. */
const READS = '0x6001544760005260205260406000f3';

describe('faultline evm run', () => {
  it('takes the code as an argument, a file or stdin and prints the same, also through the larger-stack child', () => {
    const code = '0x600a5b600190038060025760005260206000f3';
    const file = join(tmp, 'code.hex');
    writeFileSync(file, `${code}\n`);
    const outputs = [
      faultline(['evm', 'run', code]),
      faultline(['evm', 'run', file]),
      faultline(['evm', 'run', '--codefile', '-'], code),
      viaChild(['evm', 'run', '--codefile', '-'], code),
    ];
    for (const r of outputs) {
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`0x${'00'.repeat(32)}\n`);
      expect(r.stderr).toBe(
        '{"output":"0x0000000000000000000000000000000000000000000000000000000000000000","gasUsed":"0x116","status":"success"}\n',
      );
    }
  }, 180_000);

  it('--json writes one object on stdout; --create returns the deployed code', () => {
    const r = faultline([
      'evm',
      'run',
      '--json',
      '--create',
      '--code',
      '0x600a600c600039600a6000f3602a60005260206000f3',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      output: '0x602a60005260206000f3',
      gasUsed: '0x7e8',
      status: 'success',
      // CREATE from geth's default sender at nonce 0.
      address: '0x1f2a98889594024bffda3311cbe69728d392c06d',
    });
  }, 120_000);

  it('--prestate reads a genesis alloc for the receiver; --gas takes any u64; forks in any case', () => {
    const genesis = join(tmp, 'genesis.json');
    const receiver = '0x0000000000000000000000007265636569766572';
    writeFileSync(genesis, JSON.stringify({ alloc: { [receiver]: { balance: '0x10', storage: { '0x01': '0x05' } } } }));
    const r = faultline(['evm', 'run', '--prestate', genesis, '--json', '--fork', 'CANCUN', READS]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).output).toBe(`0x${'0'.repeat(62)}10${'0'.repeat(62)}05`);
    const max = faultline(['evm', 'run', '--json', '--gas', '18446744073709551615', '0x5a60005260206000f3']);
    // GAS after itself (2) from 2^64-1.
    expect(JSON.parse(max.stdout).output).toBe(`0x${'0'.repeat(48)}fffffffffffffffd`);
    expect(faultline(['evm', 'run', '--gas', '18446744073709551616', '0x00']).stderr).toBe(
      'error: --gas: 18446744073709551616 is larger than 2^64-1\n',
    );
  }, 180_000);

  it('a revert exits 1; bad input exits 2 with one line', () => {
    expect(faultline(['evm', 'run', '0x60006000fd']).status).toBe(1);
    const both = faultline(['evm', 'run', '--code', '0x00', '0x00']);
    expect([both.status, both.stderr]).toEqual([
      2,
      'error: run: give the code once (argument, --code or --codefile)\n',
    ]);
    const bad = faultline(['evm', 'run', join(tmp, 'missing.hex')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`error: ${join(tmp, 'missing.hex')}: no such file or directory\n`);
  }, 180_000);

  it('geth’s --trace.* switches: nostack drops the stack, nostorage is accepted, turning memory or storage on is refused', () => {
    const lines = (r: ReturnType<typeof faultline>) =>
      r.stderr
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('{"pc"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const full = faultline(['evm', 'run', '--trace', '0x600160010160005260206000f3']);
    expect(full.status).toBe(0);
    expect(lines(full)[2]).toMatchObject({ opName: 'ADD', stack: ['0x1', '0x1'] });
    const bare = faultline([
      'evm',
      'run',
      '--trace',
      '--trace.nostack',
      '--trace.nostorage',
      '0x600160010160005260206000f3',
    ]);
    expect(bare.status).toBe(0);
    expect(lines(bare).map((l) => l.opName)).toEqual(lines(full).map((l) => l.opName));
    expect(lines(bare).some((l) => 'stack' in l)).toBe(false);
    for (const [cmd, flag] of [
      ['run', 'nomemory'],
      ['run', 'nostorage'],
      ['t8n', 'nomemory'],
      ['statetest', 'nomemory'],
    ]) {
      const r = faultline(['evm', cmd!, '--trace', `--trace.${flag}=false`, ...(cmd === 't8n' ? [] : ['0x00'])]);
      expect([r.status, r.stderr], cmd).toEqual([
        2,
        `error: --trace.${flag}=false: ${flag.slice(2)} is not traced (the EVM's step hook does not copy it)\n`,
      ]);
    }
  }, 180_000);
});

const test = fixturePath(
  'ethereum-tests/execution-spec-tests/state_tests/homestead/identity_precompile/test_identity_return_buffer_modify.json',
);
describe('faultline evm statetest', () => {
  it.runIf(test)(
    '--json prints only JSON on stdout, the counts on stderr; --statetest.fork/index pick vectors',
    () => {
      const r = faultline([
        'evm',
        'statetest',
        '--json',
        '--statetest.fork',
        'prague',
        '--statetest.index',
        '0',
        test!,
      ]);
      expect(r.status).toBe(0);
      const results = JSON.parse(r.stdout) as { fork: string; index: number; pass: boolean }[];
      expect(results.length).toBeGreaterThan(0);
      for (const x of results) expect(x).toMatchObject({ fork: 'Prague', index: 0, pass: true });
      expect(r.stderr).toMatch(new RegExp(`^${results.length} passed, 0 failed$`, 'm'));
      expect(r.stderr).toMatch(/statetest progress +files=1\/1/);
    },
    120_000,
  );

  it.runIf(test)(
    'bin/evm statetest prints geth’s JSON by default, the human form with --human',
    () => {
      const EVM = fileURLToPath(new URL('../../bin/evm', import.meta.url));
      const args = ['statetest', '--statetest.fork', 'Prague', '--statetest.index', '0'];
      const json = spawnSync(EVM, [...args, test!], { encoding: 'utf8', timeout: 120_000 });
      expect(json.status).toBe(0);
      const results = JSON.parse(json.stdout) as { pass: boolean }[];
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((x) => x.pass)).toBe(true);
      const human = spawnSync(EVM, [...args, '--human', test!], { encoding: 'utf8', timeout: 120_000 });
      expect(human.status).toBe(0);
      expect(human.stdout).toMatch(new RegExp(`^${results.length} passed, 0 failed\n$`, 'm'));
      expect(() => JSON.parse(human.stdout)).toThrow();
    },
    240_000,
  );

  it('refuses a missing path and --json with --human', () => {
    expect(faultline(['evm', 'statetest', join(tmp, 'nope')]).stderr).toBe(
      `error: ${join(tmp, 'nope')}: no such file or directory\n`,
    );
    expect(faultline(['evm', 'statetest', '--json', '--human', tmp]).stderr).toBe(
      'error: --json and --human exclude each other\n',
    );
  }, 120_000);
  it('a file that is no state test is named and exits 2 (could not run), not 1 (a failed vector); also across --jobs', () => {
    const dir = join(tmp, 'not-tests');
    mkdirSync(dir);
    writeFileSync(join(dir, 'truncated.json'), '{"t": ');
    writeFileSync(join(dir, 'array.json'), '[1]');
    writeFileSync(join(dir, 'no-post.json'), '{"t": {"env": {}}}');
    // In this process, in the larger-stack child, and across two workers.
    for (const [start, jobs] of [
      [faultline, '1'],
      [viaChild, '1'],
      [faultline, '2'],
    ] as const) {
      const r = start(['evm', 'statetest', '--jobs', jobs, dir]);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.slice(0, 3).sort()).toEqual([
        `ERROR not a state test file: ${join(dir, 'array.json')}: expected an object of named tests`,
        `ERROR not a state test file: ${join(dir, 'truncated.json')}: Unexpected end of JSON input`,
        `ERROR not a state test: ${join(dir, 'no-post.json')} t: expected "post" with "indexes" per fork`,
      ]);
      expect(lines.slice(3)).toEqual(['3 could not be checked (see the ERROR lines)', '0 passed, 0 failed']);
      expect(r.stderr).not.toMatch(/Error:|\n\s+at /);
    }
    // --json: the JSON array on stdout names them too; the counts on stderr.
    const j = faultline(['evm', 'statetest', '--json', dir]);
    expect(j.status).toBe(2);
    expect((JSON.parse(j.stdout) as { pass: boolean }[]).map((x) => x.pass)).toEqual([false, false, false]);
    expect(j.stderr).toMatch(/^3 could not be checked \(see the ERROR lines\)\n0 passed, 0 failed\n$/m);
  }, 120_000);
});
