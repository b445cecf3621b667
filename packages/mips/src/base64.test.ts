import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64DecodeAscii, base64Encode } from './base64.js';

describe('base64', () => {
  it('matches RFC 4648 test vectors and round-trips', () => {
    const vec: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, enc] of vec) {
      expect(base64Encode(new TextEncoder().encode(plain))).toBe(enc);
      expect(new TextDecoder().decode(base64DecodeAscii(new TextEncoder().encode(enc)))).toBe(plain);
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => {
        expect(base64DecodeAscii(new TextEncoder().encode(base64Encode(b)))).toEqual(b);
      }),
    );
    expect(() => base64DecodeAscii(new TextEncoder().encode('Zm9*'))).toThrow(/invalid character/);
  });
});
