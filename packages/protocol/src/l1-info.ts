/**
 * The L1-attributes deposit, the first transaction of every L2 block (OP spec deposits.md
 * "L1 Attributes Deposited Transaction"). Three calldata forms:
 * - Bedrock `setL1BlockValues` (selector 0x015d8eb9): ABI, 8 words, 260 bytes;
 * - Ecotone `setL1BlockValuesEcotone` (0x440a5e20): packed, 164 bytes (ecotone/l1-attributes.md);
 * - Isthmus `setL1BlockValuesIsthmus` (0x098999be): Ecotone + operatorFeeScalar (u32) and
 *   operatorFeeConstant (u64), 176 bytes (isthmus/l1-attributes.md);
 * - Jovian `setL1BlockValuesJovian` (0x3db6be2b): Isthmus + daFootprintGasScalar (u16), 178 bytes
 *   (jovian/l1-attributes.md).
 * On a fork's activation block the previous form is still used, because the L1Block contract
 * is upgraded later in that block (unless the fork is active at genesis).
 */
import { bigIntToBytes, bytesToBigInt, concatBytes, equalBytes, hexToBytes } from '@faultline/primitives';
import { l1InfoDepositSourceHash } from './deposit-source.js';
import { L1InfoError } from './errors.js';
import { isOpHardforkActivationBlock, isOpHardforkActive, type OpHardforkTimes } from './op-hardforks.js';
import { L1_INFO_DEPOSITOR, PREDEPLOYS } from './predeploys.js';
import type { DepositTransaction } from './tx-types.js';

export const L1_INFO_SELECTORS = {
  bedrock: hexToBytes('0x015d8eb9'),
  ecotone: hexToBytes('0x440a5e20'),
  isthmus: hexToBytes('0x098999be'),
  jovian: hexToBytes('0x3db6be2b'),
} as const;

export const L1_INFO_LENGTHS = { bedrock: 4 + 8 * 32, ecotone: 164, isthmus: 176, jovian: 178 } as const;

/**
 * jovian/l1-attributes.md: a SystemConfig DA footprint scalar of 0 means 400. op-node writes the
 * effective value into the calldata (the L1Block contract stores what it is given).
 */
export const DA_FOOTPRINT_GAS_SCALAR_DEFAULT = 400;

/** Gas limit of the L1-info deposit: 150M before Regolith, 1M after (deposits.md). */
export const L1_INFO_GAS_PRE_REGOLITH = 150_000_000n;
export const L1_INFO_GAS_REGOLITH = 1_000_000n;

type L1InfoCommon = {
  number: bigint;
  timestamp: bigint;
  baseFee: bigint;
  blockHash: Uint8Array;
  sequenceNumber: bigint;
  batcherHash: Uint8Array;
};
export type L1InfoBedrock = L1InfoCommon & { format: 'bedrock'; l1FeeOverhead: bigint; l1FeeScalar: bigint };
export type L1InfoEcotone = L1InfoCommon & {
  format: 'ecotone';
  baseFeeScalar: number;
  blobBaseFeeScalar: number;
  blobBaseFee: bigint;
};
export type L1InfoIsthmus = Omit<L1InfoEcotone, 'format'> & {
  format: 'isthmus';
  operatorFeeScalar: number;
  operatorFeeConstant: bigint;
};
export type L1InfoJovian = Omit<L1InfoIsthmus, 'format'> & { format: 'jovian'; daFootprintGasScalar: number };
export type L1BlockInfo = L1InfoBedrock | L1InfoEcotone | L1InfoIsthmus | L1InfoJovian;
export type L1InfoFormat = L1BlockInfo['format'];

const u = (v: bigint | number, bytes: number) => bigIntToBytes(BigInt(v), bytes);

export function encodeL1Info(info: L1BlockInfo): Uint8Array {
  if (info.format === 'bedrock') {
    return concatBytes(
      L1_INFO_SELECTORS.bedrock,
      u(info.number, 32),
      u(info.timestamp, 32),
      u(info.baseFee, 32),
      info.blockHash,
      u(info.sequenceNumber, 32),
      info.batcherHash,
      u(info.l1FeeOverhead, 32),
      u(info.l1FeeScalar, 32),
    );
  }
  const ecotone = concatBytes(
    L1_INFO_SELECTORS[info.format],
    u(info.baseFeeScalar, 4),
    u(info.blobBaseFeeScalar, 4),
    u(info.sequenceNumber, 8),
    u(info.timestamp, 8),
    u(info.number, 8),
    u(info.baseFee, 32),
    u(info.blobBaseFee, 32),
    info.blockHash,
    info.batcherHash,
  );
  if (info.format === 'ecotone') return ecotone;
  const isthmus = concatBytes(ecotone, u(info.operatorFeeScalar, 4), u(info.operatorFeeConstant, 8));
  if (info.format === 'isthmus') return isthmus;
  return concatBytes(isthmus, u(info.daFootprintGasScalar, 2));
}

/** Reads `data[offset, offset+len)` as a big-endian integer. */
function int(data: Uint8Array, offset: number, len: number): bigint {
  return bytesToBigInt(data.subarray(offset, offset + len));
}

/** An ABI uint64 word: the high 24 bytes must be zero. */
function abiU64(data: Uint8Array, offset: number, name: string): bigint {
  const v = int(data, offset, 32);
  if (v >> 64n !== 0n) throw new L1InfoError(`${name}: does not fit in 64 bits`);
  return v;
}

function formatOf(data: Uint8Array): L1InfoFormat {
  for (const format of ['bedrock', 'ecotone', 'isthmus', 'jovian'] as const) {
    if (data.length >= 4 && equalBytes(data.subarray(0, 4), L1_INFO_SELECTORS[format])) {
      if (data.length !== L1_INFO_LENGTHS[format]) {
        throw new L1InfoError(`${format} calldata: expected ${L1_INFO_LENGTHS[format]} bytes, got ${data.length}`);
      }
      return format;
    }
  }
  throw new L1InfoError('unknown selector: not a Bedrock, Ecotone, Isthmus or Jovian L1-info call');
}

export function decodeL1Info(data: Uint8Array): L1BlockInfo {
  const format = formatOf(data);
  if (format === 'bedrock') {
    const w = (i: number) => 4 + 32 * i;
    return {
      format,
      number: abiU64(data, w(0), 'number'),
      timestamp: abiU64(data, w(1), 'timestamp'),
      baseFee: int(data, w(2), 32),
      blockHash: data.slice(w(3), w(4)),
      sequenceNumber: abiU64(data, w(4), 'sequenceNumber'),
      batcherHash: data.slice(w(5), w(6)),
      l1FeeOverhead: int(data, w(6), 32),
      l1FeeScalar: int(data, w(7), 32),
    };
  }
  const ecotone = {
    baseFeeScalar: Number(int(data, 4, 4)),
    blobBaseFeeScalar: Number(int(data, 8, 4)),
    sequenceNumber: int(data, 12, 8),
    timestamp: int(data, 20, 8),
    number: int(data, 28, 8),
    baseFee: int(data, 36, 32),
    blobBaseFee: int(data, 68, 32),
    blockHash: data.slice(100, 132),
    batcherHash: data.slice(132, 164),
  };
  if (format === 'ecotone') return { format, ...ecotone };
  const operator = { operatorFeeScalar: Number(int(data, 164, 4)), operatorFeeConstant: int(data, 168, 8) };
  if (format === 'isthmus') return { format, ...ecotone, ...operator };
  return { format, ...ecotone, ...operator, daFootprintGasScalar: Number(int(data, 176, 2)) };
}

/**
 * The calldata form for the L2 block at `timestamp`: the newest fork's form, except on that
 * fork's activation block (deposits.md; ecotone/, isthmus/ and jovian/l1-attributes.md).
 */
export function l1InfoFormatAt(times: OpHardforkTimes, timestamp: bigint, blockTime: bigint): L1InfoFormat {
  for (const format of ['jovian', 'isthmus', 'ecotone'] as const) {
    if (
      isOpHardforkActive(times, format, timestamp) &&
      !isOpHardforkActivationBlock(times, format, timestamp, blockTime)
    ) {
      return format;
    }
  }
  return 'bedrock';
}

/** The complete L1-attributes deposit transaction for `info` (deposits.md, items 1–7). */
export function l1InfoDepositTx(info: L1BlockInfo, regolith: boolean): DepositTransaction {
  return {
    type: 0x7e,
    sourceHash: l1InfoDepositSourceHash(info.blockHash, info.sequenceNumber),
    from: L1_INFO_DEPOSITOR,
    to: PREDEPLOYS.l1Block,
    mint: 0n,
    value: 0n,
    gasLimit: regolith ? L1_INFO_GAS_REGOLITH : L1_INFO_GAS_PRE_REGOLITH,
    isSystemTx: !regolith,
    data: encodeL1Info(info),
  };
}
