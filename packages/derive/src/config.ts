/**
 * The slice of the rollup configuration that derivation reads, with the fork-dependent protocol
 * constants (derivation.md "Protocol Parameters"; fjord, granite and holocene derivation changes).
 * `@faultline/protocol` owns the full rollup config and the hardfork schedule; this is the view
 * derivation reads (`deriveConfigFromRollup`), small enough for tests to build by hand.
 *
 * Timestamps and block numbers are u64 values and kept as `bigint`: span batches carry raw
 * uvarints that op-node adds with uint64 wrap-around, and derivation must agree on those too.
 */
import {
  isOpHardforkActivationBlock,
  isOpHardforkActive,
  type OpHardfork,
  type OpHardforkTimes,
  type RollupConfig,
} from '@faultline/protocol';

/** Activation times by OP hardfork name: protocol's schedule type (a later fork implies earlier ones). */
export type DeriveForks = OpHardforkTimes;

export interface DeriveConfig {
  /** L2 block time in seconds. */
  readonly blockTime: bigint;
  /** Timestamp of the L2 genesis block (span batches store time relative to it). */
  readonly l2GenesisTime: bigint;
  readonly l2ChainId: bigint;
  /** Sequencing window size in L1 blocks. */
  readonly seqWindowSize: bigint;
  /** Channel timeout in L1 blocks before Granite (Granite makes it the constant 50). */
  readonly channelTimeout: bigint;
  /** Max sequencer drift in seconds before Fjord (Fjord makes it the constant 1800). */
  readonly maxSequencerDrift: bigint;
  /** Channel timeout from Granite; 50 when absent (op-node's constant, a field in kona). */
  readonly graniteChannelTimeout?: bigint;
  readonly batchInboxAddress: Uint8Array;
  readonly forks: DeriveForks;
}

export type DeriveFork = OpHardfork;

export function isForkActive(config: DeriveConfig, fork: DeriveFork, timestamp: bigint): boolean {
  return isOpHardforkActive(config.forks, fork, timestamp);
}

/** True for the first L2 block of `fork`: the block at or after activation whose parent is before it. */
export function isForkActivationBlock(config: DeriveConfig, fork: DeriveFork, l2Timestamp: bigint): boolean {
  return isOpHardforkActivationBlock(config.forks, fork, l2Timestamp, config.blockTime);
}

export const MAX_RLP_BYTES_PER_CHANNEL_BEDROCK = 10_000_000;
export const MAX_RLP_BYTES_PER_CHANNEL_FJORD = 100_000_000;
export const MAX_CHANNEL_BANK_SIZE_BEDROCK = 100_000_000;
export const MAX_CHANNEL_BANK_SIZE_FJORD = 1_000_000_000;
export const MAX_SEQUENCER_DRIFT_FJORD = 1800n;
export const CHANNEL_TIMEOUT_GRANITE = 50n;
/** Blocks and transactions per span batch (span-batches.md "Span Batch Size Limits"). */
export const MAX_SPAN_BATCH_ELEMENT_COUNT = 10_000_000;

export function maxRlpBytesPerChannel(config: DeriveConfig, l1Timestamp: bigint): number {
  return isForkActive(config, 'fjord', l1Timestamp)
    ? MAX_RLP_BYTES_PER_CHANNEL_FJORD
    : MAX_RLP_BYTES_PER_CHANNEL_BEDROCK;
}

export function maxChannelBankSize(config: DeriveConfig, l1Timestamp: bigint): number {
  return isForkActive(config, 'fjord', l1Timestamp) ? MAX_CHANNEL_BANK_SIZE_FJORD : MAX_CHANNEL_BANK_SIZE_BEDROCK;
}

export function channelTimeout(config: DeriveConfig, l1Timestamp: bigint): bigint {
  if (!isForkActive(config, 'granite', l1Timestamp)) return config.channelTimeout;
  return config.graniteChannelTimeout ?? CHANNEL_TIMEOUT_GRANITE;
}

export function maxSequencerDrift(config: DeriveConfig, l1Timestamp: bigint): bigint {
  return isForkActive(config, 'fjord', l1Timestamp) ? MAX_SEQUENCER_DRIFT_FJORD : config.maxSequencerDrift;
}

/** The derivation view of `@faultline/protocol`'s rollup config. */
export function deriveConfigFromRollup(rollup: RollupConfig): DeriveConfig {
  return {
    blockTime: rollup.blockTime,
    l2GenesisTime: rollup.genesis.l2Time,
    l2ChainId: rollup.l2ChainId,
    seqWindowSize: rollup.seqWindowSize,
    channelTimeout: rollup.channelTimeout,
    graniteChannelTimeout: rollup.graniteChannelTimeout,
    maxSequencerDrift: rollup.maxSequencerDrift,
    batchInboxAddress: rollup.batchInboxAddress,
    forks: rollup.hardforks,
  };
}
