/**
 * Re-checks a precompile result (key type 6) before the host serves it from a store. The key
 * only hashes the call (`0x06 ++ keccak(address ++ u64 requiredGas ++ input)[1:]`, OP spec
 * fault-proof "Precompile key"), and the client uses the answer as it comes (op-program
 * `l2/engineapi/precompiles.go`), so a wrong result in a datadir would silently change the L2
 * execution — and the verdict. The host therefore re-runs the call with the EVM's own precompiles
 * and serves the stored value only if it is exactly `status ++ output` of that run.
 *
 * The call's bytes come from the keccak pre-image every host stores beside a result (op-program
 * and kona store `keccak(hint data) → hint data`), or else from the last precompile hint when its
 * data hashes to the key. Both hint versions hash the same way; only the layout differs: v2
 * (`l1-precompile-v2`, op-program ≥ v1.4, this client; kona's `l1-precompile`) is address ++ u64
 * gas ++ input, op-program's legacy `l1-precompile` address ++ input. Stored calls are read as v2
 * unless the last hint was a legacy one for the same bytes (never when serving kona).
 */
import { HINT_TYPES, keccakKey, parseHint, verifyPreimage } from '@faultline/preimage';
import { BaseError, bytesToHex, equalBytes, keccak256 } from '@faultline/primitives';
import { type PrecompileLike, runPrecompileWith } from './prefetch/precompile.js';

const ADDRESS = 20;
const GAS = 8;
const STATUS_SUCCESS = 1;
const STATUS_FAILURE = 0;

export class PrecompileResultError extends BaseError {
  override name = 'PrecompileResultError' as const;
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`precompile result ${key}: ${reason}`);
  }
}

/** The bytes of the call a result answers, and whether they are laid out as v2. */
export interface PrecompileCall {
  data: Uint8Array;
  v2: boolean;
}

/**
 * Finds the call behind `key`: the keccak pre-image under the same hash (verified), or the last
 * precompile hint if it hashes to the key. Undefined when neither is available.
 */
export function findPrecompileCall(
  key: Uint8Array,
  stored: (key: Uint8Array) => Uint8Array | undefined,
  lastHint: string | undefined,
  /** kona's `l1-precompile` carries the gas, so it is never the legacy layout. */
  kona = false,
): PrecompileCall | undefined {
  let hint: { type: string; data: Uint8Array } | undefined;
  if (lastHint !== undefined) {
    try {
      hint = parseHint(lastHint);
    } catch {
      hint = undefined;
    }
  }
  const legacyHint = !kona && hint?.type === HINT_TYPES.l1Precompile;
  const callKey = keccakKey(key);
  const data = stored(callKey);
  if (data !== undefined) {
    verifyPreimage(callKey, data);
    return { data, v2: !(legacyHint && equalBytes(hint!.data, data)) };
  }
  if (hint && (hint.type === HINT_TYPES.l1Precompile || hint.type === HINT_TYPES.l1PrecompileV2)) {
    if (equalBytes(keccak256(hint.data).subarray(1), key.subarray(1))) return { data: hint.data, v2: !legacyHint };
  }
  return undefined;
}

/** `status ++ output` of running the call with the host's precompile table. */
export function precompileResult(table: ReadonlyMap<string, PrecompileLike>, call: PrecompileCall): Uint8Array {
  const head = ADDRESS + (call.v2 ? GAS : 0);
  if (call.data.length < head)
    throw new BaseError(`precompile call: expected ≥ ${head} bytes, got ${call.data.length}`);
  const r = runPrecompileWith(table, call.data.subarray(0, ADDRESS), call.data.subarray(head));
  const out = new Uint8Array(1 + r.output.length);
  out[0] = r.ok ? STATUS_SUCCESS : STATUS_FAILURE;
  out.set(r.output, 1);
  return out;
}

/** Throws `PrecompileResultError` unless `value` is what the call produces. */
export function checkPrecompileResult(
  key: Uint8Array,
  value: Uint8Array,
  call: PrecompileCall | undefined,
  table: ReadonlyMap<string, PrecompileLike>,
): void {
  const hex = bytesToHex(key);
  if (call === undefined)
    throw new PrecompileResultError(
      hex,
      'cannot be checked: the call it answers is neither stored (keccak pre-image of address ++ gas ++ input) nor the last hint',
    );
  let expected: Uint8Array;
  try {
    expected = precompileResult(table, call);
  } catch (e) {
    throw new PrecompileResultError(hex, `cannot be recomputed: ${(e as { shortMessage?: string }).shortMessage ?? e}`);
  }
  if (!equalBytes(expected, value)) {
    const what = (v: Uint8Array) => `status ${v[0] ?? 'none'}, ${Math.max(0, v.length - 1)} output bytes`;
    throw new PrecompileResultError(
      hex,
      `stored value (${what(value)}) differs from precompile ${bytesToHex(call.data.subarray(0, ADDRESS))} run on its input (${what(expected)})`,
    );
  }
}
