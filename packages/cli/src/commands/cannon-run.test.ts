/**
 * `faultline cannon` with Cannon's habits (issue 20 item 11), as real processes on a three-word
 * loop (addiu $t0,1; j 0; nop): several patterns per flag, --stop-at pc=…, proof and snapshot
 * directories made as needed, the post state beside each proof, Ctrl-C reporting its step,
 * --json summaries, verify-step's exit codes, --batch, list, and the --html report in Chromium.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeStateJson, MipsState, readStateFile, stateHash } from '@faultline/mips';
import { keccakKey } from '@faultline/preimage';
import { bytesToHex, keccak256 } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, screenshot } from '../../test-fixtures/chromium.js';
import { countColour, decodePng } from '../../test-fixtures/png.js';
import { BIN } from '../self.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-cannon-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOOP = join(dir, 'loop.json');
const loop = new MipsState();
for (const [i, w] of [0x25080001, 0x08000000, 0x00000000].entries()) loop.memory.setWord(i * 4, w);
loop.nextPC = 4;
writeFileSync(LOOP, [...encodeStateJson(loop)].join(''));

const faultline = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, input, timeout: 60_000 });

describe('cannon run conventions', () => {
  it('several patterns per flag; proof and snapshot directories are made; the post state beside each proof', async () => {
    const r = faultline([
      'cannon',
      'run',
      '--input',
      LOOP,
      '--output',
      'out/final.json',
      '--info-at',
      'never',
      '--proof-at',
      '=4,%10',
      '--proof-fmt',
      'proofs/%d.json',
      '--proof-post-state',
      '--snapshot-at',
      '=3,=7',
      '--snapshot-fmt',
      'snaps/deep/%d.json',
      '--stop-at',
      '=21',
      '--json',
    ]);
    expect(r.stderr).toMatch(/stop-at: step=21 /);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'proofs')).sort()).toEqual(
      ['0', '10', '20', '4'].flatMap((n) => [`${n}.json`, `${n}.post.json`]).sort(),
    );
    expect(readdirSync(join(dir, 'snaps/deep')).sort()).toEqual(['3.json', '7.json']);
    // The post state of proof 10 is the state at step 11, whose hash the proof's post is.
    const post = await readStateFile(join(dir, 'proofs/10.post.json'));
    expect(post.step).toBe(11);
    const check = faultline(['cannon', 'verify-step', '--proof', 'proofs/10.json', '--json']);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true, step: 10, post: bytesToHex(stateHash(post)) });
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ outcome: 'stop-at', step: 21, exited: false, output: 'out/final.json' });
    expect(existsSync(join(dir, 'out/final.json'))).toBe(true);
  }, 180_000);

  it('--stop-at pc=0x8 stops before the first step at that pc', () => {
    const r = faultline(['cannon', 'run', '--input', LOOP, '--output', '', '--stop-at', '=1000,pc=0x8', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'stop-at', step: 2 });
  }, 120_000);

  it('Ctrl-C stops the run between steps, writes --output and says at which step (exit 2)', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'cannon', 'run', '--input', LOOP, '--output', 'sigint.json', '--info-at', '%1000000'],
      {
        cwd: dir,
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Interrupt once the run is under way (its first info line).
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/step=\d+/.test(stderr)) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    const m = /stopped at step (\d+) \(interrupted\); state written to sigint\.json/.exec(stderr);
    expect(m).not.toBeNull();
    expect((await readStateFile(join(dir, 'sigint.json'))).step).toBe(Number(m![1]));
  }, 120_000);
});

const ORACLE_BIN = fixturePath('cannon-mips32-open-mips-tests', 'bin', 'oracle.bin');
describe.runIf(ORACLE_BIN)('cannon run -- npx faultline host --server (issue 20 item 1)', () => {
  it('the host after -- is this faultline even when written with npx, and serves the program', () => {
    // open_mips oracle.bin reads keccak256("hello world") through the pre-image oracle; the run
    // stops after that read (the program then returns to the test harness, which is not here).
    const s = new MipsState();
    s.memory.setRange(0, new Uint8Array(readFileSync(ORACLE_BIN!)));
    s.registers[31] = 0xa7ef00d0 | 0;
    s.nextPC = 4;
    writeFileSync(join(dir, 'oracle.json'), [...encodeStateJson(s)].join(''));
    const datadir = join(dir, 'preimages');
    mkdirSync(datadir);
    const hello = new TextEncoder().encode('hello world');
    writeFileSync(join(datadir, `${bytesToHex(keccakKey(keccak256(hello)))}.txt`), bytesToHex(hello).slice(2));
    const h = `0x${'11'.repeat(32)}`;
    const r = faultline([
      'cannon',
      'run',
      '--input',
      'oracle.json',
      '--output',
      '',
      '--json',
      '--stop-at-preimage-type',
      'keccak',
      '--',
      'npx',
      'faultline',
      'host',
      '--server',
      '--datadir',
      datadir,
      '--data.format',
      'file',
      '--network',
      '10',
      '--l1.head',
      h,
      '--l2.head',
      h,
      '--l2.outputroot',
      h,
      '--l2.claim',
      h,
      '--l2.blocknumber',
      '7',
      '--progress',
      '0',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'stop-at-preimage',
      preimages: { keccak256: { reads: 1, bytes: 11 } },
    });
  }, 120_000);
});

describe('cannon verify-step, witness --batch, list', () => {
  it('a tampered proof is INVALID (exit 1); a file that is not a proof is exit 2', () => {
    expect(
      faultline(['cannon', 'run', '--input', LOOP, '--output', '', '--proof-at', '=5', '--stop-at', '=6']).status,
    ).toBe(0);
    const proof = JSON.parse(readFileSync(join(dir, 'proof-5.json'), 'utf8'));
    const sd = proof['state-data'] as string;
    // Flip one bit of a register in the witness: the pre-state no longer matches the proof.
    proof['state-data'] = sd.slice(0, -2) + (Number.parseInt(sd.slice(-2), 16) ^ 1).toString(16).padStart(2, '0');
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(proof));
    const bad = faultline(['cannon', 'verify-step', '--proof', 'tampered.json']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^tampered\.json: INVALID step=5: /);
    writeFileSync(join(dir, 'not-a-proof.json'), '{"x":1}');
    const malformed = faultline(['cannon', 'verify-step', '--proof', 'proof-5.json', '--proof', 'not-a-proof.json']);
    expect(malformed.status).toBe(2);
    expect(malformed.stdout).toBe('');
  }, 180_000);

  it('--batch answers one line per input in one process, errors included', () => {
    const r = faultline(['cannon', 'witness', '--batch'], `${LOOP}\nmissing.json\n${LOOP}\n`);
    const hash = bytesToHex(stateHash(loop));
    expect(r.stdout.split('\n')).toEqual([
      `${LOOP} ${hash}`,
      'missing.json: error: missing.json: no such file or directory',
      `${LOOP} ${hash}`,
      '',
    ]);
    expect(r.status).toBe(2);
    const proofs = faultline(['cannon', 'verify-step', '--batch', '--json'], 'proof-5.json\ntampered.json\n');
    expect(
      proofs.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).valid),
    ).toEqual([true, false]);
    expect(proofs.status).toBe(1);
  }, 120_000);

  it('list names every state version and which run', () => {
    const r = faultline(['cannon', 'list', '--json']);
    const rows = JSON.parse(r.stdout) as { version: number; type: string; runs: boolean }[];
    expect(rows.find((x) => x.version === 0)).toMatchObject({ type: 'singlethreaded', runs: true });
    expect(rows.find((x) => x.version === 8)).toMatchObject({ type: 'multithreaded64-5', runs: true });
    expect(rows.find((x) => x.version === 3)).toMatchObject({ runs: false });
    expect(faultline(['cannon', 'list']).stdout).toMatch(/^0 +singlethreaded +mips32 +runs/m);
  }, 120_000);
});

describe('cannon run --html', () => {
  it.runIf(CHROMIUM)(
    'draws steps/s and pages over the run, and finds where two runs diverge',
    () => {
      const other = new MipsState();
      // The same loop counting by 2: the states differ from the start (the code differs).
      for (const [i, w] of [0x25080002, 0x08000000, 0x00000000].entries()) other.memory.setWord(i * 4, w);
      other.nextPC = 4;
      writeFileSync(join(dir, 'other.json'), [...encodeStateJson(other)].join(''));
      const base = ['cannon', 'run', '--output', '', '--info-at', '%2000', '--stop-at', '=20000'];
      expect(faultline([...base, '--input', LOOP, '--html', 'a.html']).status).toBe(0);
      const b = faultline([
        ...base,
        '--input',
        join(dir, 'other.json'),
        '--html',
        'b.html',
        '--html-compare',
        'a.html',
      ]);
      expect(b.status).toBe(0);
      const html = readFileSync(join(dir, 'b.html'), 'utf8');
      expect(html).toContain('First differing checkpoint: step 0.');
      // The same run compared with itself does not diverge.
      expect(faultline([...base, '--input', LOOP, '--html', 'c.html', '--html-compare', 'a.html']).status).toBe(0);
      expect(readFileSync(join(dir, 'c.html'), 'utf8')).toContain('No divergence at the 11 checkpoints both runs have');
      // Both runs are drawn as lines (this run first colour, the compared one second) …
      const strokes = [...html.matchAll(/<path d="M[^"]+ L[^"]+" fill="none" stroke="(#[0-9a-f]{6})"/g)].map(
        (m) => m[1],
      );
      expect(strokes).toContain('#2563eb');
      expect(strokes).toContain('#dc2626');
      // … and render in Chromium. Counted loosely: two runs at the same speed draw the second
      // line over the first, so the first colour may show in little more than its two legend
      // swatches (10 × 10 pixels each).
      const img = decodePng(screenshot(join(dir, 'b.html')));
      expect(countColour(img, '#2563eb')).toBeGreaterThan(150);
      expect(countColour(img, '#dc2626')).toBeGreaterThan(150);
    },
    240_000,
  );
});
