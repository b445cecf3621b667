/**
 * Differential test against @ethereumjs/evm 10.1.3: random and mutated programs (generator in
 * @faultline/testkit `bytecode.ts`, scenario + both runners in `differential-harness.ts`) on
 * Cancun and Prague; status, frame gas, refund counter, return data, logs and the full
 * resulting state must agree. Seeded and deterministic:
 *
 *   FAULTLINE_DIFF_SEED   run seed (default 20261122)
 *   FAULTLINE_DIFF_CASES  cases per fork (default 800; e.g. 20000 for a long hunt); the gas-boundary
 *                         test re-runs the successful ones among the first fifth at 5 limits each
 *   FAULTLINE_DIFF_CASE   run only this case index (reproduce a failure)
 *
 * A mismatch prints the seed, the case index, and every program's hex. Divergences where
 * ethereumjs is the side that breaks the spec are listed in `PEER_BUGS` (each citing the rule);
 * divergences where Faultline is wrong are recorded in spec/DIFFERENTIAL-FINDINGS.md and stay
 * asserted here.
 */
import type { Fork } from '@faultline/evm';
import { caseSeed } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import {
  buildScenario,
  compareObserved,
  compileThresholdFor,
  describeScenario,
  gasBoundaryVariants,
  type Observed,
  runEthereumjs,
  runFaultline,
  type Scenario,
} from './differential-harness.js';

const SEED = Number(process.env.FAULTLINE_DIFF_SEED ?? 20261122);
const CASES = Number(process.env.FAULTLINE_DIFF_CASES ?? 800);
const ONLY = process.env.FAULTLINE_DIFF_CASE === undefined ? undefined : Number(process.env.FAULTLINE_DIFF_CASE);
const FORKS: Fork[] = ['Cancun', 'Prague'];
const MAX_REPORTED = 5;

/**
 * Known ethereumjs deviations from the spec: a predicate over the scenario and both outcomes
 * that recognises exactly that case. Empty: no ethereumjs bug found so far.
 */
const PEER_BUGS: { rule: string; matches(s: Scenario, ours: Observed, theirs: Observed): boolean }[] = [];

describe('differential: Faultline vs @ethereumjs/evm on random programs', () => {
  for (const fork of FORKS) {
    it(`${fork}: ${ONLY === undefined ? CASES : 1} cases agree (seed ${SEED})`, async () => {
      console.log(`differential ${fork}: seed ${SEED}, ${ONLY === undefined ? `${CASES} cases` : `case ${ONLY}`}`);
      const failures: string[] = [];
      let failed = 0;
      const indexes = ONLY === undefined ? Array.from({ length: CASES }, (_, i) => i) : [ONLY];
      for (const i of indexes) {
        const s = buildScenario(caseSeed(SEED, i), fork);
        const ours = runFaultline(s, compileThresholdFor(i));
        const theirs = await runEthereumjs(s);
        const diffs = compareObserved(ours, theirs);
        if (diffs.length === 0 || PEER_BUGS.some((b) => b.matches(s, ours, theirs))) continue;
        failed++;
        if (failures.length < MAX_REPORTED)
          failures.push(
            `case ${i} (reproduce: FAULTLINE_DIFF_SEED=${SEED} FAULTLINE_DIFF_CASE=${i})\n${describeScenario(s)}\n  ${diffs.join('\n  ')}`,
          );
      }
      if (failed > 0) console.error(`${failed} mismatching case(s) on ${fork}:\n\n${failures.join('\n\n')}`);
      expect(failures, `${failed} mismatching case(s)`).toEqual([]);
    }, 600_000);

    it(`${fork}: out of gas at limits around the gas used agrees`, async () => {
      const failures: string[] = [];
      let failed = 0;
      let runs = 0;
      const count = ONLY === undefined ? Math.ceil(CASES / 5) : 1;
      for (let n = 0; n < count; n++) {
        const i = ONLY ?? n;
        const base = buildScenario(caseSeed(SEED, i), fork);
        const first = runFaultline(base);
        if (first.status !== 'success') continue;
        for (const s of gasBoundaryVariants(base, first.gasUsed)) {
          runs++;
          const ours = runFaultline(s, compileThresholdFor(i));
          const theirs = await runEthereumjs(s);
          const diffs = compareObserved(ours, theirs);
          if (diffs.length === 0 || PEER_BUGS.some((b) => b.matches(s, ours, theirs))) continue;
          failed++;
          if (failures.length < MAX_REPORTED)
            failures.push(
              `case ${i} at gas ${s.gas} (reproduce: FAULTLINE_DIFF_SEED=${SEED} FAULTLINE_DIFF_CASE=${i})\n${describeScenario(s)}\n  ${diffs.join('\n  ')}`,
            );
        }
      }
      if (ONLY === undefined) expect(runs).toBeGreaterThan(count);
      if (failed > 0) console.error(`${failed} mismatching gas-limit run(s) on ${fork}:\n\n${failures.join('\n\n')}`);
      expect(failures, `${failed} mismatching run(s)`).toEqual([]);
    }, 600_000);
  }
});
