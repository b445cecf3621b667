/**
 * EIP-2718 envelopes: decode (strict), encode, transaction hash, signing hash and sender
 * recovery for every type in `tx-types.ts`. A legacy transaction is a bare RLP list; a typed one
 * is `type ++ rlp(payload)` with type in [0, 0x7f]. Decoding checks the shape only; rules that
 * depend on the fork or chain (chain id, low-s, intrinsic gas) are in `tx-validation.ts`.
 */
import { concatBytes, keccak256, RlpError, type RlpItem, rlpDecode, rlpEncode } from '@faultline/primitives';
import { TransactionError } from './errors.js';
import { recoverAddress, type SignatureRules } from './signature.js';
import { decodeFields, encodeFields, rlpFields } from './tx-fields.js';
import {
  type LegacyTransaction,
  SIGNATURE_FIELDS,
  type SignedTransaction,
  type Transaction,
  TX_SCHEMAS,
  TX_TYPE,
} from './tx-types.js';

/** First byte ≥ 0xc0 is an RLP list: a legacy transaction (EIP-2718). */
const LEGACY_LIST_START = 0xc0;
const MAX_TYPE_BYTE = 0x7f;
const EIP155_V_OFFSET = 35n;
const PRE_EIP155_V = [27n, 28n] as const;

const SCHEMA_NAMES: Record<number, string> = {
  0: 'legacy transaction',
  1: 'EIP-2930 transaction',
  2: 'EIP-1559 transaction',
  3: 'EIP-4844 transaction',
  4: 'EIP-7702 transaction',
  126: 'deposit transaction',
};

/**
 * Types that exist on OP chains but that Faultline does not decode, each with the reason. Lagoon's
 * post-execution transaction (lagoon/overview.md, "post-exec"; sequencer-produced, the last
 * transaction of its block) has no settled spec yet.
 */
const UNSUPPORTED_TYPES: Record<number, string> = {
  125: 'Lagoon post-execution transaction (type 0x7d): not supported, Lagoon execution is not implemented',
};

function rlp(data: Uint8Array, what: string): RlpItem {
  try {
    return rlpDecode(data);
  } catch (cause) {
    if (cause instanceof RlpError) throw new TransactionError('MALFORMED', `${what}: ${cause.shortMessage}`, { cause });
    throw cause;
  }
}

/** Decodes one EIP-2718 transaction (the form used in payload attributes and tx tries). */
export function decodeTransaction(bytes: Uint8Array): Transaction {
  if (bytes.length === 0) throw new TransactionError('MALFORMED', 'empty input');
  const first = bytes[0]!;
  if (first >= LEGACY_LIST_START) {
    const item = rlp(bytes, 'legacy transaction');
    return { type: TX_TYPE.legacy, ...decodeFields(item, TX_SCHEMAS[0x00], 'legacy transaction') } as LegacyTransaction;
  }
  if (first > MAX_TYPE_BYTE) {
    throw new TransactionError('MALFORMED', `first byte 0x${first.toString(16)} is neither a type nor an RLP list`);
  }
  const schema = (TX_SCHEMAS as Record<number, (typeof TX_SCHEMAS)[keyof typeof TX_SCHEMAS]>)[first];
  const unsupported = UNSUPPORTED_TYPES[first];
  if (unsupported !== undefined) throw new TransactionError('TYPE_NOT_SUPPORTED', unsupported);
  if (!schema || first === TX_TYPE.legacy) {
    throw new TransactionError(
      'TYPE_NOT_SUPPORTED',
      `unknown transaction type 0x${first.toString(16).padStart(2, '0')}`,
    );
  }
  const what = SCHEMA_NAMES[first]!;
  const item = rlp(bytes.subarray(1), what);
  return { type: first, ...decodeFields(item, schema, what) } as Transaction;
}

/** The canonical EIP-2718 encoding (what is hashed, put into tries and payloads). */
export function encodeTransaction(tx: Transaction): Uint8Array {
  const body = rlpFields(tx, TX_SCHEMAS[tx.type]);
  return tx.type === TX_TYPE.legacy ? body : concatBytes(Uint8Array.of(tx.type), body);
}

export function transactionHash(tx: Transaction): Uint8Array {
  return keccak256(encodeTransaction(tx));
}

/** Chain id a legacy `v` commits to (EIP-155), or `null` for a pre-EIP-155 27/28. */
export function legacyChainId(v: bigint): bigint | null {
  if (v === PRE_EIP155_V[0] || v === PRE_EIP155_V[1]) return null;
  if (v < EIP155_V_OFFSET) throw new TransactionError('INVALID_SIGNATURE', `legacy v ${v} is neither 27/28 nor ≥ 35`);
  return (v - EIP155_V_OFFSET) / 2n;
}

export function legacyYParity(v: bigint): bigint {
  return legacyChainId(v) === null ? v - PRE_EIP155_V[0] : (v - EIP155_V_OFFSET) % 2n;
}

/** The chain id a transaction is bound to (`null`: legacy pre-EIP-155 or a deposit). */
export function transactionChainId(tx: Transaction): bigint | null {
  if (tx.type === TX_TYPE.deposit) return null;
  if (tx.type === TX_TYPE.legacy) return legacyChainId(tx.v);
  return tx.chainId;
}

/** The hash the sender signed (legacy: EIP-155 appends [chainId, 0, 0]; typed: type ++ rlp(unsigned)). */
export function signingHash(tx: SignedTransaction): Uint8Array {
  const schema = TX_SCHEMAS[tx.type];
  const unsigned = encodeFields(tx, schema, schema.length - SIGNATURE_FIELDS);
  if (tx.type === TX_TYPE.legacy) {
    const chainId = legacyChainId(tx.v);
    return keccak256(rlpEncode(chainId === null ? unsigned : [...unsigned, chainId, 0n, 0n]));
  }
  return keccak256(concatBytes(Uint8Array.of(tx.type), rlpEncode(unsigned)));
}

/** Sender address. Deposits name it; signed types recover it (EIP-2 low-s unless `lowS` is false). */
export function recoverSender(tx: Transaction, rules: SignatureRules = { lowS: true }): Uint8Array {
  if (tx.type === TX_TYPE.deposit) return tx.from;
  const yParity = tx.type === TX_TYPE.legacy ? legacyYParity(tx.v) : tx.yParity;
  return recoverAddress(signingHash(tx), yParity, tx.r, tx.s, rules);
}

export function isDeposit(tx: Transaction): tx is Extract<Transaction, { type: 0x7e }> {
  return tx.type === TX_TYPE.deposit;
}
