/**
 * A second core for large memory roots: a worker thread that hashes batches of pages to their
 * 32-byte subtree roots with its own instance of the two-way keccak kernel (keccak-wasm-x2.ts),
 * while the calling thread hashes the next batch itself. `PageMerkleTree.root()` stays
 * synchronous: the pages go through a SharedArrayBuffer and the caller blocks in Atomics.wait
 * for the worker's batch. process.cpuUsage() counts the worker's time, so benches stay honest.
 * Only where the engine has worker threads and WASM SIMD (Node); elsewhere `create` says no.
 */
import { createRequire } from 'node:module';
import { KECCAK_X2_AVAILABLE, keccakX2WasmBytes } from '@faultline/primitives';
import { PAGE_SIZE } from './constants.js';

/** Pages per hand-off: 1 MiB of page bytes in the shared buffer. */
export const WORKER_BATCH = 256;
const CTL_BYTES = 64;
const ROOTS_OFF = CTL_BYTES + WORKER_BATCH * PAGE_SIZE;

// Control words: [0] job sequence (caller → worker), [1] finished sequence (worker → caller),
// [2] pages in the job. The worker hashes each page's 128 leaves level by level (64, 32, … 1
// messages; the kernel takes pairs, the root level runs beside a spare message) and keeps the root.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, shared } = workerData;
const { memory, hashPairs2 } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
const mem = new Uint8Array(memory.buffer);
const ctl = new Int32Array(shared, 0, 4);
const pages = new Uint8Array(shared, ${CTL_BYTES}, ${WORKER_BATCH * PAGE_SIZE});
const roots = new Uint8Array(shared, ${ROOTS_OFF}, ${WORKER_BATCH * 32});
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  const count = ctl[2];
  for (let p = 0; p < count; p++) {
    mem.set(pages.subarray(p * ${PAGE_SIZE}, (p + 1) * ${PAGE_SIZE}), 512);
    for (let n = ${PAGE_SIZE / 32}; n > 1; ) {
      n >>>= 1;
      hashPairs2(512, 512, (n + 1) >>> 1);
    }
    roots.set(mem.subarray(512, 544), p * 32);
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}`;

interface WorkerLike {
  unref(): void;
}

export class PageRootWorker {
  private seq = 0;
  private count = 0;
  private readonly ctl: Int32Array;
  /** Where the caller writes a batch's pages (big-endian bytes, PAGE_SIZE each). */
  readonly pages: Uint8Array;
  private readonly roots: Uint8Array;

  private constructor(shared: SharedArrayBuffer) {
    this.ctl = new Int32Array(shared, 0, 4);
    this.pages = new Uint8Array(shared, CTL_BYTES, WORKER_BATCH * PAGE_SIZE);
    this.roots = new Uint8Array(shared, ROOTS_OFF, WORKER_BATCH * 32);
  }

  /** The shared worker, started on first use; undefined where there are no workers or no SIMD kernel. */
  static get(): PageRootWorker | undefined {
    if (started) return instance;
    started = true;
    if (!KECCAK_X2_AVAILABLE || typeof SharedArrayBuffer === 'undefined') return undefined;
    try {
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as {
        Worker: new (code: string, options: object) => WorkerLike;
      };
      const shared = new SharedArrayBuffer(ROOTS_OFF + WORKER_BATCH * 32);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: keccakX2WasmBytes(), shared } });
      // Blocked in Atomics.wait between batches: it must not keep the process alive.
      worker.unref();
      instance = new PageRootWorker(shared);
    } catch {
      instance = undefined;
    }
    return instance;
  }

  /** Hands the first `count` pages in `pages` to the worker. */
  start(count: number): void {
    this.count = count;
    this.ctl[2] = count;
    Atomics.store(this.ctl, 0, ++this.seq);
    Atomics.notify(this.ctl, 0);
  }

  /** Blocks until the batch is hashed: its roots, 32 bytes each in page order. */
  finish(): Uint8Array {
    for (let done = Atomics.load(this.ctl, 1); done !== this.seq; done = Atomics.load(this.ctl, 1))
      Atomics.wait(this.ctl, 1, done);
    return this.roots.slice(0, 32 * this.count);
  }
}

let started = false;
let instance: PageRootWorker | undefined;
