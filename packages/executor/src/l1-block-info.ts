/**
 * Where the executor reads the fee parameters: the L1Block predeploy's storage, written by the
 * block's L1-attributes deposit (exec-engine.md "L1-Cost fees": basefee slot 1, overhead 5,
 * scalar 6, blobBaseFee 7, the two Ecotone scalars packed in slot 3; Isthmus operator fee
 * parameters in slot 8, with Jovian's DA footprint gas scalar beside them). Also the choice of
 * fee rule for a block, including op-geth's
 * first-Ecotone-block rule: while the Ecotone scalars and blob base fee are still unset in
 * state, the Bedrock formula applies.
 */
import { bytesToBigInt } from '@faultline/primitives';
import { isOpHardforkActive, type OpHardforkTimes } from '@faultline/protocol';
import type { L1FeeParams } from './l1-fee.js';
import type { OperatorFeeParams } from './operator-fee.js';

export const L1_BLOCK_SLOTS = {
  l1BaseFee: 1n,
  feeScalars: 3n,
  overhead: 5n,
  scalar: 6n,
  blobBaseFee: 7n,
  operatorFeeParams: 8n,
} as const;

/**
 * Byte ranges in the 32-byte big-endian slot values. Solidity packs from the low end: the
 * sequence number (u64) sits at offset 0 → bytes [24,32); blobBaseFeeScalar at offset 8 → [20,24);
 * baseFeeScalar at offset 12 → [16,20). Slot 8: operatorFeeConstant (u64) [24,32),
 * operatorFeeScalar (u32) [20,24), daFootprintGasScalar (u16, offset 12; jovian/exec-engine.md
 * "Scalar loading") [18,20).
 */
const BASE_FEE_SCALAR = [16, 20] as const;
const BLOB_BASE_FEE_SCALAR = [20, 24] as const;
const OPERATOR_FEE_SCALAR = [20, 24] as const;
const OPERATOR_FEE_CONSTANT = [24, 32] as const;
const DA_FOOTPRINT_GAS_SCALAR = [18, 20] as const;

/** Slot values (32 bytes each) of the L1Block predeploy after the L1-attributes deposit ran. */
export type L1BlockSlots = {
  l1BaseFee: Uint8Array;
  feeScalars: Uint8Array;
  overhead: Uint8Array;
  scalar: Uint8Array;
  blobBaseFee: Uint8Array;
  operatorFeeParams?: Uint8Array;
};

const field = (slot: Uint8Array, [from, to]: readonly [number, number]) => bytesToBigInt(slot.subarray(from, to));

/** op-geth's detection of the first Ecotone block: blob base fee 0 and both scalars 0. */
export function isFirstEcotoneBlock(slots: L1BlockSlots): boolean {
  return (
    bytesToBigInt(slots.blobBaseFee) === 0n &&
    field(slots.feeScalars, BASE_FEE_SCALAR) === 0n &&
    field(slots.feeScalars, BLOB_BASE_FEE_SCALAR) === 0n
  );
}

export function l1FeeParamsFromSlots(slots: L1BlockSlots, hardforks: OpHardforkTimes, timestamp: bigint): L1FeeParams {
  const ecotone = isOpHardforkActive(hardforks, 'ecotone', timestamp);
  if (!ecotone || isFirstEcotoneBlock(slots)) {
    return {
      rule: 'bedrock',
      regolith: isOpHardforkActive(hardforks, 'regolith', timestamp),
      l1BaseFee: bytesToBigInt(slots.l1BaseFee),
      overhead: bytesToBigInt(slots.overhead),
      scalar: bytesToBigInt(slots.scalar),
    };
  }
  return {
    rule: isOpHardforkActive(hardforks, 'fjord', timestamp) ? 'fjord' : 'ecotone',
    l1BaseFee: bytesToBigInt(slots.l1BaseFee),
    blobBaseFee: bytesToBigInt(slots.blobBaseFee),
    baseFeeScalar: field(slots.feeScalars, BASE_FEE_SCALAR),
    blobBaseFeeScalar: field(slots.feeScalars, BLOB_BASE_FEE_SCALAR),
  };
}

/** Operator fee parameters from slot 8 (the Jovian formula from Jovian on), or `undefined` before Isthmus. */
export function operatorFeeParamsFromSlots(
  slots: L1BlockSlots,
  hardforks: OpHardforkTimes,
  timestamp: bigint,
): OperatorFeeParams | undefined {
  if (!isOpHardforkActive(hardforks, 'isthmus', timestamp) || !slots.operatorFeeParams) return undefined;
  const params: OperatorFeeParams = {
    scalar: field(slots.operatorFeeParams, OPERATOR_FEE_SCALAR),
    constant: field(slots.operatorFeeParams, OPERATOR_FEE_CONSTANT),
  };
  if (isOpHardforkActive(hardforks, 'jovian', timestamp)) params.jovian = true;
  return params;
}

/**
 * Jovian's DA footprint gas scalar, as stored in slot 8 (op-revm `fetch_da_footprint_gas_scalar`):
 * no default is applied here — derivation already writes 400 for a SystemConfig value of 0.
 */
export function daFootprintGasScalarFromSlot(operatorFeeParams: Uint8Array): bigint {
  return field(operatorFeeParams, DA_FOOTPRINT_GAS_SCALAR);
}
