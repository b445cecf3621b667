/**
 * A second core for large memory roots: a worker thread with its own instance of the two-way
 * keccak kernel (keccak-wasm-x2.ts) that hashes batches of pages to their 32-byte subtree roots
 * while the calling thread hashes other batches. `PageMerkleTree.root()` stays synchronous: pages
 * go through a SharedArrayBuffer and the caller blocks in Atomics.wait only at the end.
 *
 * The split adapts to how much CPU each thread gets: the caller keeps up to SLOTS batches queued
 * for the worker and hashes the rest itself; at the end it takes back, through a compare-exchange
 * on the slot, any queued batch the worker has not started. On a loaded machine a descheduled
 * worker then costs nothing but the batches it did hash. process.cpuUsage() counts the worker's
 * time, so benches stay honest. Only where the engine has worker threads and WASM SIMD (Node);
 * elsewhere `get` says no.
 */
import { createRequire } from 'node:module';
import { KECCAK_X2_AVAILABLE, keccakX2WasmBytes } from '@faultline/primitives';
import { PAGE_SIZE, PAGE_WORDS } from './constants.js';
import { copyPage, hashPagesInArea, area as mainArea, PAGE_BATCH } from './page-hash.js';

/** Batches queued for the worker at most. */
export const SLOTS = 8;
const SLOT_WORDS = PAGE_BATCH * PAGE_WORDS;
const ROOT_BYTES = PAGE_BATCH * 32;

// Int32 control words: [0] batches queued so far (a counter over the process's life); then per
// slot s: CLAIM + s holds n + 1 while batch n waits there and −(n + 1) once a thread took it;
// DONE + s holds n + 1 once the worker wrote batch n's roots; COUNT + s is batch n's page count.
const QUEUED = 0;
const CLAIM = 1;
const DONE = CLAIM + SLOTS;
const COUNT = DONE + SLOTS;
const CTL_WORDS = COUNT + SLOTS;
const PAGES_OFF = 4 * CTL_WORDS;
const ROOTS_OFF = PAGES_OFF + SLOTS * SLOT_WORDS * 4;
const SHARED_BYTES = ROOTS_OFF + SLOTS * ROOT_BYTES;

// The worker hashes exactly as page-hash.ts's hashPagesInArea: byte-swapped copy into its area,
// then per level one kernel call over all pages of the batch, in place.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, shared } = workerData;
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
ex.memory.grow(3);
const AREA = 65536;
const words = new Uint32Array(ex.memory.buffer, AREA, ${SLOT_WORDS});
const bytesOut = new Uint8Array(ex.memory.buffer, AREA, ${ROOT_BYTES});
const ctl = new Int32Array(shared, 0, ${CTL_WORDS});
let next = 0;
for (;;) {
  const queued = Atomics.load(ctl, ${QUEUED});
  if (queued <= next) {
    Atomics.wait(ctl, ${QUEUED}, queued);
    continue;
  }
  const n = next++;
  const s = n % ${SLOTS};
  if (Atomics.compareExchange(ctl, ${CLAIM} + s, n + 1, -(n + 1)) !== n + 1) continue;
  const count = ctl[${COUNT} + s];
  const src = new Uint32Array(shared, ${PAGES_OFF} + s * ${SLOT_WORDS * 4}, count * ${PAGE_WORDS});
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    words[i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
  }
  for (let m = count * ${PAGE_SIZE / 64}; m >= count; m >>>= 1) ex.hashPairs2(AREA, AREA, (m + 1) >>> 1);
  new Uint8Array(shared, ${ROOTS_OFF} + s * ${ROOT_BYTES}, count * 32).set(bytesOut.subarray(0, count * 32));
  Atomics.store(ctl, ${DONE} + s, n + 1);
  Atomics.notify(ctl, ${DONE} + s);
}`;

interface WorkerLike {
  unref(): void;
}

/** Where a batch's roots go: called with the batch's pages' positions and a buffer of their roots. */
export type RootsSink = (first: number, count: number, roots: Uint8Array) => void;

/** How long the caller waits for a batch the worker took before hashing it itself and giving the worker up. */
const WORKER_TIMEOUT_MS = 5000;

export class PageRootWorker {
  private queued = 0;
  /** Set once the worker missed WORKER_TIMEOUT_MS: `get` no longer offers it. */
  private failed = false;
  private readonly ctl: Int32Array;
  private readonly slotPages: Uint32Array[] = [];
  private readonly slotRoots: Uint8Array[] = [];
  /** Position in the caller's list of the first page of the batch in each slot. */
  private readonly slotFirst = new Array<number>(SLOTS).fill(0);

  private constructor(shared: SharedArrayBuffer) {
    this.ctl = new Int32Array(shared, 0, CTL_WORDS);
    for (let s = 0; s < SLOTS; s++) {
      this.slotPages.push(new Uint32Array(shared, PAGES_OFF + s * SLOT_WORDS * 4, SLOT_WORDS));
      this.slotRoots.push(new Uint8Array(shared, ROOTS_OFF + s * ROOT_BYTES, ROOT_BYTES));
    }
  }

  /** The shared worker, started on first use; undefined where there are no workers or no SIMD kernel. */
  static get(): PageRootWorker | undefined {
    if (started) return instance?.failed ? undefined : instance;
    started = true;
    if (!KECCAK_X2_AVAILABLE || typeof SharedArrayBuffer === 'undefined') return undefined;
    try {
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as {
        Worker: new (code: string, options: object) => WorkerLike;
      };
      const shared = new SharedArrayBuffer(SHARED_BYTES);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: keccakX2WasmBytes(), shared } });
      // Blocked in Atomics.wait between batches: it must not keep the process alive.
      worker.unref();
      instance = new PageRootWorker(shared);
    } catch {
      instance = undefined;
    }
    return instance;
  }

  /**
   * The roots of all `pages` (none all-zero), shared between this thread and the worker; `sink`
   * receives them batch by batch, in no particular order.
   */
  hashAll(pages: readonly Uint32Array[], sink: RootsSink): void {
    const ctl = this.ctl;
    let reaped = this.queued;
    const hashHere = (s: number): void => {
      const count = ctl[COUNT + s]!;
      const src = this.slotPages[s]!;
      for (let k = 0; k < count; k++) copyPage(src.subarray(k * PAGE_WORDS, (k + 1) * PAGE_WORDS), k * PAGE_WORDS);
      hashPagesInArea(count);
      sink(this.slotFirst[s]!, count, mainArea());
    };
    const reap = (): void => {
      const n = reaped++;
      const s = n % SLOTS;
      // Not started by the worker: hashed here from the slot.
      if (Atomics.compareExchange(ctl, CLAIM + s, n + 1, -(n + 1)) === n + 1) {
        hashHere(s);
        return;
      }
      for (let d = Atomics.load(ctl, DONE + s); d !== n + 1; d = Atomics.load(ctl, DONE + s)) {
        if (this.failed || Atomics.wait(ctl, DONE + s, d, WORKER_TIMEOUT_MS) === 'timed-out') {
          // The worker took the batch and did not finish it: gone, or starved for seconds. Its
          // pages are still in the slot (only this thread refills a slot, after reaping it).
          this.failed = true;
          hashHere(s);
          return;
        }
      }
      sink(this.slotFirst[s]!, ctl[COUNT + s]!, this.slotRoots[s]!);
    };
    for (let i = 0; i < pages.length; ) {
      const count = Math.min(PAGE_BATCH, pages.length - i);
      // Collect what the worker finished, oldest first, without waiting.
      while (reaped < this.queued && Atomics.load(ctl, DONE + (reaped % SLOTS)) === reaped + 1) reap();
      if (this.queued - reaped < SLOTS) {
        const n = this.queued;
        const s = n % SLOTS;
        const dst = this.slotPages[s]!;
        for (let k = 0; k < count; k++) dst.set(pages[i + k]!, k * PAGE_WORDS);
        ctl[COUNT + s] = count;
        this.slotFirst[s] = i;
        Atomics.store(ctl, CLAIM + s, n + 1);
        this.queued = n + 1;
        Atomics.store(ctl, QUEUED, n + 1);
        Atomics.notify(ctl, QUEUED);
      } else {
        for (let k = 0; k < count; k++) copyPage(pages[i + k]!, k * PAGE_WORDS);
        hashPagesInArea(count);
        sink(i, count, mainArea());
      }
      i += count;
    }
    while (reaped < this.queued) reap();
  }
}

let started = false;
let instance: PageRootWorker | undefined;
