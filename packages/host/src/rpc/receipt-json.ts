/**
 * Receipts from `eth_getBlockReceipts` / `eth_getTransactionReceipt` objects, rebuilt into
 * @faultline/protocol's consensus form (status, cumulative gas, bloom, logs, and the OP
 * deposit fields when present). Checked against `receiptsRoot` by the caller.
 */
import type { Receipt } from '@faultline/protocol';
import { arr, b, type Json, optQ, q } from './json.js';

export function receiptFromJson(obj: Json, path = 'receipt'): Receipt {
  const r: Receipt = {
    type: Number(optQ(obj, 'type', path) ?? 0n),
    status: obj.status === undefined || obj.status === null ? true : q(obj, 'status', path) === 1n,
    cumulativeGasUsed: q(obj, 'cumulativeGasUsed', path),
    logsBloom: b(obj, 'logsBloom', path, 256),
    logs: arr(obj, 'logs', path).map((l, i) => {
      const p = `${path}.logs[${i}]`;
      return {
        address: b(l, 'address', p, 20),
        topics: arr(l, 'topics', p).map((t, j) => b({ t } as Json, 't', `${p}.topics[${j}]`, 32)),
        data: b(l, 'data', p),
      };
    }),
  };
  if (typeof obj.root === 'string' && obj.root.length === 66 && obj.status === undefined) {
    r.postState = b(obj, 'root', path, 32);
  }
  const nonce = optQ(obj, 'depositNonce', path);
  if (nonce !== undefined) r.depositNonce = nonce;
  const version = optQ(obj, 'depositReceiptVersion', path);
  if (version !== undefined) r.depositReceiptVersion = version;
  return r;
}
