/**
 * Block headers: the 15 pre-London fields plus the optional post-merge tail (baseFeePerGas
 * EIP-1559, withdrawalsRoot EIP-4895, blobGasUsed/excessBlobGas EIP-4844, parentBeaconBlockRoot
 * EIP-4788, requestsHash EIP-7685), which must be present as a prefix: a field may only appear
 * if every earlier optional field does. Strict RLP decode, encode and hash.
 */
import { keccak256, RlpError, type RlpInput, type RlpItem, rlpDecode, rlpEncode } from '@faultline/primitives';
import { HeaderError } from './errors.js';

export type Header = {
  parentHash: Uint8Array;
  ommersHash: Uint8Array;
  beneficiary: Uint8Array;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  difficulty: bigint;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  mixHash: Uint8Array;
  nonce: Uint8Array;
  baseFeePerGas?: bigint;
  withdrawalsRoot?: Uint8Array;
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  parentBeaconBlockRoot?: Uint8Array;
  requestsHash?: Uint8Array;
};

type Kind = 'hash' | 'address' | 'bloom' | 'nonce' | 'uint' | 'u64' | 'bytes';
const SIZES: Partial<Record<Kind, number>> = { hash: 32, address: 20, bloom: 256, nonce: 8 };
/** Yellow Paper: extraData is at most 32 bytes. */
export const MAX_EXTRA_DATA_BYTES = 32;

export const HEADER_FIELDS = [
  ['parentHash', 'hash'],
  ['ommersHash', 'hash'],
  ['beneficiary', 'address'],
  ['stateRoot', 'hash'],
  ['transactionsRoot', 'hash'],
  ['receiptsRoot', 'hash'],
  ['logsBloom', 'bloom'],
  ['difficulty', 'uint'],
  ['number', 'u64'],
  ['gasLimit', 'u64'],
  ['gasUsed', 'u64'],
  ['timestamp', 'u64'],
  ['extraData', 'bytes'],
  ['mixHash', 'hash'],
  ['nonce', 'nonce'],
  ['baseFeePerGas', 'uint'],
  ['withdrawalsRoot', 'hash'],
  ['blobGasUsed', 'u64'],
  ['excessBlobGas', 'u64'],
  ['parentBeaconBlockRoot', 'hash'],
  ['requestsHash', 'hash'],
] as const satisfies readonly (readonly [keyof Header, Kind])[];

export const REQUIRED_HEADER_FIELDS = 15;

function readField(item: RlpItem | undefined, name: string, kind: Kind): bigint | Uint8Array {
  if (!(item instanceof Uint8Array)) throw new HeaderError(`${name}: expected a byte string`);
  const size = SIZES[kind];
  if (size !== undefined) {
    if (item.length !== size) throw new HeaderError(`${name}: expected ${size} bytes, got ${item.length}`);
    return item;
  }
  if (kind === 'bytes') {
    if (item.length > MAX_EXTRA_DATA_BYTES) {
      throw new HeaderError(`${name}: expected at most ${MAX_EXTRA_DATA_BYTES} bytes, got ${item.length}`);
    }
    return item;
  }
  if (item.length > 0 && item[0] === 0) throw new HeaderError(`${name}: integer has a leading zero byte`);
  const max = kind === 'u64' ? 8 : 32;
  if (item.length > max) throw new HeaderError(`${name}: expected at most ${max} bytes, got ${item.length}`);
  let n = 0n;
  for (const b of item) n = (n << 8n) | BigInt(b);
  return n;
}

export function decodeHeader(bytes: Uint8Array): Header {
  let item: RlpItem;
  try {
    item = rlpDecode(bytes);
  } catch (cause) {
    if (cause instanceof RlpError) throw new HeaderError(cause.shortMessage, { cause });
    throw cause;
  }
  if (!Array.isArray(item)) throw new HeaderError('expected an RLP list');
  if (item.length < REQUIRED_HEADER_FIELDS || item.length > HEADER_FIELDS.length) {
    throw new HeaderError(`expected ${REQUIRED_HEADER_FIELDS}..${HEADER_FIELDS.length} fields, got ${item.length}`);
  }
  const out: Record<string, bigint | Uint8Array> = {};
  for (let i = 0; i < item.length; i++) {
    const [name, kind] = HEADER_FIELDS[i]!;
    out[name] = readField(item[i], name, kind);
  }
  return out as Header;
}

export function encodeHeader(header: Header): Uint8Array {
  const list: RlpInput[] = [];
  const rec = header as Record<string, bigint | Uint8Array | undefined>;
  let ended: string | undefined;
  for (const [name] of HEADER_FIELDS) {
    const value = rec[name];
    if (value === undefined) {
      ended ??= name;
      continue;
    }
    if (ended !== undefined) throw new HeaderError(`${name} is set but the earlier field ${ended} is not`);
    list.push(value);
  }
  if (list.length < REQUIRED_HEADER_FIELDS) throw new HeaderError(`required field ${ended} is missing`);
  return rlpEncode(list);
}

export function headerHash(header: Header): Uint8Array {
  return keccak256(encodeHeader(header));
}
