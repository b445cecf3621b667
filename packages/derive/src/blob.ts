/**
 * The OP blob encoding (ecotone/derivation.md "Blob Encoding"). A blob is 4096 field elements of
 * 32 bytes; each element keeps its top two bits zero so it stays below the BLS modulus, which
 * leaves 254 bits: 31 whole bytes plus 6 bits in the element's first byte. Four elements carry
 * 127 bytes (4 × 31 tails + 3 bytes spread over the four 6-bit heads), 1024 rounds carry 130048.
 * The first data byte is the encoding version (0), the next three a big-endian u24 length, then
 * the payload; everything after the payload must be zero so the encoding is a bijection.
 */
import { BlobDecodeError } from './errors.js';

export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const BYTES_PER_FIELD_ELEMENT = 32;
export const BLOB_SIZE = FIELD_ELEMENTS_PER_BLOB * BYTES_PER_FIELD_ELEMENT;
const ROUNDS = FIELD_ELEMENTS_PER_BLOB / 4;
const BYTES_PER_ROUND = 4 * 31 + 3;
/** Bytes one blob carries after the encoding, including the 4-byte version/length header. */
export const BLOB_CAPACITY = ROUNDS * BYTES_PER_ROUND;
export const BLOB_ENCODING_VERSION = 0;
const HEADER_LENGTH = 4;
export const MAX_BLOB_DATA_SIZE = BLOB_CAPACITY - HEADER_LENGTH;
const HEAD_MASK = 0b0011_1111;

/** The 130048 raw bytes a blob carries (header + payload + zero padding); checks the top bits. */
function unpackBlob(blob: Uint8Array): Uint8Array {
  if (blob.length !== BLOB_SIZE) {
    throw new BlobDecodeError('size', `expected ${BLOB_SIZE} bytes, got ${blob.length}`);
  }
  const out = new Uint8Array(BLOB_CAPACITY);
  let o = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const base = round * 4 * BYTES_PER_FIELD_ELEMENT;
    const heads = [0, 1, 2, 3].map((k) => {
      const head = blob[base + k * BYTES_PER_FIELD_ELEMENT]!;
      if (head & ~HEAD_MASK) {
        const element = round * 4 + k;
        throw new BlobDecodeError('field-element', `field element ${element} has its top two bits set`);
      }
      return head;
    });
    const [a, b, c, d] = heads as [number, number, number, number];
    // Inverse of the spec's packing: A = x&0x3f, B = y&0x0f | (x&0xc0)>>2, C = z&0x3f, D = (z&0xc0)>>2 | (y&0xf0)>>4.
    const x = a | ((b & 0x30) << 2);
    const y = (b & 0x0f) | ((d & 0x0f) << 4);
    const z = c | ((d & 0x30) << 2);
    const tails = [x, y, z];
    for (let k = 0; k < 4; k++) {
      const start = base + k * BYTES_PER_FIELD_ELEMENT + 1;
      out.set(blob.subarray(start, start + 31), o);
      o += 31;
      if (k < 3) out[o++] = tails[k]!;
    }
  }
  return out;
}

/** Decodes a blob into the batcher data it carries; any encoding fault is a `BlobDecodeError`. */
export function decodeBlobData(blob: Uint8Array): Uint8Array {
  const raw = unpackBlob(blob);
  if (raw[0] !== BLOB_ENCODING_VERSION) {
    throw new BlobDecodeError('version', `unknown blob encoding version ${raw[0]}`);
  }
  const length = (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!;
  if (length > MAX_BLOB_DATA_SIZE) {
    throw new BlobDecodeError('length', `data length ${length} exceeds ${MAX_BLOB_DATA_SIZE}`);
  }
  const end = HEADER_LENGTH + length;
  for (let i = end; i < raw.length; i++) {
    if (raw[i] !== 0) throw new BlobDecodeError('trailing-data', `non-zero byte after the data at offset ${i}`);
  }
  return raw.slice(HEADER_LENGTH, end);
}

/** Encodes data into a blob (the batcher side; used to build test inputs). */
export function encodeBlobData(data: Uint8Array): Uint8Array {
  if (data.length > MAX_BLOB_DATA_SIZE) {
    throw new BlobDecodeError('length', `data length ${data.length} exceeds ${MAX_BLOB_DATA_SIZE}`);
  }
  const raw = new Uint8Array(BLOB_CAPACITY);
  raw[0] = BLOB_ENCODING_VERSION;
  raw[1] = data.length >>> 16;
  raw[2] = (data.length >>> 8) & 0xff;
  raw[3] = data.length & 0xff;
  raw.set(data, HEADER_LENGTH);
  const blob = new Uint8Array(BLOB_SIZE);
  let o = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const base = round * 4 * BYTES_PER_FIELD_ELEMENT;
    const tails: number[] = [];
    for (let k = 0; k < 4; k++) {
      blob.set(raw.subarray(o, o + 31), base + k * BYTES_PER_FIELD_ELEMENT + 1);
      o += 31;
      if (k < 3) tails.push(raw[o++]!);
    }
    const [x, y, z] = tails as [number, number, number];
    blob[base] = x & HEAD_MASK;
    blob[base + 32] = (y & 0x0f) | ((x & 0xc0) >> 2);
    blob[base + 64] = z & HEAD_MASK;
    blob[base + 96] = ((z & 0xc0) >> 2) | ((y & 0xf0) >> 4);
  }
  return blob;
}
