/**
 * Payload attributes for one L2 block (derivation.md "Building Individual Payload Attributes";
 * ecotone/, isthmus/ and holocene/ exec-engine and l1-attributes changes). The transaction list is
 * the L1-attributes deposit (sequence number within the epoch, Bedrock/Ecotone/Isthmus form for
 * the block's fork, Jovian's with the DA footprint scalar), then — in the first block of an epoch only — the user deposits of the epoch's
 * L1 block, then the network-upgrade deposits of a fork's activation block, then the batch's
 * transactions. The L1-info values come from the *L2 chain's* system config (the one as of the
 * epoch, updated by the epoch's own receipts when the epoch starts) — not the traversal's, which
 * runs ahead of the safe head.
 */
import { bytesToBigInt, bytesToNumber, equalBytes, padLeft } from '@faultline/primitives';
import {
  assertOpHardforkSupported,
  builtinL1ChainConfig,
  DA_FOOTPRINT_GAS_SCALAR_DEFAULT,
  type DepositTransaction,
  encodeTransaction,
  type Header,
  isOpHardforkActive,
  type L1BlockInfo,
  l1ConfigBlobBaseFee,
  l1InfoDepositTx,
  l1InfoFormatAt,
  l1OriginBlobBaseFee,
  type OpPayloadAttributes,
  PREDEPLOYS,
  type RollupConfig,
} from '@faultline/protocol';
import { DeriveCriticalError, DeriveResetError } from './errors.js';
import type { SystemConfig } from './system-config.js';
import type { BlockId, L2BlockRef } from './types.js';
import { upgradeGasAt, upgradeTransactions } from './upgrade-transactions.js';

/** An L2 block reference with its sequence number within its epoch (from its L1-info deposit). */
export interface SafeHead extends L2BlockRef {
  readonly sequenceNumber: bigint;
}

/** An L1 block header with its hash (the epoch's L1 origin). */
export interface L1Origin {
  readonly hash: Uint8Array;
  readonly header: Header;
}

export interface AttributesInput {
  readonly rollup: RollupConfig;
  /** The L2 chain's system config as of this block's epoch (after the epoch's own updates). */
  readonly systemConfig: SystemConfig;
  readonly l1Origin: L1Origin;
  readonly sequenceNumber: bigint;
  readonly timestamp: bigint;
  /** User deposits of the epoch's L1 block; must be empty unless `sequenceNumber` is 0. */
  readonly userDeposits: readonly DepositTransaction[];
  /** The batch's (non-deposit) transactions, EIP-2718 encoded. */
  readonly transactions: readonly Uint8Array[];
}

const ZERO_HASH = new Uint8Array(32);

/** Ecotone fee scalars packed in the `scalar` word (ecotone/l1-attributes.md, versions 0 and 1). */
export function ecotoneScalars(scalar: Uint8Array): { baseFeeScalar: number; blobBaseFeeScalar: number } {
  const u32 = (at: number) => bytesToNumber(scalar.subarray(at, at + 4));
  if (scalar[0] === 0) return { baseFeeScalar: u32(28), blobBaseFeeScalar: 0 };
  if (scalar[0] === 1) return { baseFeeScalar: u32(28), blobBaseFeeScalar: u32(24) };
  // updateSystemConfig refuses other versions after Ecotone; a genesis value could still carry one.
  throw new DeriveCriticalError(`system config scalar: unknown version ${scalar[0]}`);
}

/** Isthmus operator fee (isthmus/system-config.md): scalar u32 at bytes 20..24, constant u64 at 24..32. */
export function operatorFee(params: Uint8Array): { operatorFeeScalar: number; operatorFeeConstant: bigint } {
  return {
    operatorFeeScalar: bytesToNumber(params.subarray(20, 24)),
    operatorFeeConstant: bytesToBigInt(params.subarray(24, 32)),
  };
}

/**
 * The L1 origin's blob base fee (ecotone/l1-attributes.md): priced with the blob schedule the L1
 * chain config gives for the origin's time — Cancun, Prague, Osaka and the BPO forks of EIP-7892
 * (protocol `l1ConfigBlobSchedule`), the config being the built-in one for the rollup's L1 chain
 * id or the one the boot info supplied. Only an L1 with neither (a private test L1) falls back to
 * the header: `requestsHash` (EIP-7685) marks Prague, which then prices the blobs — right for an L1
 * without blob-parameter-only forks, which such an L1 must then be.
 */
export function l1BlobBaseFee(header: Header, rollup: RollupConfig): bigint {
  const l1Config = rollup.l1ChainConfig ?? builtinL1ChainConfig(rollup.l1ChainId);
  if (l1Config) {
    return l1ConfigBlobBaseFee(header.excessBlobGas, l1Config, header.timestamp, rollup.pectraBlobScheduleTime);
  }
  const l1Fork = header.requestsHash !== undefined ? 'Prague' : 'Cancun';
  return l1OriginBlobBaseFee(header.excessBlobGas, l1Fork, header.timestamp, rollup.pectraBlobScheduleTime);
}

/** The L1-attributes values of an L2 block (deposits.md "L1 Attributes Deposited Transaction"). */
export function l1BlockInfo(input: Omit<AttributesInput, 'userDeposits' | 'transactions'>): L1BlockInfo {
  const { rollup, systemConfig: sys, l1Origin, sequenceNumber, timestamp } = input;
  const h = l1Origin.header;
  const common = {
    number: h.number,
    timestamp: h.timestamp,
    baseFee: h.baseFeePerGas ?? 0n,
    blockHash: l1Origin.hash,
    sequenceNumber,
    batcherHash: padLeft(sys.batcherAddress, 32),
  };
  const format = l1InfoFormatAt(rollup.hardforks, timestamp, rollup.blockTime);
  if (format === 'bedrock') {
    return {
      format,
      ...common,
      l1FeeOverhead: bytesToBigInt(sys.overhead),
      l1FeeScalar: bytesToBigInt(sys.scalar),
    };
  }
  const ecotone = { ...common, ...ecotoneScalars(sys.scalar), blobBaseFee: l1BlobBaseFee(h, rollup) };
  if (format === 'ecotone') return { format, ...ecotone };
  const isthmus = { ...ecotone, ...operatorFee(sys.operatorFeeParams) };
  if (format === 'isthmus') return { format, ...isthmus };
  // jovian/l1-attributes.md: a SystemConfig scalar of 0 is sent as the default 400 (op-node).
  const scalar = Number(sys.daFootprintGasScalar);
  return { format, ...isthmus, daFootprintGasScalar: scalar === 0 ? DA_FOOTPRINT_GAS_SCALAR_DEFAULT : scalar };
}

/** Builds the attributes; throws `DeriveResetError` if the L2 time precedes the L1 origin's. */
export function buildPayloadAttributes(input: AttributesInput): OpPayloadAttributes {
  const { rollup, systemConfig, l1Origin, timestamp } = input;
  const h = l1Origin.header;
  // Jovian changes the L1-info form, adds upgrade deposits and a min base fee: refuse, never guess.
  assertOpHardforkSupported(rollup.hardforks, timestamp);
  if (timestamp < h.timestamp) {
    throw new DeriveResetError(`L2 time ${timestamp} is before its L1 origin ${h.number}'s time ${h.timestamp}`);
  }
  if (input.sequenceNumber !== 0n && input.userDeposits.length > 0) {
    throw new DeriveCriticalError('user deposits belong to the first block of an epoch only');
  }
  const active = (fork: Parameters<typeof isOpHardforkActive>[1]) =>
    isOpHardforkActive(rollup.hardforks, fork, timestamp);
  const l1Info = l1InfoDepositTx(l1BlockInfo(input), active('regolith'));
  const transactions = [
    encodeTransaction(l1Info),
    ...input.userDeposits.map(encodeTransaction),
    ...upgradeTransactions(rollup, timestamp).map(encodeTransaction),
    ...input.transactions,
  ];
  const attrs: OpPayloadAttributes = {
    timestamp,
    prevRandao: h.mixHash,
    suggestedFeeRecipient: PREDEPLOYS.sequencerFeeVault,
    transactions,
    noTxPool: true,
    // From Karst a fork's NUT bundle brings its own gas on top of the system config's limit.
    gasLimit: systemConfig.gasLimit + upgradeGasAt(rollup, timestamp),
  };
  if (active('canyon')) attrs.withdrawals = [];
  // Ecotone: the L1 origin's beacon root; a pre-Dencun origin has none and zero is used.
  if (active('ecotone')) attrs.parentBeaconBlockRoot = h.parentBeaconBlockRoot ?? ZERO_HASH;
  if (active('holocene')) attrs.eip1559Params = systemConfig.eip1559Params.slice();
  // jovian/exec-engine.md: PayloadAttributesV3.minBaseFee is non-null from Jovian on.
  if (active('jovian')) attrs.minBaseFee = systemConfig.minBaseFee;
  return attrs;
}

/** Holocene: the same attributes with only the deposits (holocene/derivation.md "Engine Queue"). */
export function depositsOnlyAttributes(attrs: OpPayloadAttributes): OpPayloadAttributes {
  return { ...attrs, transactions: attrs.transactions.filter((tx) => tx[0] === 0x7e) };
}

/**
 * Checks that `epoch` may follow the parent's L1 origin: the same block, or its child
 * (derivation.md: the L1 origin advances by at most one block per L2 block).
 */
export function checkEpoch(parent: L2BlockRef, epoch: BlockId, originHeader: Header | undefined): 'same' | 'next' {
  if (originHeader && originHeader.number !== epoch.number) {
    throw new DeriveResetError(`epoch ${epoch.number}: the L1 header for its hash is block ${originHeader.number}`);
  }
  if (epoch.number === parent.l1Origin.number) {
    if (!equalBytes(epoch.hash, parent.l1Origin.hash)) {
      throw new DeriveResetError(`epoch ${epoch.number} hash differs from the safe head's L1 origin`);
    }
    return 'same';
  }
  if (epoch.number === parent.l1Origin.number + 1n) {
    if (originHeader && !equalBytes(originHeader.parentHash, parent.l1Origin.hash)) {
      throw new DeriveResetError(`L1 origin ${epoch.number} does not build on the safe head's origin`);
    }
    return 'next';
  }
  throw new DeriveResetError(
    `epoch ${epoch.number} is neither the safe head's L1 origin ${parent.l1Origin.number} nor the next`,
  );
}
