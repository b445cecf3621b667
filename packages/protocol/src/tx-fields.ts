/**
 * Field kinds of the EIP-2718 transaction payloads and their strict RLP readers/writers.
 * Each typed transaction is described as a table of (name, kind) pairs (see `tx-schemas.ts`);
 * this file owns the one generic decode/encode loop over such a table, so every rule about
 * canonical integers, fixed-size byte fields and list shapes lives in exactly one place.
 */
import { type RlpInput, type RlpItem, rlpEncode } from '@faultline/primitives';
import { TransactionError } from './errors.js';

export type AccessListEntry = { address: Uint8Array; storageKeys: Uint8Array[] };
export type AccessList = AccessListEntry[];

/** EIP-7702 authorization tuple. `yParity` is kept as decoded; validity is checked on recovery. */
export type Authorization = {
  chainId: bigint;
  address: Uint8Array;
  nonce: bigint;
  yParity: bigint;
  r: bigint;
  s: bigint;
};

export type FieldKind =
  | 'u64'
  | 'u256'
  | 'address'
  | 'to' // address or empty (contract creation)
  | 'bytes'
  | 'hash'
  | 'hashes'
  | 'bool'
  | 'yParity'
  | 'accessList'
  | 'authList';

export type FieldSpec = readonly [name: string, kind: FieldKind];

const U64_BYTES = 8;
const U256_BYTES = 32;
const ADDRESS_BYTES = 20;
const HASH_BYTES = 32;

function fail(code: ConstructorParameters<typeof TransactionError>[0], message: string): never {
  throw new TransactionError(code, message);
}

function bytesField(item: RlpItem | undefined, name: string): Uint8Array {
  if (!(item instanceof Uint8Array)) fail('MALFORMED', `${name}: expected a byte string, got a list`);
  return item;
}

function listField(item: RlpItem | undefined, name: string): RlpItem[] {
  if (!Array.isArray(item)) fail('MALFORMED', `${name}: expected a list, got a byte string`);
  return item;
}

export function readUint(item: RlpItem | undefined, name: string, maxBytes: number): bigint {
  const b = bytesField(item, name);
  if (b.length > 0 && b[0] === 0) fail('LEADING_ZEROS', `${name}: integer has a leading zero byte`);
  if (b.length > maxBytes) fail('FIELD_TOO_LONG', `${name}: expected at most ${maxBytes} bytes, got ${b.length}`);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

export function readFixed(item: RlpItem | undefined, name: string, length: number): Uint8Array {
  const b = bytesField(item, name);
  if (b.length !== length) fail('BAD_SIZE', `${name}: expected ${length} bytes, got ${b.length}`);
  return b;
}

function readAccessList(item: RlpItem | undefined, name: string): AccessList {
  return listField(item, name).map((entry, i) => {
    const pair = listField(entry, `${name}[${i}]`);
    if (pair.length !== 2) fail('MALFORMED', `${name}[${i}]: expected 2 items, got ${pair.length}`);
    const address = readFixed(pair[0], `${name}[${i}].address`, ADDRESS_BYTES);
    const keys = listField(pair[1], `${name}[${i}].storageKeys`);
    return { address, storageKeys: keys.map((k, j) => readFixed(k, `${name}[${i}].storageKeys[${j}]`, HASH_BYTES)) };
  });
}

function readAuthList(item: RlpItem | undefined, name: string): Authorization[] {
  return listField(item, name).map((entry, i) => {
    const f = listField(entry, `${name}[${i}]`);
    if (f.length !== 6) fail('MALFORMED', `${name}[${i}]: expected 6 items, got ${f.length}`);
    return {
      chainId: readUint(f[0], `${name}[${i}].chainId`, U256_BYTES),
      address: readFixed(f[1], `${name}[${i}].address`, ADDRESS_BYTES),
      nonce: readUint(f[2], `${name}[${i}].nonce`, U64_BYTES),
      yParity: readUint(f[3], `${name}[${i}].yParity`, 1),
      r: readUint(f[4], `${name}[${i}].r`, U256_BYTES),
      s: readUint(f[5], `${name}[${i}].s`, U256_BYTES),
    };
  });
}

type FieldValue = bigint | Uint8Array | null | boolean | Uint8Array[] | AccessList | Authorization[];

const READERS: Record<FieldKind, (item: RlpItem | undefined, name: string) => FieldValue> = {
  u64: (item, name) => readUint(item, name, U64_BYTES),
  u256: (item, name) => readUint(item, name, U256_BYTES),
  address: (item, name) => readFixed(item, name, ADDRESS_BYTES),
  to: (item, name) => {
    const b = bytesField(item, name);
    if (b.length === 0) return null;
    if (b.length !== ADDRESS_BYTES) fail('BAD_SIZE', `${name}: expected ${ADDRESS_BYTES} bytes, got ${b.length}`);
    return b;
  },
  bytes: (item, name) => bytesField(item, name),
  hash: (item, name) => readFixed(item, name, HASH_BYTES),
  hashes: (item, name) => listField(item, name).map((h, i) => readFixed(h, `${name}[${i}]`, HASH_BYTES)),
  bool: (item, name) => {
    const b = bytesField(item, name);
    if (b.length === 0) return false;
    if (b.length === 1 && b[0] === 1) return true;
    return fail('MALFORMED', `${name}: expected a boolean (0x80 or 0x01)`);
  },
  yParity: (item, name) => {
    const v = readUint(item, name, U256_BYTES);
    if (v > 1n) fail('INVALID_SIGNATURE', `${name}: expected 0 or 1, got ${v}`);
    return v;
  },
  accessList: readAccessList,
  authList: readAuthList,
};

/** Reads a payload list against a schema; the field count must match exactly. */
export function decodeFields(items: RlpItem, schema: readonly FieldSpec[], what: string): Record<string, FieldValue> {
  const list = listField(items, what);
  if (list.length !== schema.length) {
    fail('FIELD_COUNT', `${what}: expected ${schema.length} fields, got ${list.length}`);
  }
  const out: Record<string, FieldValue> = {};
  for (let i = 0; i < schema.length; i++) {
    const [name, kind] = schema[i]!;
    out[name] = READERS[kind](list[i], name);
  }
  return out;
}

function writeField(kind: FieldKind, value: unknown): RlpInput {
  switch (kind) {
    case 'u64':
    case 'u256':
    case 'yParity':
      return value as bigint;
    case 'to':
      return value === null ? new Uint8Array(0) : (value as Uint8Array);
    case 'bool':
      return value ? 1n : 0n;
    case 'hashes':
      return value as Uint8Array[];
    case 'accessList':
      return (value as AccessList).map((e) => [e.address, e.storageKeys]);
    case 'authList':
      return (value as Authorization[]).map((a) => [a.chainId, a.address, a.nonce, a.yParity, a.r, a.s]);
    default:
      return value as Uint8Array;
  }
}

/** The RLP list items of `tx` for the first `count` fields of `schema` (all by default). */
export function encodeFields(tx: object, schema: readonly FieldSpec[], count = schema.length): RlpInput[] {
  const rec = tx as Record<string, unknown>;
  const out: RlpInput[] = [];
  for (let i = 0; i < count; i++) {
    const [name, kind] = schema[i]!;
    out.push(writeField(kind, rec[name]));
  }
  return out;
}

export function rlpFields(tx: object, schema: readonly FieldSpec[], count?: number): Uint8Array {
  return rlpEncode(encodeFields(tx, schema, count));
}
