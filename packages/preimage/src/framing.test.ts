import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHintAck,
  decodeHintLength,
  decodePreimageLength,
  encodeHintFrame,
  encodePreimageResponse,
} from './framing.js';
import { formatHint, parseHint } from './hint.js';

describe('framing', () => {
  it('pre-image responses carry a uint64 BE length', () => {
    const frame = encodePreimageResponse(Uint8Array.of(0xaa, 0xbb, 0xcc));
    expect([...frame]).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 0xaa, 0xbb, 0xcc]);
    expect(decodePreimageLength(frame.subarray(0, 8))).toBe(3);
  });

  it('decodes the whole uint32 range and names the exact length it rejects', () => {
    expect(decodePreimageLength(Uint8Array.of(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff))).toBe(2 ** 32 - 1);
    expect(decodePreimageLength(Uint8Array.of(0, 0, 0, 0, 0x80, 0, 0, 1))).toBe(2 ** 31 + 1);
    expect(() => decodePreimageLength(Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 5))).toThrow(
      'pre-image length 9223372036854775813 exceeds the maximum 4294967295',
    );
  });

  it('hint frames carry a uint32 BE length and the UTF-8 string', () => {
    const frame = encodeHintFrame('ab');
    expect([...frame]).toEqual([0, 0, 0, 2, 0x61, 0x62]);
    expect(decodeHintLength(frame.subarray(0, 4))).toBe(2);
    // Non-ASCII text is UTF-8 encoded (the length counts bytes), raw bytes are framed as given.
    expect([...encodeHintFrame('é 0x')]).toEqual([0, 0, 0, 5, 0xc3, 0xa9, 0x20, 0x30, 0x78]);
    expect([...encodeHintFrame(Uint8Array.of(0xff, 0))]).toEqual([0, 0, 0, 2, 0xff, 0]);
    expect(decodeHintLength(encodeHintFrame('x'.repeat(70_000)).subarray(0, 4))).toBe(70_000);
  });

  it('rejects lengths the process cannot hold and bad acks', () => {
    expect(() => decodePreimageLength(Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0))).toThrow('exceeds the maximum');
    expect(() => checkHintAck(Uint8Array.of(1))).toThrow('expected one 0x00 byte, got 0x1');
    expect(() => checkHintAck(Uint8Array.of(0))).not.toThrow();
  });

  it('round-trips lengths and hints (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.stringMatching(/^[a-z0-9-]{1,20}$/), (data, type) => {
        const frame = encodePreimageResponse(data);
        expect(decodePreimageLength(frame.subarray(0, 8))).toBe(data.length);
        expect(frame.subarray(8)).toEqual(data);
        const hint = parseHint(formatHint(type, data));
        expect(hint.type).toBe(type);
        expect(hint.data).toEqual(data);
      }),
    );
  });

  it('hint strings need a type, one space and 0x-hex', () => {
    expect(formatHint('l1-block-header', Uint8Array.of(0xab))).toBe('l1-block-header 0xab');
    expect(() => parseHint('l1-block-header ab')).toThrow('data is not 0x-hex');
    expect(() => parseHint('nospace')).toThrow('expected "<type> 0x<hex>"');
  });
});
