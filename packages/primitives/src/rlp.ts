/**
 * Recursive Length Prefix (Ethereum Yellow Paper, appendix B). The decoder is strict: every
 * non-canonical form — a single byte below 0x80 wrapped in a string header, a long header for
 * a payload of ≤ 55 bytes, a length with leading zeros, trailing bytes, a length that runs
 * past the input — is an `RlpError`, because a fault proof must reject what geth rejects.
 */
import { BaseError } from './errors.js';
import { bigIntToMinimalBytes } from './ints.js';

export type RlpItem = Uint8Array | RlpItem[];
/** What `rlpEncode` accepts: integers are encoded as minimal big-endian byte strings. */
export type RlpInput = Uint8Array | bigint | number | RlpInput[];

export class RlpError extends BaseError {
  override name = 'RlpError' as const;
  /** Byte offset in the encoding; undefined for a decoded item of the wrong kind (see `rlpUint`). */
  constructor(
    reason: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `rlp: ${reason}` : `rlp: ${reason} at offset ${offset}`);
  }
}

function normalize(input: RlpInput): Uint8Array | RlpInput[] {
  if (input instanceof Uint8Array || Array.isArray(input)) return input;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) throw new RlpError(`cannot encode number ${input}`);
    return bigIntToMinimalBytes(BigInt(input));
  }
  return bigIntToMinimalBytes(input);
}

function headerLength(payload: number): number {
  if (payload <= 55) return 1;
  let n = 1;
  for (let v = payload; v > 255; v = Math.floor(v / 256)) n++;
  return 1 + n;
}

/** Encoded length of an item; filled into `sizes` (post-order) so `write` needs no second pass. */
function measure(input: RlpInput, sizes: number[]): number {
  const item = normalize(input);
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) return 1;
    return headerLength(item.length) + item.length;
  }
  const slot = sizes.length;
  sizes.push(0);
  let payload = 0;
  for (const child of item) payload += measure(child, sizes);
  sizes[slot] = payload;
  return headerLength(payload) + payload;
}

function writeHeader(out: Uint8Array, pos: number, payload: number, short: number): number {
  if (payload <= 55) {
    out[pos] = short + payload;
    return pos + 1;
  }
  const lenBytes = headerLength(payload) - 1;
  out[pos] = short + 55 + lenBytes;
  for (let i = lenBytes; i >= 1; i--) {
    out[pos + i] = payload & 0xff;
    payload = Math.floor(payload / 256);
  }
  return pos + 1 + lenBytes;
}

function write(input: RlpInput, out: Uint8Array, pos: number, sizes: number[], cursor: { i: number }): number {
  const item = normalize(input);
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) {
      out[pos] = item[0]!;
      return pos + 1;
    }
    pos = writeHeader(out, pos, item.length, 0x80);
    out.set(item, pos);
    return pos + item.length;
  }
  const payload = sizes[cursor.i++]!;
  pos = writeHeader(out, pos, payload, 0xc0);
  for (const child of item) pos = write(child, out, pos, sizes, cursor);
  return pos;
}

export function rlpEncode(input: RlpInput): Uint8Array {
  const sizes: number[] = [];
  const total = measure(input, sizes);
  const out = new Uint8Array(total);
  write(input, out, 0, sizes, { i: 0 });
  return out;
}

/** Decodes exactly one item spanning the whole input. */
export function rlpDecode(data: Uint8Array): RlpItem {
  const [item, end] = decodeAt(data, 0, 0);
  if (end !== data.length) throw new RlpError(`${data.length - end} trailing byte(s)`, end);
  return item;
}

/** Decodes one item at `offset` and returns it with the offset just past it (for streams). */
export function rlpDecodePrefix(data: Uint8Array, offset = 0): [RlpItem, number] {
  return decodeAt(data, offset, 0);
}

const MAX_DEPTH = 1024;

function readLength(data: Uint8Array, pos: number, lenBytes: number): number {
  if (pos + lenBytes > data.length) throw new RlpError('length prefix runs past the input', pos);
  if (data[pos] === 0) throw new RlpError('length with leading zero', pos);
  let len = 0;
  for (let i = 0; i < lenBytes; i++) len = len * 256 + data[pos + i]!;
  if (len <= 55) throw new RlpError('long form used for a payload of ≤ 55 bytes', pos);
  if (len > Number.MAX_SAFE_INTEGER) throw new RlpError('length too large', pos);
  return len;
}

function decodeAt(data: Uint8Array, pos: number, depth: number): [RlpItem, number] {
  if (pos >= data.length) throw new RlpError('unexpected end of input', pos);
  if (depth > MAX_DEPTH) throw new RlpError('nesting too deep', pos);
  const b = data[pos]!;
  if (b < 0x80) return [data.subarray(pos, pos + 1), pos + 1];
  if (b <= 0xb7) {
    const len = b - 0x80;
    const start = pos + 1;
    if (start + len > data.length) throw new RlpError(`string of ${len} bytes runs past the input`, pos);
    if (len === 1 && data[start]! < 0x80) throw new RlpError('single byte below 0x80 must not have a header', pos);
    return [data.subarray(start, start + len), start + len];
  }
  if (b <= 0xbf) {
    const lenBytes = b - 0xb7;
    const len = readLength(data, pos + 1, lenBytes);
    const start = pos + 1 + lenBytes;
    if (start + len > data.length) throw new RlpError(`string of ${len} bytes runs past the input`, pos);
    return [data.subarray(start, start + len), start + len];
  }
  let len: number;
  let start: number;
  if (b <= 0xf7) {
    len = b - 0xc0;
    start = pos + 1;
  } else {
    const lenBytes = b - 0xf7;
    len = readLength(data, pos + 1, lenBytes);
    start = pos + 1 + lenBytes;
  }
  const end = start + len;
  if (end > data.length) throw new RlpError(`list of ${len} bytes runs past the input`, pos);
  const items: RlpItem[] = [];
  let p = start;
  while (p < end) {
    const [child, next] = decodeAt(data, p, depth + 1);
    if (next > end) throw new RlpError('list item runs past the end of its list', p);
    items.push(child);
    p = next;
  }
  return [items, end];
}

/** Narrowing helpers for decoded structures, with the field named in the error. */
export function rlpBytes(item: RlpItem | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new RlpError(`${what} must be a byte string`);
  return item;
}
export function rlpList(item: RlpItem | undefined, what: string): RlpItem[] {
  if (!Array.isArray(item)) throw new RlpError(`${what} must be a list`);
  return item;
}
/** A canonical RLP integer: no leading zero byte. */
export function rlpUint(item: RlpItem | undefined, what: string): bigint {
  const b = rlpBytes(item, what);
  if (b.length > 0 && b[0] === 0) throw new RlpError(`${what} has a leading zero byte`);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}
