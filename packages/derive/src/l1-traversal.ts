/**
 * L1 traversal + retrieval (derivation.md "L1 Traversal", "L1 Retrieval"; ecotone "Blob
 * Retrieval") as the outermost pull stage. It holds one L1 block at a time and hands out its
 * batcher data in block order: calldata, or blobs run through `decodeBlobData` (an undecodable
 * blob is skipped, as the spec says). `advance()` moves to the next L1 block: its parent hash
 * must be the current block's hash (else the L1 chain reorganised: a reset), and the block's
 * receipts update the system config first, so batcher authentication uses the config as of
 * that block. The chain itself comes from an `L1ChainSource` the client implements over its
 * pre-image oracle.
 */
import { equalBytes } from '@faultline/primitives';
import type { Receipt } from '@faultline/protocol';
import { decodeBlobData } from './blob.js';
import { type DeriveConfig, isForkActive } from './config.js';
import { BlobDecodeError, DeriveResetError } from './errors.js';
import { type BatcherData, type L1TransactionInfo, selectBatcherData } from './l1-retrieval.js';
import { EOF, type L1DataSource, PROGRESS, type Pull, value } from './stage.js';
import { type SystemConfig, updateSystemConfig } from './system-config.js';
import type { L1BlockRef } from './types.js';

export interface L1Block extends L1BlockRef {
  readonly parentHash: Uint8Array;
}

export interface L1ChainSource {
  /** The canonical L1 block after `block`, or `undefined` at the L1 head. */
  nextBlock(block: L1BlockRef): L1Block | undefined;
  /** The block's transactions with their senders (see `l1TransactionInfo`). */
  transactions(block: L1BlockRef): readonly L1TransactionInfo[];
  receipts(block: L1BlockRef): readonly Pick<Receipt, 'status' | 'logs'>[];
  /** The blob with this versioned hash at this index among the block's blobs (131072 bytes). */
  blob(block: L1BlockRef, versionedHash: Uint8Array, index: number): Uint8Array;
}

export interface TraversalConfig extends DeriveConfig {
  readonly l1SystemConfigAddress: Uint8Array;
}

export class L1Traversal implements L1DataSource {
  private items: BatcherData[] | undefined;
  private next = 0;
  /** Blobs that failed to decode, most recent last (diagnostics; capped). */
  readonly skippedBlobs: BlobDecodeError[] = [];

  constructor(
    readonly config: TraversalConfig,
    private readonly chain: L1ChainSource,
    private block: L1Block,
    private sysConfig: SystemConfig,
  ) {}

  origin(): L1BlockRef {
    return this.block;
  }

  systemConfig(): SystemConfig {
    return this.sysConfig;
  }

  nextData(): Pull<Uint8Array> {
    this.items ??= selectBatcherData(this.chain.transactions(this.block), {
      batchInboxAddress: this.config.batchInboxAddress,
      batcherAddress: this.sysConfig.batcherAddress,
      ecotone: isForkActive(this.config, 'ecotone', this.block.timestamp),
    });
    const item = this.items[this.next++];
    if (!item) return EOF;
    if (item.kind === 'calldata') return value(item.data);
    try {
      return value(decodeBlobData(this.chain.blob(this.block, item.versionedHash, item.blobIndex)));
    } catch (e) {
      if (!(e instanceof BlobDecodeError)) throw e;
      if (this.skippedBlobs.push(e) > 16) this.skippedBlobs.shift();
      return PROGRESS;
    }
  }

  /**
   * Moves to the next L1 block; false at the L1 head. Throws `DeriveResetError` on a reorg and
   * the first `SystemConfigLogError` (critical) if the block's config updates are malformed.
   */
  advance(): boolean {
    const next = this.chain.nextBlock(this.block);
    if (!next) return false;
    if (!equalBytes(next.parentHash, this.block.hash)) {
      throw new DeriveResetError(`L1 block ${next.number} does not build on block ${this.block.number}`);
    }
    const ecotone = isForkActive(this.config, 'ecotone', next.timestamp);
    const update = updateSystemConfig(
      this.sysConfig,
      this.chain.receipts(next),
      this.config.l1SystemConfigAddress,
      ecotone,
    );
    if (update.errors[0]) throw update.errors[0];
    this.sysConfig = update.config;
    this.block = next;
    this.items = undefined;
    this.next = 0;
    return true;
  }

  reset(): void {
    this.items = undefined;
    this.next = 0;
  }
}
