/**
 * Instruction and syscall semantics that the open_mips vectors do not pin down, checked against
 * values worked out by hand from the notes (e.1) and the MIPS32 manual, or against BigInt.
 */

import { keccakKeyOf } from '@faultline/preimage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MipsExecutionError } from './errors.js';
import { InMemoryOracle } from './oracle.js';
import { MipsState } from './state.js';
import { Fn, Fn2, MipsVM, Op } from './vm.js';

const r = (op: number, rs: number, rt: number, rd: number, shamt: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (shamt << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const SYSCALL = r(0, 0, 0, 0, 0, Fn.SYSCALL);

function machine(code: number[], regs: Record<number, number> = {}, oracle = new InMemoryOracle()) {
  const s = new MipsState();
  for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
  s.pc = 0x1000;
  s.nextPC = 0x1004;
  for (const [k, v] of Object.entries(regs)) s.registers[Number(k)] = v | 0;
  return { s, vm: new MipsVM(s, oracle), oracle };
}
const u = (s: MipsState, reg: number) => s.registers[reg]! >>> 0;

describe('ALU', () => {
  it('srav masks the shift amount to 5 bits (Aug-2024 fix)', () => {
    const { s, vm } = machine([r(0, 2, 1, 3, 0, Fn.SRAV)], { 1: 0x80000000, 2: 33 });
    vm.run(1);
    expect(u(s, 3)).toBe(0xc0000000);
  });

  it('mult/multu hi:lo equal the 64-bit BigInt product', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, b) => {
        for (const [fn, signed] of [
          [Fn.MULT, true],
          [Fn.MULTU, false],
        ] as const) {
          const { s, vm } = machine([r(0, 1, 2, 0, 0, fn)], { 1: a, 2: b });
          vm.run(1);
          const x = signed ? BigInt(a | 0) * BigInt(b | 0) : BigInt(a) * BigInt(b);
          const p = BigInt.asUintN(64, x);
          expect(s.hi).toBe(Number(p >> 32n));
          expect(s.lo).toBe(Number(p & 0xffffffffn));
        }
      }),
    );
  });

  it('div truncates toward zero, remainder takes the dividend sign; division by zero is an error', () => {
    const { s, vm } = machine([r(0, 1, 2, 0, 0, Fn.DIV), r(0, 1, 3, 0, 0, Fn.DIVU)], { 1: -7, 2: 2, 3: 0 });
    vm.run(1);
    expect([s.lo | 0, s.hi | 0]).toEqual([-3, -1]);
    expect(() => vm.run(1)).toThrow(MipsExecutionError);
    expect(() => vm.run(1)).toThrow(/division by zero at pc 0x00001004/);
  });

  it('clz/clo, movz/movn, sltiu with a sign-extended immediate', () => {
    const { s, vm } = machine(
      [
        r(0x1c, 1, 0, 3, 0, 0x20),
        r(0x1c, 1, 0, 4, 0, 0x21),
        r(0, 1, 0, 5, 0, Fn.MOVZ),
        r(0, 1, 1, 6, 0, Fn.MOVN),
        i(Op.SLTIU, 0, 7, 0xffff),
      ],
      { 1: 0xf0000000 },
    );
    vm.run(5);
    expect([u(s, 3), u(s, 4), u(s, 5), u(s, 6), u(s, 7)]).toEqual([0, 4, 0xf0000000, 0xf0000000, 1]);
  });

  it('funct 0x0D (break) copies rs into rd like the reference ALU; funct 0x2C is invalid', () => {
    const { s, vm } = machine([r(0, 1, 0, 2, 0, Fn.BREAK), r(0, 0, 0, 0, 0, 0x2c)], { 1: 77 });
    vm.run(1);
    expect(u(s, 2)).toBe(77);
    expect(() => vm.run(1)).toThrow(/invalid instruction/);
    expect(s.step).toBe(1);
  });
});

describe('control flow', () => {
  it('jal links pc+8 and targets the 256 MiB region of the delay slot', () => {
    const { s, vm } = machine([i(Op.JAL, 0, 0, 0) | 0x40, 0]);
    vm.run(1);
    expect([s.pc, s.nextPC, u(s, 31)]).toEqual([0x1004, 0x100, 0x1008]);
  });

  it('a branch in a delay slot is an error', () => {
    const { vm } = machine([i(Op.BEQ, 0, 0, 4), i(Op.BEQ, 0, 0, 4)]);
    vm.run(1);
    expect(() => vm.run(1)).toThrow(/branch in delay slot/);
  });

  it('REGIMM with rt other than bltz/bgez does not branch', () => {
    const { s, vm } = machine([i(Op.REGIMM, 0, 0x11, 16)]);
    vm.run(1);
    expect(s.nextPC).toBe(0x1008);
  });
});

describe('syscalls', () => {
  it('mmap rounds to pages and bumps the heap only without a hint; brk, clone, unknown; errno in a3', () => {
    const { s, vm } = machine([SYSCALL, SYSCALL, SYSCALL, SYSCALL, SYSCALL, SYSCALL], { 2: 4090, 5: 5000 });
    s.heap = 0x05000000;
    vm.run(1);
    expect([u(s, 2), s.heap]).toEqual([0x05000000, 0x05002000]);
    s.registers[2] = 4090;
    s.registers[4] = 0x10000;
    vm.run(1);
    expect([u(s, 2), s.heap]).toEqual([0x10000, 0x05002000]);
    s.registers[2] = 4045;
    vm.run(1);
    expect(u(s, 2)).toBe(0x40000000);
    s.registers[2] = 4120;
    vm.run(1);
    expect(u(s, 2)).toBe(1);
    s.registers[2] = 4003; // read on fd 9: EBADF
    s.registers[4] = 9;
    vm.run(1);
    expect([u(s, 2), u(s, 7)]).toEqual([0xffffffff, 9]);
    s.registers[2] = 4999;
    s.registers[7] = 5;
    vm.run(1);
    expect([u(s, 2), u(s, 7)]).toEqual([0, 0]);
  });

  it('fcntl: F_GETFL per fd; F_GETFD only in state version 2', () => {
    const run = (version: 0 | 2, fd: number, cmd: number) => {
      const { s, vm } = machine([SYSCALL], { 2: 4055, 4: fd, 5: cmd });
      s.version = version;
      vm.run(1);
      return [u(s, 2), u(s, 7)];
    };
    expect(run(0, 5, 3)).toEqual([0, 0]);
    expect(run(0, 6, 3)).toEqual([1, 0]);
    expect(run(0, 7, 3)).toEqual([0xffffffff, 9]);
    expect(run(0, 1, 1)).toEqual([0xffffffff, 0x16]);
    expect(run(2, 1, 1)).toEqual([0, 0]);
  });

  it('exit_group does not advance the pc; later steps do nothing', () => {
    const { s, vm } = machine([SYSCALL, 0], { 2: 4246, 4: 0x1ff });
    expect(vm.run(5)).toBe(1);
    expect([s.exited, s.exitCode, s.pc, s.step]).toEqual([true, 0xff, 0x1000, 1]);
  });

  it('key writes shift the key; reads give ≤4 bytes within the word, offset counting the length prefix', () => {
    const data = new TextEncoder().encode('hello world');
    const oracle = new InMemoryOracle();
    const key = oracle.putKeccak(data);
    const { s, vm } = machine([SYSCALL, SYSCALL, SYSCALL], {}, oracle);
    s.preimageKey = new Uint8Array(32).fill(0xee);
    s.memory.setRange(0x2000, key);
    for (let k = 0; k < 32; ) {
      s.pc = 0x1000;
      s.nextPC = 0x1004;
      Object.assign(s.registers, { 2: 4004, 4: 6, 5: 0x2000 + k, 6: 3 });
      vm.run(1);
      const n = Math.min(3, 4 - ((0x2000 + k) & 3));
      expect(u(s, 2)).toBe(n);
      expect(s.preimageOffset).toBe(0);
      k += n;
    }
    // 32 bytes went in through uneven writes; the key is exactly the last 32 written
    expect(s.preimageKey).toEqual(keccakKeyOf(data));
    const read = (addr: number, count: number) => {
      s.pc = 0x1000;
      s.nextPC = 0x1004;
      Object.assign(s.registers, { 2: 4003, 4: 5, 5: addr, 6: count });
      vm.run(1);
      return u(s, 2);
    };
    s.memory.setWord(0x3000, 0xaabbccdd);
    expect(read(0x3001, 100)).toBe(3); // bytes 1..3 of the length prefix (0,0,0)
    expect(s.memory.getWord(0x3000)).toBe(0xaa000000);
    expect(s.preimageOffset).toBe(3);
    expect(read(0x3004, 4)).toBe(4);
    expect(read(0x3008, 2)).toBe(2);
    expect(s.preimageOffset).toBe(9);
    expect(s.memory.getWord(0x3004)).toBe(0); // prefix bytes 3..6
    expect(s.memory.getWord(0x3008) >>> 16).toBe(0x0b68); // prefix byte 7 (length 11), then "h"
    while (read(0x3010, 4) > 0);
    expect(s.preimageOffset).toBe(8 + data.length);
  });

  it('hints are delivered once complete (len <= buffered - 4), across several writes; lastHint keeps the rest', () => {
    const oracle = new InMemoryOracle();
    const { s, vm } = machine([SYSCALL], {}, oracle);
    const msg = Uint8Array.of(0, 0, 0, 3, 0x61, 0x62, 0x63, 0, 0, 0, 0, 0, 0, 0, 9, 0x7a);
    s.memory.setRange(0x2000, msg);
    const write = (addr: number, n: number) => {
      s.pc = 0x1000;
      s.nextPC = 0x1004;
      Object.assign(s.registers, { 2: 4004, 4: 4, 5: addr, 6: n });
      vm.run(1);
    };
    write(0x2000, 6);
    expect(oracle.hints).toEqual([]);
    write(0x2006, 5); // completes "abc", then a complete empty hint (length 0)
    expect(oracle.hints.map((h) => [...h])).toEqual([[0x61, 0x62, 0x63], []]);
    expect([...s.lastHint]).toEqual([]);
    write(0x200b, 5);
    expect([...s.lastHint]).toEqual([0, 0, 0, 9, 0x7a]);
    expect(oracle.hints.length).toBe(2);
  });
});

describe('block translator', () => {
  it('self-modifying code: a store into translated code takes effect at once, as in the interpreter', () => {
    const code = [
      i(Op.LUI, 0, 2, 0x2403), // r2 = upper half of "addiu r3, r0, 7"
      i(Op.ORI, 2, 2, 7),
      i(Op.SW, 4, 2, 0x14), // overwrite the instruction at 0x1014
      0,
      0,
      i(Op.ADDIU, 0, 3, 1), // replaced before it runs
      SYSCALL,
    ];
    const results = [true, false].map((jit) => {
      const s = new MipsState();
      for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
      Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
      s.registers[4] = 0x1000;
      s.registers[2] = 0;
      const vm = new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 });
      vm.run(6);
      return [u(s, 3), s.step, s.pc];
    });
    expect(results[0]).toEqual([7, 6, 0x1018]);
    expect(results[1]).toEqual(results[0]);
  });
});

describe('loop-nest translation', () => {
  // An outer loop around an inner loop, both with work in their delay slots and a store in the
  // inner body: translated as one function (jit-loop.ts). Every step budget must stop it at
  // exactly the step the interpreter reaches.
  const code = [
    i(Op.ADDIU, 0, 2, 3), // 0x1000: outer count
    i(Op.ADDIU, 0, 3, 4), // 0x1004: outer head: inner count
    i(Op.SW, 4, 3, 0x100), // 0x1008: inner head
    i(Op.ADDIU, 3, 3, -1),
    i(Op.BNE, 3, 0, -3), // 0x1010: back to 0x1008
    i(Op.ADDIU, 5, 5, 1), // delay slot
    i(Op.ADDIU, 2, 2, -1),
    i(Op.BNE, 2, 0, -7), // 0x101c: back to 0x1004
    i(Op.ADDIU, 6, 6, 7), // delay slot
    SYSCALL,
  ];
  const END = 0x1024;
  const snapshot = (s: MipsState) => [s.step, s.pc, s.nextPC, [...s.registers], s.memory.getWord(0x2100)];

  it('stops at every budget exactly where the interpreter does', () => {
    const ref = machine(code, { 4: 0x2000 });
    const states = [snapshot(ref.s)];
    while (ref.s.pc !== END) {
      ref.vm.step(false);
      states.push(snapshot(ref.s));
    }
    const total = ref.s.step;
    expect(total).toBe(1 + 3 * (1 + 4 * 4 + 3));
    for (const budget of [1, 2, 3, 4, 5, 7, 11, 16, total]) {
      const s = new MipsState();
      for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
      Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
      s.registers[4] = 0x2000;
      const vm = new MipsVM(s, new InMemoryOracle(), { jitThreshold: 1 });
      while (s.step < total) {
        vm.run(Math.min(budget, total - s.step));
        expect(snapshot(s)).toEqual(states[s.step]);
      }
    }
  });
});

describe('loop nest with a syscall in a delay slot', () => {
  it('is left to the interpreter there and ends in the same state', () => {
    const code = [
      i(Op.ADDIU, 0, 8, 2), // outer count
      i(Op.ADDIU, 0, 9, 3), // 0x1004: outer head
      i(Op.ADDIU, 0, 2, 4999), // 0x1008: inner head; an unknown syscall number is a no-op
      i(Op.ADDIU, 9, 9, -1),
      i(Op.BNE, 9, 0, -3),
      SYSCALL, // delay slot
      i(Op.ADDIU, 8, 8, -1),
      i(Op.BNE, 8, 0, -7),
      0,
      SYSCALL,
    ];
    const machineAt = (jit: boolean) => {
      const s = new MipsState();
      for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
      Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
      s.registers[7] = 5;
      return { s, vm: new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 }) };
    };
    const ref = machineAt(false);
    while (ref.s.pc !== 0x1024) ref.vm.run(1);
    const fast = machineAt(true);
    fast.vm.run(ref.s.step);
    const view = (s: MipsState) => [s.step, s.pc, s.nextPC, [...s.registers]];
    expect(view(fast.s)).toEqual(view(ref.s));
  });
});

describe('translated loads/stores through cached pages (stable base, last page used)', () => {
  // Each program is a straight block over one base register (r4); the translated run must end
  // in the interpreter's state, memory root included (a store must still mark its page dirty).
  const run = (prog: number[], base: number, prepare: (s: MipsState) => void, jit: boolean) => {
    const s = new MipsState();
    for (let k = 0; k < prog.length; k++) s.memory.setWord(0x1000 + 4 * k, prog[k]!);
    Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
    Object.assign(s.registers, { 4: base, 5: 0x11223344 });
    prepare(s);
    const vm = new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 });
    vm.run(prog.length - 1);
    return { pc: s.pc, step: s.step, regs: [...s.registers], root: s.memory.merkleRoot() };
  };
  const cases: [string, number[], number, (s: MipsState) => void][] = [
    [
      'offsets spanning two pages',
      [i(Op.SW, 4, 5, 0xffc), i(Op.SW, 4, 5, 0x1000), i(Op.LW, 4, 6, 0xffc), i(Op.LW, 4, 7, 0x1000), SYSCALL],
      0x2000,
      () => {},
    ],
    [
      'a page first allocated by a store in the block',
      [i(Op.SW, 4, 5, 0), i(Op.LW, 4, 6, 0), i(Op.SB, 4, 5, 9), i(Op.LW, 4, 7, 8), SYSCALL],
      0x5000,
      () => {},
    ],
    [
      'a load caches the zero page, a store then allocates it (base register written in the block)',
      [i(Op.LW, 4, 6, 0), i(Op.ADDIU, 4, 4, 0), i(Op.SW, 4, 5, 4), i(Op.LW, 4, 7, 4), SYSCALL],
      0x8000,
      () => {},
    ],
    [
      'an allocated, dirty page (the cached fast path)',
      [i(Op.LW, 4, 6, 4), i(Op.SW, 4, 5, 0), i(Op.SB, 4, 5, 7), i(Op.LW, 4, 7, 4), SYSCALL],
      0x7000,
      (s) => s.memory.setWord(0x7004, 0xaabbccdd),
    ],
    [
      'an allocated page whose hashes were flushed (not dirty)',
      [i(Op.LW, 4, 6, 4), i(Op.SW, 4, 5, 0), i(Op.SH, 4, 5, 6), i(Op.LW, 4, 7, 4), SYSCALL],
      0x6000,
      (s) => {
        s.memory.setWord(0x6004, 0xaabbccdd);
        s.memory.merkleRoot();
      },
    ],
  ];
  for (const [name, prog, base, prepare] of cases) {
    it(name, () => {
      const fast = run(prog, base, prepare, true);
      expect(fast.step).toBe(prog.length - 1);
      expect(fast).toEqual(run(prog, base, prepare, false));
    });
  }
});

describe('mid-block exits of translated code (shared write-back)', () => {
  const view = (s: MipsState) => [s.step, s.pc, s.nextPC, [...s.registers], s.memory.merkleRoot()];
  const build = (code: number[], jit: boolean) => {
    const s = new MipsState();
    for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
    Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
    s.registers[4] = 0x1000;
    return { s, vm: new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 }) };
  };

  it('a loop nest storing into its own code page, in a body and in a delay slot, stops like the interpreter', () => {
    const code = [
      i(Op.ADDIU, 0, 2, 2), // outer count
      i(Op.ADDIU, 0, 3, 2), // 0x1004: outer head
      i(Op.SW, 4, 2, 0x40), // 0x1008: inner head, stores into the code page
      i(Op.ADDIU, 3, 3, -1),
      i(Op.BNE, 3, 0, -3),
      i(Op.SW, 4, 3, 0x44), // delay slot, into the code page
      i(Op.ADDIU, 2, 2, -1),
      i(Op.BNE, 2, 0, -7),
      i(Op.ADDIU, 6, 6, 7),
      SYSCALL,
    ];
    const ref = build(code, false);
    const states = [view(ref.s)];
    while (ref.s.pc !== 0x1024) {
      ref.vm.run(1);
      states.push(view(ref.s));
    }
    for (const budget of [1, 3, 100]) {
      const fast = build(code, true);
      while (fast.s.step < states.length - 1) {
        fast.vm.run(Math.min(budget, states.length - 1 - fast.s.step));
        expect(view(fast.s)).toEqual(states[fast.s.step]);
      }
    }
  });

  it('a division by zero in a translated delay slot leaves the state where the interpreter fails', () => {
    const code = [
      i(Op.ADDIU, 0, 2, 1),
      i(Op.BEQ, 0, 0, 3), // to 0x1014
      r(0, 2, 0, 0, 0, Fn.DIVU), // delay slot: divu r2, r0
      0,
      0,
      SYSCALL,
    ];
    const outcome = (jit: boolean) => {
      const m = build(code, jit);
      expect(() => m.vm.run(10)).toThrow(MipsExecutionError);
      return view(m.s);
    };
    const fast = outcome(true);
    expect(fast.slice(0, 3)).toEqual([2, 0x1008, 0x1014]);
    expect(fast).toEqual(outcome(false));
  });
});

describe('translated functions shared between machines (same source)', () => {
  it('two machines running the same loop, interleaved, each end as the interpreter does', () => {
    const code = [
      i(Op.ADDIU, 0, 3, 40), // count
      i(Op.SW, 4, 3, 0), // 0x1004: loop head
      i(Op.LW, 4, 6, 0),
      r(0, 6, 5, 5, 0, Fn.ADDU), // r5 += r6
      i(Op.ADDIU, 3, 3, -1),
      i(Op.BNE, 3, 0, -5),
      i(Op.ADDIU, 4, 4, 4), // delay slot
      SYSCALL,
    ];
    const make = (jit: boolean, base: number, acc: number) => {
      const s = new MipsState();
      for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
      Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
      Object.assign(s.registers, { 4: base, 5: acc });
      return { s, vm: new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 }) };
    };
    const total = 1 + 40 * 6;
    const view = (s: MipsState) => [s.step, s.pc, [...s.registers], s.memory.merkleRoot()];
    const a = make(true, 0x4000, 1);
    const b = make(true, 0x9000, 1000);
    for (const budget of [7, 50, total]) {
      a.vm.run(Math.min(budget, total - a.s.step));
      b.vm.run(Math.min(budget + 3, total - b.s.step));
    }
    const refA = make(false, 0x4000, 1);
    refA.vm.run(total);
    const refB = make(false, 0x9000, 1000);
    refB.vm.run(total);
    expect(u(a.s, 5)).toBe(1 + (40 * 41) / 2);
    expect(view(a.s)).toEqual(view(refA.s));
    expect(view(b.s)).toEqual(view(refB.s));
  });
});

describe('translated straight-line code against the interpreter (random programs)', () => {
  // ALU, hi/lo and load/store instructions over a few registers (r4 = base of a data page,
  // never written), closed by a branch back to the start so the block is translated as a loop.
  const regs = [1, 2, 3, 5, 6, 7, 8];
  const reg = fc.constantFrom(...regs);
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
    Op.SB,
    Op.SH,
    Op.SW,
    Op.SWL,
    Op.SWR,
  );
  const insn = fc.oneof(
    fc.tuple(special, reg, reg, reg, fc.integer({ min: 0, max: 31 })).map(([f, a, b, d, sh]) => r(0, a, b, d, sh, f)),
    fc.tuple(immOp, reg, reg, fc.integer({ min: 0, max: 0xffff })).map(([op, a, b, imm]) => i(op, a, b, imm)),
    fc
      .tuple(fc.constantFrom(Fn2.MUL, Fn2.CLZ, Fn2.CLO), reg, reg, reg)
      .map(([f, a, b, d]) => r(Op.SPECIAL2, a, b, d, 0, f)),
    fc.tuple(memOp, reg, fc.integer({ min: -64, max: 64 })).map(([op, t, off]) => i(op, 4, t, off)),
  );
  it('ends in the same registers, hi/lo and memory', () => {
    fc.assert(
      fc.property(
        fc.array(insn, { maxLength: 2 }),
        fc.array(insn, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer(), { minLength: 7, maxLength: 7 }),
        (prefix, body, init) => {
          // With a straight run before it, the loop joins that run's function (jit-loop.ts).
          const code = [...prefix, ...body, i(Op.BEQ, 0, 0, -(body.length + 1)), 0];
          const runOnce = (jit: boolean) => {
            const s = new MipsState();
            for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
            for (let k = 0; k < 64; k++) s.memory.setWord(0x8000 - 128 + 4 * k, (k * 0x9e3779b1) >>> 0);
            Object.assign(s, { pc: 0x1000, nextPC: 0x1004, hi: 0x12345678, lo: 0x9abcdef0 });
            regs.forEach((x, k) => {
              s.registers[x] = init[k]!;
            });
            s.registers[4] = 0x8000;
            new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 }).run(2 * code.length);
            return [s.step, s.pc, s.hi, s.lo, [...s.registers], s.memory.merkleRoot()];
          };
          expect(runOnce(true)).toEqual(runOnce(false));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('loop nest with a straight run before its header and after its end', () => {
  // Prefix (0x1000..0x1004) and suffix (0x1028..0x1034, a branch out) join the nest's
  // function; every budget must stop exactly where the interpreter does.
  const code = [
    i(Op.ADDIU, 7, 7, 1), // 0x1000: entry
    i(Op.ADDIU, 0, 2, 2),
    i(Op.ADDIU, 0, 3, 3), // 0x1008: nest header
    i(Op.SW, 4, 3, 0x100), // 0x100c: inner head
    i(Op.ADDIU, 3, 3, -1),
    i(Op.BNE, 3, 0, -3),
    i(Op.ADDIU, 5, 5, 1), // delay slot
    i(Op.ADDIU, 2, 2, -1),
    i(Op.BNE, 2, 0, -7), // 0x1020: back to 0x1008
    i(Op.ADDIU, 6, 6, 7), // delay slot
    i(Op.ADDIU, 8, 8, 3), // 0x1028: suffix
    i(Op.SLTI, 7, 9, 3),
    i(Op.BEQ, 0, 0, 2), // 0x1030: out to 0x103c
    i(Op.ADDIU, 10, 10, 1), // delay slot
    i(Op.ADDIU, 11, 11, 1), // skipped
    SYSCALL, // 0x103c
  ];
  const view = (s: MipsState) => [s.step, s.pc, s.nextPC, [...s.registers], s.memory.merkleRoot()];
  const build = (jit: boolean) => {
    const s = new MipsState();
    for (let k = 0; k < code.length; k++) s.memory.setWord(0x1000 + 4 * k, code[k]!);
    Object.assign(s, { pc: 0x1000, nextPC: 0x1004 });
    s.registers[4] = 0x2000;
    return { s, vm: new MipsVM(s, new InMemoryOracle(), { jit, jitThreshold: 1 }) };
  };
  it('stops at every budget exactly where the interpreter does', () => {
    const ref = build(false);
    const states = [view(ref.s)];
    while (ref.s.pc !== 0x103c) {
      ref.vm.run(1);
      states.push(view(ref.s));
    }
    const total = states.length - 1;
    expect(total).toBe(2 + 2 * (1 + 3 * 4 + 3) + 4);
    for (const budget of [1, 2, 3, 5, 8, 13, total]) {
      const fast = build(true);
      while (fast.s.step < total) {
        fast.vm.run(Math.min(budget, total - fast.s.step));
        expect(view(fast.s)).toEqual(states[fast.s.step]);
      }
    }
  });
});
