/**
 * The Node entry's blob committer: c-kzg's `blobToKzgCommitment` (native, ~60 ms a blob against
 * ~0.7 s for the pure-JS MSM). Its trusted setup costs 2–3.5 s to load, once per process, so it is
 * loaded on the first blob that reaches c-kzg, and the first two blobs of a run go
 * through the pure-JS committer instead: a run that reads one or two blobs (the demo) never pays
 * for the setup, one that reads many pays it once. c-kzg is a native addon, which is why only
 * the Node-only entry (`main.ts`) imports this file, never the environment-free client.
 */
import { createRequire } from 'node:module';
import { type BlobCommitter, pureJsBlobCommitter } from '../blob-committer.js';

interface CKzg {
  loadTrustedSetup(precompute: number): void;
  blobToKzgCommitment(blob: Uint8Array): Uint8Array;
}

let loaded: CKzg | undefined;

/** c-kzg with its bundled mainnet setup (one global setup per process: another module may have loaded it). */
function cKzg(): CKzg {
  if (loaded) return loaded;
  const k = createRequire(import.meta.url)('c-kzg') as CKzg;
  try {
    k.loadTrustedSetup(0);
  } catch (e) {
    if (!String(e).includes('already loaded')) throw e;
  }
  loaded = k;
  return k;
}

/** c-kzg alone (its results are Node Buffers: copied, since a Buffer's slice is a view). */
export const cKzgBlobCommitter: BlobCommitter = {
  commitment: (blob) => Uint8Array.from(cKzg().blobToKzgCommitment(blob)),
};

/** `first` for the first `firstBlobs` blobs, `then` after (see the file comment). */
export function nodeBlobCommitter(
  firstBlobs = 2,
  first: BlobCommitter = pureJsBlobCommitter,
  then: BlobCommitter = cKzgBlobCommitter,
): BlobCommitter {
  let seen = 0;
  return { commitment: (blob) => (seen++ < firstBlobs ? first : then).commitment(blob) };
}
