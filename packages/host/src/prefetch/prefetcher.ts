/**
 * The prefetcher (op-program `host/prefetcher/prefetcher.go`): it remembers only the last
 * hint; when the oracle misses a key it runs that hint, which fetches a batch of related
 * pre-images (a header, every node of a transaction trie, all 4096 field elements of a blob),
 * verifies each against its key and stores it. Handlers are a table from hint type to fetch.
 */

import { parseHint, verifyPreimage } from '@faultline/preimage';
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
}

export class Prefetcher<S> implements HintedFetcher {
  lastHint: string | undefined;
  private readonly ctx: PrefetchContext;

  constructor(private readonly options: PrefetcherOptions<S>) {
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
  }

  async fetchFor(key: Uint8Array): Promise<void> {
    const text = this.lastHint;
    if (text === undefined) throw new PrefetchError(`no hint to fetch ${bytesToHex(key)}`);
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
