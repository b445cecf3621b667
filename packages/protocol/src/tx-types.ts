/**
 * The transaction types Faultline understands, as plain data: legacy (pre- and post-EIP-155),
 * EIP-2930, EIP-1559, EIP-4844 (canonical form, no blob sidecar), EIP-7702 and the OP Stack
 * deposit (0x7E, OP spec deposits.md "The Deposited Transaction Type"), plus the field tables
 * (EIP order) that the generic codec in `tx-fields.ts` walks.
 */
import type { AccessList, Authorization, FieldSpec } from './tx-fields.js';

export const TX_TYPE = {
  legacy: 0x00,
  eip2930: 0x01,
  eip1559: 0x02,
  eip4844: 0x03,
  eip7702: 0x04,
  deposit: 0x7e,
} as const;

export type LegacyTransaction = {
  type: 0x00;
  nonce: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  to: Uint8Array | null;
  value: bigint;
  data: Uint8Array;
  /** Raw `v`: 27/28 (pre-EIP-155) or chainId*2+35/36. */
  v: bigint;
  r: bigint;
  s: bigint;
};

type TypedCommon = {
  chainId: bigint;
  nonce: bigint;
  gasLimit: bigint;
  value: bigint;
  data: Uint8Array;
  accessList: AccessList;
  yParity: bigint;
  r: bigint;
  s: bigint;
};

export type Eip2930Transaction = TypedCommon & { type: 0x01; gasPrice: bigint; to: Uint8Array | null };
export type Eip1559Transaction = TypedCommon & {
  type: 0x02;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  to: Uint8Array | null;
};
export type Eip4844Transaction = TypedCommon & {
  type: 0x03;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  to: Uint8Array;
  maxFeePerBlobGas: bigint;
  blobVersionedHashes: Uint8Array[];
};
export type Eip7702Transaction = TypedCommon & {
  type: 0x04;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  to: Uint8Array;
  authorizationList: Authorization[];
};
export type DepositTransaction = {
  type: 0x7e;
  sourceHash: Uint8Array;
  from: Uint8Array;
  to: Uint8Array | null;
  mint: bigint;
  value: bigint;
  gasLimit: bigint;
  isSystemTx: boolean;
  data: Uint8Array;
};

export type SignedTransaction =
  | LegacyTransaction
  | Eip2930Transaction
  | Eip1559Transaction
  | Eip4844Transaction
  | Eip7702Transaction;
export type Transaction = SignedTransaction | DepositTransaction;

const SIG: readonly FieldSpec[] = [
  ['yParity', 'yParity'],
  ['r', 'u256'],
  ['s', 'u256'],
];

/** Field tables in RLP order. The last 3 entries of a signed type are the signature. */
export const TX_SCHEMAS = {
  0: [
    ['nonce', 'u64'],
    ['gasPrice', 'u256'],
    ['gasLimit', 'u64'],
    ['to', 'to'],
    ['value', 'u256'],
    ['data', 'bytes'],
    ['v', 'u256'],
    ['r', 'u256'],
    ['s', 'u256'],
  ],
  1: [
    ['chainId', 'u256'],
    ['nonce', 'u64'],
    ['gasPrice', 'u256'],
    ['gasLimit', 'u64'],
    ['to', 'to'],
    ['value', 'u256'],
    ['data', 'bytes'],
    ['accessList', 'accessList'],
    ...SIG,
  ],
  2: [
    ['chainId', 'u256'],
    ['nonce', 'u64'],
    ['maxPriorityFeePerGas', 'u256'],
    ['maxFeePerGas', 'u256'],
    ['gasLimit', 'u64'],
    ['to', 'to'],
    ['value', 'u256'],
    ['data', 'bytes'],
    ['accessList', 'accessList'],
    ...SIG,
  ],
  3: [
    ['chainId', 'u256'],
    ['nonce', 'u64'],
    ['maxPriorityFeePerGas', 'u256'],
    ['maxFeePerGas', 'u256'],
    ['gasLimit', 'u64'],
    ['to', 'address'],
    ['value', 'u256'],
    ['data', 'bytes'],
    ['accessList', 'accessList'],
    ['maxFeePerBlobGas', 'u256'],
    ['blobVersionedHashes', 'hashes'],
    ...SIG,
  ],
  4: [
    ['chainId', 'u256'],
    ['nonce', 'u64'],
    ['maxPriorityFeePerGas', 'u256'],
    ['maxFeePerGas', 'u256'],
    ['gasLimit', 'u64'],
    ['to', 'address'],
    ['value', 'u256'],
    ['data', 'bytes'],
    ['accessList', 'accessList'],
    ['authorizationList', 'authList'],
    ...SIG,
  ],
  126: [
    ['sourceHash', 'hash'],
    ['from', 'address'],
    ['to', 'to'],
    ['mint', 'u256'],
    ['value', 'u256'],
    ['gasLimit', 'u64'],
    ['isSystemTx', 'bool'],
    ['data', 'bytes'],
  ],
} as const satisfies Record<number, readonly FieldSpec[]>;

export const SIGNATURE_FIELDS = 3;
