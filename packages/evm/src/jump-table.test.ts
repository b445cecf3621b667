import { describe, expect, it } from 'vitest';
import { jumpTable } from './jump-table.js';
import { OPCODES } from './opcodes.js';

describe('jump tables', () => {
  it('enable opcodes from their fork on', () => {
    expect(jumpTable('London').defined[0x5f]).toBe(0); // PUSH0 is Shanghai
    expect(jumpTable('Shanghai').defined[0x5f]).toBe(1);
    expect(jumpTable('Shanghai').defined[0x5c]).toBe(0); // TLOAD is Cancun
    expect(jumpTable('Cancun').defined[0x5e]).toBe(1); // MCOPY
    expect(jumpTable('Frontier').defined[0xf4]).toBe(0); // DELEGATECALL is Homestead
    expect(jumpTable('Prague').defined[0x1e]).toBe(0); // CLZ is Osaka
  });
  it('apply the EIP-150 / EIP-1884 / EIP-2929 repricings', () => {
    expect(jumpTable('Homestead').gas[0x54]).toBe(50);
    expect(jumpTable('TangerineWhistle').gas[0x54]).toBe(200);
    expect(jumpTable('Istanbul').gas[0x54]).toBe(800);
    expect(jumpTable('Berlin').gas[0x54]).toBe(100);
    expect(jumpTable('Istanbul').gas[0x31]).toBe(700);
    expect(jumpTable('Berlin').gas[0xf1]).toBe(100);
  });
  it('derive stack bounds from the traits', () => {
    const t = jumpTable('Prague');
    expect(t.minStack[0x90]).toBe(2); // SWAP1
    expect(t.maxStack[0x80]).toBe(1023); // DUP1 grows by one
    expect(t.maxStack[0x01]).toBe(1025); // ADD shrinks
    expect(OPCODES[0xa4]?.gas).toBe(375 * 5);
  });
});
