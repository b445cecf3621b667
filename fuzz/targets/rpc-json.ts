/**
 * JSON-RPC objects as the host reads them from an L1/L2 node it does not control: headers
 * (`headerFromJson`), transactions (`transactionFromJson`, every type) and receipts
 * (`receiptFromJson`), each then encoded as the host does before checking it against a root.
 * Input: `{"header"|"tx"|"receipt": object}`. A malformed object is a typed error naming the field.
 */
import { receiptFromJson, transactionFromJson } from '@faultline/host';
import { bytesToHex } from '@faultline/primitives';
import {
  decodeTransaction,
  encodeHeader,
  encodeReceipt,
  encodeTransaction,
  HeaderError,
  headerFromJson,
  ReceiptError,
  type Transaction,
  TransactionError,
} from '@faultline/protocol';
import { mutateJson } from '../mutate-json.js';
import { eestTxBytes, konaFixtures } from '../seeds.js';
import { InputShapeError, type Target } from '../target.js';

const hex = (n: bigint) => `0x${n.toString(16)}`;

/** The JSON-RPC form of a transaction (what `eth_getBlockByHash(h, true)` returns). */
function txJson(tx: Transaction): Record<string, unknown> {
  const o: Record<string, unknown> = { type: hex(BigInt(tx.type)) };
  for (const [k, v] of Object.entries(tx)) {
    if (k === 'type') continue;
    const name = k === 'gasLimit' ? 'gas' : k === 'data' ? 'input' : k;
    if (typeof v === 'bigint') o[name] = hex(v);
    else if (v instanceof Uint8Array) o[name] = bytesToHex(v);
    else if (v === null) o[name] = null;
    else if (typeof v === 'boolean') o[name] = v;
    else if (Array.isArray(v))
      o[name] = v.map((e) =>
        e instanceof Uint8Array
          ? bytesToHex(e)
          : Object.fromEntries(
              Object.entries(e as Record<string, unknown>).map(([a, x]) => [
                a,
                typeof x === 'bigint'
                  ? hex(x)
                  : x instanceof Uint8Array
                    ? bytesToHex(x)
                    : Array.isArray(x)
                      ? x.map((y) => bytesToHex(y as Uint8Array))
                      : x,
              ]),
            ),
      );
  }
  return o;
}

function seeds(): Uint8Array[] {
  const enc = new TextEncoder();
  const out: Uint8Array[] = [];
  for (const f of konaFixtures().slice(0, 4)) {
    out.push(enc.encode(JSON.stringify({ header: f.parentHeader })));
    for (const raw of f.transactions.slice(0, 6))
      out.push(enc.encode(JSON.stringify({ tx: txJson(decodeTransaction(raw)) })));
  }
  // Types 3 and 4 and access lists, from the EEST state tests.
  const eest = ['ethereum-tests', 'execution-spec-tests', 'state_tests'];
  const typed = [
    ...eestTxBytes([...eest, 'cancun', 'eip4844_blobs'], 2).slice(0, 3),
    ...eestTxBytes([...eest, 'prague', 'eip7702_set_code_tx'], 3).slice(0, 3),
    ...eestTxBytes([...eest, 'berlin'], 4).slice(0, 4),
  ];
  for (const raw of typed) {
    try {
      out.push(enc.encode(JSON.stringify({ tx: txJson(decodeTransaction(raw)) })));
    } catch {
      // An invalid vector is no seed.
    }
  }
  const receipt = {
    type: '0x2',
    status: '0x1',
    cumulativeGasUsed: '0x5208',
    logsBloom: `0x${'00'.repeat(256)}`,
    logs: [{ address: `0x${'11'.repeat(20)}`, topics: [`0x${'22'.repeat(32)}`], data: '0x1234' }],
  };
  out.push(enc.encode(JSON.stringify({ receipt })));
  out.push(
    enc.encode(
      JSON.stringify({ receipt: { ...receipt, type: '0x7e', depositNonce: '0x5', depositReceiptVersion: '0x1' } }),
    ),
  );
  out.push(
    enc.encode(
      JSON.stringify({ receipt: { ...receipt, type: '0x0', status: undefined, root: `0x${'33'.repeat(32)}` } }),
    ),
  );
  return out;
}

export const rpcJsonTarget: Target = {
  name: 'rpc-json',
  about: 'headerFromJson, transactionFromJson, receiptFromJson of JSON-RPC objects + encoding (host, protocol)',
  maxLength: 64 << 10,
  // RpcShapeError is host's (not exported from its index); a primitives error escaping means a
  // field's failure is not named.
  errors: ['RpcShapeError', HeaderError, TransactionError, ReceiptError],
  seeds,
  mutate: (input, rng, ctx) => mutateJson(input, rng, ctx),
  havocOdds: 12,
  run(input) {
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(input));
    } catch {
      throw new InputShapeError('not JSON');
    }
    if (typeof doc !== 'object' || doc === null) throw new InputShapeError('not an object');
    const o = doc as Record<string, Record<string, unknown>>;
    if (typeof o.header === 'object' && o.header !== null) encodeHeader(headerFromJson(o.header));
    else if (typeof o.tx === 'object' && o.tx !== null) encodeTransaction(transactionFromJson(o.tx));
    else if (typeof o.receipt === 'object' && o.receipt !== null) encodeReceipt(receiptFromJson(o.receipt));
    else throw new InputShapeError('no header, tx or receipt');
  },
  ciCases: 2000,
};
