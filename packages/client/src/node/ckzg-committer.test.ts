import { describe, expect, it } from 'vitest';
import type { BlobCommitter } from '../blob-committer.js';
import { pureJsBlobToKzgCommitment } from '../kzg-msm.js';
import { cKzgBlobCommitter, nodeBlobCommitter } from './ckzg-committer.js';

function blob(seed: number): Uint8Array {
  const b = new Uint8Array(131072);
  for (let i = 0; i < 4096; i++) b[32 * i + 31] = (i * seed) & 0xff;
  return b;
}

describe('the Node entry’s blob committer', () => {
  it('c-kzg gives the pure-JS commitment, as a plain Uint8Array (not a Buffer view)', () => {
    const c = cKzgBlobCommitter.commitment(blob(3));
    expect(c.constructor).toBe(Uint8Array);
    expect(c).toEqual(pureJsBlobToKzgCommitment(blob(3)));
  });

  it('uses the first committer for the first blobs of a run and the second after', () => {
    const calls: string[] = [];
    const spy = (name: string): BlobCommitter => ({
      commitment: () => {
        calls.push(name);
        return new Uint8Array(48);
      },
    });
    const c = nodeBlobCommitter(2, spy('pure'), spy('c-kzg'));
    for (let i = 0; i < 4; i++) c.commitment(blob(i));
    expect(calls).toEqual(['pure', 'pure', 'c-kzg', 'c-kzg']);
  });
});
