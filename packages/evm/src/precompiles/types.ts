/**
 * The contract between the interpreter and the precompiled contracts: a precompile is a pure
 * function of (input, gas limit) that either succeeds with the gas it used and its output, or
 * fails. A failure — malformed input or not enough gas — consumes all the gas given to the call
 * (yellow paper §8; every precompile EIP since EIP-196 repeats it), so it carries no gas figure.
 * Gas requirements are computed in bigint where they can exceed 2^53 (modexp) and compared
 * against the limit before any heavy work, so an unaffordable call costs no CPU.
 */

export type PrecompileResult =
  | { status: 'success'; gasUsed: number; output: Uint8Array }
  | { status: 'failure'; reason: string }; // failure (bad input or out of gas) consumes all gas given

export interface Precompile {
  readonly name: string;
  run(input: Uint8Array, gasLimit: number): PrecompileResult;
}

/** Keyed by the lower-case `0x`-prefixed 20-byte address. */
export type PrecompileTable = ReadonlyMap<string, Precompile>;

/** The reason every precompile reports when its gas requirement exceeds the limit (geth's wording). */
export const OUT_OF_GAS = 'out of gas';

/** Shared by all precompiles whose input length must match exactly (geth's wording). */
export const INVALID_INPUT_LENGTH = 'invalid input length';

export function success(gasUsed: number, output: Uint8Array): PrecompileResult {
  return { status: 'success', gasUsed, output };
}

export function failure(reason: string): PrecompileResult {
  return { status: 'failure', reason };
}

export const OUT_OF_GAS_RESULT: PrecompileResult = Object.freeze({
  status: 'failure',
  reason: OUT_OF_GAS,
}) as PrecompileResult;

/** Number of 32-byte words needed for `byteLength` bytes (the unit of linear precompile pricing). */
export function wordCount(byteLength: number): number {
  return Math.ceil(byteLength / 32);
}

/** Copy of `input[offset, offset+length)`, zero-filled where the input is shorter (EVM calldata rule). */
export function readPadded(input: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Big-endian unsigned integer of `input[offset, offset+length)`, zero-padded past the end. */
export function readBigInt(input: Uint8Array, offset: number, length: number): bigint {
  if (length === 0) return 0n;
  // One hex parse is linear; shifting a growing bigint per byte would be quadratic (modexp reads
  // operands of up to several KiB).
  let hex = '0x';
  const end = offset + length;
  const available = Math.min(end, input.length);
  for (let i = offset; i < available; i++) hex += HEX_BYTE[input[i]];
  if (available < end) hex += '00'.repeat(end - Math.max(available, offset));
  return BigInt(hex);
}

/** Writes `value` big-endian into `out[offset, offset+length)`; the caller guarantees it fits. */
export function writeBigInt(out: Uint8Array, offset: number, length: number, value: bigint): void {
  const hex = value.toString(16).padStart(length * 2, '0');
  for (let i = 0; i < length; i++) {
    out[offset + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
}
