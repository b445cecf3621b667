/**
 * The KZG worker of the stored-blob check: the commitment it computes equals c-kzg's in this
 * thread, a blob c-kzg refuses is an error with c-kzg's reason (not a hang), and a host over a
 * text datadir holding blob elements checks its blobs: an intact blob is served, a changed
 * element is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobKey } from '@faultline/preimage';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCommitter, BackgroundCommitterError } from './background-committer.js';
import { FileKv } from './kv/file-kv.js';
import { BYTES_PER_BLOB, blobCommitment, blobEvaluationPoints, blobPreimages } from './prefetch/blob.js';
import { PreimageHost } from './preimage-host.js';
import { StoredBlobError } from './stored-blob-check.js';

function blobOf(seed: number): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i < 4096; i++) {
    blob[32 * i + 29] = seed;
    blob[32 * i + 30] = i >> 8;
    blob[32 * i + 31] = i & 0xff;
  }
  return blob;
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('BackgroundCommitter', () => {
  const committer = new BackgroundCommitter();
  afterAll(() => committer.close());

  it('computes the same commitments as c-kzg on the calling thread', () => {
    for (const seed of [0, 7]) expect(committer.commit(blobOf(seed))).toEqual(blobCommitment(blobOf(seed)));
  }, 60_000);

  it("refuses a blob with an element outside the field, with c-kzg's reason; and a blob of the wrong size", () => {
    const bad = blobOf(1);
    bad.fill(0xff, 0, 32);
    expect(() => committer.commit(bad)).toThrow(BackgroundCommitterError);
    // The worker still answers after a refusal.
    expect(committer.commit(blobOf(2))).toEqual(blobCommitment(blobOf(2)));
    expect(() => committer.commit(new Uint8Array(100))).toThrow(/131072 bytes, not 100/);
  }, 60_000);
});

describe('a host over a text datadir with blob elements', () => {
  for (const layout of ['directory', 'file'] as const) {
    it(`${layout} layout: an intact blob is served, a changed element refused`, () => {
      const root = mkdtempSync(join(tmpdir(), 'faultline-kzg-worker-'));
      roots.push(root);
      const kv = new FileKv(root, layout);
      const blob = blobOf(3);
      const commitment = blobCommitment(blob);
      for (const [k, v] of blobPreimages(commitment, blob)) kv.put(k, v);
      const key = (i: number) => blobKey(commitment, blobEvaluationPoints()[i]!);
      expect(new PreimageHost({ store: kv }).get(key(5))).toEqual(blob.subarray(32 * 5, 32 * 6));
      const changed = new Uint8Array(32);
      changed[31] = 1;
      kv.put(key(9), changed);
      expect(() => new PreimageHost({ store: kv }).get(key(5))).toThrow(StoredBlobError);
    }, 60_000);
  }
});
