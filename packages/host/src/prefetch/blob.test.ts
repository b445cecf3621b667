import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BLS_MODULUS, BYTES_PER_BLOB, blobCommitment, blobEvaluationPoints, cKzg } from './blob.js';

describe('blob evaluation points', () => {
  it('are distinct 4096th roots of unity', () => {
    const zs = blobEvaluationPoints();
    expect(zs.length).toBe(4096);
    expect(new Set(zs.map((z) => Buffer.from(z).toString('hex'))).size).toBe(4096);
    const z5 = BigInt(`0x${Buffer.from(zs[5]!).toString('hex')}`);
    let p = 1n;
    let base = z5;
    let e = 4096n;
    while (e > 0n) {
      if (e & 1n) p = (p * base) % BLS_MODULUS;
      base = (base * base) % BLS_MODULUS;
      e >>= 1n;
    }
    expect(p).toBe(1n);
  });

  it('evaluating the blob polynomial at z_i gives field element i (checked by c-kzg)', () => {
    cKzg();
    const ckzg = createRequire(import.meta.url)('c-kzg') as {
      computeKzgProof(blob: Uint8Array, z: Uint8Array): [Uint8Array, Uint8Array];
    };
    const blob = new Uint8Array(BYTES_PER_BLOB);
    for (let i = 0; i < 4096; i++) {
      blob[i * 32 + 31] = (i * 7) & 0xff;
      blob[i * 32 + 30] = i >> 8;
    }
    expect(blobCommitment(blob).length).toBe(48);
    const zs = blobEvaluationPoints();
    for (const i of [1, 4095]) {
      const [, y] = ckzg.computeKzgProof(blob, zs[i]!);
      expect(Buffer.from(y).toString('hex')).toBe(Buffer.from(blob.subarray(i * 32, i * 32 + 32)).toString('hex'));
    }
  });
});
