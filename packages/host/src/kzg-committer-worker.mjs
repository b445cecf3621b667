// The KZG commitments of a host's stored-blob check (stored-blob-check.ts), computed on their
// own thread: c-kzg's trusted setup takes 2-4 s to load on this machine, and loading it on the
// main thread left the client (a VM running client.elf, qemu) waiting that long; started at the
// host's second blob (stored-blob-committer.ts), it loads while that blob is committed in pure JS.
// The main thread asks synchronously (its oracle loop serves one request at a time) through a
// shared buffer: control words [state, length], then the bytes (a blob in, a commitment or an
// error message out). The states and the header size come from background-committer.ts in workerData.
//
// Plain JavaScript on purpose, like hint-reader-worker.mjs: a worker started through the
// TypeScript loader takes 0.5-0.8 s to boot; this one has only `node:` imports and c-kzg.
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

/** @type {{ shared: SharedArrayBuffer, states: Record<'IDLE' | 'REQUEST' | 'DONE' | 'FAILED' | 'STOP', number>, header: number }} */
const { shared, states, header: HEADER } = workerData;
const { IDLE, REQUEST, DONE, FAILED, STOP } = states;
const control = new Int32Array(shared, 0, 2);
const bytes = new Uint8Array(shared, HEADER);

/** @type {{ blobToKzgCommitment(blob: Uint8Array): Uint8Array } | undefined} */
let kzg;
let loadError = '';
try {
  const k = createRequire(import.meta.url)('c-kzg');
  try {
    k.loadTrustedSetup(0);
  } catch {
    // already loaded in this process
  }
  kzg = k;
} catch (e) {
  loadError = `c-kzg could not be loaded: ${/** @type {Error} */ (e).message}`;
}

/** @param {number} state @param {Uint8Array} out */
function answer(state, out) {
  bytes.set(out, 0);
  control[1] = out.length;
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
}

for (;;) {
  Atomics.wait(control, 0, IDLE);
  const state = Atomics.load(control, 0);
  if (state === STOP) break;
  if (state !== REQUEST) continue;
  try {
    if (kzg === undefined) throw new Error(loadError);
    answer(DONE, kzg.blobToKzgCommitment(bytes.slice(0, control[1])));
  } catch (e) {
    answer(FAILED, new TextEncoder().encode(/** @type {Error} */ (e).message.split('\n')[0]));
  }
}
