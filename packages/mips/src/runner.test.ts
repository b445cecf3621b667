import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { InMemoryOracle } from './oracle.js';
import { parsePattern } from './pattern.js';
import { checkStepProof, type StepProof } from './proof.js';
import { formatStepPath, runProgram } from './runner.js';
import { MipsState, stateHash } from './state.js';
import { MipsVM } from './vm.js';

describe('step patterns', () => {
  it('never / always / =N / %N, and the next matching step', () => {
    expect(parsePattern('never').next(5)).toBe(Number.POSITIVE_INFINITY);
    expect(parsePattern('').matches(0)).toBe(false);
    expect(parsePattern('always').next(7)).toBe(7);
    expect([parsePattern('=10').matches(10), parsePattern('=10').next(3), parsePattern('=10').next(11)]).toEqual([
      true,
      10,
      Number.POSITIVE_INFINITY,
    ]);
    expect([parsePattern('%4').matches(8), parsePattern('%4').next(9), parsePattern('%4').matches(0)]).toEqual([
      true,
      12,
      true,
    ]);
    expect(() => parsePattern('~3')).toThrow(/invalid step pattern "~3"/);
    expect(() => parsePattern('%0')).toThrow(/never matches/);
    expect(formatStepPath('proof-%d.json', 42)).toBe('proof-42.json');
  });

  it('several patterns per flag match when any does; pc= terms are listed for the runner', () => {
    const p = parsePattern('=10,%1000,pc=0x400');
    expect([p.matches(10), p.matches(2000), p.matches(11)]).toEqual([true, true, false]);
    expect([p.next(11), p.next(1001)]).toEqual([1000, 2000]);
    expect(p.pcs).toEqual([0x400]);
    expect(parsePattern('=5').pcs).toBeUndefined();
    expect(() => parsePattern('=5,~3')).toThrow('invalid step pattern "=5,~3"');
  });
});

const oracleBin = fixturePath('cannon-mips32-open-mips-tests', 'bin', 'oracle.bin');
const KEY = '0x02173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad';

function oracleProgram(): { s: MipsState; vm: MipsVM } {
  const s = new MipsState();
  s.memory.setRange(0, new Uint8Array(readFileSync(oracleBin!)));
  s.registers[31] = 0xa7ef00d0 | 0;
  const o = new InMemoryOracle().set(hexToBytes(KEY), new TextEncoder().encode('hello world'));
  return { s, vm: new MipsVM(s, o) };
}

describe.skipIf(!oracleBin)('runProgram (on open_mips oracle.bin)', () => {
  it('stop-at, snapshots and proofs happen at the requested steps and are consistent', async () => {
    const { s, vm } = oracleProgram();
    const snaps: [string, string][] = [];
    const proofs: [string, StepProof][] = [];
    const logs: string[] = [];
    const outcome = await runProgram(vm, {
      stopAt: parsePattern('=60'),
      snapshotAt: parsePattern('%20'),
      snapshotFmt: 'snap-%d.json',
      proofAt: parsePattern('=45'),
      infoAt: parsePattern('=10'),
      writeSnapshot: (p, st) => {
        snaps.push([p, bytesToHex(stateHash(st))]);
      },
      writeProof: (p, pr) => {
        proofs.push([p, pr]);
      },
      log: (l) => logs.push(l),
    });
    expect(outcome).toBe('stop-at');
    expect(s.step).toBe(60);
    expect(snaps.map((x) => x[0])).toEqual(['snap-0.json', 'snap-20.json', 'snap-40.json']);
    expect(proofs.map((x) => x[0])).toEqual(['proof-45.json']);
    expect(proofs[0]![1].step).toBe(45);
    expect(checkStepProof(proofs[0]![1]).ok).toBe(true);
    expect(logs[0]).toMatch(/^step=10 pc=0x[0-9a-f]{8} insn=0x[0-9a-f]{8} ips=\d+ pages=\d+ mem=".*" name=$/);
    // Snapshot 40 equals a plain run of 40 steps.
    const { s: t, vm: tv } = oracleProgram();
    tv.run(40);
    expect(snaps[2]![1]).toBe(bytesToHex(stateHash(t)));
  });

  it('stop-at-preimage-type / key@offset stop right after the matching read', async () => {
    const first = oracleProgram();
    expect(await runProgram(first.vm, { stopAtPreimageType: 2 })).toBe('stop-at-preimage');
    expect(first.vm.lastPreimageRead()!.offset).toBe(0);
    const second = oracleProgram();
    expect(await runProgram(second.vm, { stopAtPreimage: { key: hexToBytes(KEY), offset: 8 } })).toBe(
      'stop-at-preimage',
    );
    expect(second.s.step).toBeGreaterThan(first.s.step);
    expect(second.s.preimageOffset).toBeGreaterThan(8);
    const none = oracleProgram();
    expect(await runProgram(none.vm, { stopAtPreimageType: 1, stopAt: parsePattern('=900') })).toBe('stop-at');
  });

  it('--stop-at pc=… stops before the first step at that pc; shouldStop interrupts between batches', async () => {
    const { s, vm } = oracleProgram();
    expect(await runProgram(vm, { stopAt: parsePattern('=100000,pc=0x7c') })).toBe('stop-at');
    expect(s.pc).toBe(0x7c);
    const plain = oracleProgram();
    let steps = 0;
    while (plain.s.pc !== 0x7c) {
      plain.vm.step(false);
      steps++;
    }
    expect(s.step).toBe(steps);
    const again = oracleProgram();
    let asked = 0;
    expect(await runProgram(again.vm, { shouldStop: () => ++asked > 3 })).toBe('interrupted');
    expect(again.s.exited).toBe(false);
  });

  it('the notesleep guard aborts when a jump lands inside runtime.notesleep', async () => {
    // oracle.bin loops back to 0x7c several times; pretend that loop is runtime.notesleep.
    const { s, vm } = oracleProgram();
    const meta = { symbols: [{ name: 'runtime.notesleep', start: 0x7c, size: 0x18 }] };
    const logs: string[] = [];
    expect(await runProgram(vm, { meta, log: (l) => logs.push(l) })).toBe('notesleep');
    expect(s.pc).toBeGreaterThanOrEqual(0x7c);
    expect(s.pc).toBeLessThan(0x94);
    expect(logs.at(-1)).toMatch(/runtime\.notesleep/);
    expect(vm.watch).toBeUndefined();
  });
});
