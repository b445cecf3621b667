/**
 * Receipts in their consensus (receipts-trie) encoding: `rlp([status, cumulativeGasUsed, bloom,
 * logs])` for legacy, `type ++ rlp(...)` for typed ones (EIP-2718). OP deposit receipts
 * (deposits.md "Deposit Receipt") append `depositNonce` and `depositReceiptVersion` (value 1)
 * when set. op-geth sets the nonce from Regolith and the version from Canyon and encodes
 * whichever is set; the builder decides, this codec writes what it is given. Pre-Byzantium
 * receipts carry a 32-byte post-state root instead of the status (EIP-658).
 */
import { concatBytes, RlpError, type RlpInput, type RlpItem, rlpDecode, rlpEncode } from '@faultline/primitives';
import { ReceiptError } from './errors.js';
import { BLOOM_BYTES, type Log } from './logs-bloom.js';
import { TX_TYPE } from './tx-types.js';

export type Receipt = {
  type: number;
  /** EIP-658 status; ignored when `postState` is set. */
  status: boolean;
  postState?: Uint8Array;
  cumulativeGasUsed: bigint;
  logsBloom: Uint8Array;
  logs: Log[];
  depositNonce?: bigint;
  depositReceiptVersion?: bigint;
};

/** Canyon's deposit receipt version (deposits.md). */
export const DEPOSIT_RECEIPT_VERSION = 1n;
const POST_STATE_BYTES = 32;

export function encodeReceipt(receipt: Receipt): Uint8Array {
  if (receipt.depositReceiptVersion !== undefined && receipt.depositNonce === undefined) {
    throw new ReceiptError('depositReceiptVersion is set without depositNonce');
  }
  const fields: RlpInput[] = [
    receipt.postState ?? (receipt.status ? 1n : 0n),
    receipt.cumulativeGasUsed,
    receipt.logsBloom,
    receipt.logs.map((l) => [l.address, l.topics, l.data]),
  ];
  if (receipt.depositNonce !== undefined) fields.push(receipt.depositNonce);
  if (receipt.depositReceiptVersion !== undefined) fields.push(receipt.depositReceiptVersion);
  const body = rlpEncode(fields);
  return receipt.type === TX_TYPE.legacy ? body : concatBytes(Uint8Array.of(receipt.type), body);
}

function bytes(item: RlpItem | undefined, what: string, length?: number): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new ReceiptError(`${what}: expected a byte string`);
  if (length !== undefined && item.length !== length) {
    throw new ReceiptError(`${what}: expected ${length} bytes, got ${item.length}`);
  }
  return item;
}

function uint(item: RlpItem | undefined, what: string): bigint {
  const b = bytes(item, what);
  if (b.length > 0 && b[0] === 0) throw new ReceiptError(`${what}: integer has a leading zero byte`);
  if (b.length > 8) throw new ReceiptError(`${what}: expected at most 8 bytes, got ${b.length}`);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function list(item: RlpItem | undefined, what: string): RlpItem[] {
  if (!Array.isArray(item)) throw new ReceiptError(`${what}: expected a list`);
  return item;
}

export function decodeReceipt(data: Uint8Array): Receipt {
  if (data.length === 0) throw new ReceiptError('empty input');
  const type = data[0]! >= 0xc0 ? TX_TYPE.legacy : data[0]!;
  let item: RlpItem;
  try {
    item = rlpDecode(type === TX_TYPE.legacy ? data : data.subarray(1));
  } catch (cause) {
    if (cause instanceof RlpError) throw new ReceiptError(cause.shortMessage, { cause });
    throw cause;
  }
  const f = list(item, 'receipt');
  const maxFields = type === TX_TYPE.deposit ? 6 : 4;
  if (f.length < 4 || f.length > maxFields) throw new ReceiptError(`expected 4..${maxFields} fields, got ${f.length}`);
  const status = bytes(f[0], 'status');
  const receipt: Receipt = {
    type,
    status: status.length === 1 && status[0] === 1,
    cumulativeGasUsed: uint(f[1], 'cumulativeGasUsed'),
    logsBloom: bytes(f[2], 'logsBloom', BLOOM_BYTES),
    logs: list(f[3], 'logs').map((l, i) => {
      const parts = list(l, `logs[${i}]`);
      if (parts.length !== 3) throw new ReceiptError(`logs[${i}]: expected 3 items, got ${parts.length}`);
      return {
        address: bytes(parts[0], `logs[${i}].address`, 20),
        topics: list(parts[1], `logs[${i}].topics`).map((t, j) => bytes(t, `logs[${i}].topics[${j}]`, 32)),
        data: bytes(parts[2], `logs[${i}].data`),
      };
    }),
  };
  if (status.length === POST_STATE_BYTES) receipt.postState = status;
  else if (status.length > 1 || (status.length === 1 && status[0] !== 1)) {
    throw new ReceiptError(`status: expected empty, 0x01 or a 32-byte state root, got ${status.length} bytes`);
  }
  if (f.length > 4) receipt.depositNonce = uint(f[4], 'depositNonce');
  if (f.length > 5) receipt.depositReceiptVersion = uint(f[5], 'depositReceiptVersion');
  return receipt;
}
