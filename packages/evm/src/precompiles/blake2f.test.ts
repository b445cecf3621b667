import { blake2b } from '@noble/hashes/blake2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blake2bRoundsWasm } from './blake2b-wasm.js';
import { BLAKE2F_INPUT_LENGTH, blake2bCompress, blake2bRoundsJs, blake2f } from './blake2f.js';

// BLAKE2b-512 IV (RFC 7693 §2.6) as little-endian bytes of the eight 64-bit words.
const IV_WORDS = [
  0x6a09e667f3bcc908n,
  0xbb67ae8584caa73bn,
  0x3c6ef372fe94f82bn,
  0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n,
  0x9b05688c2b3e6c1fn,
  0x1f83d9abfb41bd6bn,
  0x5be0cd19137e2179n,
];

/** The precompile input for the single (final) block of an unkeyed BLAKE2b-512 hash of `message`. */
function singleBlockInput(message: Uint8Array, rounds: number, flag = 1): Uint8Array {
  const input = new Uint8Array(BLAKE2F_INPUT_LENGTH);
  const view = new DataView(input.buffer);
  view.setUint32(0, rounds, false);
  IV_WORDS.forEach((word, i) => {
    // h[0] ^= 0x01010000 ^ (keylen << 8) ^ outlen  (RFC 7693 §3.3 parameter block)
    view.setBigUint64(4 + 8 * i, i === 0 ? word ^ 0x01010040n : word, true);
  });
  input.set(message, 68);
  view.setBigUint64(196, BigInt(message.length), true);
  input[212] = flag;
  return input;
}

describe('blake2f', () => {
  it('with 12 rounds and the parameter block it is BLAKE2b-512 (checked against noble)', () => {
    for (const text of ['', 'abc', 'the quick brown fox jumps over the lazy dog']) {
      const message = new TextEncoder().encode(text);
      const result = blake2f.run(singleBlockInput(message, 12), 12);
      expect(result).toEqual({ status: 'success', gasUsed: 12, output: blake2b(message) });
    }
  });

  it('charges one gas per round and fails one short', () => {
    const input = singleBlockInput(new Uint8Array(0), 1000);
    expect(blake2f.run(input, 1000)).toMatchObject({ status: 'success', gasUsed: 1000 });
    expect(blake2f.run(input, 999)).toEqual({ status: 'failure', reason: 'out of gas' });
  });

  it('does not start 2^32-1 rounds it cannot pay for', () => {
    expect(blake2f.run(singleBlockInput(new Uint8Array(0), 0xffffffff), 30_000_000)).toEqual({
      status: 'failure',
      reason: 'out of gas',
    });
  });

  it('rejects a final-block flag other than 0 or 1, and any other length', () => {
    expect(blake2f.run(singleBlockInput(new Uint8Array(0), 12, 2), 100)).toEqual({
      status: 'failure',
      reason: 'invalid final flag',
    });
    expect(blake2f.run(new Uint8Array(212), 100)).toEqual({ status: 'failure', reason: 'invalid input length' });
    expect(blake2f.run(new Uint8Array(214), 100)).toEqual({ status: 'failure', reason: 'invalid input length' });
  });
});

describe('blake2b round loop: WASM against the JavaScript reference', () => {
  it('agrees for random states, messages, counters and round counts', () => {
    fc.assert(
      fc.property(
        fc.uint32Array({ minLength: 16, maxLength: 16 }),
        fc.uint32Array({ minLength: 32, maxLength: 32 }),
        fc.uint32Array({ minLength: 4, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 64 }),
        (h, m, t, last, rounds) => {
          const viaJs = h.slice();
          const viaWasm = h.slice();
          blake2bCompress(rounds, viaJs, m, t, last, blake2bRoundsJs);
          blake2bCompress(rounds, viaWasm, m, t, last, blake2bRoundsWasm);
          expect(viaWasm).toEqual(viaJs);
        },
      ),
    );
  });

  it('agrees across the chunk boundary of long requests (20,487 rounds)', () => {
    const h = Uint32Array.from({ length: 16 }, (_, i) => i * 0x9e3779b9);
    const m = Uint32Array.from({ length: 32 }, (_, i) => i * 0x85ebca6b);
    const t = Uint32Array.of(128, 0, 0, 0);
    const viaJs = h.slice();
    const viaWasm = h.slice();
    blake2bCompress(20_487, viaJs, m, t, false, blake2bRoundsJs);
    blake2bCompress(20_487, viaWasm, m, t, false, blake2bRoundsWasm);
    expect(viaWasm).toEqual(viaJs);
  });
});
