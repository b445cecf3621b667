/**
 * EIP-4844 `blob_to_kzg_commitment` by c-kzg on a worker thread that loads the trusted setup as
 * soon as it starts (kzg-committer-worker.mjs), for the stored-blob check of a host past its
 * first blobs (stored-blob-committer.ts): the 2-4 s load then overlaps the pure-JS commitments of
 * those blobs instead of stalling the client. `commit` is synchronous, like the oracle loop that
 * calls it: it hands the blob over through a shared buffer and blocks until the worker answers
 * (after the load, if that is still running).
 */
import { Worker } from 'node:worker_threads';
import { BaseError } from '@faultline/primitives';

/** The control word's states, handed to the worker in workerData (it is plain JavaScript). */
const STATES = { IDLE: 0, REQUEST: 1, DONE: 2, FAILED: 3, STOP: 4 } as const;
const { IDLE, REQUEST, DONE, FAILED, STOP } = STATES;
/** Bytes before the data: the control words [state, length]. */
const HEADER = 16;
const BLOB_BYTES = 131072;
/** Longest wait for one answer: the setup load plus a commitment, on a crowded machine. */
const ANSWER_MS = 120_000;

export class BackgroundCommitterError extends BaseError {
  override name = 'BackgroundCommitterError' as const;
}

export class BackgroundCommitter {
  private readonly control: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly worker: Worker;

  constructor() {
    const shared = new SharedArrayBuffer(HEADER + BLOB_BYTES);
    this.control = new Int32Array(shared, 0, 2);
    this.bytes = new Uint8Array(shared, HEADER);
    this.worker = new Worker(new URL('./kzg-committer-worker.mjs', import.meta.url), {
      workerData: { shared, states: STATES, header: HEADER },
    });
    // The worker never keeps the host alive, and a failure to start shows up as a failed commit.
    this.worker.unref();
    this.worker.on('error', () => {});
  }

  /** The commitment to `blob` (48 bytes); throws with c-kzg's reason for a blob it refuses. */
  commit(blob: Uint8Array): Uint8Array {
    if (blob.length !== BLOB_BYTES)
      throw new BackgroundCommitterError(`a blob is ${BLOB_BYTES} bytes, not ${blob.length}`);
    const c = this.control;
    this.bytes.set(blob, 0);
    c[1] = blob.length;
    Atomics.store(c, 0, REQUEST);
    Atomics.notify(c, 0);
    const start = Date.now();
    while (Atomics.load(c, 0) === REQUEST) {
      if (Date.now() - start > ANSWER_MS) {
        throw new BackgroundCommitterError(`the KZG worker did not answer within ${ANSWER_MS / 1000} s`);
      }
      Atomics.wait(c, 0, REQUEST, 1000);
    }
    const state = Atomics.load(c, 0);
    const out = this.bytes.slice(0, c[1]);
    Atomics.store(c, 0, IDLE);
    if (state === DONE) return out;
    if (state === FAILED) throw new BackgroundCommitterError(new TextDecoder().decode(out));
    throw new BackgroundCommitterError(`the KZG worker answered with state ${state}`);
  }

  /** Ends the worker (a host that is done serving). */
  close(): void {
    Atomics.store(this.control, 0, STOP);
    Atomics.notify(this.control, 0);
  }
}
