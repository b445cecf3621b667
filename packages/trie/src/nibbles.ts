/**
 * Nibble paths and the hex-prefix ("compact") encoding of Yellow Paper appendix C. The trie works
 * on keys split into 4-bit nibbles; leaf and extension nodes store their partial path
 * hex-prefix-encoded with a flag nibble (bit 1 = leaf, bit 0 = odd length).
 */
import { InvalidNodeError } from './errors.js';

const HP_ODD = 1;
const HP_LEAF = 2;

export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = b >> 4;
    out[2 * i + 1] = b & 15;
  }
  return out;
}

/** Packs an even-length nibble path back into bytes. */
export function nibblesToBytes(nibbles: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(nibbles.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

/** Length of the common prefix of `a` and `b[offset..]`. */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array, offset: number): number {
  const n = Math.min(a.length, b.length - offset);
  let i = 0;
  while (i < n && a[i] === b[offset + i]) i++;
  return i;
}

export function concatNibbles(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Hex-prefix encoding: flag nibble (+ first nibble when odd), then nibble pairs. */
export function hexPrefixEncode(nibbles: Uint8Array, leaf: boolean): Uint8Array {
  const odd = nibbles.length & 1;
  const flag = (leaf ? HP_LEAF : 0) | odd;
  const out = new Uint8Array((nibbles.length >> 1) + 1);
  let j = 0;
  if (odd) {
    out[0] = (flag << 4) | nibbles[0]!;
    j = 1;
  } else out[0] = flag << 4;
  for (let i = 1; i < out.length; i++, j += 2) out[i] = (nibbles[j]! << 4) | nibbles[j + 1]!;
  return out;
}

export function hexPrefixDecode(encoded: Uint8Array): { nibbles: Uint8Array; leaf: boolean } {
  if (encoded.length === 0) throw new InvalidNodeError('empty hex-prefix path');
  const flag = encoded[0]! >> 4;
  if (flag > (HP_LEAF | HP_ODD)) throw new InvalidNodeError(`hex-prefix flag ${flag} is not 0..3`);
  const odd = flag & HP_ODD;
  if (!odd && (encoded[0]! & 15) !== 0) throw new InvalidNodeError('hex-prefix padding nibble is not zero');
  const nibbles = new Uint8Array((encoded.length - 1) * 2 + odd);
  let j = 0;
  if (odd) nibbles[j++] = encoded[0]! & 15;
  for (let i = 1; i < encoded.length; i++) {
    nibbles[j++] = encoded[i]! >> 4;
    nibbles[j++] = encoded[i]! & 15;
  }
  return { nibbles, leaf: (flag & HP_LEAF) !== 0 };
}
