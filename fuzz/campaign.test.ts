/**
 * The CI budget of the fuzz campaign: every target for its small number of cases (about a second
 * each; `ciCases`) with a fixed seed, in-process. Any untyped exception or memory growth past
 * the bound fails the test with its message; and each target must still reach the code it fuzzes
 * — some input accepted, and some refused with one of the target's own typed errors.
 */
import { describe, expect, it } from 'vitest';
import { Campaign } from './engine.js';
import { InputShapeError } from './target.js';
import { TARGETS } from './targets/index.js';

const SEED = 1;

describe('fuzz campaign, CI budget (seed 1)', () => {
  for (const target of TARGETS) {
    const cases = target.ciCases ?? 1000;
    it(`${target.name}: ${cases} cases without an untyped failure`, async () => {
      const campaign = new Campaign(target, { seed: SEED });
      const failures: string[] = [];
      for (let i = 0; i < cases; i++) {
        const f = await campaign.step();
        if (f) failures.push(`${f.kind}: ${f.message}`);
      }
      expect(failures).toEqual([]);
      const { stats } = campaign;
      expect(stats.cases).toBe(cases);
      expect(stats.accepted).toBeGreaterThan(0);
      const ownErrors = Object.entries(stats.byError).filter(([name]) => name !== 'InputShapeError');
      if (target.errors.some((e) => e !== InputShapeError)) expect(ownErrors.length).toBeGreaterThan(0);
    });
  }
});
