/**
 * Holocene's dynamic EIP-1559 parameters (OP spec holocene/exec-engine.md "Dynamic EIP-1559
 * Parameters"): payload attributes carry `eip1559Params` = u32 denominator ++ u32 elasticity
 * (8 bytes); the sealed header stores them in `extraData` = version 0 ++ denominator ++
 * elasticity (9 bytes). All-zero attributes mean "use the Canyon constants".
 */
import { BaseError, bytesToNumber, concatBytes, u64ToBytes } from '@faultline/primitives';

export const HOLOCENE_EXTRA_DATA_VERSION = 0;
export const HOLOCENE_EXTRA_DATA_BYTES = 9;
export const EIP1559_PARAMS_BYTES = 8;

export type Eip1559Params = { denominator: bigint; elasticity: bigint };

export class Eip1559ParamsError extends BaseError {
  override name = 'Eip1559ParamsError' as const;
}

function split(params: Uint8Array): Eip1559Params {
  return {
    denominator: BigInt(bytesToNumber(params.subarray(0, 4))),
    elasticity: BigInt(bytesToNumber(params.subarray(4, 8))),
  };
}

/** Decodes and checks a Holocene header `extraData` (exactly 9 bytes, version 0, denominator ≠ 0). */
export function decodeHoloceneExtraData(extraData: Uint8Array): Eip1559Params {
  if (extraData.length !== HOLOCENE_EXTRA_DATA_BYTES) {
    throw new Eip1559ParamsError(
      `holocene extraData: expected ${HOLOCENE_EXTRA_DATA_BYTES} bytes, got ${extraData.length}`,
    );
  }
  if (extraData[0] !== HOLOCENE_EXTRA_DATA_VERSION) {
    throw new Eip1559ParamsError(`holocene extraData: unsupported version ${extraData[0]}`);
  }
  const params = split(extraData.subarray(1));
  if (params.denominator === 0n) throw new Eip1559ParamsError('holocene extraData: denominator is zero');
  return params;
}

export function encodeHoloceneExtraData(params: Eip1559Params): Uint8Array {
  const packed = u64ToBytes((params.denominator << 32n) | params.elasticity);
  return concatBytes(Uint8Array.of(HOLOCENE_EXTRA_DATA_VERSION), packed);
}

/**
 * The header `extraData` for a block built from `eip1559Params` attributes. Zero/zero selects
 * the chain's Canyon parameters; a zero denominator with a non-zero elasticity is invalid.
 */
export function holoceneExtraDataFromAttributes(eip1559Params: Uint8Array, canyonDefaults: Eip1559Params): Uint8Array {
  if (eip1559Params.length !== EIP1559_PARAMS_BYTES) {
    throw new Eip1559ParamsError(`eip1559Params: expected ${EIP1559_PARAMS_BYTES} bytes, got ${eip1559Params.length}`);
  }
  const params = split(eip1559Params);
  if (params.denominator === 0n && params.elasticity === 0n) return encodeHoloceneExtraData(canyonDefaults);
  if (params.denominator === 0n)
    throw new Eip1559ParamsError('eip1559Params: zero denominator with non-zero elasticity');
  return encodeHoloceneExtraData(params);
}

/**
 * The `extraData` of an OP block built at `timestamp` (exec-engine.md "Extra Data"): empty before
 * Holocene, the encoded EIP-1559 parameters from Holocene on.
 */
export function opBlockExtraData(
  holoceneActive: boolean,
  eip1559Params: Uint8Array | undefined,
  canyonDefaults: Eip1559Params,
): Uint8Array {
  if (!holoceneActive) {
    if (eip1559Params !== undefined) throw new Eip1559ParamsError('eip1559Params: must be absent before Holocene');
    return new Uint8Array(0);
  }
  if (eip1559Params === undefined) throw new Eip1559ParamsError('eip1559Params: required from Holocene on');
  return holoceneExtraDataFromAttributes(eip1559Params, canyonDefaults);
}
