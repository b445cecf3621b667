/**
 * The prefetcher (op-program `host/prefetcher/prefetcher.go`): it remembers only the last
 * hint; when the oracle misses a key it runs that hint, which fetches a batch of related
 * pre-images (a header, every node of a transaction trie, all 4096 field elements of a blob),
 * verifies each against its key and stores it. Handlers are a table from hint type to fetch.
 *
 * Account and storage proof hints are "bulk" hints (op-program's `lastBulkHint`): they are kept
 * beside the last hint, not in its place, because a client hints an account and then asks for
 * the nodes on its path one by one, each with its own `l2-state-node` hint (op-program) or none
 * (kona). The first miss after a bulk hint runs it — one `eth_getProof` brings the whole path —
 * and only if the key is still missing the last hint runs as usual.
 */

import { HINT_TYPES, parseHint, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex } from '@faultline/primitives';
import type { KvStore } from '../kv/kv-store.js';
import type { HintedFetcher } from '../preimage-host.js';

export class PrefetchError extends BaseError {
  override name = 'PrefetchError' as const;
}

function reasonOf(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string };
  return (err.shortMessage ?? err.message ?? String(e)).split('\n')[0]!;
}

/** What a hint handler may use: verified storage plus whatever sources the host was given. */
export interface PrefetchContext {
  /** Verifies (keccak/sha256 keys) and stores one pre-image. */
  store(key: Uint8Array, value: Uint8Array): void;
  /** Whether the store already holds `key`. */
  has(key: Uint8Array): boolean;
}

export type HintHandler<S> = (data: Uint8Array, sources: S, ctx: PrefetchContext) => Promise<void>;

export interface PrefetcherOptions<S> {
  store: KvStore;
  sources: S;
  handlers: Record<string, HintHandler<S>>;
  /** Called for every stored value (progress counting). */
  onStored?: (bytes: number) => void;
  /** Transient fetch failures are retried this many times (op-program retries forever). */
  retries?: number;
  /**
   * Hint types fetched as soon as they arrive instead of on the next miss (kona's "proactive"
   * hints): a payload witness brings every node of the next block's build, and the client's
   * per-node hints that follow must find them already stored. Default: `l2-payload-witness`.
   * A proactive fetch that fails is not fatal: the next miss runs its own hint as usual.
   */
  proactive?: readonly string[];
  /**
   * Hint types kept beside the last hint and run at the next miss (see above). Default:
   * `l2-account-proof`, `l2-account-storage-proof`.
   */
  bulk?: readonly string[];
}

/** Failures a retry cannot heal: the data is wrong or the hint is, not the network. */
const FINAL_ERRORS = new Set(['PreimageMismatchError', 'PrefetchError', 'BlobMismatchError']);

export class Prefetcher<S> implements HintedFetcher {
  /** The last hint of any kind (what a failure report names). */
  lastHint: string | undefined;
  /** The last hint that is not a bulk one: what a miss runs. */
  private lastPlainHint: string | undefined;
  /** A bulk hint not yet run. */
  private pendingBulk: string | undefined;
  private readonly ctx: PrefetchContext;
  private readonly proactive: ReadonlySet<string>;
  private readonly bulk: ReadonlySet<string>;
  /** Proactive fetches in flight, in hint order, and how many. */
  private pending: Promise<void> = Promise.resolve();
  private outstanding = 0;
  /** Why the last proactive fetch failed (reported if a later miss cannot be served either). */
  proactiveError: string | undefined;

  constructor(private readonly options: PrefetcherOptions<S>) {
    this.proactive = new Set(options.proactive ?? [HINT_TYPES.l2PayloadWitness]);
    this.bulk = new Set(options.bulk ?? [HINT_TYPES.l2AccountProof, HINT_TYPES.l2AccountStorageProof]);
    this.ctx = {
      store: (key, value) => {
        verifyPreimage(key, value);
        options.store.put(key, value);
        options.onStored?.(value.length);
      },
      has: (key) => options.store.get(key) !== undefined,
    };
  }

  hint(text: string): void {
    this.lastHint = text;
    const space = text.indexOf(' ');
    const type = space < 0 ? text : text.slice(0, space);
    if (this.bulk.has(type)) {
      this.pendingBulk = text;
      return;
    }
    this.lastPlainHint = text;
    if (!this.proactive.has(type)) return;
    this.outstanding++;
    this.pending = this.pending.then(async () => {
      try {
        await this.run(text);
        this.proactiveError = undefined;
      } catch (e) {
        this.proactiveError = `${type}: ${reasonOf(e)}`;
      } finally {
        this.outstanding--;
      }
    });
  }

  async fetchFor(key: Uint8Array): Promise<void> {
    // A miss while a proactive fetch runs is most likely what that fetch brings.
    if (this.outstanding > 0) {
      await this.pending;
      if (this.options.store.get(key) !== undefined) return;
    }
    let bulkError: string | undefined;
    const bulk = this.pendingBulk;
    if (bulk !== undefined) {
      this.pendingBulk = undefined;
      try {
        await this.run(bulk);
      } catch (e) {
        bulkError = `${bulk.slice(0, bulk.indexOf(' '))}: ${reasonOf(e)}`;
      }
      if (this.options.store.get(key) !== undefined) return;
    }
    const text = this.lastPlainHint;
    if (text === undefined) {
      throw new PrefetchError(`no hint to fetch ${bytesToHex(key)}${bulkError ? ` (${bulkError})` : ''}`);
    }
    try {
      await this.run(text);
    } catch (e) {
      if (bulkError !== undefined) throw new PrefetchError(`${reasonOf(e)} (earlier ${bulkError})`, { cause: e });
      if (this.proactiveError !== undefined) {
        throw new PrefetchError(`${reasonOf(e)} (earlier ${this.proactiveError})`, { cause: e });
      }
      throw e;
    }
  }

  private async run(text: string): Promise<void> {
    const { type, data } = parseHint(text);
    const handler = this.options.handlers[type];
    if (!handler) throw new PrefetchError(`unknown hint type "${type}"`);
    const attempts = 1 + (this.options.retries ?? 2);
    for (let i = 1; ; i++) {
      try {
        await handler(data, this.options.sources, this.ctx);
        return;
      } catch (e) {
        // Verification failures and bad hints will not heal on retry; network errors might.
        if (i >= attempts || FINAL_ERRORS.has((e as { name?: string }).name ?? '')) throw e;
      }
    }
  }
}
