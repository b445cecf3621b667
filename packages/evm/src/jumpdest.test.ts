import { describe, expect, it } from 'vitest';
import { analyzeJumpdests, JumpdestCache } from './jumpdest.js';

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
    const a = cache.get('k', Uint8Array.of(0x5b));
    expect(cache.get('k', Uint8Array.of(0x00))).toBe(a);
    expect(cache.get(undefined, Uint8Array.of(0x00))).not.toBe(a);
  });
});
