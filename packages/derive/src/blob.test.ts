import { equalBytes } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOB_SIZE, decodeBlobData, encodeBlobData, MAX_BLOB_DATA_SIZE } from './blob.js';
import { BlobDecodeError } from './errors.js';

describe('decodeBlobData', () => {
  it('reads version, u24 length and payload from a hand-built blob', () => {
    const blob = new Uint8Array(BLOB_SIZE);
    // element 0: head byte 0, then rollup data starting with version 0 and length 5.
    blob.set([0, 0, 0, 0, 5, 0x68, 0x65, 0x6c, 0x6c, 0x6f], 0);
    expect(new TextDecoder().decode(decodeBlobData(blob))).toBe('hello');
  });

  it('reassembles the bytes spread over the four 6-bit heads', () => {
    // Data long enough to cover one full round: x = raw[31], y = raw[63], z = raw[95].
    const data = new Uint8Array(123);
    data[27] = 0xff; // raw[31] = x (data starts at raw[4])
    data[59] = 0xa5; // raw[63] = y
    data[91] = 0x5a; // raw[95] = z
    const blob = new Uint8Array(BLOB_SIZE);
    blob[4] = 123; // length: raw[1..3] = blob[2..4]
    // Heads per spec: A = x&0x3f, B = (y&0x0f)|((x&0xc0)>>2), C = z&0x3f, D = ((z&0xc0)>>2)|((y&0xf0)>>4)
    blob[0] = 0xff & 0x3f;
    blob[32] = (0xa5 & 0x0f) | ((0xff & 0xc0) >> 2);
    blob[64] = 0x5a & 0x3f;
    blob[96] = ((0x5a & 0xc0) >> 2) | ((0xa5 & 0xf0) >> 4);
    expect(equalBytes(decodeBlobData(blob), data)).toBe(true);
    expect(equalBytes(encodeBlobData(data), blob)).toBe(true);
  });

  it('round-trips arbitrary data (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        expect(equalBytes(decodeBlobData(encodeBlobData(data)), data)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('round-trips a full blob', () => {
    const data = new Uint8Array(MAX_BLOB_DATA_SIZE).map((_, i) => (i * 7 + 3) & 0xff);
    expect(equalBytes(decodeBlobData(encodeBlobData(data)), data)).toBe(true);
  });

  const failure = (blob: Uint8Array): string => {
    try {
      decodeBlobData(blob);
    } catch (e) {
      expect(e).toBeInstanceOf(BlobDecodeError);
      return (e as BlobDecodeError).failure;
    }
    return 'none';
  };

  it('rejects a wrong size', () => {
    expect(failure(new Uint8Array(BLOB_SIZE - 1))).toBe('size');
  });
  it('rejects a field element with its top bits set', () => {
    const blob = encodeBlobData(new Uint8Array([1, 2, 3]));
    blob[32 * 4000] = 0x40;
    expect(failure(blob)).toBe('field-element');
  });
  it('rejects an unknown version', () => {
    const blob = encodeBlobData(new Uint8Array([1]));
    blob[1] = 1;
    expect(failure(blob)).toBe('version');
  });
  it('rejects a length above 130044', () => {
    const blob = new Uint8Array(BLOB_SIZE);
    blob.set([0xff, 0xff], 2);
    blob[1] = 0;
    blob[2] = 0x01; // 0x01fcfd = 130301
    blob[3] = 0xfc;
    blob[4] = 0xfd;
    expect(failure(blob)).toBe('length');
  });
  it('rejects non-zero bytes after the data, in a tail or a head', () => {
    const blob = encodeBlobData(new Uint8Array([1, 2, 3]));
    blob[32 * 100 + 5] = 1;
    expect(failure(blob)).toBe('trailing-data');
    const blob2 = encodeBlobData(new Uint8Array([1, 2, 3]));
    blob2[32 * 3] = 0x01; // head D of round 0: y's high nibble
    expect(failure(blob2)).toBe('trailing-data');
  });
});
