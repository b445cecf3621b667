/**
 * cannon64 semantics the assembly programs cannot reach or pin down: the scheduler (the
 * traversal order 0,1,2,3,3,2,1,0 through forced preemption after exactly SCHED_QUANTUM steps,
 * an exited thread popped in a step of its own), exceptions (every encoding outside the spec's
 * set, branches in delay slots, division by zero, unaligned pc, pre-image reads past the end,
 * unsupported syscalls) leaving the pre-step state, 64-bit pc arithmetic, and the BigInt
 * reference for the 128-bit products and 64-bit divisions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MipsExecutionError } from '../errors.js';
import { InMemoryOracle } from '../oracle.js';
import { SCHED_QUANTUM } from './constants.js';
import { Mips64State, stateHash64 } from './state.js';
import { Thread64 } from './thread.js';
import { Fn2_64, Fn64, Mips64VM, Op64 } from './vm.js';

const r = (op: number, rs: number, rt: number, rd: number, sa: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const NOP = 0;
const SYSCALL = r(0, 0, 0, 0, 0, Fn64.SYSCALL);
const BEQ_SELF = i(Op64.BEQ, 0, 0, -1); // beq $0,$0,-1: loops on itself (with its nop delay slot)

function code(s: Mips64State, at: bigint, words: number[]): void {
  const b = new Uint8Array(4 * words.length);
  const dv = new DataView(b.buffer);
  for (let k = 0; k < words.length; k++) dv.setUint32(4 * k, words[k]!);
  s.memory.setRange(at, b);
}

function machine(words: number[], regs: Record<number, bigint> = {}, pc = 0x1000n) {
  const s = new Mips64State();
  const t = new Thread64(0n);
  t.pc = pc;
  t.nextPC = pc + 4n;
  for (const [k, v] of Object.entries(regs)) t.setReg(Number(k), v);
  s.left = [t];
  code(s, pc, words);
  const oracle = new InMemoryOracle();
  return { s, t, vm: new Mips64VM(s, oracle), oracle };
}

describe('scheduler', () => {
  it('runs threads 0,1,2,3,3,2,1,0,0,… with a preemption step after every SCHED_QUANTUM steps', () => {
    const s = new Mips64State();
    code(s, 0x1000n, [BEQ_SELF, NOP]);
    s.left = [0n, 1n, 2n, 3n].map((id) => {
      const t = new Thread64(id);
      t.pc = 0x1000n;
      t.nextPC = 0x1004n;
      return t;
    });
    s.left.reverse(); // thread 0 on top: active first
    s.nextThreadId = 4n;
    const vm = new Mips64VM(s, new InMemoryOracle());
    const order: bigint[] = [];
    for (let k = 0; k < 10; k++) {
      order.push(s.current.id);
      expect(s.stepsSinceLastContextSwitch).toBe(0);
      vm.run(SCHED_QUANTUM);
      expect(s.stepsSinceLastContextSwitch).toBe(SCHED_QUANTUM);
      expect(s.current.id).toBe(order[k]); // not yet preempted
      const before = s.step;
      vm.run(1); // the preemption itself is a step
      expect(s.step).toBe(before + 1);
    }
    expect(order).toEqual([0n, 1n, 2n, 3n, 3n, 2n, 1n, 0n, 0n, 1n]);
  });

  it('pops an exited thread in a step of its own; the last thread exiting ends the program', () => {
    const { s, vm } = machine([NOP]);
    const done = new Thread64(5n);
    done.exited = true;
    s.left.push(done);
    const h = stateHash64(s);
    vm.run(1);
    expect(s.step).toBe(1);
    expect(s.left.map((t) => t.id)).toEqual([0n]);
    expect(s.current.pc).toBe(0x1000n);
    expect(stateHash64(s)).not.toEqual(h);
    const exit = machine([i(Op64.ADDIU, 0, 2, 5058), i(Op64.ADDIU, 0, 4, 7), SYSCALL]);
    exit.vm.run(10);
    expect([exit.s.exited, exit.s.exitCode, exit.s.step]).toEqual([true, 7, 3]);
  });
});

describe('exceptions leave the pre-step state', () => {
  /** Every primary opcode / SPECIAL funct / SPECIAL2 funct outside the spec's set. */
  const VALID_OPS = new Set(Object.values(Op64).filter((v) => typeof v === 'number') as number[]);
  const VALID_FN = new Set(Object.values(Fn64).filter((v) => typeof v === 'number') as number[]);
  const VALID_FN2 = new Set(Object.values(Fn2_64).filter((v) => typeof v === 'number') as number[]);
  const invalid = [
    ...Array.from({ length: 64 }, (_, op) => op)
      .filter((op) => !VALID_OPS.has(op))
      .map((op) => i(op, 0, 0, 0)),
    ...Array.from({ length: 64 }, (_, fn) => fn)
      .filter((fn) => !VALID_FN.has(fn))
      .map((fn) => r(0, 0, 0, 0, 0, fn)),
    ...Array.from({ length: 64 }, (_, fn) => fn)
      .filter((fn) => !VALID_FN2.has(fn))
      .map((fn) => r(Op64.SPECIAL2, 0, 0, 0, 0, fn)),
  ];

  it('has the invalid set of the reference: 22 opcodes, 17 SPECIAL and 59 SPECIAL2 functs', () => {
    expect(invalid.length).toBe(22 + 17 + 59);
    // break, the FPU, SPECIAL3 (ext/ins) and the trap functs are among them.
    for (const w of [r(0, 0, 0, 0, 0, 0x0d), i(0x11, 0, 0, 0), i(0x1f, 0, 0, 0), r(0, 0, 0, 0, 0, 0x34)])
      expect(invalid).toContain(w);
  });

  it.each(invalid.map((w) => [w.toString(16).padStart(8, '0'), w]))('0x%s is an invalid instruction', (_hex, w) => {
    const { s, vm } = machine([NOP, w as number]);
    vm.run(1);
    const h = stateHash64(s);
    expect(() => vm.run(1)).toThrow(MipsExecutionError);
    expect(stateHash64(s)).toEqual(h);
    expect(() => vm.run(1)).toThrow(/invalid instruction at pc 0x00001004 .*step 1\)/);
  });

  it('valid encodings of every opcode and funct in the set do not raise invalid instruction', () => {
    for (const op of VALID_OPS) {
      if (op === Op64.SPECIAL || op === Op64.SPECIAL2) continue;
      const { vm } = machine([i(op, 0, 1, 0x10), NOP, NOP], { 0: 0n });
      expect(() => vm.run(1), `op ${op}`).not.toThrow();
    }
    for (const fn of VALID_FN) {
      if (fn === Fn64.SYSCALL) continue;
      const { vm } = machine([r(0, 1, 2, 3, 1, fn), NOP], { 2: 1n });
      expect(() => vm.run(1), `fn ${fn}`).not.toThrow();
    }
    for (const fn of VALID_FN2) expect(() => machine([r(Op64.SPECIAL2, 1, 2, 3, 0, fn)]).vm.run(1)).not.toThrow();
  });

  it('branches and jumps in a delay slot, division by zero, unaligned pc', () => {
    for (const second of [BEQ_SELF, i(Op64.J, 0, 0, 0), r(0, 0, 0, 0, 0, Fn64.JR), i(Op64.REGIMM, 0, 0x11, 4)]) {
      const { s, vm } = machine([i(Op64.BEQ, 0, 0, 8), second]);
      vm.run(1);
      expect(() => vm.run(1)).toThrow(/(branch|jump) in delay slot at pc 0x00001004/);
      expect(s.step).toBe(1);
    }
    for (const fn of [Fn64.DIV, Fn64.DIVU, Fn64.DDIV, Fn64.DDIVU])
      expect(() => machine([r(0, 1, 2, 0, 0, fn)], { 1: 7n, 2: 0n }).vm.run(1)).toThrow(/division by zero/);
    // div/divu look at the low word only; ddiv/ddivu at all 64 bits.
    expect(() => machine([r(0, 1, 2, 0, 0, Fn64.DIV)], { 1: 7n, 2: 1n << 32n }).vm.run(1)).toThrow(/division by zero/);
    expect(() => machine([r(0, 1, 2, 0, 0, Fn64.DDIV)], { 1: 7n, 2: 1n << 32n }).vm.run(1)).not.toThrow();
    const { vm } = machine([r(0, 1, 0, 0, 0, Fn64.JR), NOP], { 1: 0x1002n });
    vm.run(2);
    expect(() => vm.run(1)).toThrow(/unaligned instruction fetch at pc 0x00001002/);
  });

  it('a pre-image read at the end of the pre-image, and unsupported syscalls, are exceptions', () => {
    const { s, vm, oracle } = machine([SYSCALL], { 2: 5000n, 4: 5n, 5: 0x2000n, 6: 8n });
    s.preimageKey = oracle.putKeccak(Uint8Array.of(1, 2, 3));
    s.preimageOffset = 11n; // u64 length prefix (8) + 3 bytes: the end
    expect(() => vm.run(1)).toThrow(/pre-image offset 11 out of bounds \(length 11\) at pc 0x00001000 .*step 0\)/);
    expect([s.step, s.stepsSinceLastContextSwitch, s.current.pc]).toEqual([0, 0, 0x1000n]);
    for (const nr of [4004n, 5999n, 5006n, (1n << 32n) | 5000n])
      expect(() => machine([SYSCALL], { 2: nr }).vm.run(1)).toThrow(`unsupported syscall ${nr}`);
  });
});

describe('64-bit details', () => {
  it('pc and link values carry across 2^32; jr takes all 64 bits', () => {
    const hiPc = 0x0000_0001_ffff_fff8n;
    const { s, t, vm } = machine([i(Op64.REGIMM, 0, 0x11, 1), NOP, NOP, NOP], {}, hiPc);
    vm.run(2);
    expect(t.reg(31)).toBe(0x0000_0002_0000_0000n);
    expect(t.pc).toBe(0x0000_0002_0000_0000n);
    expect(t.nextPC).toBe(0x0000_0002_0000_0004n);
    expect(s.step).toBe(2);
    const j = machine([r(0, 1, 0, 0, 0, Fn64.JR), NOP], { 1: 0xffff_ffff_0000_1000n });
    j.vm.run(2);
    expect(j.t.pc).toBe(0xffff_ffff_0000_1000n);
  });

  it('dmult/dmultu/ddiv/ddivu equal BigInt arithmetic (ddiv −2^63 / −1 wraps)', () => {
    const M = (1n << 64n) - 1n;
    const signed = (v: bigint) => BigInt.asIntN(64, v);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: M }), fc.bigInt({ min: 1n, max: M }), (a, b) => {
        for (const fn of [Fn64.DMULT, Fn64.DMULTU, Fn64.DDIV, Fn64.DDIVU]) {
          const { t, vm } = machine([r(0, 1, 2, 0, 0, fn)], { 1: a, 2: b });
          vm.run(1);
          let hi: bigint;
          let lo: bigint;
          if (fn === Fn64.DMULT || fn === Fn64.DMULTU) {
            const p = fn === Fn64.DMULT ? signed(a) * signed(b) : a * b;
            hi = (p >> 64n) & M;
            lo = p & M;
          } else {
            const [x, y] = fn === Fn64.DDIV ? [signed(a), signed(b)] : [a, b];
            hi = (x % y) & M;
            lo = (x / y) & M;
          }
          expect([t.hi, t.lo]).toEqual([hi, lo]);
        }
      }),
      { numRuns: 100 },
    );
    const edge = [0n, 1n, M, 1n << 63n, (1n << 63n) - 1n, 0xffff_ffffn, 1n << 32n, 0xffff_ffff_0000_0000n];
    for (const a of edge)
      for (const b of edge)
        for (const fn of [Fn64.DMULT, Fn64.DMULTU]) {
          const m = machine([r(0, 1, 2, 0, 0, fn)], { 1: a, 2: b });
          m.vm.run(1);
          const p = fn === Fn64.DMULT ? signed(a) * signed(b) : a * b;
          expect([m.t.hi, m.t.lo], `${fn} ${a} ${b}`).toEqual([(p >> 64n) & M, p & M]);
        }
    const { t, vm } = machine([r(0, 1, 2, 0, 0, Fn64.DDIV)], { 1: 1n << 63n, 2: M });
    vm.run(1);
    expect([t.lo, t.hi]).toEqual([1n << 63n, 0n]);
  });
});
