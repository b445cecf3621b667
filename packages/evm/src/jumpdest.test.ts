import { describe, expect, it } from 'vitest';
import { analyzeCode, analyzeJumpdests, JumpdestCache, pushImmediate } from './jumpdest.js';

describe('analyzeJumpdests', () => {
  it('marks JUMPDEST opcodes but not PUSH immediates', () => {
    // PUSH1 0x5b, JUMPDEST, PUSH2 0x5b5b, JUMPDEST
    const code = Uint8Array.of(0x60, 0x5b, 0x5b, 0x61, 0x5b, 0x5b, 0x5b);
    expect([...analyzeJumpdests(code)]).toEqual([0, 0, 1, 0, 0, 0, 1]);
  });
  it('treats a truncated PUSH at the end as data to the end', () => {
    const code = Uint8Array.of(0x5b, 0x7f, 0x5b, 0x5b);
    expect([...analyzeJumpdests(code)]).toEqual([1, 0, 0, 0]);
  });
  it('caches by code hash key', () => {
    const cache = new JumpdestCache();
    const a = cache.get('k', Uint8Array.of(0x5b)).jumpdests;
    expect(cache.get('k', Uint8Array.of(0x00)).jumpdests).toBe(a);
    expect(cache.get(undefined, Uint8Array.of(0x00)).jumpdests).not.toBe(a);
  });
  it('starts over once the cached code exceeds its byte budget', () => {
    const cache = new JumpdestCache(100, 4);
    const a = cache.get('a', Uint8Array.of(0x5b, 0x5b, 0x5b));
    expect(cache.get('a', Uint8Array.of(0x5b, 0x5b, 0x5b))).toBe(a);
    cache.get('b', Uint8Array.of(0x5b, 0x5b)); // 3 + 2 bytes > 4: cleared before 'b' goes in
    expect(cache.get('a', Uint8Array.of(0x5b, 0x5b, 0x5b))).not.toBe(a);
  });
  it('decodes PUSH immediates once, zero-padding a truncated one', () => {
    const a = analyzeCode(Uint8Array.of(0x61, 0x12, 0x34, 0x62, 0xab));
    expect(pushImmediate(a, 0)).toBe(0x1234);
    expect(pushImmediate(a, 3)).toBe(0xab0000);
  });
  it('keeps immediates as canonical words: numbers below 2^32, bigints from 2^32', () => {
    const a = analyzeCode(Uint8Array.of(0x63, 0xff, 0xff, 0xff, 0xff, 0x64, 0x01, 0, 0, 0, 0, 0x64, 0, 0, 0, 0, 1));
    expect(pushImmediate(a, 0)).toBe(0xffffffff);
    expect(pushImmediate(a, 5)).toBe(0x100000000n);
    // Leading zero bytes do not make a value big.
    expect(pushImmediate(a, 11)).toBe(1);
  });
  it('decodes PUSH6 (the widest exact in a double) and PUSH7 alike', () => {
    const a = analyzeCode(Uint8Array.of(0x65, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x66, 1, 0, 0, 0, 0, 0, 2));
    expect(pushImmediate(a, 0)).toBe(0xffffffffffffn);
    expect(pushImmediate(a, 7)).toBe(0x01000000000002n);
  });
  it('keeps every PUSH of a full-size contract of back-to-back PUSH1s apart', () => {
    // 12,288 PUSH1s (24 KiB, the EIP-170 limit), two bytes apart: the closest PUSHes can be.
    const code = new Uint8Array(24576);
    for (let pc = 0; pc < code.length; pc += 2) code.set([0x60, (pc >>> 1) & 0xff], pc);
    const a = analyzeCode(code);
    for (let pc = 0; pc < code.length; pc += 2) expect(pushImmediate(a, pc)).toBe((pc >>> 1) & 0xff);
  });
});
