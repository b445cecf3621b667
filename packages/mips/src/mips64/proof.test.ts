/**
 * The cannon64 step verifier on the cases MIPS64.sol distinguishes: a thread proof for a thread
 * that is not the active one, malformed lengths, exited states, an empty active stack, tampered
 * memory proofs, the two-proof clock_gettime (both doublewords in one leaf, and across leaves),
 * steps that fetch no instruction (preemption), and the pre-image part of a read.
 */
import { describe, expect, it } from 'vitest';
import { ProofError } from '../errors.js';
import { InMemoryOracle } from '../oracle.js';
import { MEM64_PROOF_SIZE, SCHED_QUANTUM, STEP_PROOF64_SIZE, THREAD_PROOF_SIZE } from './constants.js';
import { checkStepProof64, proveStep64, verifyStep64 } from './proof.js';
import { encodeWitness64, Mips64State, stateHash64 } from './state.js';
import { encodeThread, Thread64, threadStackRoot } from './thread.js';
import { Fn64, Mips64VM, Op64 } from './vm.js';

const r = (op: number, rs: number, rt: number, rd: number, sa: number, fn: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn) >>> 0;
const i = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const SYSCALL = r(0, 0, 0, 0, 0, Fn64.SYSCALL);

function machine(words: number[], regs: Record<number, bigint> = {}, threads = 1) {
  const s = new Mips64State();
  const b = new Uint8Array(4 * words.length);
  const dv = new DataView(b.buffer);
  for (let k = 0; k < words.length; k++) dv.setUint32(4 * k, words[k]!);
  s.memory.setRange(0x1000n, b);
  s.left = Array.from({ length: threads }, (_, k) => {
    const t = new Thread64(BigInt(threads - 1 - k));
    t.pc = 0x1000n;
    t.nextPC = 0x1004n;
    for (const [reg, v] of Object.entries(regs)) t.setReg(Number(reg), v);
    return t;
  });
  s.nextThreadId = BigInt(threads);
  const oracle = new InMemoryOracle();
  return { s, vm: new Mips64VM(s, oracle), oracle };
}

describe('verifyStep64', () => {
  it('refuses a thread proof for a thread that is not the active one', () => {
    const { vm, s } = machine([i(Op64.DADDIU, 0, 1, 1)], {}, 2);
    const p = proveStep64(vm);
    expect(checkStepProof64(p).ok).toBe(true);
    // The other thread, with the right inner root for it, still is not on top of the stack.
    const other = s.left[0]!;
    const forged = p.proofData.slice();
    forged.set(encodeThread(other), 0);
    forged.set(threadStackRoot([]), THREAD_PROOF_SIZE - 32);
    expect(() => verifyStep64(p.stateData, forged)).toThrow(ProofError);
    expect(() => verifyStep64(p.stateData, forged)).toThrow(
      /thread proof \(thread 1\) is not the active thread of the state/,
    );
    const tampered = p.proofData.slice();
    tampered[50] ^= 1; // a register of the active thread
    expect(() => verifyStep64(p.stateData, tampered)).toThrow(/is not the active thread/);
  });

  it('refuses wrong lengths; an exited state is its own post-state; an empty active stack is refused', () => {
    const { vm, s } = machine([i(Op64.DADDIU, 0, 1, 1)]);
    const p = proveStep64(vm);
    expect(() => verifyStep64(p.stateData.subarray(1), p.proofData)).toThrow('state-data: expected 188 bytes, got 187');
    expect(() => verifyStep64(p.stateData, p.proofData.subarray(1))).toThrow(
      `proof-data: expected ${STEP_PROOF64_SIZE} bytes, got ${STEP_PROOF64_SIZE - 1}`,
    );
    s.exited = true;
    s.exitCode = 1;
    const w = encodeWitness64(s);
    expect(verifyStep64(w, new Uint8Array(0))).toEqual(stateHash64(s));
    const empty = new Mips64State();
    empty.right = [new Thread64(0n)]; // active stack is the left one, empty
    expect(() => verifyStep64(encodeWitness64(empty), p.proofData)).toThrow(
      'state-data: the active thread stack is empty',
    );
  });

  it('refuses tampered instruction and memory proofs', () => {
    const { vm, s } = machine([i(Op64.LD, 0, 1, 0x2000)]);
    s.memory.setDoubleword(0x2000n, 0x1122334455667788n);
    const p = proveStep64(vm);
    expect(checkStepProof64(p).ok).toBe(true);
    const badInsn = p.proofData.slice();
    badInsn[THREAD_PROOF_SIZE + 3] ^= 1;
    expect(() => verifyStep64(p.stateData, badInsn)).toThrow(/instruction proof for pc 0x1000 does not verify/);
    const badMem = p.proofData.slice();
    badMem[THREAD_PROOF_SIZE + MEM64_PROOF_SIZE + 7] ^= 1;
    expect(() => verifyStep64(p.stateData, badMem)).toThrow(/memory proof for 0x2000 does not verify/);
  });

  it.each([
    ['in one leaf', 0x3000n],
    ['across two leaves', 0x3018n],
  ])(
    'clock_gettime writes two doublewords %s: the second proof is checked against the root after the first',
    (_w, addr) => {
      const { vm, s } = machine([SYSCALL], { 2: 5222n, 4: 1n, 5: addr });
      s.step = 12_345_678;
      s.memory.setDoubleword(addr - 8n, 0xeeeeeeeeeeeeeeeen);
      s.memory.setDoubleword(addr + 16n, 0xddddddddddddddddn);
      const p = proveStep64(vm);
      expect(s.memory.getDoubleword(addr)).toBe(1n); // 12,345,679 steps at 10^7 per second
      expect(s.memory.getDoubleword(addr + 8n)).toBe(234_567_900n);
      const r2 = checkStepProof64(p);
      expect(r2.reason).toBeUndefined();
      const bad = p.proofData.slice();
      bad[THREAD_PROOF_SIZE + 2 * MEM64_PROOF_SIZE + 40] ^= 1; // a sibling of the second proof
      expect(() => verifyStep64(p.stateData, bad)).toThrow(/second memory proof for 0x[0-9a-f]+ does not verify/);
    },
  );

  it('a preemption step fetches no instruction, so its instruction proof is not looked at', () => {
    const { vm, s } = machine([i(Op64.BEQ, 0, 0, -1), 0], {}, 2);
    s.stepsSinceLastContextSwitch = SCHED_QUANTUM;
    const p = proveStep64(vm);
    expect(s.stepsSinceLastContextSwitch).toBe(0);
    const noInsn = p.proofData.slice();
    noInsn.fill(0, THREAD_PROOF_SIZE, THREAD_PROOF_SIZE + MEM64_PROOF_SIZE);
    expect(verifyStep64(p.stateData, noInsn)).toEqual(p.post);
  });

  it('a pre-image read needs the part it reads, at the state offset', () => {
    const { vm, s, oracle } = machine([SYSCALL], { 2: 5000n, 4: 5n, 5: 0x2000n, 6: 8n });
    s.preimageKey = oracle.putKeccak(new TextEncoder().encode('hello world'));
    s.preimageOffset = 8n;
    const p = proveStep64(vm);
    expect(p.oracleOffset).toBe(8);
    expect(checkStepProof64(p).ok).toBe(true);
    expect(() => verifyStep64(p.stateData, p.proofData)).toThrow(
      /the step reads a pre-image but the proof carries none/,
    );
    expect(() =>
      verifyStep64(p.stateData, p.proofData, { key: p.oracleKey!, value: p.oracleValue!, offset: 0 }),
    ).toThrow(/oracle offset 0 but the state reads at 8/);
    const value = p.oracleValue!.slice();
    value[10] ^= 1;
    expect(() => verifyStep64(p.stateData, p.proofData, { key: p.oracleKey!, value })).toThrow(
      /oracle value does not hash to its key/,
    );
  });
});
