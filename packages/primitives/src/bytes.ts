/**
 * Bytes and hex at the boundary. `Uint8Array` is the only byte type (no `Buffer` in library
 * code); hex is lower-case with a `0x` prefix. Parsing is strict and errors say exactly what
 * was wrong, because most bugs in this domain are an off-by-one byte at an interface.
 */
import { InvalidHexError, SizeError } from './errors.js';

export type Hex = `0x${string}`;

const HEX_CHARS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[97 + i] = 10 + i;
  NIBBLE[65 + i] = 10 + i;
}

export const EMPTY_BYTES = new Uint8Array(0);

export function bytesToHex(bytes: Uint8Array): Hex {
  let out = '0x';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!];
  return out as Hex;
}

/** Hex without the prefix, as op-program's datadir and hint formats need. */
export function bytesToUnprefixedHex(bytes: Uint8Array): string {
  return bytesToHex(bytes).slice(2);
}

/** Strict: requires `0x`, an even number of digits and only hex characters. */
export function hexToBytes(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string') throw new InvalidHexError(String(hex), 'not a string');
  if (hex[0] !== '0' || (hex[1] !== 'x' && hex[1] !== 'X')) throw new InvalidHexError(hex, 'missing 0x prefix');
  return parseHexDigits(hex, 2, expectedLength);
}

/** Accepts hex with or without `0x` (test vectors and datadirs use both). */
export function looseHexToBytes(hex: string, expectedLength?: number): Uint8Array {
  const start = hex[0] === '0' && (hex[1] === 'x' || hex[1] === 'X') ? 2 : 0;
  return parseHexDigits(hex, start, expectedLength);
}

function parseHexDigits(hex: string, start: number, expectedLength: number | undefined): Uint8Array {
  const digits = hex.length - start;
  if (digits % 2 !== 0) throw new InvalidHexError(hex, `odd number of digits (${digits})`);
  const out = new Uint8Array(digits / 2);
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new SizeError('hex', expectedLength, out.length);
  }
  for (let i = 0, j = start; i < out.length; i++, j += 2) {
    const hi = hex.charCodeAt(j);
    const lo = hex.charCodeAt(j + 1);
    const h = hi < 128 ? NIBBLE[hi]! : -1;
    const l = lo < 128 ? NIBBLE[lo]! : -1;
    if (h < 0 || l < 0) throw new InvalidHexError(hex, `bad character at position ${h < 0 ? j : j + 1}`);
    out[i] = (h << 4) | l;
  }
  return out;
}

export function isHex(value: unknown): value is Hex {
  return typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic order, shorter-is-smaller on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Throws a `SizeError` naming `what` unless `bytes` is exactly `length` long. */
export function assertSize(what: string, bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length !== length) throw new SizeError(what, length, bytes.length);
  return bytes;
}

/** Left-pads with zeros to `length`; a longer input is a `SizeError`. */
export function padLeft(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length === length) return bytes;
  if (bytes.length > length) throw new SizeError('padLeft', length, bytes.length);
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

/** Drops leading zero bytes (RLP's canonical integer form). */
export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === 0 ? bytes : bytes.subarray(i);
}
