/**
 * The host's answer to one oracle key (op-program `host.go` + `prefetcher.go` +
 * `kvstore/splitter.go`): local keys come from the boot flags, everything else from the kv
 * store; on a miss the prefetcher runs the last hint and the store is read again. Values
 * read from a store are verified against their key before they are served — hash-keyed ones by
 * hashing, precompile results by re-running the call (precompile-check.ts) — so a corrupted or
 * hand-edited datadir cannot feed the client a wrong pre-image.
 */

import { KEY_TYPES, localKeyIndex, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex } from '@faultline/primitives';
import type { KvStore } from './kv/kv-store.js';
import type { BootProgram, LocalSource } from './kv/local-source.js';
import { checkPrecompileResult, findPrecompileCall } from './precompile-check.js';
import { loadedPrecompileTable, loadTable } from './prefetch/precompile.js';
import { StoredBlobCheck } from './stored-blob-check.js';
import { storedBlobCommit } from './stored-blob-committer.js';

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
  /** Verify values before serving (default true; the benchmark measures both). */
  verify?: boolean;
  /** Whose hint meanings apply when a stored precompile result is checked (default op-program). */
  program?: BootProgram;
}

const LOCAL = KEY_TYPES.local.byte;
const BLOB = KEY_TYPES.blob.byte;
const PRECOMPILE = KEY_TYPES.precompile.byte;

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
  private readonly blobs: StoredBlobCheck;
  /** The last `l1-precompile(-v2)` hint: it can name the call a stored result answers. */
  private lastPrecompileHint: string | undefined;
  private readonly kona: boolean;

  constructor(options: PreimageHostOptions) {
    this.kona = options.program === 'kona';
    this.store = options.store;
    this.local = options.local;
    this.fetcher = options.fetcher;
    this.verify = options.verify ?? true;
    // Pure-JS commitments for the process's first blobs, c-kzg on a worker after: a host that
    // checks one blob never loads c-kzg's setup (stored-blob-committer.ts).
    this.blobs = new StoredBlobCheck(options.store, storedBlobCommit);
  }

  get online(): boolean {
    return this.fetcher !== undefined;
  }

  /** Hint handler for the hint channel; offline hosts ignore hints, as op-program does. */
  hint = (text: string): void => {
    this.stats.hints++;
    if (text.startsWith('l1-precompile')) this.lastPrecompileHint = text;
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
    // A blob field element has no hash of its own: its whole blob is checked against the
    // commitment, and its elements are served as that check read them (stored-blob-check.ts).
    if (this.verify && key[0] === BLOB) {
      const checked = this.blobs.checked(key);
      if (checked !== undefined) return this.served(checked);
    }
    const v = this.store.get(key);
    if (v !== undefined) {
      if (this.verify && key[0] === BLOB) return this.served(this.blobs.check(key));
      if (this.verify && !this.verified.has(v)) {
        const pending = this.verifyStored(key, v);
        if (pending !== undefined)
          return pending.then(() => {
            this.verified.add(v);
            return this.served(v);
          });
        this.verified.add(v);
      }
      return this.served(v);
    }
    return this.fetchAndGet(key);
  };

  /** Checks a stored value against its key; a Promise only while the precompile table loads. */
  private verifyStored(key: Uint8Array, v: Uint8Array): Promise<void> | undefined {
    if (key[0] !== PRECOMPILE) {
      verifyPreimage(key, v);
      return undefined;
    }
    const call = findPrecompileCall(key, (k) => this.store.get(k), this.lastPrecompileHint, this.kona);
    const table = loadedPrecompileTable();
    if (table) {
      checkPrecompileResult(key, v, call, table);
      return undefined;
    }
    return loadTable().then((t) => checkPrecompileResult(key, v, call, t));
  }

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
    if (this.verify && key[0] === BLOB) return this.served(this.blobs.check(key));
    return this.served(v);
  }

  /** Counts what a fetcher stored (the progress line reports it). */
  noteFetched(bytes: number): void {
    this.stats.fetched++;
    this.stats.fetchedBytes += bytes;
  }
}
