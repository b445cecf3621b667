/**
 * Runs one target's campaign in worker threads and watches it from outside: a case that has run
 * longer than the time bound is a hang (the worker is terminated and its input read from shared
 * memory), a worker that dies — its V8 heap limit, an abort — is a crash on the case it was
 * running. Either way a fresh worker continues with the next case, so one bad input never ends a
 * long run. Statistics of all the workers of a target are summed.
 */
import { Worker } from 'node:worker_threads';
import type { CampaignStats, Failure } from './engine.js';
import { CASE_MINIMIZING, CASE_RUNNING, SharedCase } from './shared-case.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

export interface SuperviseOptions {
  /** Module exporting `targetByName` (default: the campaign's targets; tests pass their own). */
  readonly targetsModule?: string;
  readonly seed: number;
  /** Cases to run (from index 0) … */
  readonly cases: number;
  /** … or seconds of wall-clock time, whichever ends first. */
  readonly seconds: number;
  readonly hangMs: number;
  readonly memoryBound: number;
  /** V8 old-generation limit of a worker (MiB): past it the worker dies and the case is a crash. */
  readonly heapLimitMb: number;
  readonly onProgress?: (stats: CampaignStats) => void;
}

export interface FoundFailure extends Failure {
  /** Smallest input found with the same signature (the input itself when not minimized). */
  minimized: Uint8Array;
  /** How many cases hit this signature. */
  count: number;
}

export interface TargetReport {
  readonly target: string;
  readonly stats: CampaignStats;
  readonly seconds: number;
  readonly failures: FoundFailure[];
  readonly workers: number;
}

const POLL_MS = 200;
const INPUT_AREA = 8 << 20;

function addStats(a: CampaignStats, b: CampaignStats): CampaignStats {
  const byError = { ...a.byError };
  for (const [k, v] of Object.entries(b.byError)) byError[k] = (byError[k] ?? 0) + v;
  return {
    cases: a.cases + b.cases,
    accepted: a.accepted + b.accepted,
    typed: a.typed + b.typed,
    failures: a.failures + b.failures,
    byError,
    corpus: Math.max(a.corpus, b.corpus),
  };
}

const EMPTY: CampaignStats = { cases: 0, accepted: 0, typed: 0, failures: 0, byError: {}, corpus: 0 };

export async function superviseTarget(target: string, opts: SuperviseOptions): Promise<TargetReport> {
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  const failures = new Map<string, FoundFailure>();
  let total = EMPTY;
  let next = 0;
  let workers = 0;
  /** A failure seen again counts once more; a minimized input (sent after its failure) only replaces the input. */
  const record = (f: Failure, minimized?: Uint8Array) => {
    const known = failures.get(f.signature);
    if (!known) failures.set(f.signature, { ...f, minimized: minimized ?? f.input, count: 1 });
    else if (minimized) {
      if (minimized.length <= known.minimized.length) known.minimized = minimized;
    } else known.count++;
  };

  while (next < opts.cases && Date.now() < deadline) {
    workers++;
    const shared = SharedCase.create(INPUT_AREA);
    const job: WorkerJob = {
      target,
      seed: opts.seed,
      startIndex: next,
      endIndex: opts.cases,
      deadline,
      memoryBound: opts.memoryBound,
      shared: shared.buffer,
      known: [...failures.keys()],
      targetsModule: opts.targetsModule ?? new URL('./targets/index.ts', import.meta.url).href,
    };
    const result = await new Promise<{ stats: CampaignStats; nextIndex: number }>((resolve) => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
        workerData: job,
        // Node's main thread has a ~1 MiB stack (workers 4 MiB): fuzz under the tighter one, so a
        // deep recursion or a huge spread that fails in a CLI process fails here too.
        resourceLimits: { maxOldGenerationSizeMb: opts.heapLimitMb, stackSizeMb: 1 },
        stderr: false,
      });
      let last: { stats: CampaignStats; nextIndex: number } = { stats: EMPTY, nextIndex: next };
      let watchedIndex = -1;
      let watchedSince = Date.now();
      let finished = false;
      const finish = (r: { stats: CampaignStats; nextIndex: number }) => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        resolve(r);
      };
      /** The case in shared memory ended the worker: record it and continue after it. */
      const lostCase = (kind: 'hang' | 'crash', why: string) => {
        const index = shared.index;
        const input = shared.input();
        const minimizing = shared.state === CASE_MINIMIZING;
        if (!minimizing) record({ kind, signature: `${kind} @ ${target}`, message: `${kind}: ${why}`, input, index });
        // Cases since the last report still ran: count them from the indices (their outcomes are lost).
        const ran = minimizing ? last.nextIndex - job.startIndex : index - job.startIndex + 1;
        const stats = {
          ...last.stats,
          cases: Math.max(last.stats.cases, ran),
          failures: last.stats.failures + 1,
        };
        finish({ stats, nextIndex: Math.max(last.nextIndex, index + 1) });
      };
      const timer = setInterval(() => {
        const state = shared.state;
        if (state !== CASE_RUNNING && state !== CASE_MINIMIZING) return;
        const index = shared.index;
        if (index !== watchedIndex) {
          watchedIndex = index;
          watchedSince = Date.now();
          return;
        }
        // A minimization runs thousands of cases under one index: it gets ten bounds.
        const bound = state === CASE_MINIMIZING ? 10 * opts.hangMs : opts.hangMs;
        if (Date.now() - watchedSince > bound) {
          const why = `case ${index} ran longer than ${opts.hangMs} ms`;
          void worker.terminate();
          lostCase('hang', why);
        }
      }, POLL_MS);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'failure') record(m.failure, m.minimized ?? undefined);
        else if (m.type === 'repeat') {
          const f = failures.get(m.signature);
          if (f) f.count++;
        } else {
          last = { stats: m.stats, nextIndex: m.nextIndex };
          opts.onProgress?.(addStats(total, m.stats));
          if (m.done) finish(last);
        }
      });
      worker.on('error', (e: Error) => lostCase('crash', `worker died: ${e.message.split('\n')[0]}`));
      worker.on('exit', (code) => {
        if (!finished) lostCase('crash', `worker exited with code ${code}`);
      });
    });
    total = addStats(total, result.stats);
    next = result.nextIndex;
  }
  return {
    target,
    stats: total,
    seconds: (Date.now() - started) / 1000,
    failures: [...failures.values()],
    workers,
  };
}
