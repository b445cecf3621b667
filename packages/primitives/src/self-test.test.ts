import { describe, expect, it } from 'vitest';
import { runSelfTest } from './self-test.js';

describe('runSelfTest', () => {
  it('passes under Node (V8 BigInt, WASM keccak, noble sha-256 and recovery)', () => {
    expect(runSelfTest()).toEqual([]);
  });

  it('reports a broken engine primitive by name', () => {
    const original = BigInt.prototype.toString;
    // The QuickJS 2025-04-26 symptom: a leading 0 on power-of-two radices.
    BigInt.prototype.toString = function (this: bigint, radix?: number) {
      const text = original.call(this, radix);
      return radix === 16 && this >= 1n << 255n ? `0${text}` : text;
    };
    try {
      const problems = runSelfTest();
      expect(problems.some((p) => p.startsWith('BigInt 2^255 toString(16)'))).toBe(true);
    } finally {
      BigInt.prototype.toString = original;
    }
  });
});
