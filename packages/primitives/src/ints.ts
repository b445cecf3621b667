/**
 * Unsigned integers as bigint at the boundary (u64, u256) and their big-endian byte forms.
 * Hot paths (EVM stack, MIPS registers) use typed arrays instead; these helpers are for
 * decoding headers, transactions, RLP fields and test vectors.
 */
import { bytesToHex, type Hex, hexToBytes } from './bytes.js';
import { IntegerRangeError, InvalidHexError, NotAnIntegerError } from './errors.js';

export const MAX_U64 = (1n << 64n) - 1n;
export const MAX_U256 = (1n << 256n) - 1n;
export const TWO_POW_255 = 1n << 255n;
export const TWO_POW_256 = 1n << 256n;

/** Big-endian unsigned bytes → bigint (empty → 0n). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  let i = 0;
  // 6 bytes at a time stay inside a double's 53 bits and cut bigint ops by 6×.
  for (; i + 6 <= bytes.length; i += 6) {
    const chunk =
      bytes[i]! * 2 ** 40 +
      bytes[i + 1]! * 2 ** 32 +
      bytes[i + 2]! * 2 ** 24 +
      bytes[i + 3]! * 2 ** 16 +
      bytes[i + 4]! * 2 ** 8 +
      bytes[i + 5]!;
    n = (n << 48n) | BigInt(chunk);
  }
  for (; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** bigint → minimal big-endian bytes (0n → empty), as RLP encodes integers. */
export function bigIntToMinimalBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new IntegerRangeError('integer', value, MAX_U256);
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return hexToBytes(`0x${hex}`);
}

/** bigint → exactly `length` big-endian bytes; too large is a `IntegerRangeError`. */
export function bigIntToBytes(value: bigint, length = 32): Uint8Array {
  const max = (1n << BigInt(length * 8)) - 1n;
  if (value < 0n || value > max) throw new IntegerRangeError(`u${length * 8}`, value, max);
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bigIntToHex(value: bigint): Hex {
  return `0x${value.toString(16)}` as Hex;
}

export function bytesToNumber(bytes: Uint8Array): number {
  if (bytes.length > 6) {
    const n = bytesToBigInt(bytes);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new IntegerRangeError('number', n, Number.MAX_SAFE_INTEGER);
    return Number(n);
  }
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n = n * 256 + bytes[i]!;
  return n;
}

/** Parses JSON-RPC / test-vector quantities: `0x`-hex (any length, `0x` = 0) or decimal. */
export function parseQuantity(text: string | number | bigint, what = 'quantity'): bigint {
  if (typeof text === 'bigint') return text;
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text) || text < 0) throw new NotAnIntegerError(what, text);
    return BigInt(text);
  }
  if (/^0x[0-9a-fA-F]*$/.test(text)) return text.length === 2 ? 0n : BigInt(text);
  if (/^[0-9]+$/.test(text)) return BigInt(text);
  throw new InvalidHexError(text, `${what} must be 0x-hex or decimal`);
}

export function u64ToBytes(value: bigint | number): Uint8Array {
  return bigIntToBytes(BigInt(value), 8);
}

/** Two's complement views of a u256, as the EVM's signed opcodes need. */
export function toSigned256(value: bigint): bigint {
  return value >= TWO_POW_255 ? value - TWO_POW_256 : value;
}
export function toUnsigned256(value: bigint): bigint {
  return value < 0n ? value + TWO_POW_256 : value;
}

export function bytesToHexQuantity(bytes: Uint8Array): Hex {
  return bigIntToHex(bytesToBigInt(bytes));
}
export { bytesToHex };
