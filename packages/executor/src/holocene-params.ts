/**
 * The fee parameters an OP header carries in `extraData`. Holocene (holocene/exec-engine.md
 * "Dynamic EIP-1559 Parameters"): payload attributes carry `eip1559Params` = u32 denominator ++
 * u32 elasticity (8 bytes); the sealed header stores version 0 ++ denominator ++ elasticity
 * (9 bytes). All-zero attributes mean "use the Canyon constants". Jovian (jovian/exec-engine.md
 * "Minimum Base Fee in Block Header"): version 1 appends the u64 minimum base fee (17 bytes),
 * taken from the attributes' `minBaseFee`. An older copy of the spec describes a 10-byte form with
 * a one-byte exponent; the live chain (OP Mainnet headers since 2025-12-02) and op-geth use the
 * 17-byte form, which is what this file implements.
 */
import { BaseError, bigIntToBytes, bytesToBigInt, bytesToNumber, concatBytes, u64ToBytes } from '@faultline/primitives';

export const HOLOCENE_EXTRA_DATA_VERSION = 0;
export const HOLOCENE_EXTRA_DATA_BYTES = 9;
export const JOVIAN_EXTRA_DATA_VERSION = 1;
export const JOVIAN_EXTRA_DATA_BYTES = 17;
export const EIP1559_PARAMS_BYTES = 8;
const MAX_U64 = (1n << 64n) - 1n;

export type Eip1559Params = { denominator: bigint; elasticity: bigint };
/** The decoded `extraData` of a Holocene (version 0) or Jovian (version 1) header. */
export type OpExtraData = Eip1559Params & { version: 0 | 1; minBaseFee?: bigint };

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

/** Decodes and checks a Jovian header `extraData` (exactly 17 bytes, version 1, denominator ≠ 0). */
export function decodeJovianExtraData(extraData: Uint8Array): Eip1559Params & { minBaseFee: bigint } {
  if (extraData.length !== JOVIAN_EXTRA_DATA_BYTES) {
    throw new Eip1559ParamsError(
      `jovian extraData: expected ${JOVIAN_EXTRA_DATA_BYTES} bytes, got ${extraData.length}`,
    );
  }
  if (extraData[0] !== JOVIAN_EXTRA_DATA_VERSION) {
    throw new Eip1559ParamsError(`jovian extraData: unsupported version ${extraData[0]}`);
  }
  const params = split(extraData.subarray(1, 9));
  if (params.denominator === 0n) throw new Eip1559ParamsError('jovian extraData: denominator is zero');
  return { ...params, minBaseFee: bytesToBigInt(extraData.subarray(9, 17)) };
}

/** Any OP `extraData` by its version byte (for display and for headers of unknown fork). */
export function decodeOpExtraData(extraData: Uint8Array): OpExtraData {
  if (extraData.length === 0) throw new Eip1559ParamsError('extraData: empty (a pre-Holocene header)');
  if (extraData[0] === HOLOCENE_EXTRA_DATA_VERSION) return { version: 0, ...decodeHoloceneExtraData(extraData) };
  if (extraData[0] === JOVIAN_EXTRA_DATA_VERSION) return { version: 1, ...decodeJovianExtraData(extraData) };
  throw new Eip1559ParamsError(`extraData: unknown version ${extraData[0]}`);
}

export function encodeJovianExtraData(params: Eip1559Params, minBaseFee: bigint): Uint8Array {
  if (minBaseFee < 0n || minBaseFee > MAX_U64) throw new Eip1559ParamsError(`minBaseFee: ${minBaseFee} is not a u64`);
  const holocene = encodeHoloceneExtraData(params);
  holocene[0] = JOVIAN_EXTRA_DATA_VERSION;
  return concatBytes(holocene, bigIntToBytes(minBaseFee, 8));
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

/** Which `extraData` form a block takes: none before Holocene, version 0, version 1 from Jovian. */
export type ExtraDataForm = 'none' | 'holocene' | 'jovian';

/**
 * The `extraData` of an OP block (exec-engine.md "Extra Data"): empty before Holocene, the encoded
 * EIP-1559 parameters from Holocene on, and from Jovian those plus the attributes' `minBaseFee`
 * (which must then be present, and absent before).
 */
export function opBlockExtraData(
  form: ExtraDataForm,
  attributes: { eip1559Params?: Uint8Array | undefined; minBaseFee?: bigint | undefined },
  canyonDefaults: Eip1559Params,
): Uint8Array {
  const { eip1559Params, minBaseFee } = attributes;
  if (form !== 'jovian' && minBaseFee !== undefined)
    throw new Eip1559ParamsError('minBaseFee: must be absent before Jovian');
  if (form === 'none') {
    if (eip1559Params !== undefined) throw new Eip1559ParamsError('eip1559Params: must be absent before Holocene');
    return new Uint8Array(0);
  }
  if (eip1559Params === undefined) throw new Eip1559ParamsError('eip1559Params: required from Holocene on');
  const holocene = holoceneExtraDataFromAttributes(eip1559Params, canyonDefaults);
  if (form === 'holocene') return holocene;
  if (minBaseFee === undefined) throw new Eip1559ParamsError('minBaseFee: required from Jovian on');
  return encodeJovianExtraData(split(holocene.subarray(1)), minBaseFee);
}
