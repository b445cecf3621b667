/**
 * The stored-blob check's commitments: the first blobs in pure JS, c-kzg's worker after, started
 * one blob early; and the pure-JS commitment is c-kzg's, refusing the same non-canonical blob.
 */
import { pureJsBlobToKzgCommitment } from '@faultline/client/kzg-msm';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_BLOB, blobCommitment } from './prefetch/blob.js';
import { firstBlobsThen } from './stored-blob-committer.js';

function blobOf(seed: number): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i < 4096; i++) {
    blob[32 * i + 1] = (i * seed) & 0xff;
    blob[32 * i + 31] = (i + seed) & 0xff;
  }
  return blob;
}

describe('firstBlobsThen', () => {
  it('uses the first committer for the first blobs, makes the second one blob early, and uses it after', () => {
    const calls: string[] = [];
    const commit = firstBlobsThen(
      2,
      2,
      () => {
        calls.push('pure');
        return new Uint8Array(48);
      },
      () => {
        calls.push('start worker');
        return () => {
          calls.push('worker');
          return new Uint8Array(48);
        };
      },
    );
    for (let i = 0; i < 4; i++) commit(blobOf(i));
    expect(calls).toEqual(['pure', 'start worker', 'pure', 'worker', 'worker']);
  });

  it('never makes the second committer for fewer blobs than workerFrom', () => {
    let started = 0;
    const commit = firstBlobsThen(
      2,
      2,
      () => new Uint8Array(48),
      () => {
        started++;
        return () => new Uint8Array(48);
      },
    );
    commit(blobOf(1));
    expect(started).toBe(0);
  });
});

describe('the pure-JS commitment the first blobs get', () => {
  it('equals c-kzg’s, and refuses a non-canonical element as c-kzg does', () => {
    expect(pureJsBlobToKzgCommitment(blobOf(5))).toEqual(blobCommitment(blobOf(5)));
    const bad = blobOf(6);
    bad.fill(0xff, 0, 32);
    expect(() => pureJsBlobToKzgCommitment(bad)).toThrow(/not below the BLS modulus/);
    expect(() => blobCommitment(bad)).toThrow();
  }, 60_000);
});
