import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeWitness, MipsState } from './state.js';
import { decodeStateBinary, encodeStateBinary } from './state-binary.js';
import { decodeStateBytes } from './state-file.js';
import { decodeStateJson, encodeStateJson } from './state-json.js';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const arbState = fc
  .record({
    words: fc.array(fc.tuple(fc.integer({ min: 0, max: 0x3fffffff }), fc.integer({ min: 0, max: 0xffffffff })), {
      maxLength: 8,
    }),
    regs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 32, maxLength: 32 }),
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    scalars: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 6, maxLength: 6 }),
    exit: fc.integer({ min: 0, max: 255 }),
    exited: fc.boolean(),
    step: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    hint: fc.uint8Array({ maxLength: 9 }),
  })
  .map((r) => {
    const s = new MipsState();
    for (const [a, v] of r.words) s.memory.setWord((a * 4) >>> 0, v);
    r.regs.forEach((v, i) => {
      s.registers[i] = v | 0;
    });
    s.preimageKey = r.key;
    [s.preimageOffset, s.pc, s.nextPC, s.lo, s.hi, s.heap] = r.scalars;
    s.exitCode = r.exit;
    s.exited = r.exited;
    s.step = r.step;
    s.lastHint = r.hint;
    return s;
  });

describe('state files', () => {
  it('JSON and binary round-trip every field (witness + lastHint + pages)', () => {
    fc.assert(
      fc.property(arbState, (s) => {
        const json = new TextEncoder().encode([...encodeStateJson(s)].join(''));
        const bin = concat([...encodeStateBinary(s)]);
        for (const t of [
          decodeStateJson(json),
          decodeStateBinary(bin),
          decodeStateBytes(json),
          decodeStateBytes(bin),
        ]) {
          expect(encodeWitness(t)).toEqual(encodeWitness(s));
          expect(t.lastHint).toEqual(s.lastHint);
          expect(t.memory.pageIndices()).toEqual(s.memory.pageIndices());
        }
      }),
      { numRuns: 25 },
    );
  });

  it('rejects malformed input with typed errors', () => {
    expect(() => decodeStateJson(new TextEncoder().encode('{"pc": -1}'))).toThrow(/pc: expected a uint32/);
    expect(() => decodeStateBinary(Uint8Array.of(0, 0, 0, 0, 1))).toThrow(/truncated in page 0/);
    expect(() => decodeStateBinary(Uint8Array.of(3, 0, 0, 0, 0))).toThrow(/unsupported state version 3/);
  });
});
