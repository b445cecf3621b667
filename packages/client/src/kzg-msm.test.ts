import { blobCommitment as cKzgCommitment } from '@faultline/host';
import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { BLS_MODULUS } from './blob-points.js';
import { BlobFieldElementError, BYTES_PER_BLOB, pureJsBlobToKzgCommitment } from './kzg-msm.js';

/** Deterministic pseudo-random canonical blob (xorshift32; top byte < 0x73 keeps every element < r). */
function randomBlob(seed: number): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < blob.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    blob[i] = s & 0xff;
    if (i % 32 === 0) blob[i] = (s >>> 8) % 0x73;
  }
  return blob;
}

function filled(element: bigint): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  const hex = element.toString(16).padStart(64, '0');
  for (let j = 0; j < 32; j++) blob[j] = Number.parseInt(hex.slice(2 * j, 2 * j + 2), 16);
  for (let i = 1; i < 4096; i++) blob.copyWithin(i * 32, 0, 32);
  return blob;
}

describe('pure-JS blob_to_kzg_commitment (c-kzg is the reference)', () => {
  it.each([
    ['a random blob', () => randomBlob(1)],
    ['another random blob', () => randomBlob(0xfa17)],
    ['the zero blob (commitment = point at infinity)', () => new Uint8Array(BYTES_PER_BLOB)],
    ['every element r − 1 (the largest canonical value)', () => filled(BLS_MODULUS - 1n)],
    [
      'one non-zero element (a single setup point)',
      () => {
        const b = new Uint8Array(BYTES_PER_BLOB);
        b[32 * 77 + 31] = 1;
        return b;
      },
    ],
  ])('equals c-kzg on %s', (_what, make) => {
    const blob = make();
    expect(bytesToHex(pureJsBlobToKzgCommitment(blob))).toBe(bytesToHex(cKzgCommitment(blob)));
  });

  it('rejects a non-canonical element (= r, and 2^256 − 1) with its index, as c-kzg does', () => {
    for (const bad of [BLS_MODULUS, (1n << 256n) - 1n]) {
      const blob = randomBlob(7);
      blob.set(filled(bad).subarray(0, 32), 32 * 4095);
      expect(() => pureJsBlobToKzgCommitment(blob)).toThrow(BlobFieldElementError);
      expect(() => pureJsBlobToKzgCommitment(blob)).toThrow('blob field element 4095 is not below the BLS modulus');
      expect(() => cKzgCommitment(blob)).toThrow();
    }
  });

  it('rejects a blob of the wrong size', () => {
    expect(() => pureJsBlobToKzgCommitment(new Uint8Array(BYTES_PER_BLOB - 1))).toThrow(
      'blob: expected 131072 bytes, got 131071',
    );
  });
});
