/**
 * A cursor over bytes for the span-batch codec, with Go's `binary.ReadUvarint` semantics:
 * little-endian base-128 groups, at most 10 bytes, the 10th at most 1 (no u64 overflow);
 * non-minimal encodings such as `80 00` are accepted, as Go accepts them.
 */
import { BatchDecodeError } from './errors.js';

const MAX_VARINT_LENGTH = 10;
export const U64_MASK = (1n << 64n) - 1n;

export class ByteReader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.pos;
  }

  bytes(n: number, what: string): Uint8Array {
    if (n > this.remaining) throw new BatchDecodeError(`${what}: need ${n} bytes, ${this.remaining} left`);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uvarint(what: string): bigint {
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < MAX_VARINT_LENGTH; i++) {
      if (this.pos >= this.data.length) throw new BatchDecodeError(`${what}: uvarint runs past the data`);
      const b = this.data[this.pos++]!;
      if (b < 0x80) {
        if (i === MAX_VARINT_LENGTH - 1 && b > 1) throw new BatchDecodeError(`${what}: uvarint overflows u64`);
        return value | (BigInt(b) << shift);
      }
      value |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    }
    throw new BatchDecodeError(`${what}: uvarint overflows u64`);
  }
}

export function encodeUvarint(value: bigint, out: number[]): void {
  if (value < 0n || value > U64_MASK) throw new BatchDecodeError(`uvarint: ${value} is not a u64`);
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

/**
 * A span-batch "standard bitlist": `bitLength` bits as a big-endian integer left-padded to whole
 * bytes, so bit i is bit (i mod 8) of byte (len-1-i/8). Padding bits must be zero.
 */
export class BitList {
  constructor(
    readonly bitLength: number,
    readonly bytes: Uint8Array,
  ) {}

  static zero(bitLength: number): BitList {
    return new BitList(bitLength, new Uint8Array(Math.ceil(bitLength / 8)));
  }

  static fromBits(bits: readonly boolean[]): BitList {
    const list = BitList.zero(bits.length);
    bits.forEach((b, i) => {
      if (b) list.set(i);
    });
    return list;
  }

  static read(r: ByteReader, bitLength: number, what: string): BitList {
    const bytes = r.bytes(Math.ceil(bitLength / 8), what).slice();
    const pad = bytes.length * 8 - bitLength;
    if (pad > 0 && bytes[0]! >> (8 - pad) !== 0) {
      throw new BatchDecodeError(`${what}: bitlist has bits set beyond its ${bitLength} bits`);
    }
    return new BitList(bitLength, bytes);
  }

  get(i: number): boolean {
    return ((this.bytes[this.bytes.length - 1 - (i >> 3)]! >> (i & 7)) & 1) === 1;
  }

  set(i: number): void {
    this.bytes[this.bytes.length - 1 - (i >> 3)]! |= 1 << (i & 7);
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.bitLength; i++) if (this.get(i)) n++;
    return n;
  }
}
