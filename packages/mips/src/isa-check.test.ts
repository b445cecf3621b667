/**
 * The instruction check against encodings assembled here from the MIPS32 manual's field layouts
 * (Vol. II, tables A.2–A.5), so the expected verdicts do not come from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { scanInstructions, summarizeUnsupported, unsupportedInstruction } from './isa-check.js';

const r = (op: number, rs: number, rt: number, rd: number, shamt: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (shamt << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;

describe('unsupportedInstruction', () => {
  it('accepts what gcc emits with the client.elf flags', () => {
    const ok = [
      0, // nop (sll $0, $0, 0)
      r(0, 4, 5, 2, 0, 0x21), // addu
      r(0, 31, 0, 0, 0, 0x08), // jr $ra
      r(0, 0, 0, 0, 0, 0x0c), // syscall
      r(0, 4, 5, 0, 0, 0x19), // multu
      r(0, 4, 5, 2, 0, 0x0b), // movn
      r(0x1c, 4, 0, 2, 0, 0x20), // clz
      r(0x1c, 4, 5, 2, 0, 0x02), // mul
      i(0x01, 4, 0x00, -3), // bltz
      i(0x01, 4, 0x01, 7), // bgez
      i(0x23, 29, 31, 28), // lw
      i(0x22, 4, 2, 1), // lwl
      i(0x30, 4, 2, 0), // ll
      i(0x38, 4, 2, 0), // sc
      (0x03 << 26) | 0x100, // jal
    ];
    for (const w of ok) expect(unsupportedInstruction(w), w.toString(16)).toBeUndefined();
  });

  it('names what the VM does not implement', () => {
    expect(unsupportedInstruction(r(0, 4, 0, 0, 7 << 4, 0x34))).toBe('teq (trap)'); // teq $a0, $zero, 7
    expect(unsupportedInstruction(r(0x1c, 4, 5, 0, 0, 0x00))).toBe('madd');
    expect(unsupportedInstruction(r(0x1c, 4, 5, 0, 0, 0x01))).toBe('maddu');
    expect(unsupportedInstruction(r(0x1c, 4, 5, 0, 0, 0x05))).toBe('msubu');
    expect(unsupportedInstruction(i(0x33, 4, 0, 32))).toBe('pref');
    expect(unsupportedInstruction(i(0x14, 4, 5, 3))).toBe('beql (branch-likely)');
    expect(unsupportedInstruction(r(0x1f, 0, 5, 2, 0x02, 0x20))).toMatch(/^special3/); // wsbh
    expect(unsupportedInstruction(r(0x11, 0x10, 2, 1, 0, 0x00))).toBe('cop1 (floating point)'); // add.s
    expect(unsupportedInstruction(i(0x35, 29, 2, 8))).toBe('ldc1 (floating point)');
    expect(unsupportedInstruction(i(0x01, 0, 0x11, 4))).toBe('bgezal/bal (runs as a never-taken branch)');
    expect(unsupportedInstruction(r(0, 4, 5, 2, 0, 0x1e))).toBe('special funct 0x1e');
    expect(unsupportedInstruction(i(0x3b, 0, 0, 0))).toBe('opcode 0x3b');
  });
});

describe('scanInstructions', () => {
  it('reports addresses of unsupported words in each region, big-endian', () => {
    const words = [0, r(0, 4, 0, 0, 0, 0x34), r(0, 4, 5, 2, 0, 0x21), i(0x33, 4, 0, 0)];
    const bytes = new Uint8Array(words.length * 4);
    const dv = new DataView(bytes.buffer);
    for (const [k, w] of words.entries()) dv.setUint32(4 * k, w);
    const found = scanInstructions([{ name: '.text', addr: 0x400000, bytes }]);
    expect(found.map((f) => [f.addr, f.what])).toEqual([
      [0x400004, 'teq (trap)'],
      [0x40000c, 'pref'],
    ]);
    expect(summarizeUnsupported(found)).toBe('teq (trap) ×1 (first at 0x00400004), pref ×1 (first at 0x0040000c)');
  });
});
