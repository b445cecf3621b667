/**
 * The cannon64 witness, thread encoding and hash onions against the field lists of the spec
 * ("FPVM State", "Thread State", "Thread Stack Hashing"): every field at the offset the spec's
 * order and sizes give, checked byte by byte on a state whose fields all differ.
 */

import { bytesToHex } from '@faultline/primitives';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { THREAD64_SIZE, WITNESS64_SIZE } from './constants.js';
import {
  decodeWitness64,
  encodeThreadProof,
  encodeWitness64,
  Mips64State,
  stateHash64,
  witnessHash64,
} from './state.js';
import { decodeThread, EMPTY_THREADS_ROOT, encodeThread, Thread64, threadStackRoot } from './thread.js';

const k = (...parts: Uint8Array[]) => keccak_256(new Uint8Array(parts.flatMap((p) => [...p])));
const be = (v: bigint, n: number) => {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};

function thread(id: bigint, seed: number): Thread64 {
  const t = new Thread64(id);
  t.exitCode = seed & 0xff;
  t.pc = 0x1000n + BigInt(seed);
  t.nextPC = 0x1004n + BigInt(seed);
  t.lo = 0xaaaa_0000_0000_0000n + BigInt(seed);
  t.hi = 0xbbbb_0000_0000_0000n + BigInt(seed);
  for (let r = 0; r < 32; r++) t.setReg(r, (BigInt(r) << 56n) | BigInt(seed));
  return t;
}

function sample(): Mips64State {
  const s = new Mips64State();
  s.memory.setDoubleword(0x10000n, 0x0102030405060708n);
  s.preimageKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  s.preimageOffset = 0x1111_2222_3333_4444n;
  s.heap = 0x0000_1000_0000_8000n;
  s.llStatus = 2;
  s.llAddress = 0x5555_6666_7777_8888n;
  s.llOwnerThread = 3n;
  s.exitCode = 0x42;
  s.exited = false;
  s.step = 123_456_789;
  s.stepsSinceLastContextSwitch = 99_999;
  s.traverseRight = true;
  s.left = [thread(0n, 1), thread(2n, 2)];
  s.right = [thread(1n, 3)];
  s.nextThreadId = 4n;
  return s;
}

describe('cannon64 thread', () => {
  it('encodes to 298 bytes in spec order (id, exitCode, exited, pc, nextPC, lo, hi, registers) and back', () => {
    const t = thread(7n, 9);
    t.exited = true;
    const b = encodeThread(t);
    expect(b.length).toBe(THREAD64_SIZE);
    expect(b.subarray(0, 8)).toEqual(be(7n, 8));
    expect(b[8]).toBe(9);
    expect(b[9]).toBe(1);
    expect(b.subarray(10, 18)).toEqual(be(0x1009n, 8));
    expect(b.subarray(18, 26)).toEqual(be(0x100dn, 8));
    expect(b.subarray(26, 34)).toEqual(be(0xaaaa_0000_0000_0009n, 8));
    expect(b.subarray(34, 42)).toEqual(be(0xbbbb_0000_0000_0009n, 8));
    for (let r = 0; r < 32; r++) expect(b.subarray(42 + 8 * r, 50 + 8 * r)).toEqual(be((BigInt(r) << 56n) | 9n, 8));
    expect(encodeThread(decodeThread(b))).toEqual(b);
    const bad = b.slice();
    bad[9] = 2;
    expect(() => decodeThread(bad)).toThrow(/exited flag must be 0 or 1, got 2/);
  });

  it('stack roots are hash onions: empty = keccak(0^64), push = keccak(root ++ keccak(thread))', () => {
    expect(EMPTY_THREADS_ROOT).toEqual(k(new Uint8Array(64)));
    const a = thread(0n, 1);
    const b = thread(1n, 2);
    const c1 = k(EMPTY_THREADS_ROOT, k(encodeThread(a)));
    expect(threadStackRoot([a])).toEqual(c1);
    expect(threadStackRoot([a, b])).toEqual(k(c1, k(encodeThread(b))));
  });
});

describe('cannon64 witness', () => {
  it('is 188 bytes with every field at its spec offset', () => {
    const s = sample();
    const w = encodeWitness64(s);
    expect(w.length).toBe(WITNESS64_SIZE);
    expect(w.subarray(0, 32)).toEqual(s.memory.merkleRoot());
    expect(w.subarray(32, 64)).toEqual(s.preimageKey);
    expect(w.subarray(64, 72)).toEqual(be(0x1111_2222_3333_4444n, 8));
    expect(w.subarray(72, 80)).toEqual(be(0x0000_1000_0000_8000n, 8));
    expect(w[80]).toBe(2);
    expect(w.subarray(81, 89)).toEqual(be(0x5555_6666_7777_8888n, 8));
    expect(w.subarray(89, 97)).toEqual(be(3n, 8));
    expect(w[97]).toBe(0x42);
    expect(w[98]).toBe(0);
    expect(w.subarray(99, 107)).toEqual(be(123_456_789n, 8));
    expect(w.subarray(107, 115)).toEqual(be(99_999n, 8));
    expect(w[115]).toBe(1);
    expect(w.subarray(116, 148)).toEqual(threadStackRoot(s.left));
    expect(w.subarray(148, 180)).toEqual(threadStackRoot(s.right));
    expect(w.subarray(180, 188)).toEqual(be(4n, 8));
    const d = decodeWitness64(w);
    expect([d.step, d.llStatus, d.traverseRight, d.nextThreadId]).toEqual([123_456_789n, 2, true, 4n]);
  });

  it('the state hash is keccak(witness) with byte 0 = VM status (3 unfinished, 0/1/2 for exit 0/1/other)', () => {
    const s = sample();
    const h = stateHash64(s);
    expect(h.subarray(1)).toEqual(k(encodeWitness64(s)).subarray(1));
    expect(h[0]).toBe(3);
    s.exited = true;
    for (const [code, status] of [
      [0, 0],
      [1, 1],
      [2, 2],
      [255, 2],
    ] as const) {
      s.exitCode = code;
      expect(stateHash64(s)[0]).toBe(status);
    }
    const w = encodeWitness64(s);
    w[98] = 2;
    expect(() => decodeWitness64(w)).toThrow(/exited must be 0 or 1, got 2/);
    expect(() => witnessHash64(new Uint8Array(187))).toThrow(/expected 188 bytes, got 187/);
  });

  it('the thread proof is the active thread and the root of its stack below it', () => {
    const s = sample();
    const p = encodeThreadProof(s);
    expect(p.subarray(0, 298)).toEqual(encodeThread(s.right[0]!));
    expect(p.subarray(298)).toEqual(EMPTY_THREADS_ROOT);
    s.traverseRight = false;
    const q = encodeThreadProof(s);
    expect(q.subarray(0, 298)).toEqual(encodeThread(s.left[1]!));
    expect(bytesToHex(q.subarray(298))).toBe(bytesToHex(threadStackRoot([s.left[0]!])));
  });
});
