/**
 * Binary multithreaded states: random states round-trip to the byte; every malformed input is
 * a typed error naming what is wrong (truncated thread stacks, booleans other than 0/1, counts
 * beyond the data, duplicate or out-of-range pages, trailing bytes, unknown versions) and never a
 * RangeError or an allocation sized by the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateFormatError, StateVersionError } from '../errors.js';
import { decodeAnyStateBytes } from '../state-file.js';
import { Mips64State } from './state.js';
import { decodeState64Binary, encodeState64Binary } from './state-binary.js';
import { Thread64 } from './thread.js';

const bin = (s: Mips64State) => new Uint8Array(Buffer.concat([...encodeState64Binary(s)]));
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

const arbThread = fc
  .record({
    id: u64,
    exit: fc.integer({ min: 0, max: 255 }),
    exited: fc.boolean(),
    regs: fc.array(u64, { minLength: 36, maxLength: 36 }),
  })
  .map((r) => {
    const t = new Thread64(r.id);
    t.exitCode = r.exit;
    t.exited = r.exited;
    [t.pc, t.nextPC, t.lo, t.hi] = r.regs;
    for (let i = 0; i < 32; i++) t.setReg(i, r.regs[4 + i]!);
    return t;
  });

const arbState = fc
  .record({
    words: fc.array(fc.tuple(u64, u64), { maxLength: 5 }),
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    scalars: fc.array(u64, { minLength: 5, maxLength: 5 }),
    ll: fc.integer({ min: 0, max: 255 }),
    exit: fc.integer({ min: 0, max: 255 }),
    exited: fc.boolean(),
    step: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    since: fc.integer({ min: 0, max: 200_000 }),
    right: fc.boolean(),
    left: fc.array(arbThread, { maxLength: 3 }),
    rightStack: fc.array(arbThread, { maxLength: 3 }),
    hint: fc.uint8Array({ maxLength: 9 }),
  })
  .map((r) => {
    const s = new Mips64State();
    for (const [a, v] of r.words) s.memory.setDoubleword(a & ~7n, v);
    s.preimageKey = r.key;
    [s.preimageOffset, s.heap, s.llAddress, s.llOwnerThread, s.nextThreadId] = r.scalars;
    s.llStatus = r.ll;
    s.exitCode = r.exit;
    s.exited = r.exited;
    s.step = r.step;
    s.stepsSinceLastContextSwitch = r.since;
    s.traverseRight = r.right;
    s.left = r.left;
    s.right = r.rightStack;
    s.lastHint = r.hint;
    return s;
  });

function sample(): Mips64State {
  const s = new Mips64State();
  s.memory.setDoubleword(0x1000n, 0x0102030405060708n);
  s.left = [new Thread64(0n), new Thread64(1n)];
  s.right = [new Thread64(2n)];
  s.nextThreadId = 3n;
  s.lastHint = Uint8Array.of(0, 0, 0, 9, 1);
  return s;
}
/** Offsets in `sample()`'s encoding: header 9, one page 4104, then 92 bytes of fields (exited at +66, step +67, traverseRight +83), the left count. */
const FIELDS = 9 + 4104;
const LEFT_COUNT = FIELDS + 92;

describe('binary multithreaded state', () => {
  it('random states round-trip to the byte', () => {
    fc.assert(
      fc.property(arbState, (s) => {
        const b = bin(s);
        expect(bin(decodeState64Binary(b))).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('the layout of version 8: u8 version, u64 page count, (u64 index, page), then the fields', () => {
    const b = bin(sample());
    expect(b[0]).toBe(8);
    expect(new DataView(b.buffer).getBigUint64(1)).toBe(1n);
    expect(new DataView(b.buffer).getBigUint64(9)).toBe(1n); // page index of 0x1000
    expect(new DataView(b.buffer).getBigUint64(LEFT_COUNT)).toBe(2n);
    expect(b.length).toBe(LEFT_COUNT + 8 + 2 * 298 + 8 + 298 + 4 + 5);
  });

  it('a thread stack count beyond the data is a truncated thread stack', () => {
    const b = bin(sample());
    const dv = new DataView(b.buffer);
    dv.setBigUint64(LEFT_COUNT, 5n);
    expect(() => decodeState64Binary(b)).toThrow(StateFormatError);
    expect(() => decodeState64Binary(b)).toThrow(/left thread stack says 5 entries of 298 bytes but only/);
    dv.setBigUint64(LEFT_COUNT, 1n << 62n);
    expect(() => decodeState64Binary(b)).toThrow(/left thread stack says 4611686018427387904 entries/);
    const cut = bin(sample()).subarray(0, LEFT_COUNT + 8 + 298 + 100);
    expect(() => decodeState64Binary(cut)).toThrow(
      /left thread stack says 2 entries of 298 bytes but only 398 bytes remain/,
    );
    const noRight = bin(sample()).subarray(0, LEFT_COUNT + 8 + 2 * 298 + 3);
    expect(() => decodeState64Binary(noRight)).toThrow(/truncated in right thread stack/);
  });

  it.each([
    ['exited', FIELDS + 66, /exited must be 0 or 1, got 2/],
    ['traverseRight', FIELDS + 83, /traverseRight must be 0 or 1, got 2/],
    ['a thread exited', LEFT_COUNT + 8 + 9, /left thread 0 exited must be 0 or 1, got 2/],
  ])('%s other than 0/1 is refused', (_what, offset, message) => {
    const b = bin(sample());
    b[offset] = 2;
    expect(() => decodeState64Binary(b)).toThrow(message);
  });

  it('refuses duplicate and out-of-range pages, trailing bytes and steps beyond 2^53', () => {
    const s = sample();
    const b = bin(s);
    const two = new Uint8Array(b.length + 4104);
    two.set(b.subarray(0, 9 + 4104), 0);
    two.set(b.subarray(9, 9 + 4104), 9 + 4104);
    two.set(b.subarray(9 + 4104), 9 + 2 * 4104);
    new DataView(two.buffer).setBigUint64(1, 2n);
    expect(() => decodeState64Binary(two)).toThrow(/duplicate page index 1/);
    const far = b.slice();
    new DataView(far.buffer).setBigUint64(9, 1n << 52n);
    expect(() => decodeState64Binary(far)).toThrow(/page index 4503599627370496 out of range/);
    expect(() => decodeState64Binary(new Uint8Array([...b, 0]))).toThrow(/1 trailing bytes/);
    const big = b.slice();
    new DataView(big.buffer).setBigUint64(FIELDS + 67, 1n << 60n);
    expect(() => decodeState64Binary(big)).toThrow(/step 1152921504606846976 is beyond 2\^53/);
    expect(() => decodeState64Binary(b.subarray(0, 20))).toThrow(
      /page count says 1 entries of 4104 bytes but only 11 bytes remain/,
    );
    const noPages = new Uint8Array(20);
    noPages[0] = 8;
    expect(() => decodeState64Binary(noPages)).toThrow(/truncated in preimageKey/);
  });

  it('unknown version bytes are a StateVersionError; 3–8 are multithreaded, 0 and 2 MIPS32', () => {
    const b = bin(sample());
    for (const v of [1, 9, 255]) {
      b[0] = v;
      expect(() => decodeAnyStateBytes(b)).toThrow(StateVersionError);
      expect(() => decodeAnyStateBytes(b)).toThrow(`state: unknown state version ${v}`);
    }
    b[0] = 8;
    expect(decodeAnyStateBytes(b)).toBeInstanceOf(Mips64State);
    expect(() => decodeState64Binary(Uint8Array.of(2))).toThrow(/version 2 is not a multithreaded state version/);
  });

  it('a verifier state (a stack with unknown threads below) has no file form', () => {
    const s = sample();
    s.leftBase = new Uint8Array(32).fill(1);
    expect(() => bin(s)).toThrow(/has no file form/);
  });
});
