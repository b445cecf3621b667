/**
 * Both translators (WebAssembly chains, jit-wasm.ts; JavaScript blocks and traces, jit.ts) against
 * the interpreter, step for step, on random programs with control flow: blocks of ALU, hi/lo,
 * load/store and division instructions closed by conditional branches, j/jal, and register
 * jumps through a jump table (the computed-goto dispatch of compiled interpreters), with work in
 * the delay slots; loads from unallocated pages, stores that allocate pages, stores into the
 * code page (translations must be dropped and the new instruction run), no-op syscalls. Each
 * program runs in chunks of random budgets next to the interpreter; after every chunk step, pc,
 * nextPC, hi, lo and the registers must be equal, and at random chunks the memory root (which
 * also clears the dirty flags the WebAssembly page table's write permission follows). An error
 * (division by zero) must be raised by both at the same step with the same message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryOracle } from './oracle.js';
import { MipsState } from './state.js';
import { Fn, Fn2, MipsVM, Op, RegImm } from './vm.js';

const r = (op: number, rs: number, rt: number, rd: number, shamt: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (shamt << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;

const CODE = 0x1000;
const DATA = 0x8000; // r4: an allocated data page (and the one below it)
const FRESH = 0x20000; // r9: pages allocated only by the program's stores
const TABLE = 0x9000; // r10: jump table of the block starts
const BLOCKS = 8;
/** Registers random instructions use; r2 (syscall number), r4, r9, r10, r11, r13 are reserved. */
const POOL = [1, 3, 5, 6, 7, 8, 12, 15, 31];
const reg = fc.constantFrom(...POOL);

const special = fc.constantFrom(
  Fn.SLL,
  Fn.SRL,
  Fn.SRA,
  Fn.SLLV,
  Fn.SRLV,
  Fn.SRAV,
  Fn.MOVZ,
  Fn.MOVN,
  Fn.MFHI,
  Fn.MFLO,
  Fn.MTHI,
  Fn.MTLO,
  Fn.MULT,
  Fn.MULTU,
  Fn.ADDU,
  Fn.SUBU,
  Fn.AND,
  Fn.OR,
  Fn.XOR,
  Fn.NOR,
  Fn.SLT,
  Fn.SLTU,
  Fn.SYNC,
  0x15,
);
const immOp = fc.constantFrom(Op.ADDIU, Op.SLTI, Op.SLTIU, Op.ANDI, Op.ORI, Op.XORI, Op.LUI);
const memOp = fc.constantFrom(
  Op.LB,
  Op.LBU,
  Op.LH,
  Op.LHU,
  Op.LW,
  Op.LWL,
  Op.LWR,
  Op.LL,
  Op.SB,
  Op.SH,
  Op.SW,
  Op.SWL,
  Op.SWR,
  Op.SC,
);
/** One non-control instruction (a delay slot may hold any of these). */
const plain = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(special, reg, reg, reg, fc.nat(31)).map(([f, a, b, d, sh]) => r(0, a, b, d, sh, f)),
  },
  { weight: 4, arbitrary: fc.tuple(immOp, reg, reg, fc.nat(0xffff)).map(([op, a, b, imm]) => i(op, a, b, imm)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(Fn2.MUL, Fn2.CLZ, Fn2.CLO), reg, reg, reg)
      .map(([f, a, b, d]) => r(Op.SPECIAL2, a, b, d, 0, f)),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(memOp, fc.constantFrom(4, 4, 9), reg, fc.integer({ min: -64, max: 64 }))
      .map(([op, base, t, off]) => i(op, base, t, off)),
  },
  // A division: by zero (an error in both) whenever the divisor register holds 0.
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(Fn.DIV, Fn.DIVU), reg, reg).map(([f, a, b]) => r(0, a, b, 0, 0, f)),
  },
);

/** A unit of a block body: one instruction, a no-op syscall, or a store into the code page. */
type Unit = { kind: 'insn'; insn: number } | { kind: 'syscall' } | { kind: 'patch'; value: number; at: number };
const unit: fc.Arbitrary<Unit> = fc.oneof(
  { weight: 30, arbitrary: plain.map((insn) => ({ kind: 'insn' as const, insn })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'syscall' as const }) },
  // Overwrites the `at`-th body instruction of the program (if any) with another plain one.
  { weight: 1, arbitrary: fc.tuple(plain, fc.nat(200)).map(([value, at]) => ({ kind: 'patch' as const, value, at })) },
);

type End =
  | { kind: 'branch'; op: number; rs: number; rt: number; to: number }
  | { kind: 'jump'; link: boolean; to: number }
  | { kind: 'table'; link: number; index: number }
  | { kind: 'fall' };
const end: fc.Arbitrary<End> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(Op.BEQ, Op.BNE, Op.BLEZ, Op.BGTZ, RegImm.BLTZ + 100, RegImm.BGEZ + 100),
        reg,
        reg,
        fc.nat(BLOCKS - 1),
      )
      .map(([op, rs, rt, to]) => ({ kind: 'branch' as const, op, rs, rt, to })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.boolean(), fc.nat(BLOCKS - 1)).map(([link, to]) => ({ kind: 'jump' as const, link, to })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(-1, 31, 7), reg)
      .map(([link, index]) => ({ kind: 'table' as const, link, index })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'fall' as const }) },
);

const block = fc.record({ body: fc.array(unit, { maxLength: 8 }), end, slot: plain });
const program = fc.array(block, { minLength: BLOCKS, maxLength: BLOCKS });

/** Lays the blocks out from CODE; returns the words and the block starts. */
function assemble(blocks: { body: Unit[]; end: End; slot: number }[]): { words: number[]; starts: number[] } {
  // Sizes first (a patch is 3 words, a syscall 2, a table jump 4 + slot, other ends 1 + slot).
  const size = (b: (typeof blocks)[number]) =>
    b.body.reduce((n, u) => n + (u.kind === 'patch' ? 3 : u.kind === 'syscall' ? 2 : 1), 0) +
    (b.end.kind === 'fall' ? 0 : b.end.kind === 'table' ? 5 : 2);
  const starts: number[] = [];
  let a = CODE;
  for (const b of blocks) {
    starts.push(a);
    a += 4 * size(b);
  }
  const words: number[] = [];
  const bodyAt: number[] = []; // addresses of plain body instructions (patch targets)
  const patches: [number, Unit & { kind: 'patch' }][] = [];
  for (const b of blocks) {
    for (const u of b.body) {
      if (u.kind === 'insn') {
        bodyAt.push(CODE + 4 * words.length);
        words.push(u.insn);
      } else if (u.kind === 'syscall') words.push(i(Op.ADDIU, 0, 2, 4999), r(0, 0, 0, 0, 0, Fn.SYSCALL));
      else {
        patches.push([words.length, u]);
        words.push(0, 0, 0);
      }
    }
    const pc = CODE + 4 * words.length;
    const e = b.end;
    if (e.kind === 'branch') {
      const off = (starts[e.to]! - (pc + 4)) >> 2;
      words.push(e.op >= 100 ? i(Op.REGIMM, e.rs, e.op - 100, off) : i(e.op, e.rs, e.rt, off), b.slot);
    } else if (e.kind === 'jump') {
      words.push((((e.link ? Op.JAL : Op.J) << 26) | ((starts[e.to]! >>> 2) & 0x03ffffff)) >>> 0, b.slot);
    } else if (e.kind === 'table') {
      words.push(
        i(Op.ANDI, e.index, 11, (BLOCKS - 1) << 2),
        r(0, 11, 10, 11, 0, Fn.ADDU),
        i(Op.LW, 11, 11, 0),
        e.link < 0 ? r(0, 11, 0, 0, 0, Fn.JR) : r(0, 11, 0, e.link, 0, Fn.JALR),
        b.slot,
      );
    }
  }
  for (const [k, u] of patches) {
    // lui r14, hi ; ori r14, r14, lo ; sw r14, off(r13)  — r13 = CODE
    const target = bodyAt.length > 0 ? bodyAt[u.at % bodyAt.length]! : CODE + 4 * words.length;
    words[k] = i(Op.LUI, 0, 14, u.value >>> 16);
    words[k + 1] = i(Op.ORI, 14, 14, u.value & 0xffff);
    words[k + 2] = i(Op.SW, 13, 14, target - CODE);
  }
  return { words, starts };
}

function machine(words: number[], starts: number[], init: number[], options: object): { s: MipsState; vm: MipsVM } {
  const s = new MipsState();
  for (let k = 0; k < words.length; k++) s.memory.setWord(CODE + 4 * k, words[k]!);
  for (let k = 0; k < BLOCKS; k++) s.memory.setWord(TABLE + 4 * k, starts[k]!);
  for (let k = 0; k < 64; k++) s.memory.setWord(DATA - 128 + 4 * k, (k * 0x9e3779b1) >>> 0);
  Object.assign(s, { pc: CODE, nextPC: CODE + 4, hi: 0x12345678, lo: 0x9abcdef0 });
  POOL.forEach((x, k) => {
    s.registers[x] = init[k]!;
  });
  Object.assign(s.registers, { 4: DATA, 9: FRESH, 10: TABLE, 13: CODE });
  s.memory.merkleRoot();
  return { s, vm: new MipsVM(s, new InMemoryOracle(), options) };
}

const view = (s: MipsState) => [s.step, s.pc, s.nextPC, s.hi, s.lo, s.exited, [...s.registers]];

/** Runs `f`, returning the error message it throws (or undefined). */
function attempt(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe.each([
  ['WebAssembly', { backend: 'wasm' }],
  ['JavaScript (blocks and traces)', { backend: 'js', traceThreshold: 3 }],
])('%s translation against the interpreter (random programs with control flow)', (_name, backend) => {
  it('agrees after every chunk of random budgets: registers, pc, hi/lo, memory root, errors', () => {
    let translated = 0;
    let steps = 0;
    fc.assert(
      fc.property(
        program,
        // Small values too, so branches compare equal, zero and negative values often.
        fc.array(fc.oneof(fc.integer(), fc.integer({ min: -2, max: 2 })), {
          minLength: POOL.length,
          maxLength: POOL.length,
        }),
        fc.array(fc.tuple(fc.constantFrom(1, 2, 3, 5, 13, 64, 400, 3000), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        (blocks, init, chunks) => {
          const { words, starts } = assemble(blocks);
          const ref = machine(words, starts, init, { jit: false });
          const fast = machine(words, starts, init, { jitThreshold: 1, ...backend });
          try {
            for (const [budget, hash] of chunks) {
              const e1 = attempt(() => ref.vm.run(budget));
              const e2 = attempt(() => fast.vm.run(budget));
              expect(e2).toBe(e1);
              expect(view(fast.s)).toEqual(view(ref.s));
              if (hash || e1 !== undefined) expect(fast.s.memory.merkleRoot()).toEqual(ref.s.memory.merkleRoot());
              if (e1 !== undefined || ref.s.exited) return;
            }
          } finally {
            steps += fast.s.step;
            translated += fast.s.step - fast.vm.stats.interpretedSteps;
          }
        },
      ),
      { numRuns: 80 },
    );
    // The comparison means something only if a good share of steps ran in translated code. Short
    // budgets (1–5 steps) and faulting blocks run in the interpreter, so the share varies with the
    // random programs: 0.49–0.72 (WebAssembly) and 0.84–0.95 (JavaScript) over seven runs of this
    // test on 2026-12-07 — a half was too tight for WebAssembly.
    expect(translated).toBeGreaterThan(steps / 3);
  });
});
