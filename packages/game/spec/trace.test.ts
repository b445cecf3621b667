/**
 * The execution trace and the divergence finder on a real MIPS program (the C pre-image client,
 * ~79k steps): state hashes at any step equal a plain run's, snapshots on disk are reused so a
 * second trace never replays from 0, a snapshot directory of another prestate is refused, and two
 * runs whose pre-images differ part exactly at the read of the differing local key.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryOracle, loadElf, type MipsState, MipsVM, parseElf, patchStack, stateHash } from '@faultline/mips';
import { keccakKeyOf, localKey } from '@faultline/preimage';
import { bytesToHex, keccak256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannonTrace, describeDivergence, findDivergence, TraceError } from '../src/index.js';
import { buildMipsC, cloneState, has } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DATA = utf8ToBytes('the quick brown fox jumps over the lazy dog, '.repeat(5));

function world(claim: number): InMemoryOracle {
  const o = new InMemoryOracle();
  o.putKeccak(DATA);
  o.set(localKey(1), keccak256(DATA));
  o.set(localKey(2), u64ToBytes(claim));
  return o;
}

describe.skipIf(!has('mips-linux-gnu-gcc'))('CannonTrace and findDivergence', () => {
  let prestate: MipsState;
  beforeAll(() => {
    const elf = join(dir, 'preimage.elf');
    buildMipsC('preimage.c', elf);
    prestate = loadElf(parseElf(new Uint8Array(readFileSync(elf))));
    patchStack(prestate);
    expect(keccakKeyOf(DATA)[0]).toBe(2);
  });

  /** The hash after n steps by a plain run from the prestate. */
  function plainHash(n: number, oracle = world(DATA.length)): string {
    const s = cloneState(prestate);
    const vm = new MipsVM(s, oracle);
    while (s.step < n && !s.exited) vm.run(n - s.step);
    return bytesToHex(stateHash(s));
  }

  it('hashes at any step are a plain run’s; past the exit, the final state', async () => {
    const t = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotEvery: 5_000,
    });
    for (const n of [0, 1, 777, 40_000, 12_345]) expect(bytesToHex(await t.hashAt(n))).toBe(plainHash(n));
    const end = await t.stateAt(10_000_000);
    expect(end.exited).toBe(true);
    expect(t.exitedAt).toBe(end.step);
    expect(bytesToHex(await t.hashAt(end.step + 5))).toBe(plainHash(end.step));
    // Going back to 12,345 after 40,000 started from a snapshot at or below it, not from 0.
    expect(t.stats.steps).toBeLessThan(end.step + 15_000);
    await expect(t.stateAt(-1)).rejects.toThrow(TraceError);
    // Few snapshots kept: dropped ones give their buffers to new ones, and states stay exact.
    const few = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotEvery: 3_000,
      memorySnapshots: 3,
    });
    for (const n of [50_000, 9_001, 30_000, 3, 61_234, 29_999, 60_000])
      expect(bytesToHex(await few.hashAt(n)), `step ${n}`).toBe(plainHash(n));
    const mid = await few.stateAt(45_678);
    await few.hashAt(70_000);
    // A state handed out is the caller's: later runs of the trace leave it alone.
    expect(bytesToHex(stateHash(mid))).toBe(plainHash(45_678));
  });

  it('firstReadFrom finds the step a plain single-stepped run first asks for such a key', async () => {
    /** Runs to `from`, then single-steps a fresh VM until a step asks the oracle for a wanted key. */
    function plainFirstRead(from: number, type: number): number | undefined {
      const s = cloneState(prestate);
      const runner = new MipsVM(s, world(DATA.length));
      while (s.step < from && !s.exited) runner.run(from - s.step);
      const inner = world(DATA.length);
      let asked = false;
      const vm = new MipsVM(s, {
        getPreimage: (key) => {
          if (key[0] === type) asked = true;
          return inner.getPreimage(key);
        },
        hint: () => {},
      });
      for (;;) {
        if (s.exited) return undefined;
        const before = s.step;
        vm.step(false);
        if (asked) return before;
      }
    }
    const plain = new Map<string, number | undefined>();
    const expected = (from: number, type: number) => {
      const k = `${from}/${type}`;
      if (!plain.has(k)) plain.set(k, plainFirstRead(from, type));
      return plain.get(k);
    };
    const firstLocal = expected(0, 1);
    expect(firstLocal).toBeDefined();
    const cases: [from: number, type: number, chunk: number][] = [
      [0, 2, 1 << 20],
      [0, 2, 1_000],
      [0, 1, 7],
      [firstLocal! + 1, 1, 999],
      [0, 4, 1 << 20],
    ];
    // One trace for every case too: its working state goes back and forth between them.
    const one = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotEvery: 4_000,
      memorySnapshots: 4,
    });
    await one.hashAt(70_000);
    for (const [from, type, chunk] of [...cases, ...cases.slice().reverse()]) {
      const got = await one.firstReadFrom(from, (k) => k[0] === type, chunk);
      expect(got, `one trace: from ${from}, key type ${type}`).toBe(expected(from, type));
      if (got !== undefined) expect(bytesToHex(await one.hashAt(got + 1))).toBe(plainHash(got + 1));
    }
    for (const [from, type, chunk] of cases) {
      const t = await CannonTrace.open({
        prestate: cloneState(prestate),
        host: world(DATA.length),
        snapshotEvery: 5_000,
      });
      const want = expected(from, type);
      expect(await t.firstReadFrom(from, (k) => k[0] === type, chunk), `from ${from}, key type ${type}`).toBe(want);
      if (want === undefined) expect(t.exitedAt).toBeDefined();
      else expect(bytesToHex(await t.hashAt(want))).toBe(plainHash(want));
    }
    // Key type 4 (sha256) is never read: the program's end.
    expect(expected(0, 4)).toBeUndefined();
  });

  it('snapshots on disk are reused by a later trace; another prestate’s directory is refused', async () => {
    const snaps = join(dir, 'snaps');
    const first = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotDir: snaps,
      snapshotEvery: 10_000,
    });
    await first.hashAt(60_000);
    const second = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotDir: snaps,
      snapshotEvery: 10_000,
    });
    expect(bytesToHex(await second.hashAt(65_000))).toBe(plainHash(65_000));
    expect(second.stats.steps).toBe(5_000);
    const other = cloneState(prestate);
    other.registers[9] = 1;
    await expect(CannonTrace.open({ prestate: other, host: world(1), snapshotDir: snaps })).rejects.toThrow(
      /holds snapshots of prestate/,
    );
  });

  it('two hosts that disagree on local key 2: the first differing step is the read of it', async () => {
    const a = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length),
      snapshotEvery: 1 << 14,
    });
    const b = await CannonTrace.open({
      prestate: cloneState(prestate),
      host: world(DATA.length + 1),
      snapshotEvery: 1 << 14,
    });
    const r = await findDivergence(a, b);
    expect(r.kind).toBe('diverged');
    if (r.kind !== 'diverged') return;
    expect(bytesToHex(r.proofA.oracleKey!)).toBe(bytesToHex(localKey(2)));
    expect(bytesToHex(r.proofA.pre)).toBe(bytesToHex(r.proofB.pre));
    expect(bytesToHex(r.proofA.post)).not.toBe(bytesToHex(r.proofB.post));
    expect(plainHash(r.step, world(DATA.length))).toBe(plainHash(r.step, world(DATA.length + 1)));
    expect(plainHash(r.step + 1, world(DATA.length))).not.toBe(plainHash(r.step + 1, world(DATA.length + 1)));
    // Bisection from snapshots: both runs to the end once, then about one more run's worth.
    const n = a.exitedAt!;
    expect(a.stats.steps).toBeLessThan(2.5 * n);
    expect(describeDivergence(r).join('\n')).toMatch(/A read local key 0x01/);
  });

  it('identical runs: no divergence; different states: they differ before any step', async () => {
    const a = await CannonTrace.open({ prestate: cloneState(prestate), host: world(DATA.length) });
    const b = await CannonTrace.open({ prestate: cloneState(prestate), host: world(DATA.length) });
    expect((await findDivergence(a, b)).kind).toBe('same');
    const other = cloneState(prestate);
    other.registers[9] = 1;
    const c = await CannonTrace.open({ prestate: other, host: world(DATA.length) });
    const r = await findDivergence(a, c);
    expect(r.kind).toBe('differ-at-start');
    expect(describeDivergence(r).join('\n')).toMatch(/r9: 0x00000000 \| 0x00000001/);
  });
});
