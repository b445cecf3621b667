/**
 * Issue 20 item 8, across commands, through the real bin: bad input is one line on stderr with
 * exit 2, never a JS class name (`SyntaxError:`, `UsageError:`…), a raw Node error code
 * (`ENOENT:`, `EEXIST:`) or a stack frame, and a file that does not parse is named.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './self.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BAD = join(dir, 'bad.json');
writeFileSync(BAD, '{"truncated": ');
const MISSING = join(dir, 'missing.json');
mkdirSync(join(dir, 'a-directory'));
mkdirSync(join(dir, 'bad-devnet'));
writeFileSync(join(dir, 'bad-devnet', 'devnet.json'), '{"l1": ');
const SHORT_ELF = join(dir, 'short.elf');
writeFileSync(SHORT_ELF, '\x7fELF');
const HASH = `0x${'11'.repeat(32)}`;
const BOOT = [
  '--l1.head',
  HASH,
  '--l2.head',
  HASH,
  '--l2.outputroot',
  HASH,
  '--l2.claim',
  HASH,
  '--l2.blocknumber',
  '1',
];

const CASES: [string[], RegExp][] = [
  [['block', 'header', MISSING], new RegExp(`^error: ${MISSING}: no such file or directory$`)],
  [['block', 'header', BAD], new RegExp(`^error: ${BAD}: `)],
  [['cannon', 'witness', '--input', BAD], new RegExp(`${BAD}`)],
  [['cannon', 'witness', '--input', MISSING], new RegExp(`${MISSING}`)],
  [
    ['evm', 't8n', '--input.alloc', BAD, '--input.env', BAD, '--input.txs', BAD],
    new RegExp(`^error: --input.alloc ${BAD}: not JSON: `),
  ],
  [['evm', 'run', '--prestate', BAD, '0x00'], new RegExp(`^error: --prestate ${BAD}: not JSON: `)],
  [
    ['evm', 'run', '--codefile', join(dir, 'a-directory')],
    new RegExp(`^error: --codefile: ${join(dir, 'a-directory')}: is a directory$`),
  ],
  [['host', '--l1.head', '0x12'], /^error: /],
  [['cannon', 'run', '--input', MISSING], new RegExp(`${MISSING}`)],
  [['demo', '--blocks', 'many'], /^error: --blocks: expected an integer in 2\.\.600, got many$/],
  [
    ['cannon', 'load-elf', '--path', SHORT_ELF, '--out', join(dir, 'state.json')],
    new RegExp(`^error: ${SHORT_ELF}: elf: expected at least 52 bytes, got 4$`),
  ],
  [
    ['cannon', 'load-elf', '--path', join(dir, 'a-directory'), '--out', join(dir, 'state.json')],
    new RegExp(`^error: ${join(dir, 'a-directory')}: is a directory$`),
  ],
  [
    ['host', ...BOOT, '--network', 'op-mainnet', '--datadir', BAD],
    new RegExp(`^error: --datadir ${BAD}: not a directory$`),
  ],
  [
    ['devnet', 'status', '--dir', join(dir, 'no-devnet')],
    new RegExp(
      `^error: ${join(dir, 'no-devnet')}/devnet.json not found: start one with "npx faultline devnet up --dir `,
    ),
  ],
  [
    ['block', 'verify-fixture', '--html', join(BAD, 'report.html'), dir],
    new RegExp(`^error: --html ${BAD}/report.html: a parent of it is not a directory$`),
  ],
  [
    ['host', ...BOOT, '--datadir', dir, '--rollup.config', MISSING, '--l2.genesis', BAD],
    new RegExp(`^error: --rollup.config ${MISSING}: no such file or directory$`),
  ],
  [
    ['devnet', 'status', '--dir', join(dir, 'bad-devnet')],
    new RegExp(`^error: ${join(dir, 'bad-devnet')}/devnet.json: .*JSON.* \\(written by devnet up; start it again\\)$`),
  ],
  [['demo-dispute', '--elf', MISSING], new RegExp(`^error: --elf ${MISSING}: no such file or directory$`)],
  [
    ['client'],
    /^ERROR.*client: failed: fd 3 \(hintRead\) is not a pipe: .*\(npx faultline host --exec "faultline client"\)$/,
  ],
  [
    ['evm', 'statetest', '--statetest.index', 'x', dir],
    /^error: --statetest.index: expected a non-negative integer or -1, got x$/,
  ],
];

describe('one-line errors without class names or raw Node codes', () => {
  it.each(CASES)('faultline %j', (args, message) => {
    // A shell of a fresh clone: no faultline on the PATH, so printed commands say npx faultline.
    const PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((d) => !d.endsWith('/node_modules/.bin'))
      .join(':');
    const r = spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH },
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\b[A-Z][A-Za-z]*Error:|\bE[A-Z]{3,}:|\n\s+at /);
  });
});
