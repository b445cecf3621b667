/**
 * The KZG commitments of the stored-blob check (stored-blob-check.ts), for the whole process:
 * the pure-JS multi-scalar multiplication (@faultline/client's kzg-msm, the client's own check:
 * ~0.4-0.6 s a blob, no setup) for the first blobs, c-kzg on its worker thread after
 * (background-committer.ts: ~60 ms a blob once its trusted setup is loaded, a load of 2-4 s and
 * ~1.8 CPU-seconds). Both compute EIP-4844 `blob_to_kzg_commitment` and refuse a non-canonical
 * element. The worker starts at the `workerFrom`-th blob, so its load overlaps the pure-JS
 * commitments before c-kzg takes over; a host that checks one blob (the demo's chain, a single
 * L2 block's batch) never loads the setup — the same trade as the client's Node entry
 * (client/src/node/ckzg-committer.ts). Where this process has loaded c-kzg's setup already (an
 * online host committing fetched sidecars, a test that generated a chain), c-kzg answers here.
 */
import { pureJsBlobToKzgCommitment } from '@faultline/client/kzg-msm';
import { BackgroundCommitter } from './background-committer.js';
import { blobCommitment, cKzgLoaded } from './prefetch/blob.js';

export type Commit = (blob: Uint8Array) => Uint8Array;

/** `first` for the first `firstBlobs` blobs, `then()` after; `then` is made at blob `workerFrom` (1-based). */
export function firstBlobsThen(firstBlobs: number, workerFrom: number, first: Commit, then: () => Commit): Commit {
  let seen = 0;
  let later: Commit | undefined;
  return (blob) => {
    seen++;
    if (seen >= workerFrom) later ??= then();
    return seen <= firstBlobs ? first(blob) : (later ?? then())(blob);
  };
}

let worker: BackgroundCommitter | undefined;

const firstBlobs: Commit = firstBlobsThen(2, 2, pureJsBlobToKzgCommitment, () => {
  worker ??= new BackgroundCommitter();
  const w = worker;
  return (blob) => w.commit(blob);
});

/** One per process: every host of the process counts toward its first blobs and shares its worker. */
export const storedBlobCommit: Commit = (blob) => (cKzgLoaded() ? blobCommitment(blob) : firstBlobs(blob));
