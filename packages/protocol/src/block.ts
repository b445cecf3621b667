/**
 * Whole blocks in their RLP form `[header, transactions, ommers, withdrawals?]` (Yellow Paper
 * §4.3, EIP-2718 for typed transactions — embedded as byte strings while legacy ones are
 * inline lists — and EIP-4895 withdrawals). Transactions are kept as their EIP-2718 bytes, the
 * form that tries, payloads and `decodeTransaction` use.
 */
import { RlpError, type RlpInput, type RlpItem, rlpDecode, rlpEncode } from '@faultline/primitives';
import { HeaderError } from './errors.js';
import { decodeHeader, encodeHeader, type Header } from './header.js';
import { type Withdrawal, withdrawalRlpFields } from './payload-attributes.js';

export type Block = { header: Header; transactions: Uint8Array[]; ommers: Header[]; withdrawals?: Withdrawal[] };

const LEGACY_LIST_START = 0xc0;

export class BlockError extends HeaderError {}

function fail(message: string): never {
  throw new BlockError(`block: ${message}`);
}

/** Re-parses canonical RLP so an already-encoded item can be nested (the codec is strict, so this is lossless). */
function raw(encoded: Uint8Array): RlpInput {
  return rlpDecode(encoded) as RlpInput;
}

export function encodeBlock(block: Block): Uint8Array {
  const txs = block.transactions.map((tx) => (tx[0]! >= LEGACY_LIST_START ? raw(tx) : tx));
  const list: RlpInput[] = [raw(encodeHeader(block.header)), txs, block.ommers.map((h) => raw(encodeHeader(h)))];
  if (block.withdrawals) list.push(block.withdrawals.map(withdrawalRlpFields));
  return rlpEncode(list);
}

function uint(item: RlpItem | undefined, what: string, max: number): bigint {
  if (!(item instanceof Uint8Array)) fail(`${what}: expected a byte string`);
  if (item.length > 0 && item[0] === 0) fail(`${what}: integer has a leading zero byte`);
  if (item.length > max) fail(`${what}: expected at most ${max} bytes, got ${item.length}`);
  let n = 0n;
  for (const b of item) n = (n << 8n) | BigInt(b);
  return n;
}

export function decodeBlock(bytes: Uint8Array): Block {
  let item: RlpItem;
  try {
    item = rlpDecode(bytes);
  } catch (cause) {
    if (cause instanceof RlpError) throw new BlockError(`block: ${cause.shortMessage}`, { cause });
    throw cause;
  }
  if (!Array.isArray(item) || item.length < 3 || item.length > 4) fail('expected a list of 3 or 4 items');
  const [header, txs, ommers, withdrawals] = item;
  if (!Array.isArray(header) || !Array.isArray(txs) || !Array.isArray(ommers))
    fail('header, transactions and ommers must be lists');
  const block: Block = {
    header: decodeHeader(rlpEncode(header as RlpInput)),
    transactions: txs.map((tx, i) => {
      if (Array.isArray(tx)) return rlpEncode(tx as RlpInput);
      if (tx.length === 0 || tx[0]! >= 0x80)
        fail(`transactions[${i}]: a typed transaction must start with a type byte`);
      return tx;
    }),
    ommers: ommers.map((h) => decodeHeader(rlpEncode(h as RlpInput))),
  };
  if (withdrawals !== undefined) {
    if (!Array.isArray(withdrawals)) fail('withdrawals must be a list');
    block.withdrawals = withdrawals.map((w, i) => {
      if (!Array.isArray(w) || w.length !== 4) fail(`withdrawals[${i}]: expected 4 items`);
      const address = w[2];
      if (!(address instanceof Uint8Array) || address.length !== 20)
        fail(`withdrawals[${i}].address: expected 20 bytes`);
      return {
        index: uint(w[0], `withdrawals[${i}].index`, 8),
        validatorIndex: uint(w[1], `withdrawals[${i}].validatorIndex`, 8),
        address,
        amount: uint(w[3], `withdrawals[${i}].amount`, 8),
      };
    });
  }
  return block;
}
