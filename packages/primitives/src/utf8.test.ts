/**
 * Our UTF-8 codec against the engine's TextEncoder/TextDecoder (Node's, an independent
 * implementation of the same WHATWG algorithm) on arbitrary strings and arbitrary bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToUtf8, Utf8Error, utf8ToBytes } from './utf8.js';

const encoder = new TextEncoder();
const lenient = new TextDecoder();
const fatal = new TextDecoder('utf-8', { fatal: true });

function fatalOrError(bytes: Uint8Array): string | 'error' {
  try {
    return fatal.decode(bytes);
  } catch {
    return 'error';
  }
}

describe('utf8', () => {
  it('encodes like TextEncoder, lone surrogates included', () => {
    expect(utf8ToBytes('é')).toEqual(Uint8Array.of(0xc3, 0xa9));
    for (const s of ['', 'dog€', '\u{10ffff}', '\ud800', 'a\udc00b', '\ud83d\ude00'])
      expect(utf8ToBytes(s)).toEqual(encoder.encode(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8ToBytes(s)).toEqual(encoder.encode(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes like TextDecoder, malformed sequences replaced per maximal subpart', () => {
    const cases = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98],
      [0xe2, 0x82],
      [0xff, 0x41],
      [0x80],
    ];
    for (const c of cases) expect(bytesToUtf8(Uint8Array.from(c))).toBe(lenient.decode(Uint8Array.from(c)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(bytesToUtf8(b)).toBe(lenient.decode(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('fatal mode throws exactly where TextDecoder does', () => {
    expect(() => bytesToUtf8(Uint8Array.of(0x61, 0xc3), { fatal: true })).toThrow(Utf8Error);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (b) => {
        const want = fatalOrError(b);
        let got: string;
        try {
          got = bytesToUtf8(b, { fatal: true });
        } catch (e) {
          expect(e).toBeInstanceOf(Utf8Error);
          got = 'error';
        }
        expect(got).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('decodes long texts (flushes in chunks)', () => {
    const s = 'ab€\u{1f600}'.repeat(20_000);
    expect(bytesToUtf8(encoder.encode(s))).toBe(s);
  });
});
