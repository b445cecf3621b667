/**
 * The host's answer to one oracle key (op-program `host.go` + `prefetcher.go` +
 * `kvstore/splitter.go`): local keys come from the boot flags, everything else from the kv
 * store; on a miss the prefetcher runs the last hint and the store is read again. Values
 * read from a store are verified against their key before they are served, so a corrupted or
 * hand-edited datadir cannot feed the client a wrong pre-image.
 */

import { KEY_TYPES, localKeyIndex, verifyPreimage } from '@faultline/preimage';
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

/**
 * The boot values every OP fault-proof program reads before it can decide anything (op-program
 * `client/boot.go`, kona `BootInfo::load`): L1 head, agreed output root, claim and claim block
 * number. Key 5 (chain id) came later and 6/7 only for custom chains, so they are not required.
 */
export const REQUIRED_BOOT_KEYS = [1, 2, 3, 4] as const;
const REQUIRED_BOOT_MASK = REQUIRED_BOOT_KEYS.reduce((m, i) => m | (1 << i), 0);

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
  /** Bit i set once local key i (i < 32) has been served: the boot values the client read. */
  private localKeysRead = 0;
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
      const index = localKeyIndex(key);
      if (index < 32n) this.localKeysRead |= 1 << Number(index);
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

  /**
   * Why a client exit of 0 or 1 would not be a verdict, or undefined when it is backed: a program
   * that never read its boot values cannot have checked the claim (`--exec true`, a mistyped
   * command printing help, a runtime that died before running the program). Only the oracle
   * traffic is used, so any op-program-compatible client qualifies; a marker line would not.
   */
  unbackedVerdict(): string | undefined {
    const read = this.localKeysRead;
    if ((read & REQUIRED_BOOT_MASK) === REQUIRED_BOOT_MASK) return undefined;
    const missing = REQUIRED_BOOT_KEYS.filter((i) => (read & (1 << i)) === 0);
    if (read === 0) return 'never read its boot values (local keys 1-4)';
    return `read only some of its boot values (local key${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not read)`;
  }

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
