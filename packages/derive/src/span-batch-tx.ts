/**
 * Span-batch transaction payloads (span-batches.md "tx_datas"; isthmus/derivation.md "Span Batch
 * Updates"). A span batch stores each transaction split up: signature, nonce, gas, `to` and the
 * y-parity / protected / contract-creation bits live in separate columns, and `tx_data` keeps
 * only the rest: legacy `rlp([value, gasPrice, data])`, `0x01 ++ rlp([value, gasPrice, data,
 * accessList])`, `0x02 ++ rlp([value, maxPriorityFee, maxFee, data, accessList])` and, from
 * Isthmus, `0x04 ++ rlp([..., accessList, authorizationList])`. This file converts between
 * that split form and full EIP-2718 transactions; the chain id is the L2's own.
 */
import {
  bigIntToMinimalBytes,
  padLeft,
  type RlpInput,
  type RlpItem,
  rlpBytes,
  rlpDecode,
  rlpEncode,
  rlpList,
  rlpUint,
  stripLeadingZeros,
} from '@faultline/primitives';
import { SpanBatchDeriveError } from './errors.js';

export const LEGACY_TX_TYPE = 0;
export const ACCESS_LIST_TX_TYPE = 1;
export const DYNAMIC_FEE_TX_TYPE = 2;
export const SET_CODE_TX_TYPE = 4;
export const DEPOSIT_TX_TYPE = 0x7e;

/** Transaction types a span batch can carry (type 4 only counts as valid from Isthmus; see batch validity). */
export const SPAN_BATCH_TX_TYPES: readonly number[] = [
  LEGACY_TX_TYPE,
  ACCESS_LIST_TX_TYPE,
  DYNAMIC_FEE_TX_TYPE,
  SET_CODE_TX_TYPE,
];

/** Fields of `tx_data` per type, after the shared `value` (the fee fields, `data`, lists). */
const TX_DATA_FIELDS: Record<number, readonly string[]> = {
  [LEGACY_TX_TYPE]: ['value', 'gasPrice', 'data'],
  [ACCESS_LIST_TX_TYPE]: ['value', 'gasPrice', 'data', 'accessList'],
  [DYNAMIC_FEE_TX_TYPE]: ['value', 'maxPriorityFeePerGas', 'maxFeePerGas', 'data', 'accessList'],
  [SET_CODE_TX_TYPE]: ['value', 'maxPriorityFeePerGas', 'maxFeePerGas', 'data', 'accessList', 'authorizationList'],
};

/** The per-transaction columns of a span batch, for one transaction. */
export interface SpanBatchTxParts {
  readonly txType: number;
  readonly txData: Uint8Array;
  readonly nonce: bigint;
  readonly gas: bigint;
  /** `undefined` for a contract creation. */
  readonly to: Uint8Array | undefined;
  readonly r: Uint8Array;
  readonly s: Uint8Array;
  readonly yParity: boolean;
  /** Legacy only: EIP-155 protected. */
  readonly isProtected: boolean;
}

type Fields = Record<string, RlpItem>;

function fail(reason: string, cause?: unknown): never {
  throw new SpanBatchDeriveError(reason, cause === undefined ? {} : { cause });
}

function sizedBytes(item: RlpItem | undefined, size: number, what: string): Uint8Array {
  const b = rlpBytes(item, what);
  if (b.length !== size) fail(`${what}: expected ${size} bytes, got ${b.length}`);
  return b;
}

function uint(item: RlpItem | undefined, what: string, maxBytes = 32): bigint {
  if (rlpBytes(item, what).length > maxBytes) fail(`${what}: more than ${maxBytes} bytes`);
  return rlpUint(item, what);
}

/** EIP-2930 access list: a list of [address(20), [storageKey(32)...]]. */
function checkAccessList(item: RlpItem | undefined): void {
  for (const [i, tuple] of rlpList(item, 'accessList').entries()) {
    const t = rlpList(tuple, `accessList[${i}]`);
    if (t.length !== 2) fail(`accessList[${i}]: expected 2 fields, got ${t.length}`);
    sizedBytes(t[0], 20, `accessList[${i}].address`);
    for (const key of rlpList(t[1], `accessList[${i}].storageKeys`)) sizedBytes(key, 32, 'storage key');
  }
}

/** EIP-7702 authorization list: [chainId, address, nonce, yParity, r, s] tuples. */
function checkAuthorizationList(item: RlpItem | undefined): void {
  for (const [i, tuple] of rlpList(item, 'authorizationList').entries()) {
    const t = rlpList(tuple, `authorizationList[${i}]`);
    if (t.length !== 6) fail(`authorizationList[${i}]: expected 6 fields, got ${t.length}`);
    uint(t[0], 'authorization chainId');
    sizedBytes(t[1], 20, 'authorization address');
    uint(t[2], 'authorization nonce', 8);
    uint(t[3], 'authorization yParity', 1);
    uint(t[4], 'authorization r');
    uint(t[5], 'authorization s');
  }
}

/**
 * go-ethereum decodes the integer fields of legacy, 2930 and 1559 payloads into unbounded
 * `*big.Int`s (a too-large value only fails later, in execution) but SetCode's into uint256.
 */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

function checkField(txType: number, name: string, item: RlpItem | undefined): void {
  if (name === 'data') rlpBytes(item, name);
  else if (name === 'accessList') checkAccessList(item);
  else if (name === 'authorizationList') checkAuthorizationList(item);
  else uint(item, name, txType === SET_CODE_TX_TYPE ? 32 : UNBOUNDED);
}

/** Decodes and validates a `tx_data` into named fields. */
export function decodeTxData(txData: Uint8Array): { txType: number; fields: Fields } {
  if (txData.length === 0) fail('empty tx_data');
  const txType = txData[0]! > 0x7f ? LEGACY_TX_TYPE : txData[0]!;
  const names = txData[0]! > 0x7f ? TX_DATA_FIELDS[LEGACY_TX_TYPE]! : TX_DATA_FIELDS[txType];
  if (!names || (txType === LEGACY_TX_TYPE && txData[0]! <= 0x7f)) fail(`unsupported transaction type ${txType}`);
  try {
    const list = rlpList(rlpDecode(txType === LEGACY_TX_TYPE ? txData : txData.subarray(1)), 'tx_data');
    if (list.length !== names.length)
      fail(`type ${txType} tx_data: expected ${names.length} fields, got ${list.length}`);
    const fields: Fields = {};
    names.forEach((name, i) => {
      checkField(txType, name, list[i]);
      fields[name] = list[i]!;
    });
    return { txType, fields };
  } catch (e) {
    if (e instanceof SpanBatchDeriveError) throw e;
    fail(`invalid type ${txType} tx_data: ${(e as Error).message}`, e);
  }
}

const sigInt = (b: Uint8Array): Uint8Array => stripLeadingZeros(b);

/** Rebuilds the full EIP-2718 transaction from its span-batch columns. */
export function buildFullTransaction(parts: SpanBatchTxParts, chainId: bigint): Uint8Array {
  const { txType, fields } = decodeTxData(parts.txData);
  if (txType !== parts.txType) fail(`tx_data type ${txType} does not match recorded type ${parts.txType}`);
  const to: RlpInput = parts.to ?? new Uint8Array(0);
  const y = parts.yParity ? 1n : 0n;
  const f = (name: string): RlpInput => fields[name]! as RlpInput;
  switch (txType) {
    case LEGACY_TX_TYPE: {
      const v = parts.isProtected ? chainId * 2n + 35n + y : 27n + y;
      return rlpEncode([
        parts.nonce,
        f('gasPrice'),
        parts.gas,
        to,
        f('value'),
        f('data'),
        v,
        sigInt(parts.r),
        sigInt(parts.s),
      ]);
    }
    case ACCESS_LIST_TX_TYPE:
      return typed(txType, [
        chainId,
        parts.nonce,
        f('gasPrice'),
        parts.gas,
        to,
        f('value'),
        f('data'),
        f('accessList'),
        y,
        sigInt(parts.r),
        sigInt(parts.s),
      ]);
    case DYNAMIC_FEE_TX_TYPE:
      return typed(txType, [
        chainId,
        parts.nonce,
        f('maxPriorityFeePerGas'),
        f('maxFeePerGas'),
        parts.gas,
        to,
        f('value'),
        f('data'),
        f('accessList'),
        y,
        sigInt(parts.r),
        sigInt(parts.s),
      ]);
    default: {
      if (parts.to === undefined) fail('a SetCode (type 4) transaction needs a to address');
      return typed(txType, [
        chainId,
        parts.nonce,
        f('maxPriorityFeePerGas'),
        f('maxFeePerGas'),
        parts.gas,
        to,
        f('value'),
        f('data'),
        f('accessList'),
        f('authorizationList'),
        y,
        sigInt(parts.r),
        sigInt(parts.s),
      ]);
    }
  }
}

function typed(txType: number, fields: RlpInput[]): Uint8Array {
  const body = rlpEncode(fields);
  const out = new Uint8Array(1 + body.length);
  out[0] = txType;
  out.set(body, 1);
  return out;
}

/** Full-transaction field layouts: index of each named field after decoding the list. */
const FULL_LAYOUT: Record<number, readonly string[]> = {
  [LEGACY_TX_TYPE]: ['nonce', 'gasPrice', 'gas', 'to', 'value', 'data', 'v', 'r', 's'],
  [ACCESS_LIST_TX_TYPE]: ['chainId', 'nonce', 'gasPrice', 'gas', 'to', 'value', 'data', 'accessList', 'v', 'r', 's'],
  [DYNAMIC_FEE_TX_TYPE]: [
    'chainId',
    'nonce',
    'maxPriorityFeePerGas',
    'maxFeePerGas',
    'gas',
    'to',
    'value',
    'data',
    'accessList',
    'v',
    'r',
    's',
  ],
  [SET_CODE_TX_TYPE]: [
    'chainId',
    'nonce',
    'maxPriorityFeePerGas',
    'maxFeePerGas',
    'gas',
    'to',
    'value',
    'data',
    'accessList',
    'authorizationList',
    'v',
    'r',
    's',
  ],
};

/** Splits a full EIP-2718 transaction into span-batch columns (the batcher direction). */
export function splitTransaction(tx: Uint8Array, chainId: bigint): SpanBatchTxParts {
  if (tx.length === 0) fail('empty transaction');
  const txType = tx[0]! > 0x7f ? LEGACY_TX_TYPE : tx[0]!;
  const layout = FULL_LAYOUT[txType];
  if (!layout || (txType === LEGACY_TX_TYPE && tx[0]! <= 0x7f)) fail(`unsupported transaction type ${txType}`);
  let list: RlpItem[];
  try {
    list = rlpList(rlpDecode(txType === LEGACY_TX_TYPE ? tx : tx.subarray(1)), 'transaction');
  } catch (e) {
    fail(`invalid transaction: ${(e as Error).message}`, e);
  }
  if (list.length !== layout.length)
    fail(`type ${txType} transaction: expected ${layout.length} fields, got ${list.length}`);
  const get = (name: string) => list[layout.indexOf(name)];
  const v = uint(get('v'), 'v');
  const toBytes = rlpBytes(get('to'), 'to');
  if (toBytes.length !== 0 && toBytes.length !== 20) fail(`to: expected 20 bytes, got ${toBytes.length}`);
  let isProtected = false;
  let yParity: boolean;
  if (txType === LEGACY_TX_TYPE) {
    isProtected = v !== 27n && v !== 28n;
    if (isProtected) {
      if (v < 35n || (v - 35n) / 2n !== chainId) fail(`protected legacy transaction is not for chain ${chainId}`);
      yParity = ((v - 35n) & 1n) === 1n;
    } else yParity = v === 28n;
  } else {
    if (uint(get('chainId'), 'chainId') !== chainId) fail(`transaction is not for chain ${chainId}`);
    if (v > 1n) fail(`y-parity must be 0 or 1, got ${v}`);
    yParity = v === 1n;
  }
  const dataFields = TX_DATA_FIELDS[txType]!.map((name) => get(name)! as RlpInput);
  const body = rlpEncode(dataFields);
  const txData = txType === LEGACY_TX_TYPE ? body : typed(txType, dataFields);
  return {
    txType,
    txData: txType === LEGACY_TX_TYPE ? body : txData,
    nonce: uint(get('nonce'), 'nonce', 8),
    gas: uint(get('gas'), 'gas', 8),
    to: toBytes.length === 0 ? undefined : toBytes,
    r: padLeft(bigIntToMinimalBytes(uint(get('r'), 'r')), 32),
    s: padLeft(bigIntToMinimalBytes(uint(get('s'), 's')), 32),
    yParity,
    isProtected,
  };
}
