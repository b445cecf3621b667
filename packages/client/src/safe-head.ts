/**
 * The agreed L2 block as derivation's starting point (op-node `L2BlockToBlockRef` and
 * `PayloadToSystemConfig`): its L1 origin and sequence number come from the L1-attributes
 * deposit (always the block's first transaction, deposits.md), the system config from that
 * deposit plus the header (gas limit; Holocene EIP-1559 parameters from extraData, Jovian's
 * minimum base fee after them). The genesis block has no such deposit: its values are the
 * rollup config's genesis.
 */
import type { SafeHead, SystemConfig } from '@faultline/derive';
import { genesisSystemConfig, upgradeGasToStrip } from '@faultline/derive';
import { bigIntToBytes, bytesToBigInt, bytesToHex } from '@faultline/primitives';
import {
  decodeL1Info,
  decodeTransaction,
  type Header,
  isOpHardforkActive,
  type RollupConfig,
} from '@faultline/protocol';
import { OracleDataError } from './errors.js';

const WORD = 32;
const ECOTONE_SCALAR_VERSION = 1;
/** Holocene extraData: version 0 ++ denominator u32 ++ elasticity u32 (holocene/exec-engine.md). */
const EIP1559_PARAMS = { start: 1, end: 9 } as const;
/** Jovian extraData version 1 appends minBaseFee u64. */
const JOVIAN_EXTRA_DATA_VERSION = 1;
const MIN_BASE_FEE = { start: 9, end: 17 } as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface StartingPoint {
  safeHead: SafeHead;
  systemConfig: SystemConfig;
}

function systemConfigOf(rollup: RollupConfig, header: Header, info: ReturnType<typeof decodeL1Info>): SystemConfig {
  const sys: Mutable<SystemConfig> = {
    ...genesisSystemConfig(rollup),
    batcherAddress: info.batcherHash.slice(12),
    // A NUT-bundle activation block's upgrade gas is not the chain's (op-node PayloadToSystemConfig).
    gasLimit: header.gasLimit - upgradeGasToStrip(rollup, header.timestamp),
  };
  if (info.format === 'bedrock') {
    sys.overhead = bigIntToBytes(info.l1FeeOverhead, WORD);
    sys.scalar = bigIntToBytes(info.l1FeeScalar, WORD);
  } else {
    // Ecotone scalar word: version 1, blob base fee scalar at 24..28, base fee scalar at 28..32.
    const scalar = new Uint8Array(WORD);
    scalar[0] = ECOTONE_SCALAR_VERSION;
    scalar.set(bigIntToBytes(BigInt(info.blobBaseFeeScalar), 4), 24);
    scalar.set(bigIntToBytes(BigInt(info.baseFeeScalar), 4), 28);
    sys.overhead = new Uint8Array(WORD);
    sys.scalar = scalar;
  }
  if (info.format === 'isthmus' || info.format === 'jovian') {
    // Operator fee word: scalar u32 at 20..24, constant u64 at 24..32 (isthmus/system-config.md).
    const p = new Uint8Array(WORD);
    p.set(bigIntToBytes(BigInt(info.operatorFeeScalar), 4), 20);
    p.set(bigIntToBytes(info.operatorFeeConstant, 8), 24);
    sys.operatorFeeParams = p;
  }
  if (isOpHardforkActive(rollup.hardforks, 'holocene', header.timestamp)) {
    sys.eip1559Params = header.extraData.slice(EIP1559_PARAMS.start, EIP1559_PARAMS.end);
  }
  if (header.extraData[0] === JOVIAN_EXTRA_DATA_VERSION && header.extraData.length >= MIN_BASE_FEE.end) {
    sys.minBaseFee = bytesToBigInt(header.extraData.subarray(MIN_BASE_FEE.start, MIN_BASE_FEE.end));
  }
  if (info.format === 'jovian') sys.daFootprintGasScalar = BigInt(info.daFootprintGasScalar);
  return sys;
}

export function startingPoint(
  rollup: RollupConfig,
  header: Header,
  hash: Uint8Array,
  firstTx: Uint8Array | undefined,
): StartingPoint {
  const base = { hash, number: header.number, timestamp: header.timestamp };
  if (header.number === rollup.genesis.l2.number) {
    return {
      safeHead: { ...base, l1Origin: rollup.genesis.l1, sequenceNumber: 0n },
      systemConfig: genesisSystemConfig(rollup),
    };
  }
  if (firstTx === undefined)
    throw new OracleDataError(`L2 block ${header.number} has no transactions (no L1-info deposit)`);
  const tx = decodeTransaction(firstTx);
  if (tx.type !== 0x7e) {
    throw new OracleDataError(`L2 block ${header.number} ${bytesToHex(hash)}: first transaction is not a deposit`);
  }
  const info = decodeL1Info(tx.data);
  return {
    safeHead: {
      ...base,
      l1Origin: { hash: info.blockHash, number: info.number },
      sequenceNumber: info.sequenceNumber,
    },
    systemConfig: systemConfigOf(rollup, header, info),
  };
}
