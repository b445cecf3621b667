/**
 * Channel decompression with a hard output bound (derivation.md "Channel Format"; fjord
 * "Brotli Channel Compression"). A channel is zlib (RFC 1950: first byte's low nibble is the
 * compression method 8, or the reserved 15) or, from Fjord, `0x01 ++ brotli`. Decompressed
 * output is cut at MAX_RLP_BYTES_PER_CHANNEL: the spec reads only that prefix, so a zip bomb
 * costs at most the limit. A corrupt stream is not fatal either: op-node reads batches from a
 * streaming decompressor, so every byte produced before the fault still counts; we return that
 * prefix together with the error.
 */
import { BrotliDecompress } from 'brotli/dec/decode.js';
import { BrotliInput } from 'brotli/dec/streams.js';
import { Inflate } from 'fflate/browser';
import { ChannelDecompressError } from './errors.js';

export type CompressionAlgo = 'zlib' | 'brotli';

export const CHANNEL_VERSION_BROTLI = 0x01;
const ZLIB_CM8 = 8;
const ZLIB_CM15 = 15;
const ZLIB_HEADER_LENGTH = 2;
const ZLIB_MAX_WINDOW_BITS_CODE = 7;
const ZLIB_FDICT = 0x20;
/** Compressed bytes per inflate step: deflate expands at most ~1032×, so one step stays small. */
const INFLATE_CHUNK = 4096;

export interface DecompressResult {
  readonly algo: CompressionAlgo | undefined;
  /** Decompressed bytes (at most `limit`). */
  readonly data: Uint8Array;
  /** The stream produced more than `limit` bytes; `data` is the first `limit`. */
  readonly truncated: boolean;
  /** Why decompression stopped early; `data` is still the prefix produced before the fault. */
  readonly error?: ChannelDecompressError;
}

/** Thrown inside the decoder callbacks to stop at the limit; never escapes this module. */
class LimitReached extends Error {}

class BoundedSink {
  private chunks: Uint8Array[] = [];
  length = 0;
  truncated = false;
  constructor(private readonly limit: number) {}

  write(chunk: Uint8Array): void {
    const room = this.limit - this.length;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.slice(0, room));
      this.length = this.limit;
      this.truncated = true;
      throw new LimitReached();
    }
    if (chunk.length > 0) {
      this.chunks.push(chunk.slice());
      this.length += chunk.length;
    }
  }

  /** Drops everything written after `length` (used when a decode is replayed). */
  truncate(length: number): void {
    let kept = 0;
    const out: Uint8Array[] = [];
    for (const c of this.chunks) {
      if (kept + c.length <= length) {
        out.push(c);
        kept += c.length;
      } else {
        if (length > kept) out.push(c.subarray(0, length - kept));
        kept = length;
        break;
      }
    }
    this.chunks = out;
    this.length = kept;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const c of this.chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}

function zlibHeaderError(data: Uint8Array): string | undefined {
  if (data.length < ZLIB_HEADER_LENGTH) return 'zlib header truncated';
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 0x0f) !== ZLIB_CM8 || cmf >> 4 > ZLIB_MAX_WINDOW_BITS_CODE) return `invalid zlib header byte ${cmf}`;
  if (((cmf << 8) | flg) % 31 !== 0) return 'zlib header check bits are wrong';
  if (flg & ZLIB_FDICT) return 'zlib preset dictionaries are not supported';
  return undefined;
}

/**
 * Feeds `body` to a fresh raw inflater in steps of `step` bytes from `from` to `to`. Returns the
 * offset of the step that threw, or -1. Output goes to `sink` (which may throw LimitReached).
 */
function runInflate(inflater: Inflate, body: Uint8Array, from: number, to: number, step: number): number {
  for (let off = from; off < to; off += step) {
    try {
      inflater.push(body.subarray(off, Math.min(off + step, to)), false);
    } catch (e) {
      if (e instanceof LimitReached) throw e;
      return off;
    }
  }
  return -1;
}

function inflateZlib(data: Uint8Array, sink: BoundedSink): ChannelDecompressError | undefined {
  const headerError = zlibHeaderError(data);
  if (headerError) return new ChannelDecompressError(headerError);
  // The adler-32 trailer is never checked: op-node would only see a checksum error after every
  // byte was delivered, which ends the channel exactly like a clean end of stream.
  const body = data.subarray(ZLIB_HEADER_LENGTH);
  const fresh = () => new Inflate((chunk) => sink.write(chunk));
  const failedAt = runInflate(fresh(), body, 0, body.length, INFLATE_CHUNK);
  if (failedAt < 0) return undefined;
  // A corrupt block: the failing step's output was lost. Replay up to it, then byte by byte so
  // the delivered prefix ends where the decoder actually failed (as a streaming reader's would).
  sink.truncate(0);
  const replay = fresh();
  runInflate(replay, body, 0, failedAt, INFLATE_CHUNK);
  runInflate(replay, body, failedAt, Math.min(body.length, failedAt + INFLATE_CHUNK), 1);
  return new ChannelDecompressError(`invalid deflate data near compressed offset ${ZLIB_HEADER_LENGTH + failedAt}`);
}

function decodeBrotli(data: Uint8Array, sink: BoundedSink): ChannelDecompressError | undefined {
  try {
    BrotliDecompress(new BrotliInput(data), {
      // The decoder pre-grows `output.buffer` to hold each meta-block (up to 16 MiB, unbounded in
      // total); a length it can never exceed turns that off, so memory stays with our sink.
      buffer: { length: Number.MAX_SAFE_INTEGER },
      write(buf: Uint8Array, count: number): number {
        sink.write(buf.subarray(0, count));
        return count;
      },
    });
    return undefined;
  } catch (e) {
    if (e instanceof LimitReached) throw e;
    return new ChannelDecompressError('invalid brotli data', { cause: e });
  }
}

/** Picks the algorithm from the channel's first byte (Fjord's ChannelVersion rules). */
export function channelCompression(data: Uint8Array, fjord: boolean): CompressionAlgo | ChannelDecompressError {
  if (data.length === 0) return new ChannelDecompressError('channel data is empty');
  const first = data[0]!;
  const cm = first & 0x0f;
  if (cm === ZLIB_CM8 || cm === ZLIB_CM15) return 'zlib';
  if (first === CHANNEL_VERSION_BROTLI) {
    return fjord ? 'brotli' : new ChannelDecompressError('brotli channels are only valid from Fjord');
  }
  return new ChannelDecompressError(`unknown channel compression byte ${first}`);
}

/** Decompresses a channel, never producing more than `limit` bytes. Never throws. */
export function decompressChannel(data: Uint8Array, limit: number, fjord: boolean): DecompressResult {
  const algo = channelCompression(data, fjord);
  if (algo instanceof ChannelDecompressError)
    return { algo: undefined, data: new Uint8Array(0), truncated: false, error: algo };
  const sink = new BoundedSink(limit);
  let error: ChannelDecompressError | undefined;
  try {
    error = algo === 'zlib' ? inflateZlib(data, sink) : decodeBrotli(data.subarray(1), sink);
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  }
  const base = { algo, data: sink.bytes(), truncated: sink.truncated };
  return error ? { ...base, error } : base;
}
