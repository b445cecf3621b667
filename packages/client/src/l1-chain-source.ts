/**
 * derive's `DerivationL1Source` (an `L1ChainSource` plus headers by hash) over the L1 oracle
 * (op-program `OracleL1Client`): the client only knows the L1 head by hash, so "the block after N" is found by walking parent hashes back from
 * the head once and remembering every hash by number; later lookups are map hits. Transactions
 * come with recovered senders (`l1TransactionInfo`), blobs from their pre-images.
 */
import {
  type DerivationL1Source,
  type L1Block,
  type L1BlockRef,
  type L1TransactionInfo,
  l1TransactionInfo,
} from '@faultline/derive';
import { bytesToHex } from '@faultline/primitives';
import type { Receipt } from '@faultline/protocol';
import { type Header, headerHash } from '@faultline/protocol';
import { OracleDataError } from './errors.js';
import type { L1Oracle } from './l1-oracle.js';

export class OracleL1ChainSource implements DerivationL1Source {
  private readonly hashes = new Map<bigint, Uint8Array>();
  private readonly head: L1Block;
  private lowest: bigint;

  constructor(
    private readonly l1: L1Oracle,
    headHash: Uint8Array,
  ) {
    this.head = this.blockByHash(headHash);
    this.hashes.set(this.head.number, headHash);
    this.lowest = this.head.number;
  }

  /** derive's `DerivationL1Source.header`: the header pre-image of this hash. */
  header(hash: Uint8Array): Header {
    return this.l1.headerByHash(hash);
  }

  headBlock(): L1Block {
    return this.head;
  }

  blockByHash(hash: Uint8Array): L1Block {
    const h = this.l1.headerByHash(hash);
    return { hash, number: h.number, timestamp: h.timestamp, parentHash: h.parentHash };
  }

  /** The canonical block `n` ≤ head (the head's ancestor at that height). */
  blockByNumber(n: bigint): L1Block {
    if (n > this.head.number) throw new OracleDataError(`L1 block ${n} is past the L1 head ${this.head.number}`);
    while (this.lowest > n) {
      const child = this.l1.headerByHash(this.hashes.get(this.lowest)!);
      const parent = this.l1.headerByHash(child.parentHash);
      if (parent.number !== child.number - 1n) {
        throw new OracleDataError(
          `L1 header ${bytesToHex(child.parentHash)} has number ${parent.number}, expected ${child.number - 1n}`,
        );
      }
      this.lowest = parent.number;
      this.hashes.set(parent.number, headerHash(parent));
    }
    return this.blockByHash(this.hashes.get(n)!);
  }

  nextBlock(block: L1BlockRef): L1Block | undefined {
    if (block.number >= this.head.number) return undefined;
    return this.blockByNumber(block.number + 1n);
  }

  transactions(block: L1BlockRef): readonly L1TransactionInfo[] {
    return this.l1.transactions(block.hash).map(l1TransactionInfo);
  }

  receipts(block: L1BlockRef): readonly Pick<Receipt, 'status' | 'logs'>[] {
    return this.l1.receipts(block.hash);
  }

  blob(block: L1BlockRef, versionedHash: Uint8Array, index: number): Uint8Array {
    return this.l1.blob(block.timestamp, { versionedHash, index });
  }
}
