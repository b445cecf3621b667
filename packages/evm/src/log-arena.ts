/**
 * Logs whose topics and data live in one append-only byte arena per world state. A LOG
 * instruction copies its topics and data into the arena and records offsets; the `topics` and
 * `data` arrays a consumer (receipt, logs hash, trace) reads are made on first access.
 *
 * Why: contracts that emit a log per iteration (ERC-20 transfers: one `Transfer` each) made
 * LOG the third-hottest function of the erc20 benchmarks, mostly in allocation — a fresh
 * `Uint8Array` (an ArrayBuffer, the costly kind for V8's young-generation GC), a topics array
 * and a view per part — for logs nobody reads until the transaction ends. Growing the arena
 * copies it into a larger buffer; logs made earlier keep the old one, whose bytes never change
 * again, so no log is ever invalidated.
 */
import type { AddressHex } from './state-interface.js';

export interface Log {
  address: AddressHex;
  topics: Uint8Array[];
  data: Uint8Array;
}

const INITIAL_ARENA = 4096;

const NO_BYTES = new Uint8Array(0);

export class LogArena {
  // Empty until the first LOG: one arena per world state (one per transaction), and most
  // transactions log nothing; a typed array with its own backing store costs ~1 µs to make.
  private buf = NO_BYTES;
  private used = 0;

  /** Reserves `n` bytes; returns the buffer to write them into, at `this.offset`. */
  reserve(n: number): Uint8Array {
    if (this.used + n > this.buf.length) {
      const next = new Uint8Array(Math.max(INITIAL_ARENA, 2 * this.buf.length, this.used + n));
      next.set(this.buf.subarray(0, this.used));
      this.buf = next;
    }
    this.offset = this.used;
    this.used += n;
    return this.buf;
  }

  /** Where the last `reserve` starts. */
  offset = 0;
}

/** A log as offsets into an arena buffer: `topicCount` 32-byte topics, then `dataLength` bytes. */
export class ArenaLog implements Log {
  private topicViews: Uint8Array[] | undefined;
  private dataView: Uint8Array | undefined;

  constructor(
    readonly address: AddressHex,
    private readonly buf: Uint8Array,
    private readonly off: number,
    private readonly topicCount: number,
    private readonly dataLength: number,
  ) {}

  get topics(): Uint8Array[] {
    if (this.topicViews === undefined) {
      const t: Uint8Array[] = [];
      for (let i = 0; i < this.topicCount; i++) t.push(this.buf.subarray(this.off + 32 * i, this.off + 32 * i + 32));
      this.topicViews = t;
    }
    return this.topicViews;
  }

  get data(): Uint8Array {
    if (this.dataView === undefined) {
      const start = this.off + 32 * this.topicCount;
      this.dataView = this.buf.subarray(start, start + this.dataLength);
    }
    return this.dataView;
  }

  /** The three fields as plain properties (JSON output of traces and test failures). */
  toJSON(): { address: AddressHex; topics: Uint8Array[]; data: Uint8Array } {
    return { address: this.address, topics: this.topics, data: this.data };
  }
}
