/**
 * The fuzzer itself: classification, minimization, and the supervisor's hang, crash and memory
 * bounds on toy targets with planted bugs (fuzz/test-targets.ts).
 */
import { describe, expect, it } from 'vitest';
import { Campaign, classify, type Failure, minimizeFailure, outcomeLine } from './engine.js';
import { superviseTarget } from './supervisor.js';
import { buggyTarget, ToyError } from './test-targets.js';

const TOYS = new URL('./test-targets.ts', import.meta.url).href;

describe('classify', () => {
  it('tells accepted, typed and untyped apart', async () => {
    expect(await classify(buggyTarget, Uint8Array.of(0))).toEqual({ kind: 'accepted' });
    expect(outcomeLine(await classify(buggyTarget, Uint8Array.of(1)))).toBe('ToyError: odd first byte');
    const o = await classify(buggyTarget, Uint8Array.of(0, 0, 0x42, 0x43));
    expect(o.kind).toBe('failure');
    expect(outcomeLine(o)).toMatch(/^FAILURE TypeError: planted \(at fuzz\/test-targets\.ts:\d+\)$/);
    expect(o.kind === 'failure' && o.signature).toMatch(/^TypeError @ fuzz\/test-targets\.ts:\d+$/);
  });

  it('counts an error class outside the target’s list as a failure', async () => {
    const strict = { ...buggyTarget, errors: [] };
    expect((await classify(strict, Uint8Array.of(1))).kind).toBe('failure');
    expect(new ToyError('x')).toBeInstanceOf(Error);
  });
});

describe('Campaign', () => {
  it('finds the planted bug and minimizes it to the four bytes that matter', async () => {
    const c = new Campaign(buggyTarget, { seed: 1 });
    let found: Failure | undefined;
    for (let i = 0; i < 20_000 && !found; i++) found = await c.step();
    expect(found?.kind).toBe('exception');
    expect(Array.from(await minimizeFailure(buggyTarget, found!))).toEqual([0, 0, 0x42, 0x43]);
  });

  it('is deterministic for a seed', async () => {
    const run = async () => {
      const c = new Campaign(buggyTarget, { seed: 5 });
      for (let i = 0; i < 500; i++) await c.step();
      return c.stats;
    };
    expect(await run()).toEqual(await run());
  });
});

describe('superviseTarget', () => {
  const base = { seed: 1, seconds: 120, hangMs: 1500, memoryBound: 64 << 20, heapLimitMb: 256, targetsModule: TOYS };

  it('reports a case that never returns as a hang, with its input, and goes on with the next case', async () => {
    // The bound counts from the case's start (the worker has booted), and toy-hang spins for
    // ever: 300 ms shows the detection as well as 1.5 s did, at a fifth of the spinning CPU.
    const r = await superviseTarget('toy-hang', { ...base, cases: 2, hangMs: 300 });
    expect(r.stats.cases).toBe(2);
    expect(r.workers).toBe(2);
    expect(r.failures.map((f) => [f.kind, f.count])).toEqual([['hang', 2]]);
    expect(r.failures[0]!.input.length).toBeGreaterThan(0);
  });

  it('reports a worker killed by its heap limit as a crash of the case it ran', async () => {
    const r = await superviseTarget('toy-oom', { ...base, cases: 1, hangMs: 60_000, heapLimitMb: 64 });
    expect(r.failures.map((f) => f.kind)).toEqual(['crash']);
    expect(r.failures[0]!.message).toMatch(/worker died/);
  });

  it('reports a case that keeps more memory than the bound', async () => {
    const r = await superviseTarget('toy-memory', { ...base, cases: 1, hangMs: 60_000 });
    expect(r.failures.map((f) => f.kind)).toEqual(['memory']);
  });
});
