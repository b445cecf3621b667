/**
 * The fuzz loop, independent of where it runs (a worker thread under the supervisor, or inline
 * in `npm test`): pick a seed or an earlier interesting mutant, mutate it, run the target,
 * classify. A mutant whose outcome has not been seen before (a new typed error, or the first
 * acceptance) joins the corpus, a cheap stand-in for coverage feedback. Failures are reported
 * with their input; per-case memory growth is measured from V8's heap and external-memory
 * counters after each case and confirmed by a second run before it counts.
 */
import { getHeapStatistics } from 'node:v8';
import { BaseError } from '@faultline/primitives';
import { havoc, type MutateContext } from './mutate.js';
import { hashString, Rng } from './rng.js';
import { InputShapeError, type Target } from './target.js';

export type FailureKind = 'exception' | 'hang' | 'memory' | 'crash';

export interface Failure {
  readonly kind: FailureKind;
  /** Stable across inputs that hit the same bug: error class, message shape, throwing line. */
  readonly signature: string;
  /** One line for humans. */
  readonly message: string;
  readonly input: Uint8Array;
  readonly index: number;
}

export type Outcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'typed'; readonly name: string; readonly message: string }
  | { readonly kind: 'failure'; readonly signature: string; readonly message: string };

const ACCEPTED: Outcome = { kind: 'accepted' };

/** Digits and hex runs become '#', so "offset 12" and "offset 97" are one signature. */
export function messageShape(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/0x[0-9a-f]+/gi, '#')
    .replace(/\d+/g, '#')
    .slice(0, 160);
}

/**
 * Where an error comes from: the first stack frame inside the repository (`path:line`) and, when
 * that is a shared helper (a primitives boundary check), the first frame in another file — the
 * caller that let it escape.
 */
function throwSite(e: unknown): { site: string; caller: string | undefined } {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
  let site: string | undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /(packages\/[^\s:()]+|fuzz\/[^\s:()]+|node_modules\/[^\s:()]+):(\d+)/.exec(line);
    if (!m) continue;
    if (site === undefined) site = `${m[1]}:${m[2]}`;
    else if (!site.startsWith(`${m[1]}:`)) return { site, caller: `${m[1]}:${m[2]}` };
  }
  return { site: site ?? 'unknown', caller: undefined };
}

function errorLine(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  return `thrown ${typeof e}: ${String(e).slice(0, 120)}`;
}

export function isTyped(target: Target, e: unknown): e is Error {
  if (e instanceof InputShapeError) return true;
  return target.errors.some((c) => (typeof c === 'string' ? e instanceof BaseError && e.name === c : e instanceof c));
}

function refusal(target: Target, e: unknown): Outcome {
  if (isTyped(target, e)) {
    const short = (e as { shortMessage?: string }).shortMessage ?? e.message;
    return { kind: 'typed', name: e.name, message: short.split('\n')[0]! };
  }
  const line = errorLine(e);
  const { site, caller } = throwSite(e);
  const ctor = e instanceof Error ? e.constructor.name : typeof e;
  // The class and where it was thrown (and let through) identify a bug; the message varies with the input.
  const where = caller && site.startsWith('packages/primitives/') ? `${site} < ${caller}` : site;
  return { kind: 'failure', signature: `${ctor} @ ${where}`, message: `${line} (at ${where})` };
}

/**
 * Runs one input and classifies the result (no time or memory bound: see `Campaign`). Stays
 * synchronous for synchronous targets; an asynchronous target (a channel end) yields a promise.
 */
export function classify(target: Target, input: Uint8Array): Outcome | Promise<Outcome> {
  let result: void | Promise<void>;
  try {
    result = target.run(input);
  } catch (e) {
    return refusal(target, e);
  }
  if (result instanceof Promise) {
    return result.then(
      () => ACCEPTED,
      (e: unknown) => refusal(target, e),
    );
  }
  return ACCEPTED;
}

/** The line a regression test compares: `accepted` or `<ErrorName>: <message>`. */
export function outcomeLine(o: Outcome): string {
  if (o.kind === 'accepted') return 'accepted';
  if (o.kind === 'typed') return `${o.name}: ${o.message}`;
  return `FAILURE ${o.message}`;
}

function heapBytes(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

export interface CampaignOptions {
  readonly seed: number;
  /** Index of the first case (a restarted worker continues where the last one stopped). */
  readonly startIndex?: number;
  /** Growth of heap + external memory over one case that counts as a failure (bytes). */
  readonly memoryBound?: number;
  /** Called before each case with its index and input (the worker copies it to shared memory). */
  readonly beforeCase?: (index: number, input: Uint8Array) => void;
}

export interface CampaignStats {
  cases: number;
  accepted: number;
  typed: number;
  failures: number;
  /** Typed refusals by error name. */
  byError: Record<string, number>;
  corpus: number;
}

const CORPUS_LIMIT = 512;
const DEFAULT_MEMORY_BOUND = 256 << 20;

export class Campaign {
  readonly stats: CampaignStats = { cases: 0, accepted: 0, typed: 0, failures: 0, byError: {}, corpus: 0 };
  private readonly corpus: Uint8Array[];
  private readonly seen = new Set<string>();
  private readonly stream: number;
  private readonly ctx: MutateContext;
  private index: number;
  private lastHeap = heapBytes();

  constructor(
    readonly target: Target,
    readonly options: CampaignOptions,
    seeds: Uint8Array[] = target.seeds(),
  ) {
    this.corpus = seeds.length > 0 ? seeds.slice() : [new Uint8Array(0)];
    this.stream = hashString(target.name);
    this.index = options.startIndex ?? 0;
    const ctx: MutateContext = { seeds: this.corpus, maxLength: target.maxLength };
    this.ctx = target.dictionary ? { ...ctx, dictionary: target.dictionary } : ctx;
  }

  get nextIndex(): number {
    return this.index;
  }

  /** The input of case `index` given the current corpus. */
  generate(rng: Rng): Uint8Array {
    if (rng.oneIn(32)) return rng.bytes(rng.smallLength(this.target.maxLength));
    let input = this.corpus[rng.int(this.corpus.length)]!;
    if (rng.oneIn(64)) return input;
    const odds = this.target.havocOdds ?? 3;
    const structured = this.target.mutate && !rng.oneIn(odds) ? this.target.mutate(input, rng, this.ctx) : undefined;
    input = structured ?? havoc(input, rng, this.ctx);
    if (structured && rng.oneIn(6)) input = havoc(input, rng, this.ctx);
    return input.length > this.target.maxLength ? input.subarray(0, this.target.maxLength) : input;
  }

  /** Runs the next case; returns its failure, if any. */
  async step(): Promise<Failure | undefined> {
    const index = this.index++;
    const rng = new Rng(this.options.seed, this.stream, index);
    const input = this.generate(rng);
    this.options.beforeCase?.(index, input);
    let outcome = classify(this.target, input);
    if (outcome instanceof Promise) outcome = await outcome;
    this.stats.cases++;
    const bound = this.options.memoryBound ?? DEFAULT_MEMORY_BOUND;
    const heap = heapBytes();
    const grew = heap - this.lastHeap;
    this.lastHeap = heap;
    if (grew > bound && outcome.kind !== 'failure') {
      const confirmed = await this.memoryGrowth(input);
      if (confirmed > bound) {
        this.stats.failures++;
        const mb = (confirmed / 2 ** 20).toFixed(0);
        return {
          kind: 'memory',
          signature: `memory growth @ ${this.target.name}`,
          message: `one case grew the heap by ${mb} MiB`,
          input,
          index,
        };
      }
    }
    if (outcome.kind === 'failure') {
      this.stats.failures++;
      return { kind: 'exception', signature: outcome.signature, message: outcome.message, input, index };
    }
    const key = outcome.kind === 'accepted' ? 'accepted' : `${outcome.name}: ${messageShape(outcome.message)}`;
    if (outcome.kind === 'accepted') this.stats.accepted++;
    else {
      this.stats.typed++;
      this.stats.byError[outcome.name] = (this.stats.byError[outcome.name] ?? 0) + 1;
    }
    // A new outcome joins the corpus, unless the harness's envelope was broken (nothing reached).
    if (!this.seen.has(key)) {
      this.seen.add(key);
      if (this.seen.size < 4096 && !(outcome.kind === 'typed' && outcome.name === 'InputShapeError'))
        this.addToCorpus(input, rng);
    }
    return undefined;
  }

  /** Memory held after running `input` once more, measured around that run alone. */
  async memoryGrowth(input: Uint8Array): Promise<number> {
    const before = heapBytes();
    await classify(this.target, input);
    const after = heapBytes();
    this.lastHeap = after;
    return after - before;
  }

  private addToCorpus(input: Uint8Array, rng: Rng): void {
    if (input.length > this.target.maxLength) return;
    if (this.corpus.length < CORPUS_LIMIT) this.corpus.push(input.slice());
    else this.corpus[rng.int(this.corpus.length)] = input.slice();
    this.stats.corpus = this.corpus.length;
  }
}

/**
 * Shrinks an input while `stillFails` holds: removes halves, quarters, … down to single bytes,
 * then zeroes bytes one at a time (delta debugging, Zeller & Hildebrandt 2002, simplified).
 * `budget` bounds the number of runs.
 */
export async function minimize(
  input: Uint8Array,
  stillFails: (candidate: Uint8Array) => boolean | Promise<boolean>,
  budget = 4000,
): Promise<Uint8Array> {
  let best = input;
  let runs = 0;
  const attempt = async (c: Uint8Array): Promise<boolean> => {
    if (runs++ >= budget) return false;
    if (!(await stillFails(c))) return false;
    best = c;
    return true;
  };
  for (let chunk = best.length >> 1; chunk >= 1 && runs < budget; chunk >>= 1) {
    for (let at = 0; at + chunk <= best.length && runs < budget; ) {
      const c = new Uint8Array(best.length - chunk);
      c.set(best.subarray(0, at));
      c.set(best.subarray(at + chunk), at);
      if (!(await attempt(c))) at += chunk;
    }
  }
  for (let i = 0; i < best.length && runs < budget; i++) {
    if (best[i] === 0) continue;
    const c = best.slice();
    c[i] = 0;
    await attempt(c);
  }
  return best;
}

/** Minimizes an exception failure, keeping its signature. */
export function minimizeFailure(target: Target, failure: Failure, budget?: number): Promise<Uint8Array> {
  if (failure.kind !== 'exception') return Promise.resolve(failure.input);
  return minimize(
    failure.input,
    async (c) => {
      const o = await classify(target, c);
      return o.kind === 'failure' && o.signature === failure.signature;
    },
    budget,
  );
}
