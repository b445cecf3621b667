/**
 * Command-line driver for the differential harness (more cases, one case, summaries by category):
 *   npx tsx packages/evm/spec/differential-run.ts [cases] [seed] [fork]
 * Env: MUTATION=<0..1> share of mutated programs (default 0.25); SHOW=<n> mismatches printed.
 */

import type { Fork } from '@faultline/evm';
import { caseSeed } from '@faultline/testkit';
import {
  buildScenario,
  compareObserved,
  compileThresholdFor,
  describeScenario,
  runEthereumjs,
  runFaultline,
} from './differential-harness.js';

const cases = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 1);
const forks = (process.argv[4] ? [process.argv[4]] : ['Cancun', 'Prague']) as Fork[];
const byCategory = new Map<string, number>();
let shown = 0;
const t0 = performance.now();
for (const fork of forks) {
  for (let i = 0; i < cases; i++) {
    const s = buildScenario(caseSeed(seed, i), fork, Number(process.env.MUTATION ?? 0.25));
    let diffs: string[];
    try {
      diffs = compareObserved(runFaultline(s, compileThresholdFor(i)), await runEthereumjs(s));
    } catch (e) {
      diffs = [`crash: ${(e as Error).stack}`];
    }
    if (diffs.length === 0) continue;
    const cat = diffs.map((d) => d.split(/[: ]/)[0]).join('+');
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + 1);
    if (shown++ < Number(process.env.SHOW ?? 3))
      console.log(`case ${i}\n${describeScenario(s)}\n  ${diffs.join('\n  ')}\n`);
  }
}
console.log(
  `${cases * forks.length} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s; mismatches by category:`,
  Object.fromEntries(byCategory),
);
