import { describe, expect, it } from 'vitest';
import { STATUS_SUCCESS } from './context.js';
import { INSTRUCTIONS } from './instructions/table.js';
import { jumpTable } from './jump-table.js';
import { runPrimingProgram } from './prime.js';

describe('interpreter priming', () => {
  it('succeeds and executes every opcode the switch handles inline', () => {
    const seen = new Set<number>();
    const r = runPrimingProgram({ step: (s) => seen.add(s.op) });
    expect(r.status).toBe(STATUS_SUCCESS);
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
});
