/**
 * The host's answer to one oracle key (op-program `host.go` + `prefetcher.go` +
 * `kvstore/splitter.go`): local keys come from the boot flags, everything else from the kv
 * store; on a miss the prefetcher runs the last hint and the store is read again. Values
 * read from a store are verified against their key before they are served, so a corrupted or
 * hand-edited datadir cannot feed the client a wrong pre-image.
 */

import { KEY_TYPES, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex } from '@faultline/primitives';
import type { KvStore } from './kv/kv-store.js';
import type { LocalSource } from './kv/local-source.js';

/** What the host needs from a prefetcher; see `prefetch/prefetcher.ts`. */
export interface HintedFetcher {
  /** Remembers the hint (op-program keeps only the last one). */
  hint(text: string): void;
  /** Runs the last hint to produce `key`; stores what it fetched. */
  fetchFor(key: Uint8Array): Promise<void>;
  readonly lastHint: string | undefined;
}

export class MissingPreimageError extends BaseError {
  override name = 'MissingPreimageError' as const;
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`pre-image ${key} not available: ${reason}`);
  }
}

export interface HostStats {
  served: number;
  servedBytes: number;
  fetched: number;
  fetchedBytes: number;
  hints: number;
}

export interface PreimageHostOptions {
  store: KvStore;
  local?: LocalSource;
  fetcher?: HintedFetcher;
  /** Verify hash-keyed values before serving (default true; the benchmark measures both). */
  verify?: boolean;
}

const LOCAL = KEY_TYPES.local.byte;

export class PreimageHost {
  readonly stats: HostStats = { served: 0, servedBytes: 0, fetched: 0, fetchedBytes: 0, hints: 0 };
  private readonly store: KvStore;
  private readonly local: LocalSource | undefined;
  private readonly fetcher: HintedFetcher | undefined;
  private readonly verify: boolean;
  /** Values already checked against their key: a memory store hands back the same object. */
  private readonly verified = new WeakSet<Uint8Array>();

  constructor(options: PreimageHostOptions) {
    this.store = options.store;
    this.local = options.local;
    this.fetcher = options.fetcher;
    this.verify = options.verify ?? true;
  }

  get online(): boolean {
    return this.fetcher !== undefined;
  }

  /** Hint handler for the hint channel; offline hosts ignore hints, as op-program does. */
  hint = (text: string): void => {
    this.stats.hints++;
    this.fetcher?.hint(text);
  };

  /** Getter for the oracle server: synchronous when the value is at hand. */
  get = (key: Uint8Array): Uint8Array | Promise<Uint8Array> => {
    if (key[0] === LOCAL) {
      const v = this.local?.get(key);
      if (v === undefined) throw new MissingPreimageError(bytesToHex(key), 'unknown local key');
      return this.served(v);
    }
    const v = this.store.get(key);
    if (v !== undefined) {
      if (this.verify && !this.verified.has(v)) {
        verifyPreimage(key, v);
        this.verified.add(v);
      }
      return this.served(v);
    }
    return this.fetchAndGet(key);
  };

  private served(v: Uint8Array): Uint8Array {
    this.stats.served++;
    this.stats.servedBytes += v.length;
    return v;
  }

  private async fetchAndGet(key: Uint8Array): Promise<Uint8Array> {
    const hex = bytesToHex(key);
    if (!this.fetcher) throw new MissingPreimageError(hex, 'not in the datadir and the host is offline');
    const hint = this.fetcher.lastHint;
    if (hint === undefined) throw new MissingPreimageError(hex, 'not stored and no hint was sent before it');
    await this.fetcher.fetchFor(key);
    const v = this.store.get(key);
    if (v === undefined) throw new MissingPreimageError(hex, `hint "${hint.slice(0, 120)}" did not produce it`);
    if (this.verify) verifyPreimage(key, v);
    return this.served(v);
  }

  /** Counts what a fetcher stored (the progress line reports it). */
  noteFetched(bytes: number): void {
    this.stats.fetched++;
    this.stats.fetchedBytes += bytes;
  }
}
