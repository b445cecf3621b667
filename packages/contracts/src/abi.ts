/**
 * The contract ABI's head/tail encoding (Solidity docs, "Contract ABI Specification": "Formal
 * Specification of the Encoding") for the types the OP L1 contracts use: uint<M>/int<M>, address,
 * bool, bytes<M>, bytes, string, fixed and dynamic arrays and tuples. Values: integers are
 * bigint, addresses 0x-hex strings (lower case on decode), bytes of every kind `Uint8Array`,
 * strings JS strings, arrays and tuples JS arrays (tuples in component order). Decoding is
 * strict — offsets past the data, non-zero padding, out-of-range integers and bad booleans are
 * `AbiError`s naming the value's path — since the decoder reads what a node returned.
 */
import {
  BaseError,
  bigIntToBytes,
  bytesToBigInt,
  bytesToHex,
  bytesToUtf8,
  concatBytes,
  hexToBytes,
  keccak256,
  utf8ToBytes,
} from '@faultline/primitives';

export class AbiError extends BaseError {
  override name = 'AbiError' as const;
}

/** One parameter as the artifacts' JSON ABI spells it. */
export interface AbiParam {
  name?: string;
  type: string;
  internalType?: string;
  components?: readonly AbiParam[];
  indexed?: boolean;
}

export type AbiValue = bigint | boolean | string | Uint8Array | readonly AbiValue[];

const WORD = 32;

/** The canonical type string used in signatures: tuples become `(t1,t2)` with their suffix. */
export function canonicalType(p: AbiParam): string {
  if (p.type.startsWith('tuple')) {
    const inner = (p.components ?? []).map(canonicalType).join(',');
    return `(${inner})${p.type.slice('tuple'.length)}`;
  }
  return p.type;
}

/** `name(type1,type2)`: the text whose keccak gives selectors and event topics. */
export function signatureOf(name: string, inputs: readonly AbiParam[]): string {
  return `${name}(${inputs.map(canonicalType).join(',')})`;
}

export function selectorOf(signature: string): Uint8Array {
  return keccak256(utf8ToBytes(signature)).subarray(0, 4);
}

interface ArraySuffix {
  element: AbiParam;
  /** undefined: dynamic length `T[]`. */
  length: number | undefined;
}

function arrayOf(p: AbiParam): ArraySuffix | undefined {
  const m = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (!m) return undefined;
  const element: AbiParam = { ...p, type: m[1]! };
  return { element, length: m[2] === '' ? undefined : Number(m[2]) };
}

export function isDynamic(p: AbiParam): boolean {
  if (p.type === 'bytes' || p.type === 'string') return true;
  const arr = arrayOf(p);
  if (arr) return arr.length === undefined || isDynamic(arr.element);
  if (p.type === 'tuple') return (p.components ?? []).some(isDynamic);
  return false;
}

/** Size of a static type's head in bytes (dynamic types take one word for their offset). */
function headSize(p: AbiParam): number {
  if (isDynamic(p)) return WORD;
  const arr = arrayOf(p);
  if (arr) return arr.length! * headSize(arr.element);
  if (p.type === 'tuple') return (p.components ?? []).reduce((n, c) => n + headSize(c), 0);
  return WORD;
}

function intBits(type: string, prefix: 'uint' | 'int'): number {
  const bits = type === prefix ? 256 : Number(type.slice(prefix.length));
  if (!Number.isInteger(bits) || bits < 8 || bits > 256 || bits % 8 !== 0)
    throw new AbiError(`unsupported ABI type ${type}`);
  return bits;
}

function toBytes(v: AbiValue, path: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return hexToBytes(v);
  throw new AbiError(`${path}: expected bytes (Uint8Array or 0x-hex), got ${typeof v}`);
}

function padRight(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / WORD) * WORD);
  out.set(b);
  return out;
}

function encodeSequence(params: readonly AbiParam[], values: readonly AbiValue[], path: string): Uint8Array {
  if (values.length !== params.length)
    throw new AbiError(`${path}: expected ${params.length} values, got ${values.length}`);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = params.reduce((n, p) => n + headSize(p), 0);
  params.forEach((p, i) => {
    const enc = encodeValue(p, values[i]!, `${path}.${p.name || i}`);
    if (isDynamic(p)) {
      heads.push(bigIntToBytes(BigInt(tailOffset), WORD));
      tails.push(enc);
      tailOffset += enc.length;
    } else heads.push(enc);
  });
  return concatBytes(...heads, ...tails);
}

function encodeValue(p: AbiParam, v: AbiValue, path: string): Uint8Array {
  const arr = arrayOf(p);
  if (arr) {
    if (!Array.isArray(v)) throw new AbiError(`${path}: expected an array`);
    const items = v as readonly AbiValue[];
    if (arr.length !== undefined && items.length !== arr.length)
      throw new AbiError(`${path}: expected ${arr.length} elements, got ${items.length}`);
    const body = encodeSequence(
      items.map(() => arr.element),
      items,
      path,
    );
    return arr.length === undefined ? concatBytes(bigIntToBytes(BigInt(items.length), WORD), body) : body;
  }
  if (p.type === 'tuple') {
    if (!Array.isArray(v)) throw new AbiError(`${path}: expected a tuple as an array`);
    return encodeSequence(p.components ?? [], v as readonly AbiValue[], path);
  }
  if (p.type === 'address') {
    const b = toBytes(v, path);
    if (b.length !== 20) throw new AbiError(`${path}: address: expected 20 bytes, got ${b.length}`);
    return bigIntToBytes(bytesToBigInt(b), WORD);
  }
  if (p.type === 'bool') {
    if (typeof v !== 'boolean') throw new AbiError(`${path}: expected a boolean`);
    return bigIntToBytes(v ? 1n : 0n, WORD);
  }
  if (p.type === 'string' || p.type === 'bytes') {
    const b = p.type === 'string' ? (typeof v === 'string' ? utf8ToBytes(v) : toBytes(v, path)) : toBytes(v, path);
    return concatBytes(bigIntToBytes(BigInt(b.length), WORD), padRight(b));
  }
  if (p.type.startsWith('bytes')) {
    const size = Number(p.type.slice(5));
    const b = toBytes(v, path);
    if (b.length !== size) throw new AbiError(`${path}: ${p.type}: expected ${size} bytes, got ${b.length}`);
    return padRight(b);
  }
  if (p.type.startsWith('uint') || p.type.startsWith('int')) {
    const signed = p.type.startsWith('int');
    const bits = intBits(p.type, signed ? 'int' : 'uint');
    if (typeof v !== 'bigint') throw new AbiError(`${path}: ${p.type}: expected a bigint`);
    const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
    const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
    if (v < min || v > max) throw new AbiError(`${path}: ${p.type}: ${v} out of range`);
    return bigIntToBytes(v < 0n ? (1n << 256n) + v : v, WORD);
  }
  throw new AbiError(`${path}: unsupported ABI type ${p.type}`);
}

/** Encodes `values` as the tuple of `params` (call arguments, constructor arguments, return data). */
export function encodeAbi(params: readonly AbiParam[], values: readonly AbiValue[]): Uint8Array {
  return encodeSequence(params, values, 'args');
}

class Reader {
  constructor(readonly data: Uint8Array) {}
  word(offset: number, path: string): Uint8Array {
    if (offset + WORD > this.data.length)
      throw new AbiError(`${path}: data ends at ${this.data.length} bytes, word at ${offset} needed`);
    return this.data.subarray(offset, offset + WORD);
  }
  uint(offset: number, path: string): bigint {
    return bytesToBigInt(this.word(offset, path));
  }
  /** An offset or length: must fit the data. */
  size(offset: number, path: string): number {
    const v = this.uint(offset, path);
    if (v > BigInt(this.data.length)) throw new AbiError(`${path}: offset or length ${v} past the data`);
    return Number(v);
  }
}

function zeroUpTo(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

function decodeSequence(r: Reader, params: readonly AbiParam[], base: number, path: string): AbiValue[] {
  let head = base;
  return params.map((p, i) => {
    const where = `${path}.${p.name || i}`;
    let value: AbiValue;
    if (isDynamic(p)) value = decodeValue(r, p, base + r.size(head, where), where);
    else value = decodeValue(r, p, head, where);
    head += headSize(p);
    return value;
  });
}

function decodeValue(r: Reader, p: AbiParam, at: number, path: string): AbiValue {
  const arr = arrayOf(p);
  if (arr) {
    if (arr.length === undefined) {
      const n = r.size(at, path);
      return decodeSequence(r, Array<AbiParam>(n).fill(arr.element), at + WORD, path);
    }
    return decodeSequence(r, Array<AbiParam>(arr.length).fill(arr.element), at, path);
  }
  if (p.type === 'tuple') return decodeSequence(r, p.components ?? [], at, path);
  if (p.type === 'string' || p.type === 'bytes') {
    const n = r.size(at, path);
    if (at + WORD + n > r.data.length) throw new AbiError(`${path}: ${n} bytes past the end of the data`);
    const b = r.data.slice(at + WORD, at + WORD + n);
    if (p.type === 'bytes') return b;
    try {
      return bytesToUtf8(b, { fatal: true });
    } catch {
      throw new AbiError(`${path}: string is not valid UTF-8`);
    }
  }
  const w = r.word(at, path);
  if (p.type === 'address') {
    if (!zeroUpTo(w, 0, 12)) throw new AbiError(`${path}: address with non-zero padding`);
    return bytesToHex(w.subarray(12));
  }
  if (p.type === 'bool') {
    const v = bytesToBigInt(w);
    if (v > 1n) throw new AbiError(`${path}: bool is ${v}`);
    return v === 1n;
  }
  if (p.type.startsWith('bytes')) {
    const size = Number(p.type.slice(5));
    if (!zeroUpTo(w, size, WORD)) throw new AbiError(`${path}: ${p.type} with non-zero padding`);
    return w.slice(0, size);
  }
  if (p.type.startsWith('uint')) {
    const bits = intBits(p.type, 'uint');
    const v = bytesToBigInt(w);
    if (v >> BigInt(bits) !== 0n) throw new AbiError(`${path}: ${p.type} out of range`);
    return v;
  }
  if (p.type.startsWith('int')) {
    const bits = intBits(p.type, 'int');
    const raw = bytesToBigInt(w);
    const v = raw >> 255n === 1n ? raw - (1n << 256n) : raw;
    if (v < -(1n << BigInt(bits - 1)) || v >= 1n << BigInt(bits - 1))
      throw new AbiError(`${path}: ${p.type} out of range`);
    return v;
  }
  throw new AbiError(`${path}: unsupported ABI type ${p.type}`);
}

/** Decodes ABI data holding the tuple of `params`. */
export function decodeAbi(params: readonly AbiParam[], data: Uint8Array): AbiValue[] {
  return decodeSequence(new Reader(data), params, 0, 'result');
}
