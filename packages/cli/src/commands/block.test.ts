import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@faultline/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type CommandSpec, logOptions, runCommand } from '../command.js';
import { blockCommand } from './block.js';

const root: CommandSpec = {
  name: 'faultline',
  summary: 'test root',
  subcommands: [blockCommand],
  inheritedOptions: logOptions(),
};
const BLOCK = 'kona-exec-op-sepolia-26207960';
/** Its child, whose fixture carries block 26207960's full header. */
const CHILD = 'kona-exec-op-sepolia-26207961';

async function run(argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCommand(root, argv, { stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
  return { code, out };
}

const dir = fixturePath(BLOCK);
const child = fixturePath(CHILD);
const tmp = mkdtempSync(join(tmpdir(), 'faultline-block-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('faultline block verify-fixture', () => {
  it.runIf(dir)('passes a real block: one line with number, tx count and both hashes, summary, median', async () => {
    const { code, out } = await run(['block', 'verify-fixture', dir!]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      /^PASS 26207960 txs=10 computed=0xdb32d9dd[0-9a-f]{56} expected=0xdb32d9dd[0-9a-f]{56} \d+ms \(cpu \d+ms\)$/,
    );
    expect(out).toContain('1 passed, 0 failed');
    expect(out.at(-1)).toMatch(/^median \d+ ms per block \(cpu \d+ ms; 1 built\)$/);
  });

  it.runIf(dir && child)('names the differing header field of a tampered block and exits 1', async () => {
    for (const name of [BLOCK, CHILD]) {
      cpSync(fixturePath(name)!, join(tmp, name), { recursive: true });
    }
    const file = join(tmp, BLOCK, 'fixture.json');
    chmodSync(file, 0o644); // the shared fixtures are read-only, and cpSync keeps the mode
    const fixture = JSON.parse(readFileSync(file, 'utf8'));
    fixture.executing_payload.prevRandao = `0x${'11'.repeat(32)}`;
    writeFileSync(file, JSON.stringify(fixture));
    const { code, out } = await run(['block', 'verify-fixture', '--debug', join(tmp, BLOCK)]);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^FAIL 26207960 txs=10 /);
    expect(out[1]).toMatch(/^ {4}mixHash differs: built 0x1111/);
    expect(out.filter((l) => / differs: /.test(l))).toHaveLength(1);
    expect(out.filter((l) => /^ +\d+ 0x(7e|00|02) ok /.test(l))).toHaveLength(10);
    expect(out).toContain('0 passed, 1 failed');
  });

  it('a directory without a fixture could not be checked: exit 2 (not 1), naming the file', async () => {
    const { code, out } = await run(['block', 'verify-fixture', join(tmp, 'missing')]);
    expect(code).toBe(2);
    expect(out[0]).toBe(
      `ERROR missing: cannot load fixture: ${join(tmp, 'missing', 'fixture.json')}: no such file (not a kona fixture directory)`,
    );
    expect(out).toContain('0 passed, 1 failed (1 could not be checked)');
  });

  it.runIf(dir)('a malformed kv.json.gz is named, with no raw zlib message', async () => {
    const bad = join(tmp, 'bad-kv');
    cpSync(dir!, bad, { recursive: true });
    chmodSync(join(bad, 'kv.json.gz'), 0o644);
    writeFileSync(join(bad, 'kv.json.gz'), readFileSync(join(dir!, 'kv.json.gz')).subarray(0, 100));
    const { code, out } = await run(['block', 'verify-fixture', bad]);
    expect(code).toBe(2);
    expect(out[0]).toBe(
      `ERROR bad-kv: cannot load fixture: ${join(bad, 'kv.json.gz')}: not gzipped JSON: unexpected end of file`,
    );
  });

  it.runIf(dir)('--json prints one JSON object: totals, each block and its transactions', async () => {
    const { code, out } = await run([
      'block',
      'verify-fixture',
      '--json',
      '--log.level',
      'warn',
      dir!,
      join(tmp, 'nope'),
    ]);
    expect(code).toBe(2);
    expect(out).toHaveLength(1);
    const r = JSON.parse(out[0]!);
    expect(r).toMatchObject({ passed: 1, failed: 0, errors: 1 });
    expect(r.blocks[0]).toMatchObject({ fixture: BLOCK, status: 'pass', number: '26207960', txs: 10 });
    expect(r.blocks[0].transactions).toHaveLength(10);
    expect(r.blocks[0].transactions.reduce((a: bigint, t: { gasUsed: string }) => a + BigInt(t.gasUsed), 0n)).toBe(
      BigInt(r.blocks[0].gasUsed),
    );
    expect(r.blocks[1]).toMatchObject({ fixture: 'nope', status: 'error' });
  });

  it.runIf(dir)('shows progress: a line per block as it is done, also under --json (issue 20 item 9)', async () => {
    const text = await run(['block', 'verify-fixture', dir!, dir!]);
    expect(text.code).toBe(0);
    expect(text.out.filter((l) => l.startsWith('PASS 26207960 '))).toHaveLength(2);
    // --json keeps stdout for the one object; progress goes through the logger (JSON lines here).
    const { code, out } = await run(['block', 'verify-fixture', '--json', '--log.format', 'json', dir!, dir!]);
    expect(code).toBe(0);
    const logged = out.filter((l) => l.startsWith('{"t"')).map((l) => JSON.parse(l) as Record<string, string>);
    expect(logged.filter((l) => l.msg === 'block matches').map((l) => [l.block, l.n])).toEqual([
      ['26207960', '1/2'],
      ['26207960', '2/2'],
    ]);
    expect(logged.every((l) => l.lvl === 'info')).toBe(true);
  });

  it('requires at least one directory', async () => {
    const { code, out } = await run(['block', 'verify-fixture']);
    expect(code).toBe(2);
    expect(out.join('\n')).toBe('error: "faultline block verify-fixture" needs <dir>...; see --help');
  });
});
