/**
 * The generated L1 chain: real headers (Cancun-shaped, so the L1-info deposit carries a blob
 * base fee and a beacon root), signed transactions in an ordered transactions trie and their
 * receipts (with the portal's TransactionDeposited logs) in an ordered receipts trie. It is also
 * the `DerivationL1Source` the generator derives the L2 chain from, answering exactly what the
 * client will read through the oracle.
 */
import type { DerivationL1Source, L1Block, L1BlockRef, L1TransactionInfo } from '@faultline/derive';
import { l1TransactionInfo } from '@faultline/derive';
import { bytesToHex, equalBytes, keccak256, rlpEncode } from '@faultline/primitives';
import {
  encodeHeader,
  encodeReceipt,
  type Header,
  headerHash,
  type Log,
  logsBloom,
  type Receipt,
} from '@faultline/protocol';
import { orderedTrie } from '@faultline/trie';

export const L1_GAS_LIMIT = 30_000_000n;
export const L1_BASE_FEE = 7_000_000_000n;
const EMPTY_OMMERS = keccak256(rlpEncode([]));
/** Gas charged per generated L1 transaction in its receipt (the chain is never executed). */
const L1_TX_GAS = 50_000n;
/** EIP-4844 blob gas per blob. */
const GAS_PER_BLOB = 131_072n;

export interface L1TxWithLogs {
  raw: Uint8Array;
  logs: Log[];
}

/** A blob carried by the block's type-3 transactions, in block order. */
export interface GeneratedBlob {
  versionedHash: Uint8Array;
  commitment: Uint8Array;
  blob: Uint8Array;
}

export interface GeneratedL1Block {
  header: Header;
  hash: Uint8Array;
  transactions: Uint8Array[];
  receipts: Receipt[];
  /** Encoded trie nodes (hash → node) of the transactions and receipts tries. */
  trieNodes: Uint8Array[];
  blobs: GeneratedBlob[];
}

export class GeneratedL1Chain implements DerivationL1Source {
  readonly blocks: GeneratedL1Block[] = [];
  private readonly byHash = new Map<string, GeneratedL1Block>();

  constructor(
    readonly firstNumber: bigint,
    readonly firstTime: bigint,
    private readonly blockTime: bigint,
  ) {}

  get head(): GeneratedL1Block {
    const b = this.blocks.at(-1);
    if (!b) throw new Error('empty L1 chain');
    return b;
  }

  /** Appends the next block holding `txs` (already signed) with their logs. */
  append(txs: readonly L1TxWithLogs[], blobs: readonly GeneratedBlob[] = []): GeneratedL1Block {
    const i = BigInt(this.blocks.length);
    const number = this.firstNumber + i;
    let cumulative = 0n;
    const receipts: Receipt[] = txs.map((tx) => {
      cumulative += L1_TX_GAS;
      return {
        type: tx.raw[0]! < 0x7f ? tx.raw[0]! : 0,
        status: true,
        cumulativeGasUsed: cumulative,
        logsBloom: logsBloom(tx.logs),
        logs: tx.logs,
      };
    });
    const txTrie = orderedTrie(txs.map((t) => t.raw)).commit();
    const receiptTrie = orderedTrie(receipts.map(encodeReceipt)).commit();
    const header: Header = {
      parentHash: this.blocks.at(-1)?.hash ?? new Uint8Array(32),
      ommersHash: EMPTY_OMMERS,
      beneficiary: new Uint8Array(20),
      // The L1 state is never read by derivation; a fixed, clearly synthetic root.
      stateRoot: keccak256(rlpEncode([number])),
      transactionsRoot: txTrie.root,
      receiptsRoot: receiptTrie.root,
      logsBloom: logsBloom(txs.flatMap((t) => t.logs)),
      difficulty: 0n,
      number,
      gasLimit: L1_GAS_LIMIT,
      gasUsed: cumulative,
      timestamp: this.firstTime + i * this.blockTime,
      extraData: new Uint8Array(0),
      mixHash: keccak256(rlpEncode([number, 1])),
      nonce: new Uint8Array(8),
      baseFeePerGas: L1_BASE_FEE,
      withdrawalsRoot: orderedTrie([]).root(),
      blobGasUsed: BigInt(blobs.length) * GAS_PER_BLOB,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: keccak256(rlpEncode([number, 2])),
    };
    const block: GeneratedL1Block = {
      header,
      hash: headerHash(header),
      transactions: txs.map((t) => t.raw),
      receipts,
      trieNodes: [...txTrie.nodes, ...receiptTrie.nodes].map(([, node]) => node),
      blobs: [...blobs],
    };
    this.blocks.push(block);
    this.byHash.set(bytesToHex(block.hash), block);
    return block;
  }

  /** Encoded header (its keccak is the block hash). */
  encodedHeader(block: GeneratedL1Block): Uint8Array {
    return encodeHeader(block.header);
  }

  private at(ref: L1BlockRef): GeneratedL1Block {
    const b = this.blocks[Number(ref.number - this.firstNumber)];
    if (!b) throw new Error(`no generated L1 block ${ref.number}`);
    return b;
  }

  ref(block: GeneratedL1Block): L1Block {
    const h = block.header;
    return { hash: block.hash, number: h.number, timestamp: h.timestamp, parentHash: h.parentHash };
  }

  header(hash: Uint8Array): Header {
    const b = this.byHash.get(bytesToHex(hash));
    if (!b) throw new Error(`unknown L1 block hash ${bytesToHex(hash)}`);
    return b.header;
  }

  nextBlock(block: L1BlockRef): L1Block | undefined {
    const next = this.blocks[Number(block.number - this.firstNumber) + 1];
    return next ? this.ref(next) : undefined;
  }

  transactions(block: L1BlockRef): readonly L1TransactionInfo[] {
    return this.at(block).transactions.map(l1TransactionInfo);
  }

  receipts(block: L1BlockRef): readonly Pick<Receipt, 'status' | 'logs'>[] {
    return this.at(block).receipts;
  }

  blob(block: L1BlockRef, versionedHash: Uint8Array, index: number): Uint8Array {
    const entry = this.at(block).blobs[index];
    if (!entry || !equalBytes(entry.versionedHash, versionedHash)) {
      throw new Error(`generated L1 block ${block.number} has no blob ${bytesToHex(versionedHash)} at index ${index}`);
    }
    return entry.blob;
  }
}
