/**
 * FaultProgram's native runs: a program sharing them with another (the demo's dishonest actor
 * beside the challenger) reuses the other's run for the same inputs — one process, both verdicts —
 * and counts it as a run it needed; other inputs get their own run; another datadir is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MipsState } from '@faultline/mips';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultProgram, FaultProgramError, type ProgramInputs } from './fault-program.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-program-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for `faultline host`: appends its --l2.claim to a log, exits 0 (valid). */
const log = join(dir, 'runs.log');
const fake = ['sh', '-c', `while [ "$1" != --l2.claim ]; do shift; done; echo "$2" >> ${log}`, 'sh'];

const inputs = (claim: number): ProgramInputs => ({
  l1Head: new Uint8Array(32),
  agreedBlockHash: new Uint8Array(32),
  agreedOutput: new Uint8Array(32),
  claimedOutput: new Uint8Array(32).fill(claim),
  claimBlock: 4n,
});

describe('FaultProgram native runs', () => {
  it('a program sharing native runs reuses the other’s for the same inputs', async () => {
    const opts = {
      faultline: fake,
      configFlags: [],
      rpcFlags: [],
      datadir: join(dir, 'data'),
      prestate: new MipsState(),
    };
    const honest = new FaultProgram(opts);
    const other = new FaultProgram({ ...opts, shareNativeRunsWith: honest });
    expect(await honest.verdict(inputs(1))).toBe('valid');
    expect(await other.verdict(inputs(1))).toBe('valid');
    expect(await other.verdict(inputs(2))).toBe('valid');
    expect(await honest.verdict(inputs(2))).toBe('valid');
    const runs = readFileSync(log, 'utf8').trim().split('\n');
    expect(runs).toEqual([`0x${'01'.repeat(32)}`, `0x${'02'.repeat(32)}`]);
    expect([honest.nativeRuns, other.nativeRuns]).toEqual([2, 2]);
    expect(() => new FaultProgram({ ...opts, datadir: join(dir, 'elsewhere'), shareNativeRunsWith: honest })).toThrow(
      FaultProgramError,
    );
  });
});
