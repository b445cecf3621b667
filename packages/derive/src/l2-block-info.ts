/**
 * What derivation needs to know about an existing L2 block, read from the block itself (op-node
 * `L2BlockToBlockRef` and `PayloadToSystemConfig`): its reference with L1 origin and sequence
 * number, from the L1-attributes deposit that every non-genesis block starts with; and the system
 * config in force at that block — batcher and fee scalars from the same deposit, the gas limit
 * from the header, Holocene's EIP-1559 parameters from the header's `extraData` (version 0 ++
 * denominator ++ elasticity, holocene/exec-engine.md), Isthmus's operator fee from the Isthmus
 * form of the deposit. A fault-proof client calls these on the agreed safe head before
 * `runDerivation`.
 */
import { bigIntToBytes, bytesToBigInt, concatBytes, equalBytes } from '@faultline/primitives';
import {
  decodeL1Info,
  decodeTransaction,
  type Header,
  isOpHardforkActive,
  L1_INFO_DEPOSITOR,
  type L1BlockInfo,
  PREDEPLOYS,
  type RollupConfig,
} from '@faultline/protocol';
import type { SafeHead } from './attributes.js';
import { DeriveCriticalError } from './errors.js';
import { genesisSystemConfig, type SystemConfig } from './system-config.js';
import { upgradeGasToStrip } from './upgrade-transactions.js';

/** extraData: version byte ++ u32 denominator ++ u32 elasticity (Holocene, version 0), ++ u64 minBaseFee (Jovian, version 1). */
const EXTRA_DATA_FORMS = { holocene: { version: 0, bytes: 9 }, jovian: { version: 1, bytes: 17 } } as const;
const ECOTONE_SCALAR_VERSION = 1;

/** The L1-info values of a non-genesis L2 block, from its first transaction. */
export function l1InfoOfBlock(firstTransaction: Uint8Array | undefined, number: bigint): L1BlockInfo {
  if (!firstTransaction) throw new DeriveCriticalError(`L2 block ${number} has no transactions`);
  const tx = decodeTransaction(firstTransaction);
  const fromDepositor = tx.type === 0x7e && equalBytes(tx.from, L1_INFO_DEPOSITOR);
  if (tx.type !== 0x7e || !fromDepositor || tx.to === null || !equalBytes(tx.to, PREDEPLOYS.l1Block)) {
    throw new DeriveCriticalError(`L2 block ${number}: first transaction is not the L1-attributes deposit`);
  }
  return decodeL1Info(tx.data);
}

/** The block's reference; the L2 genesis block has no L1-info deposit and uses the rollup config. */
export function safeHeadFromBlock(
  rollup: RollupConfig,
  header: Header,
  hash: Uint8Array,
  firstTransaction: Uint8Array | undefined,
): SafeHead {
  if (header.number === rollup.genesis.l2.number) {
    return {
      hash,
      number: header.number,
      timestamp: header.timestamp,
      l1Origin: rollup.genesis.l1,
      sequenceNumber: 0n,
    };
  }
  const info = l1InfoOfBlock(firstTransaction, header.number);
  return {
    hash,
    number: header.number,
    timestamp: header.timestamp,
    l1Origin: { hash: info.blockHash, number: info.number },
    sequenceNumber: info.sequenceNumber,
  };
}

/** The system config as of the block (op-node PayloadToSystemConfig). */
export function systemConfigFromBlock(
  rollup: RollupConfig,
  header: Header,
  firstTransaction: Uint8Array | undefined,
): SystemConfig {
  if (header.number === rollup.genesis.l2.number) return genesisSystemConfig(rollup);
  const info = l1InfoOfBlock(firstTransaction, header.number);
  const base = genesisSystemConfig(rollup);
  const word = (v: bigint) => bigIntToBytes(v, 32);
  let overhead: Uint8Array;
  let scalar: Uint8Array;
  if (info.format === 'bedrock') {
    overhead = word(info.l1FeeOverhead);
    scalar = word(info.l1FeeScalar);
  } else {
    // Ecotone forms carry the two scalars; the config word is version 1 with zero overhead.
    overhead = new Uint8Array(32);
    scalar = concatBytes(
      new Uint8Array([ECOTONE_SCALAR_VERSION]),
      new Uint8Array(23),
      bigIntToBytes(BigInt(info.blobBaseFeeScalar), 4),
      bigIntToBytes(BigInt(info.baseFeeScalar), 4),
    );
  }
  let eip1559Params = base.eip1559Params;
  let minBaseFee = base.minBaseFee;
  if (isOpHardforkActive(rollup.hardforks, 'holocene', header.timestamp)) {
    const jovian = isOpHardforkActive(rollup.hardforks, 'jovian', header.timestamp);
    const form = EXTRA_DATA_FORMS[jovian ? 'jovian' : 'holocene'];
    const extra = header.extraData;
    if (extra.length !== form.bytes || extra[0] !== form.version) {
      throw new DeriveCriticalError(`L2 block ${header.number}: invalid ${jovian ? 'Jovian' : 'Holocene'} extraData`);
    }
    eip1559Params = extra.slice(1, 9);
    if (jovian) minBaseFee = bytesToBigInt(extra.subarray(9, 17));
  }
  let operatorFeeParams = base.operatorFeeParams;
  if (info.format === 'isthmus' || info.format === 'jovian') {
    operatorFeeParams = concatBytes(
      new Uint8Array(20),
      bigIntToBytes(BigInt(info.operatorFeeScalar), 4),
      bigIntToBytes(info.operatorFeeConstant, 8),
    );
  }
  return {
    ...base,
    batcherAddress: info.batcherHash.slice(12),
    overhead,
    scalar,
    gasLimit: header.gasLimit - upgradeGasToStrip(rollup, header.timestamp),
    eip1559Params,
    operatorFeeParams,
    minBaseFee,
    daFootprintGasScalar: info.format === 'jovian' ? BigInt(info.daFootprintGasScalar) : base.daFootprintGasScalar,
  };
}
