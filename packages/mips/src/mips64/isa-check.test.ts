/**
 * The cannon64 instruction check against the VM it describes: over every primary opcode, every
 * SPECIAL and SPECIAL2 funct and every REGIMM rt, a word is "stops" exactly when Mips64VM raises
 * "invalid instruction" on it, and "silent" exactly when the VM runs it as something other than
 * MIPS64 means (rotates as shifts, branch-likely/traps/synci as never-taken branches); names come
 * from the manual's encodings (MIPS64 Vol. II tables A.2–A.5).
 */
import { describe, expect, it } from 'vitest';
import { MipsExecutionError } from '../errors.js';
import { InMemoryOracle } from '../oracle.js';
import { classifyInstruction64, scanInstructions64 } from './isa-check.js';
import { Mips64State } from './state.js';
import { Thread64 } from './thread.js';
import { Fn64, Mips64VM, Op64 } from './vm.js';

const r = (op: number, rs: number, rt: number, rd: number, sa: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const PC = 0x1000n;

/** Runs `steps` steps of `words` at PC; returns the thread, or the VM's error message. */
function exec(words: number[], regs: Record<number, bigint>, steps = 1): Thread64 | string {
  const s = new Mips64State();
  const t = new Thread64(0n);
  t.pc = PC;
  t.nextPC = PC + 4n;
  for (const [k, v] of Object.entries(regs)) t.setReg(Number(k), v);
  s.left = [t];
  const b = new Uint8Array(4 * words.length);
  for (let k = 0; k < words.length; k++) new DataView(b.buffer).setUint32(4 * k, words[k]!);
  s.memory.setRange(PC, b);
  try {
    new Mips64VM(s, new InMemoryOracle()).run(steps);
  } catch (e) {
    if (e instanceof MipsExecutionError) return e.message;
    throw e;
  }
  return s.current;
}

const invalidOnVm = (word: number, regs: Record<number, bigint> = { 2: 1n }) => {
  const out = exec([word, 0], regs);
  return typeof out === 'string' && /^invalid instruction/.test(out);
};

describe('cannon64 instruction check agrees with the VM', () => {
  it('primary opcodes: flagged exactly where the VM raises invalid instruction', () => {
    let flagged = 0;
    for (let op = 0; op < 64; op++) {
      if (op === Op64.SPECIAL || op === Op64.SPECIAL2 || op === Op64.REGIMM) continue;
      const word = i(op, 0, 1, 0x10);
      const c = classifyInstruction64(word);
      expect(c?.silent ?? false, `op ${op}`).toBe(false);
      expect(c !== undefined, `op ${op}: ${c?.what}`).toBe(invalidOnVm(word));
      if (c) flagged++;
    }
    expect(flagged).toBe(22);
  });

  it('SPECIAL and SPECIAL2 functs: flagged exactly where the VM raises invalid instruction', () => {
    for (const op of [Op64.SPECIAL, Op64.SPECIAL2]) {
      for (let fn = 0; fn < 64; fn++) {
        if (op === Op64.SPECIAL && fn === Fn64.SYSCALL) continue;
        const word = r(op, 1, 2, 3, 0, fn);
        const c = classifyInstruction64(word);
        // rs = 1 makes srl/dsrl/dsrl32 rotates: flagged silent, and the VM runs them.
        expect(c !== undefined && !c.silent, `op ${op} funct ${fn}: ${c?.what}`).toBe(invalidOnVm(word));
      }
    }
  });

  it('REGIMM: the four branches the VM implements branch; every other rt is flagged silent and never branches', () => {
    for (let rt = 0; rt < 32; rt++) {
      const word = i(Op64.REGIMM, 1, rt, 4);
      const c = classifyInstruction64(word);
      // Two steps (the branch and its delay slot) with rs negative and with rs zero.
      const pcs = [-1n, 0n].map((rs) => {
        const t = exec([word, 0, 0, 0, 0, 0, 0], { 1: rs }, 2);
        if (typeof t === 'string') throw new Error(`rt ${rt}: ${t}`);
        return t.pc;
      });
      if (c === undefined) expect(pcs, `rt ${rt}`).toContain(PC + 4n + 16n);
      else {
        expect(c.silent, `rt ${rt}`).toBe(true);
        expect(c.what).toMatch(/ \(runs as a never-taken branch\)$/);
        expect(pcs, `rt ${rt}: ${c.what}`).toEqual([PC + 8n, PC + 8n]);
      }
    }
    expect(classifyInstruction64(i(Op64.REGIMM, 1, 0x03, 4))?.what).toBe(
      'bgezl, branch-likely (runs as a never-taken branch)',
    );
  });

  it('mips64r2 rotates are flagged silent: the VM computes the plain shift', () => {
    const x = 0x0123_4567_89ab_cdefn;
    const mask = (1n << 64n) - 1n;
    const sext32 = (v: bigint) => BigInt.asIntN(32, v & 0xffff_ffffn) & mask;
    const ror = (v: bigint, n: bigint, bits: bigint) => ((v >> n) | (v << (bits - n))) & ((1n << bits) - 1n);
    const cases: [string, number, bigint, bigint][] = [
      // name, word (rotate bit set), what MIPS64 means, what the shift gives
      [
        'rotr (runs as srl)',
        r(0, 1, 2, 3, 8, Fn64.SRL),
        sext32(ror(x & 0xffff_ffffn, 8n, 32n)),
        sext32((x & 0xffff_ffffn) >> 8n),
      ],
      ['drotr (runs as dsrl)', r(0, 1, 2, 3, 8, Fn64.DSRL), ror(x, 8n, 64n), x >> 8n],
      ['drotr32 (runs as dsrl32)', r(0, 1, 2, 3, 4, Fn64.DSRL32), ror(x, 36n, 64n), x >> 36n],
      [
        'rotrv (runs as srlv)',
        r(0, 4, 2, 3, 1, Fn64.SRLV),
        sext32(ror(x & 0xffff_ffffn, 8n, 32n)),
        sext32((x & 0xffff_ffffn) >> 8n),
      ],
      ['drotrv (runs as dsrlv)', r(0, 4, 2, 3, 1, Fn64.DSRLV), ror(x, 8n, 64n), x >> 8n],
    ];
    for (const [name, word, meant, shifted] of cases) {
      expect(classifyInstruction64(word), name).toEqual({ what: name, silent: true });
      const t = exec([word, 0], { 2: x, 4: 8n });
      if (typeof t === 'string') throw new Error(`${name}: ${t}`);
      expect(t.reg(3), name).toBe(shifted);
      expect(t.reg(3), name).not.toBe(meant);
      // The same shift without the rotate bit is not flagged.
      expect(
        classifyInstruction64(
          name.startsWith('rotrv') || name.startsWith('drotrv') ? word & ~(1 << 6) : word & ~(1 << 21),
        ),
      ).toBeUndefined();
    }
  });

  it('names encodings as the manual does', () => {
    expect(classifyInstruction64(0x00000034)).toEqual({ what: 'teq (trap)', silent: false }); // teq zero,zero
    expect(classifyInstruction64(0x0000000d)).toEqual({ what: 'break', silent: false });
    expect(classifyInstruction64(0x7c03e83b)?.what).toMatch(/^special3 .*rdhwr/); // rdhwr v1,$29
    expect(classifyInstruction64(0x7b000007)?.what).toBe('msa/mdmx (SIMD)'); // opcode 0x1e
    expect(classifyInstruction64(0x70432000)).toEqual({ what: 'madd', silent: false }); // madd v0,v1
    expect(classifyInstruction64(0xd4000000)?.what).toBe('ldc1 (floating point)');
    expect(classifyInstruction64(0x0000003d)?.what).toBe('special funct 0x3d');
    expect(classifyInstruction64(0x00000000)).toBeUndefined(); // nop
    expect(classifyInstruction64(0x0000000c)).toBeUndefined(); // syscall
    expect(classifyInstruction64(0xdc370000)).toBeUndefined(); // ld s7,0(at)
  });
});

describe('scanInstructions64', () => {
  it('reports exact 64-bit addresses of 4-byte-aligned words, skipping a misaligned start', () => {
    const bytes = new Uint8Array(2 + 12);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(2, 0x00000034); // teq at base + 2
    dv.setUint32(6, 0x00000000);
    dv.setUint32(10, r(0, 1, 2, 3, 8, Fn64.SRL)); // rotr at base + 10
    const base = 0x1234_0000_0002;
    const found = scanInstructions64([{ name: '.text', addr: base, bytes }]);
    expect(found).toEqual([
      { addr: base + 2, word: 0x00000034, what: 'teq (trap)', silent: false, region: '.text' },
      { addr: base + 10, word: r(0, 1, 2, 3, 8, Fn64.SRL), what: 'rotr (runs as srl)', silent: true, region: '.text' },
    ]);
  });
});
