/**
 * Batch stages: from batches (in L1 inclusion order) to the singular batch for the next L2 block
 * on top of the safe head `parent`.
 * - `BatchQueue` (before Holocene, derivation.md "Batch Queue"): buffers batches, picks the first
 *   `accept`-ed one in inclusion order, keeps `future` ones, waits on `undecided`, and when the
 *   sequencing window expires derives deposit-only batches.
 * - `BatchStage` (Holocene, holocene/derivation.md "Batch Queue"): no buffering; each batch is
 *   checked on arrival, span batches by their prefix and then block by block; an invalid batch
 *   drops the rest of its span batch and channel, `past` batches are skipped.
 * Both track `l1Blocks`: the parent's L1 origin first, then every later L1 block seen.
 * Span batches are served block by block (`lastInSpan` marks the end).
 */
import { equalBytes } from '@faultline/primitives';
import {
  type BatchContext,
  checkBatch,
  checkSingularBatch,
  checkSpanBatchPrefix,
  type SafeChainSource,
} from './batch-validity.js';
import type { BatchSource, DerivedBatch } from './channel-reader-stage.js';
import type { DeriveConfig } from './config.js';
import { deriveEmptyBatch } from './empty-batch.js';
import { DeriveCriticalError, DeriveResetError } from './errors.js';
import type { SingularBatch } from './singular-batch.js';
import { spanBatchToSingularBatches } from './span-batch-singulars.js';
import { EOF, PROGRESS, type Pull, type Stage, value } from './stage.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

export interface NextBatch {
  readonly batch: SingularBatch;
  /** The batch is the last block of its span batch (always true for singular batches). */
  readonly lastInSpan: boolean;
}

export interface SingularBatchSource extends Stage {
  nextBatch(parent: L2BlockRef): Pull<NextBatch>;
}

abstract class BaseBatchStage implements SingularBatchSource {
  protected l1Blocks: L1BlockRef[] = [];
  protected nextSpan: SingularBatch[] = [];
  protected lastOrigin: L1BlockRef | undefined;

  constructor(
    readonly config: DeriveConfig,
    protected readonly prev: BatchSource,
    protected readonly l2: SafeChainSource,
  ) {}

  origin(): L1BlockRef {
    return this.prev.origin();
  }

  abstract nextBatch(parent: L2BlockRef): Pull<NextBatch>;

  protected originBehind(parent: L2BlockRef): boolean {
    return this.prev.origin().number < parent.l1Origin.number;
  }

  /** Records a new L1 origin and drops L1 blocks older than the parent's origin. */
  protected updateOrigins(parent: L2BlockRef): void {
    const behind = this.originBehind(parent);
    const origin = this.prev.origin();
    if (
      this.lastOrigin === undefined ||
      this.lastOrigin.number !== origin.number ||
      !sameHash(this.lastOrigin, origin)
    ) {
      this.lastOrigin = origin;
      // Behind the safe head's origin (start-up), the L1 blocks are not useful yet.
      if (behind) this.l1Blocks = [];
      else this.l1Blocks.push(origin);
    }
    const first = this.l1Blocks[0];
    if (first && parent.l1Origin.number > first.number) {
      const i = this.l1Blocks.findIndex((b) => b.number === parent.l1Origin.number);
      if (i >= 0) this.l1Blocks = this.l1Blocks.slice(i);
    }
  }

  /** The next block of the current span batch if it follows `parent`; else the span is dropped. */
  protected nextFromSpan(parent: L2BlockRef): NextBatch | undefined {
    const next = this.nextSpan[0];
    if (!next) return undefined;
    if (next.timestamp === parent.timestamp + this.config.blockTime) return this.popSpan(parent);
    // The previous block of this span was not applied: the rest of it cannot be either.
    this.nextSpan = [];
    return undefined;
  }

  protected popSpan(parent: L2BlockRef): NextBatch {
    const next = this.nextSpan.shift()!;
    return { batch: { ...next, parentHash: parent.hash }, lastInSpan: this.nextSpan.length === 0 };
  }

  protected startSpan(batch: DerivedBatch & { type: 1 }, parent: L2BlockRef): NextBatch {
    this.nextSpan = spanBatchToSingularBatches(batch.batch, this.l1Blocks, parent);
    if (this.nextSpan.length === 0) throw new DeriveCriticalError('accepted span batch has no new blocks');
    return this.popSpan(parent);
  }

  /** Sequencing-window expiry: a deposit-only batch, or moving `l1Blocks` on by one epoch. */
  protected emptyBatch(parent: L2BlockRef, outOfData: boolean): NextBatch | undefined {
    const origin = this.lastOrigin ?? this.prev.origin();
    const d = deriveEmptyBatch({
      config: this.config,
      l1Blocks: this.l1Blocks,
      safeHead: parent,
      currentL1: origin,
      outOfData,
    });
    if (d.kind === 'advance-epoch') this.l1Blocks.shift();
    return d.kind === 'batch' ? { batch: d.batch, lastInSpan: true } : undefined;
  }

  protected context(parent: L2BlockRef, inclusion: L1BlockRef): BatchContext {
    return { config: this.config, l1Blocks: this.l1Blocks, safeHead: parent, inclusionBlock: inclusion };
  }

  reset(): void {
    this.l1Blocks = [];
    this.nextSpan = [];
    this.lastOrigin = undefined;
  }

  /**
   * Holocene activation (op-node's BatchMux): the successor stage starts from the L1 blocks its
   * predecessor tracked, so the epoch window stays intact; buffered batches are not carried over.
   */
  adoptOrigins(from: BaseBatchStage): void {
    this.l1Blocks = [...from.l1Blocks];
    this.lastOrigin = from.lastOrigin;
  }
}

function sameHash(a: L1BlockRef, b: L1BlockRef): boolean {
  return equalBytes(a.hash, b.hash);
}

/** Pre-Holocene batch queue. */
export class BatchQueue extends BaseBatchStage {
  private batches: DerivedBatch[] = [];

  nextBatch(parent: L2BlockRef): Pull<NextBatch> {
    const fromSpan = this.nextFromSpan(parent);
    if (fromSpan) return value(fromSpan);
    this.updateOrigins(parent);
    const behind = this.originBehind(parent);
    const pulled = this.prev.nextBatch();
    const outOfData = pulled.kind === 'eof';
    if (pulled.kind === 'value' && !behind) this.addBatch(pulled.value, parent);
    if (behind) return outOfData ? EOF : PROGRESS;
    if (this.l1Blocks.length === 0) throw new DeriveCriticalError('batch queue has no L1 origin to work from');
    const found = this.takeAccepted(parent);
    if (found === 'undecided') return outOfData ? EOF : PROGRESS;
    if (found)
      return value(found.type === 0 ? { batch: found.batch, lastInSpan: true } : this.startSpan(found, parent));
    const empty = this.emptyBatch(parent, outOfData);
    if (empty) return value(empty);
    return outOfData ? EOF : PROGRESS;
  }

  private addBatch(batch: DerivedBatch, parent: L2BlockRef): void {
    if (checkBatch(this.context(parent, batch.inclusion), batch, this.l2) !== 'drop') this.batches.push(batch);
  }

  /** First accepted batch in inclusion order; drops invalid ones, keeps future ones. */
  private takeAccepted(parent: L2BlockRef): DerivedBatch | 'undecided' | undefined {
    const remaining: DerivedBatch[] = [];
    for (let i = 0; i < this.batches.length; i++) {
      const batch = this.batches[i]!;
      const validity = checkBatch(this.context(parent, batch.inclusion), batch, this.l2);
      if (validity === 'future') remaining.push(batch);
      else if (validity === 'accept') {
        this.batches = [...remaining, ...this.batches.slice(i + 1)];
        return batch;
      } else if (validity === 'undecided') {
        this.batches = [...remaining, ...this.batches.slice(i)];
        return 'undecided';
      }
    }
    this.batches = remaining;
    return undefined;
  }

  override reset(): void {
    super.reset();
    this.batches = [];
  }
}

/** Holocene batch stage. */
export class BatchStage extends BaseBatchStage {
  nextBatch(parent: L2BlockRef): Pull<NextBatch> {
    this.updateOrigins(parent);
    const origin = this.prev.origin();
    // Channels from the parent's own L1 origin (or earlier) can only hold past batches: drain them.
    if (this.originBehind(parent) || parent.l1Origin.number === origin.number) {
      const drained = this.prev.nextBatch();
      return drained.kind === 'value' ? PROGRESS : drained;
    }
    if (this.l1Blocks.length < 2)
      throw new DeriveCriticalError('batch stage needs the parent origin and the next L1 block');
    // The epoch may run one block ahead of the parent's origin (after empty batches advanced it),
    // never further, and never onto another chain.
    const epoch = this.l1Blocks[0]!;
    const sameEpoch = parent.l1Origin.number === epoch.number && equalBytes(parent.l1Origin.hash, epoch.hash);
    if (!sameEpoch && parent.l1Origin.number !== epoch.number - 1n) {
      throw new DeriveResetError(
        `batch stage epoch ${epoch.number} does not match safe head origin ${parent.l1Origin.number}`,
      );
    }
    const candidate = this.nextCandidate(parent);
    if (candidate.kind === 'eof') {
      const empty = this.emptyBatch(parent, true);
      return empty ? value(empty) : EOF;
    }
    if (candidate.kind === 'progress') return PROGRESS;
    const next = candidate.value;
    const inclusion = this.lastOrigin ?? origin;
    switch (checkSingularBatch(this.context(parent, inclusion), next.batch)) {
      case 'accept':
        // Under Holocene every accepted block is immediately (locally) safe.
        return value({ batch: next.batch, lastInSpan: true });
      case 'drop':
        this.flushChannel();
        return PROGRESS;
      case 'past':
      case 'undecided':
        return PROGRESS;
      default:
        throw new DeriveCriticalError('a future batch is impossible under Holocene');
    }
  }

  private nextCandidate(parent: L2BlockRef): Pull<NextBatch> {
    const fromSpan = this.nextFromSpan(parent);
    if (fromSpan) return value(fromSpan);
    const pulled = this.prev.nextBatch();
    if (pulled.kind !== 'value') return pulled;
    const batch = pulled.value;
    if (batch.type === 0) return value({ batch: batch.batch, lastInSpan: true });
    const validity = checkSpanBatchPrefix(this.context(parent, batch.inclusion), batch.batch, this.l2).validity;
    if (validity === 'accept') return value(this.startSpan(batch, parent));
    if (validity === 'drop') this.flushChannel();
    if (validity === 'future') throw new DeriveCriticalError('a future span batch is impossible under Holocene');
    return PROGRESS;
  }

  /**
   * Fast channel invalidation: drop the rest of the span batch and of its channel. Public
   * because an invalid payload does the same (holocene/derivation.md "Engine Queue").
   */
  flushChannel(): void {
    this.nextSpan = [];
    this.prev.flushChannel();
  }
}
