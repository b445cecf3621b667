/**
 * The three list commitments of a block header (Yellow Paper §4.3; EIP-2718 for typed items;
 * EIP-4895 for withdrawals): ordered tries keyed by rlp(index) over the EIP-2718 transaction
 * bytes, the consensus receipt encodings and the RLP of each withdrawal.
 */
import { rlpEncode } from '@faultline/primitives';
import { orderedTrieRoot } from '@faultline/trie';
import type { Withdrawal } from './payload-attributes.js';
import { withdrawalRlpFields } from './payload-attributes.js';
import { encodeReceipt, type Receipt } from './receipt.js';

export function transactionsRoot(encodedTransactions: readonly Uint8Array[]): Uint8Array {
  return orderedTrieRoot(encodedTransactions);
}

export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  return orderedTrieRoot(receipts.map(encodeReceipt));
}

export function withdrawalsRoot(withdrawals: readonly Withdrawal[]): Uint8Array {
  return orderedTrieRoot(withdrawals.map((w) => rlpEncode(withdrawalRlpFields(w))));
}
