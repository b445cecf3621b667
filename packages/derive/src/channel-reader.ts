/**
 * Channel reader (derivation.md "Channel Reader (Batch Decoding)"): decompresses a channel with
 * the MAX_RLP_BYTES_PER_CHANNEL bound and reads RLP-string batches one at a time. The first
 * malformed batch (or the end of the decompressed prefix) ends the channel; batches read before
 * it stand. The limit is cumulative over the channel, as op-node's limited RLP stream enforces:
 * only batches that fit entirely within the first MAX_RLP_BYTES_PER_CHANNEL bytes are read.
 */
import { rlpDecodePrefix } from '@faultline/primitives';
import { type Batch, decodeBatch } from './batch.js';
import { type DeriveConfig, isForkActive, maxRlpBytesPerChannel } from './config.js';
import { type DecompressResult, decompressChannel } from './decompress.js';
import { BatchDecodeError, type DeriveError } from './errors.js';

export type BatchReadResult =
  | { readonly kind: 'batch'; readonly batch: Batch }
  | { readonly kind: 'eof'; readonly error?: DeriveError };

export class BatchReader {
  private pos = 0;
  private done = false;

  /** `data` is decompressed channel data; `maxRlpBytes` bounds the total bytes read. */
  constructor(
    readonly data: Uint8Array,
    readonly maxRlpBytes: number,
    /** Why decompression stopped early, reported once the data runs out. */
    private readonly streamError?: DeriveError,
  ) {}

  get offset(): number {
    return this.pos;
  }

  next(): BatchReadResult {
    if (this.done) return { kind: 'eof' };
    if (this.pos >= this.data.length) return this.finish(this.streamError);
    const first = this.data[this.pos]!;
    if (first >= 0xc0)
      return this.finish(new BatchDecodeError(`batch at offset ${this.pos} is an RLP list, not a string`));
    let item: Uint8Array;
    let end: number;
    try {
      [item, end] = rlpDecodePrefix(this.data, this.pos) as [Uint8Array, number];
    } catch (e) {
      // Also the usual end of a truncated (bomb-limited or corrupt) stream.
      return this.finish(this.streamError ?? new BatchDecodeError(`batch RLP: ${(e as Error).message}`, { cause: e }));
    }
    if (end > this.maxRlpBytes) {
      return this.finish(
        new BatchDecodeError(`batch ends at byte ${end}, past the channel limit of ${this.maxRlpBytes}`),
      );
    }
    this.pos = end;
    try {
      return { kind: 'batch', batch: decodeBatch(item) };
    } catch (e) {
      return this.finish(e as DeriveError);
    }
  }

  private finish(error: DeriveError | undefined): BatchReadResult {
    this.done = true;
    return error ? { kind: 'eof', error } : { kind: 'eof' };
  }
}

/**
 * Opens a ready channel for reading, with the limits and compression rules of the L1 block the
 * channel completed in (op-node uses the reader's current L1 origin).
 */
export function readChannel(
  config: DeriveConfig,
  channelData: Uint8Array,
  l1Timestamp: bigint,
): { reader: BatchReader; decompressed: DecompressResult } {
  const limit = maxRlpBytesPerChannel(config, l1Timestamp);
  const decompressed = decompressChannel(channelData, limit, isForkActive(config, 'fjord', l1Timestamp));
  return { reader: new BatchReader(decompressed.data, limit, decompressed.error), decompressed };
}
