/**
 * The derivation driver of a fault-proof client (derivation.md "L2 Chain Derivation Pipeline",
 * "Engine Queue"; holocene/derivation.md): from a trusted safe head, pull singular batches out of
 * the pipeline, turn each into payload attributes, hand them to `executeAttributes` (the block
 * builder) and move the safe head, until it reaches the target block or L1 runs out (the L1 head
 * is the proof's L1 view, so EOF there ends derivation). Synchronous and oracle-agnostic: L1 comes
 * from a `DerivationL1Source` the client implements.
 *
 * Error severities: `temporary` — the input is dropped and derivation continues; `reset` — the
 * pipeline is rebuilt from the current safe head (op-node's reset), but since a proof's L1 view
 * never changes, a reset that recurs without progress is a failure; `critical` — failure.
 * An invalid payload: from Holocene, replaced by its deposit-only form (and the rest of its
 * channel dropped); before Holocene, dropped (the batch queue then supplies another batch or a
 * deposit-only one once the window expires). A deposit-only payload that is invalid is critical.
 */
import type { Header, OpPayloadAttributes, RollupConfig } from '@faultline/protocol';
import { isOpHardforkActive } from '@faultline/protocol';
import {
  buildPayloadAttributes,
  checkEpoch,
  depositsOnlyAttributes,
  type L1Origin,
  type SafeHead,
} from './attributes.js';
import type { SafeChainSource } from './batch-validity.js';
import { channelTimeout, deriveConfigFromRollup } from './config.js';
import { createDerivationPipeline, type DerivationPipeline } from './derivation-pipeline.js';
import { DeriveCriticalError, DeriveError } from './errors.js';
import type { L1Block, L1ChainSource, TraversalConfig } from './l1-traversal.js';
import type { SingularBatch } from './singular-batch.js';
import { type SystemConfig, updateSystemConfig } from './system-config.js';
import { upgradeGasAt, upgradeGasToStrip } from './upgrade-transactions.js';
import { deriveUserDeposits } from './user-deposits.js';

export interface DerivationL1Source extends L1ChainSource {
  /** The header of the L1 block with this hash (the client's L1 header pre-image). */
  header(hash: Uint8Array): Header;
}

export type ExecutionResult =
  | { readonly status: 'valid'; readonly hash: Uint8Array }
  | { readonly status: 'invalid'; readonly reason: string };

export interface DerivationInput {
  readonly rollup: RollupConfig;
  readonly l1Source: DerivationL1Source;
  /** The trusted starting point (the agreed output's block) with its sequence number. */
  readonly l2SafeHead: SafeHead;
  /** The system config as of `l2SafeHead` (from its L1-info deposit and header). */
  readonly systemConfig: SystemConfig;
  /** Builds and seals the block on top of `parent`; `invalid` if the payload cannot be applied. */
  readonly executeAttributes: (attributes: OpPayloadAttributes, parent: SafeHead) => ExecutionResult;
  readonly targetBlockNumber: bigint;
  /** Blocks at or below the safe head, for span batches that overlap the safe chain. */
  readonly l2Chain?: SafeChainSource;
  /** Resets tolerated per safe head before derivation fails (default 1). */
  readonly maxResetsPerBlock?: number;
}

export type DerivationEvent =
  | { readonly kind: 'dropped'; readonly error: DeriveError }
  | { readonly kind: 'reset'; readonly error: DeriveError }
  | { readonly kind: 'invalid-payload'; readonly number: bigint; readonly reason: string; readonly replaced: boolean };

export interface DerivationResult {
  readonly safeHead: SafeHead;
  readonly systemConfig: SystemConfig;
  /** `target`: the target block was derived; `l1-exhausted`: L1 ended first. */
  readonly stop: 'target' | 'l1-exhausted';
  readonly blocksDerived: number;
  /** What was dropped, reset or replaced on the way (for diagnostics). */
  readonly events: readonly DerivationEvent[];
}

/** Derivation failed: a critical error, or a reset that could not be resolved. */
export class DerivationFailedError extends DeriveError {
  override name = 'DerivationFailedError' as const;
  readonly severity = 'critical' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`derivation failed: ${reason}`, options);
  }
}

const MAX_EVENTS = 64;
/** Temporary errors in a row without a new block before the input is deemed stuck (never loop forever). */
const MAX_TEMPORARY_IN_A_ROW = 10_000;

export function runDerivation(input: DerivationInput): DerivationResult {
  return new DerivationDriver(input).run();
}

class DerivationDriver {
  private safe: SafeHead;
  private sysConfig: SystemConfig;
  private pipeline: DerivationPipeline;
  private readonly built = new Map<bigint, { ref: SafeHead; txs: readonly Uint8Array[] }>();
  private readonly events: DerivationEvent[] = [];
  private blocks = 0;
  private resets = 0;
  private temporaries = 0;
  private readonly config: TraversalConfig;
  private readonly chain: SafeChainSource;

  constructor(private readonly input: DerivationInput) {
    this.safe = input.l2SafeHead;
    this.sysConfig = input.systemConfig;
    const rollup = input.rollup;
    this.config = { ...deriveConfigFromRollup(rollup), l1SystemConfigAddress: rollup.l1SystemConfigAddress };
    this.chain = {
      l2BlockByNumber: (n) => this.built.get(n)?.ref ?? input.l2Chain?.l2BlockByNumber(n),
      l2TransactionsByNumber: (n) => this.built.get(n)?.txs ?? input.l2Chain?.l2TransactionsByNumber(n),
    };
    this.pipeline = this.newPipeline();
  }

  /** op-node / kona sync start: traversal begins a channel timeout before the safe head's origin. */
  private newPipeline(): DerivationPipeline {
    const { l1Source, rollup } = this.input;
    let header = l1Source.header(this.safe.l1Origin.hash);
    const back = channelTimeout(this.config, this.safe.timestamp);
    const floor = rollup.genesis.l1.number;
    let hash = this.safe.l1Origin.hash;
    for (let i = 0n; i < back && header.number > floor; i++) {
      hash = header.parentHash;
      header = l1Source.header(hash);
    }
    const start: L1Block = {
      hash,
      number: header.number,
      timestamp: header.timestamp,
      parentHash: header.parentHash,
    };
    return createDerivationPipeline(this.config, l1Source, start, this.sysConfig, this.chain);
  }

  private note(event: DerivationEvent): void {
    if (this.events.push(event) > MAX_EVENTS) this.events.shift();
  }

  run(): DerivationResult {
    const maxResets = this.input.maxResetsPerBlock ?? 1;
    while (this.safe.number < this.input.targetBlockNumber) {
      try {
        if (!this.step()) return this.result('l1-exhausted');
      } catch (e) {
        if (!(e instanceof DeriveError)) throw e;
        if (e.severity === 'temporary' && ++this.temporaries < MAX_TEMPORARY_IN_A_ROW) {
          this.note({ kind: 'dropped', error: e });
        } else if (e.severity === 'reset' && this.resets < maxResets) {
          this.resets++;
          this.note({ kind: 'reset', error: e });
          this.pipeline = this.newPipeline();
        } else {
          const why =
            e.severity === 'reset'
              ? `unresolved reset at block ${this.safe.number}`
              : e.severity === 'temporary'
                ? `${MAX_TEMPORARY_IN_A_ROW} temporary errors in a row at block ${this.safe.number}`
                : e.shortMessage;
          throw new DerivationFailedError(why, { cause: e });
        }
      }
    }
    return this.result('target');
  }

  private result(stop: DerivationResult['stop']): DerivationResult {
    return { safeHead: this.safe, systemConfig: this.sysConfig, stop, blocksDerived: this.blocks, events: this.events };
  }

  /** One pull; false when L1 is exhausted. */
  private step(): boolean {
    const { traversal, batches } = this.pipeline;
    const pulled = batches.nextBatch(this.safe);
    if (pulled.kind === 'eof') return traversal.advance();
    if (pulled.kind === 'value') this.apply(pulled.value.batch);
    return true;
  }

  private apply(batch: SingularBatch): void {
    const { rollup, l1Source } = this.input;
    const parent = this.safe;
    const header = l1Source.header(batch.epochHash);
    const origin: L1Origin = { hash: batch.epochHash, header };
    const epoch = checkEpoch(parent, { number: batch.epochNum, hash: batch.epochHash }, header);
    let sysConfig = this.sysConfig;
    let userDeposits: ReturnType<typeof deriveUserDeposits> = [];
    if (epoch === 'next') {
      // A new epoch: its L1 block's config updates and deposits apply from its first L2 block.
      const ref = { hash: batch.epochHash, number: header.number, timestamp: header.timestamp };
      const receipts = l1Source.receipts(ref);
      const ecotone = isOpHardforkActive(rollup.hardforks, 'ecotone', header.timestamp);
      const update = updateSystemConfig(sysConfig, receipts, rollup.l1SystemConfigAddress, ecotone);
      if (update.errors[0]) throw update.errors[0];
      sysConfig = update.config;
      userDeposits = deriveUserDeposits(receipts, rollup.depositContractAddress, batch.epochHash);
    }
    const sequenceNumber = epoch === 'next' ? 0n : parent.sequenceNumber + 1n;
    const attrs = buildPayloadAttributes({
      rollup,
      systemConfig: sysConfig,
      l1Origin: origin,
      sequenceNumber,
      timestamp: batch.timestamp,
      userDeposits,
      transactions: batch.transactions,
    });
    const executed = this.execute(attrs, parent);
    if (!executed) return;
    const ref: SafeHead = {
      hash: executed.hash,
      number: parent.number + 1n,
      timestamp: attrs.timestamp,
      l1Origin: { hash: batch.epochHash, number: batch.epochNum },
      sequenceNumber,
    };
    this.built.set(ref.number, { ref, txs: executed.transactions });
    this.safe = ref;
    // The next block's config is read back from this one (op-node PayloadToSystemConfig): its gas
    // limit, with the upgrade gas of a NUT-bundle activation block stripped again unless kept.
    const kept = upgradeGasAt(rollup, attrs.timestamp) - upgradeGasToStrip(rollup, attrs.timestamp);
    this.sysConfig = kept === 0n ? sysConfig : { ...sysConfig, gasLimit: sysConfig.gasLimit + kept };
    this.blocks++;
    this.resets = 0;
    this.temporaries = 0;
  }

  /** Runs the payload; handles an invalid one per fork. Undefined: dropped (pre-Holocene). */
  private execute(
    attrs: OpPayloadAttributes,
    parent: SafeHead,
  ): { hash: Uint8Array; transactions: readonly Uint8Array[] } | undefined {
    const number = parent.number + 1n;
    const first = this.input.executeAttributes(attrs, parent);
    if (first.status === 'valid') return { hash: first.hash, transactions: attrs.transactions };
    const depositOnly = attrs.transactions.every((tx) => tx[0] === 0x7e);
    if (depositOnly) throw new DeriveCriticalError(`deposit-only payload ${number} is invalid: ${first.reason}`);
    const holocene = isOpHardforkActive(this.input.rollup.hardforks, 'holocene', attrs.timestamp);
    this.note({ kind: 'invalid-payload', number, reason: first.reason, replaced: holocene });
    if (!holocene) return undefined;
    this.pipeline.batches.flushChannel();
    const fallback = depositsOnlyAttributes(attrs);
    const second = this.input.executeAttributes(fallback, parent);
    if (second.status === 'invalid') {
      throw new DeriveCriticalError(`deposit-only replacement of payload ${number} is invalid: ${second.reason}`);
    }
    return { hash: second.hash, transactions: fallback.transactions };
  }
}
