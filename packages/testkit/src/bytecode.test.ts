import { describe, expect, it } from 'vitest';
import { caseSeed, generateProgram, mutate, type ProgramOptions, programHex, Rng } from './bytecode.js';

const OPTIONS: ProgramOptions = {
  self: '0x000000000000000000000000000000000001000a',
  targets: ['0x000000000000000000000000000000000001000b'],
  precompiles: ['0x0000000000000000000000000000000000000001', '0x0000000000000000000000000000000000000005'],
  cancun: true,
};

/** Offsets that are instruction starts (not PUSH immediates). */
function instructionStarts(code: Uint8Array): Set<number> {
  const starts = new Set<number>();
  for (let pc = 0; pc < code.length; pc++) {
    starts.add(pc);
    const op = code[pc]!;
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return starts;
}

describe('bytecode generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateProgram(new Rng(42), OPTIONS);
    const b = generateProgram(new Rng(42), OPTIONS);
    const c = generateProgram(new Rng(43), OPTIONS);
    expect(programHex(a)).toBe(programHex(b));
    expect(programHex(a)).not.toBe(programHex(c));
    expect(caseSeed(1, 0)).not.toBe(caseSeed(1, 1));
    expect(caseSeed(1, 5)).toBe(caseSeed(1, 5));
  });

  it('jumps to real JUMPDESTs (PUSH2 label; JUMP/JUMPI), never into push data', () => {
    let total = 0;
    let valid = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const code = generateProgram(new Rng(seed), { ...OPTIONS, cancun: seed % 2 === 0 });
      const starts = instructionStarts(code);
      for (let pc = 0; pc + 3 < code.length; pc++) {
        if (!starts.has(pc) || code[pc] !== 0x61 || (code[pc + 3] !== 0x56 && code[pc + 3] !== 0x57)) continue;
        total++;
        const target = (code[pc + 1]! << 8) | code[pc + 2]!;
        if (code[target] === 0x5b && starts.has(target)) valid++;
      }
    }
    // Skipped junk may rarely hold a random PUSH2 + JUMP; generated labels are always valid.
    expect(total).toBeGreaterThan(100);
    expect(valid / total).toBeGreaterThan(0.97);
  });

  it('mutate edits the program deterministically', () => {
    const code = generateProgram(new Rng(7), OPTIONS);
    const m1 = mutate(new Rng(9), code);
    const m2 = mutate(new Rng(9), code);
    expect(programHex(m1)).toBe(programHex(m2));
    let changed = 0;
    for (let s = 1; s <= 50; s++) if (programHex(mutate(new Rng(s), code)) !== programHex(code)) changed++;
    expect(changed).toBeGreaterThan(40);
  });
});
