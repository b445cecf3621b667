/**
 * The prefetcher (op-program `host/prefetcher/prefetcher.go`): it remembers only the last
 * hint; when the oracle misses a key it runs that hint, which fetches a batch of related
 * pre-images (a header, every node of a transaction trie, all 4096 field elements of a blob),
 * verifies each against its key and stores it. Handlers are a table from hint type to fetch.
 */

import { HINT_TYPES, parseHint, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex } from '@faultline/primitives';
import type { KvStore } from '../kv/kv-store.js';
import type { HintedFetcher } from '../preimage-host.js';

export class PrefetchError extends BaseError {
  override name = 'PrefetchError' as const;
}

/** What a hint handler may use: verified storage plus whatever sources the host was given. */
export interface PrefetchContext {
  /** Verifies (keccak/sha256 keys) and stores one pre-image. */
  store(key: Uint8Array, value: Uint8Array): void;
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
}

export class Prefetcher<S> implements HintedFetcher {
  lastHint: string | undefined;
  private readonly ctx: PrefetchContext;
  private readonly proactive: ReadonlySet<string>;
  /** Proactive fetches in flight, in hint order, and how many. */
  private pending: Promise<void> = Promise.resolve();
  private outstanding = 0;
  /** Why the last proactive fetch failed (reported if a later miss cannot be served either). */
  proactiveError: string | undefined;

  constructor(private readonly options: PrefetcherOptions<S>) {
    this.proactive = new Set(options.proactive ?? [HINT_TYPES.l2PayloadWitness]);
    this.ctx = {
      store: (key, value) => {
        verifyPreimage(key, value);
        options.store.put(key, value);
        options.onStored?.(value.length);
      },
    };
  }

  hint(text: string): void {
    this.lastHint = text;
    const space = text.indexOf(' ');
    const type = space < 0 ? text : text.slice(0, space);
    if (!this.proactive.has(type)) return;
    this.outstanding++;
    this.pending = this.pending.then(async () => {
      try {
        await this.run(text);
        this.proactiveError = undefined;
      } catch (e) {
        this.proactiveError = `${type}: ${(e as Error).message.split('\n')[0]}`;
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
    const text = this.lastHint;
    if (text === undefined) throw new PrefetchError(`no hint to fetch ${bytesToHex(key)}`);
    try {
      await this.run(text);
    } catch (e) {
      if (this.proactiveError !== undefined) {
        const err = e as { shortMessage?: string; message?: string };
        const reason = (err.shortMessage ?? err.message ?? String(e)).split('\n')[0];
        throw new PrefetchError(`${reason} (earlier ${this.proactiveError})`, { cause: e });
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
        const name = (e as { name?: string }).name;
        if (i >= attempts || name === 'PreimageMismatchError' || name === 'PrefetchError') throw e;
      }
    }
  }
}
