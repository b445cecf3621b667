/**
 * One target's fuzz loop in a worker thread. The case being run sits in shared memory (for the
 * supervisor's hang and crash reports); failures are posted as they happen, the first of each
 * signature minimized here (state `minimizing`, so a minimization that hangs only loses itself);
 * statistics are posted every two seconds and at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Campaign, type Failure, minimizeFailure } from './engine.js';
import { CASE_IDLE, CASE_MINIMIZING, SharedCase } from './shared-case.js';
import type { Target } from './target.js';

export interface WorkerJob {
  target: string;
  seed: number;
  startIndex: number;
  /** Stop after this case index (exclusive) … */
  endIndex: number;
  /** … or at this wall-clock time (ms since the epoch). */
  deadline: number;
  memoryBound: number;
  shared: SharedArrayBuffer;
  /** Signatures already reported (by this run or an earlier worker): count only. */
  known: string[];
  /** URL of the module exporting `targetByName`. */
  targetsModule: string;
}

export type WorkerMessage =
  | { type: 'failure'; failure: Failure; minimized: Uint8Array | null }
  | { type: 'repeat'; signature: string }
  | { type: 'stats'; stats: Campaign['stats']; nextIndex: number; done: boolean };

const job = workerData as WorkerJob;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const shared = new SharedCase(job.shared);
const { targetByName } = (await import(job.targetsModule)) as { targetByName: (name: string) => Target };
const target = targetByName(job.target);
const campaign = new Campaign(target, {
  seed: job.seed,
  startIndex: job.startIndex,
  memoryBound: job.memoryBound,
  beforeCase: (index, input) => shared.begin(index, input),
});
const known = new Set(job.known);
let lastReport = Date.now();

while (campaign.nextIndex < job.endIndex) {
  const failure = await campaign.step();
  shared.state = CASE_IDLE;
  if (failure) {
    if (known.has(failure.signature)) post({ type: 'repeat', signature: failure.signature });
    else {
      known.add(failure.signature);
      post({ type: 'failure', failure, minimized: null });
      shared.state = CASE_MINIMIZING;
      const minimized = await minimizeFailure(target, failure);
      shared.state = CASE_IDLE;
      post({ type: 'failure', failure, minimized });
    }
  }
  if ((campaign.nextIndex & 63) === 0) {
    const now = Date.now();
    if (now >= job.deadline) break;
    if (now - lastReport >= 2000) {
      lastReport = now;
      post({ type: 'stats', stats: campaign.stats, nextIndex: campaign.nextIndex, done: false });
    }
  }
}
post({ type: 'stats', stats: campaign.stats, nextIndex: campaign.nextIndex, done: true });
