import { describe, expect, it } from 'vitest';
import { STATUS_SUCCESS } from './context.js';
import { INSTRUCTIONS } from './instructions/table.js';
import { jumpTable } from './jump-table.js';
import { runHaltingPrograms, runPrimingProgram } from './prime.js';

describe('interpreter priming', () => {
  it('succeeds and executes every opcode the switch handles inline', () => {
    const seen = new Set<number>();
    const tracer = { step: (s: { op: number }) => seen.add(s.op) };
    const stopped = runPrimingProgram(tracer, new Uint8Array(0), 1_000_000);
    expect(stopped.status).toBe(STATUS_SUCCESS);
    expect(seen.has(0xf3)).toBe(false);
    const returned = runPrimingProgram(tracer, new Uint8Array(1), 2 ** 40);
    expect(returned.status).toBe(STATUS_SUCCESS);
    expect(seen.has(0xf3)).toBe(true);
    // Opcodes defined in Prague without an out-of-line instruction are the switch's own cases.
    const fallback = INSTRUCTIONS[0xfe];
    const table = jumpTable('Prague');
    const inline: number[] = [];
    for (let op = 0; op < 256; op++)
      if (table.defined[op] === 1 && INSTRUCTIONS[op] === fallback && op !== 0xfe) inline.push(op);
    expect(inline.length).toBeGreaterThan(80); // STOP, arithmetic, PUSH0–32, DUP, SWAP, jumps, …
    const missing = inline.filter((op) => !seen.has(op)).map((op) => `0x${op.toString(16)}`);
    expect(missing).toEqual([]);
  });
  it('has one program per exceptional halt of the switch, each halting for its reason', () => {
    expect(runHaltingPrograms().map((r) => r.error)).toEqual([
      'out of gas',
      'out of gas',
      'out of gas',
      'invalid jump destination',
      'invalid jump destination',
      'stack underflow',
      'stack limit reached 1024 (1023)',
    ]);
  });
});
