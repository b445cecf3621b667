import { bigIntToBytes, concatBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import {
  daFootprintGasScalarFromSlot,
  isFirstEcotoneBlock,
  l1FeeParamsFromSlots,
  operatorFeeParamsFromSlots,
} from './l1-block-info.js';

const w = (v: bigint) => bigIntToBytes(v, 32);
// slot 3: [0,16) unused, baseFeeScalar [16,20), blobBaseFeeScalar [20,24), sequenceNumber [24,32)
const scalars = concatBytes(
  new Uint8Array(16),
  bigIntToBytes(5227n, 4),
  bigIntToBytes(1_014_213n, 4),
  bigIntToBytes(3n, 8),
);
const times = { bedrock: 0n, regolith: 0n, ecotone: 100n, fjord: 200n, isthmus: 300n };
const slots = { l1BaseFee: w(7n), feeScalars: scalars, overhead: w(188n), scalar: w(684_000n), blobBaseFee: w(2n) };

describe('fee parameters from L1Block storage', () => {
  it('reads the packed Ecotone scalars at their Solidity offsets', () => {
    expect(l1FeeParamsFromSlots(slots, times, 150n)).toEqual({
      rule: 'ecotone',
      l1BaseFee: 7n,
      blobBaseFee: 2n,
      baseFeeScalar: 5227n,
      blobBaseFeeScalar: 1_014_213n,
    });
    expect(l1FeeParamsFromSlots(slots, times, 200n).rule).toBe('fjord');
  });

  it('uses Bedrock rules before Ecotone and on the first Ecotone block (scalars still unset)', () => {
    expect(l1FeeParamsFromSlots(slots, times, 99n)).toEqual({
      rule: 'bedrock',
      regolith: true,
      l1BaseFee: 7n,
      overhead: 188n,
      scalar: 684_000n,
    });
    const first = { ...slots, blobBaseFee: w(0n), feeScalars: concatBytes(new Uint8Array(24), bigIntToBytes(3n, 8)) };
    expect(isFirstEcotoneBlock(first)).toBe(true);
    expect(l1FeeParamsFromSlots(first, times, 100n).rule).toBe('bedrock');
  });

  it('reads Isthmus operator fee parameters from slot 8', () => {
    const op = concatBytes(new Uint8Array(20), bigIntToBytes(9n, 4), bigIntToBytes(1_000n, 8));
    expect(operatorFeeParamsFromSlots({ ...slots, operatorFeeParams: op }, times, 300n)).toEqual({
      scalar: 9n,
      constant: 1_000n,
    });
    expect(operatorFeeParamsFromSlots({ ...slots, operatorFeeParams: op }, times, 299n)).toBeUndefined();
  });

  it('reads the Jovian DA footprint scalar at offset 12 of slot 8 and switches the operator fee formula', () => {
    // slot 8: [18,20) daFootprintGasScalar, [20,24) operatorFeeScalar, [24,32) operatorFeeConstant
    const op = concatBytes(new Uint8Array(18), bigIntToBytes(312n, 2), bigIntToBytes(9n, 4), bigIntToBytes(1_000n, 8));
    expect(daFootprintGasScalarFromSlot(op)).toBe(312n);
    const jovianTimes = { ...times, jovian: 400n };
    expect(operatorFeeParamsFromSlots({ ...slots, operatorFeeParams: op }, jovianTimes, 400n)).toEqual({
      scalar: 9n,
      constant: 1_000n,
      jovian: true,
    });
    expect(operatorFeeParamsFromSlots({ ...slots, operatorFeeParams: op }, jovianTimes, 398n)?.jovian).toBeUndefined();
  });
});
