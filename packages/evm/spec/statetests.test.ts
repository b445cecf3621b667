/**
 * A deterministic sample of the Ethereum state tests, run through the real CLI
 * (`faultline evm statetest`), so `npm test` exercises the whole path: JSON → tx → EVM → diff →
 * state root + logs hash. Every 40th file of the sorted EEST tree (the slow legacy quadratic
 * tests are left to the full suite, `npm run test:statetests`). A second sample runs with every
 * block compiled, holding the block tier to the same roots. The Osaka set (a separate folder,
 * `execution-spec-tests-osaka`) is sampled more densely, every 10th file both ways, because its
 * new EIPs (CLZ, MODEXP bounds, P256VERIFY, the gas and blob caps) have no older twin.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, repoRoot } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...jsonFiles(p));
    else if (f.endsWith('.json')) out.push(p);
  }
  return out;
}

const eest = fixturePath('ethereum-tests', 'execution-spec-tests', 'state_tests');
const osaka = fixturePath('ethereum-tests', 'execution-spec-tests-osaka', 'state_tests');

/** Runs the files through `faultline evm statetest` with `extra` flags; asserts all pass. */
function expectAllPass(files: string[], extra: string[], minVectors = 100): void {
  expect(files.length).toBeGreaterThan(40);
  const bin = join(repoRoot, 'packages/cli/bin/faultline.mjs');
  const r = spawnSync(process.execPath, [bin, 'evm', 'statetest', ...extra, '--files-from', '-'], {
    input: files.join('\n'),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const lines = r.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const m = /^(\d+) passed, (\d+) failed$/.exec(last);
  expect(m, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).not.toBeNull();
  expect(lines.filter((l) => l.startsWith('FAIL')).slice(0, 20)).toEqual([]);
  expect(Number(m![2])).toBe(0);
  expect(Number(m![1])).toBeGreaterThan(minVectors);
  expect(r.status).toBe(0);
}

describe.runIf(eest !== undefined)('state tests (sample)', () => {
  it('passes every vector of the sampled files', () => {
    expectAllPass(
      jsonFiles(eest!).filter((_, i) => i % 40 === 0),
      [],
    );
  }, 300_000);

  it('passes another sample with every block compiled (--compile-threshold 0)', () => {
    expectAllPass(
      jsonFiles(eest!).filter((_, i) => i % 40 === 20),
      ['--compile-threshold', '0'],
    );
  }, 300_000);
});

describe.runIf(osaka !== undefined)('Osaka state tests (sample)', () => {
  it('passes every vector of every 10th file, interpreted', () => {
    expectAllPass(
      jsonFiles(osaka!).filter((_, i) => i % 10 === 0),
      ['--fork', 'Osaka'],
      300,
    );
  }, 300_000);

  it('passes every vector of another 10th with every block compiled', () => {
    expectAllPass(
      jsonFiles(osaka!).filter((_, i) => i % 10 === 5),
      ['--fork', 'Osaka', '--compile-threshold', '0'],
      300,
    );
  }, 300_000);
});
