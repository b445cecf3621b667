/**
 * Every reproducer the fuzz campaign wrote (fuzz/reproducers/<target>/<id>.bin) is a regression
 * test: its input must now end exactly as recorded in `<id>.txt`'s `expect:` line — accepted, or
 * refused with that typed error and message — never as an untyped failure. A reproducer without
 * an `expect:` line is a finding not yet fixed, and fails here until it is.
 */
import { describe, expect, it } from 'vitest';
import { classify, outcomeLine } from './engine.js';
import { loadReproducers } from './reproducers.js';
import { targetByName } from './targets/index.js';

const reproducers = loadReproducers();

describe('fuzz reproducers', () => {
  it('exist, one directory per target with findings', () => {
    expect(reproducers.length).toBeGreaterThan(0);
  });

  for (const r of reproducers) {
    it(`${r.target}/${r.id}: ${r.found.slice(0, 100)}`, async () => {
      const line = outcomeLine(await classify(targetByName(r.target), r.input));
      expect(line.startsWith('FAILURE'), line).toBe(false);
      expect(r.expect, `${r.path} has no expect: line (an open finding)`).toBeDefined();
      expect(line).toBe(r.expect);
    });
  }
});
