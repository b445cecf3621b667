/**
 * Accelerated precompiles (op-program `l2/engineapi/precompiles.go`): inside the L2 EVM,
 * ecrecover (0x01), bn256 pairing (0x08) and KZG point evaluation (0x0a) are answered by the
 * host instead of computed — on a MIPS VM they would cost billions of steps. The local part keeps
 * the cheap input checks op-program does before asking, so malformed input never reaches the
 * host, and the gas rule stays the EVM's (out of gas before anything else). The host's answer is
 * key type 6: `0x06 ++ keccak(address ++ u64 BE requiredGas ++ input)[1:]`, hinted with
 * `l1-precompile-v2 <address ++ requiredGas ++ input>`; byte 0 of the value is the status
 * (1 success, then the output; 0 failure).
 *
 * The overlay replaces only entries the fork's base table has, so 0x0a stays absent before
 * Ecotone (Cancun).
 */
import type { Precompile, PrecompileResult, PrecompileTable } from '@faultline/evm';
import { HINT_TYPES, precompileKey } from '@faultline/preimage';
import { bytesToBigInt, concatBytes, hexToBytes, sha256, u64ToBytes } from '@faultline/primitives';
import { OracleDataError } from './errors.js';
import type { HintedOracle } from './hinted-oracle.js';

/** geth's wording, as the EVM's own precompiles use it. */
const OUT_OF_GAS = 'out of gas';
const success = (gasUsed: number, output: Uint8Array): PrecompileResult => ({ status: 'success', gasUsed, output });
const failure = (reason: string): PrecompileResult => ({ status: 'failure', reason });

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ECRECOVER_INPUT = 128;
const ECRECOVER_GAS = 3000;
/** EIP-1108 (Istanbul) pairing prices. */
const PAIRING_BASE_GAS = 45_000;
const PAIRING_PER_PAIR_GAS = 34_000;
const PAIRING_PAIR_BYTES = 192;
/** Granite caps pairing input (granite/exec-engine.md "BN256 Pairing Precompile Input Restriction"). */
export const GRANITE_PAIRING_MAX_INPUT = 112_687;
/** EIP-4844 point evaluation. */
const POINT_EVALUATION_GAS = 50_000;
const POINT_EVALUATION_INPUT = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;

const STATUS_FAILURE = 0;
const STATUS_SUCCESS = 1;

export interface AccelerationRules {
  /** Granite and later: the pairing input limit applies. */
  granite: boolean;
}

/** What the local check decided: ask the host with this input, or answer without it. */
type Check = { ask: Uint8Array } | { answer: PrecompileResult };

interface Accelerated {
  name: string;
  address: string;
  gas(input: Uint8Array): number;
  check(input: Uint8Array, rules: AccelerationRules): Check;
}

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

function ecrecoverCheck(raw: Uint8Array): Check {
  const input = new Uint8Array(ECRECOVER_INPUT);
  input.set(raw.subarray(0, ECRECOVER_INPUT));
  const r = bytesToBigInt(input.subarray(64, 96));
  const s = bytesToBigInt(input.subarray(96, 128));
  const v = input[63]! - 27;
  const vHighZero = input.subarray(32, 63).every((b) => b === 0);
  const valid = vHighZero && (v === 0 || v === 1) && r >= 1n && r < SECP256K1_N && s >= 1n && s < SECP256K1_N;
  // geth returns (nil, nil): success with no output, the full gas charged.
  return valid ? { ask: input } : { answer: success(ECRECOVER_GAS, new Uint8Array(0)) };
}

function pairingCheck(input: Uint8Array, rules: AccelerationRules): Check {
  if (input.length % PAIRING_PAIR_BYTES !== 0) return { answer: failure('bad elliptic curve pairing input') };
  if (rules.granite && input.length > GRANITE_PAIRING_MAX_INPUT) {
    return { answer: failure('bad elliptic curve pairing input size') };
  }
  return { ask: input };
}

function pointEvaluationCheck(input: Uint8Array): Check {
  if (input.length !== POINT_EVALUATION_INPUT) return { answer: failure('invalid input length') };
  const hash = sha256(input.subarray(96, 144));
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  for (let i = 0; i < 32; i++) {
    if (hash[i] !== input[i]) return { answer: failure('mismatched versioned hash') };
  }
  return { ask: input };
}

export const ACCELERATED_PRECOMPILES: readonly Accelerated[] = [
  { name: 'ecrecover', address: addr(0x01), gas: () => ECRECOVER_GAS, check: ecrecoverCheck },
  {
    name: 'bn256Pairing',
    address: addr(0x08),
    gas: (input) => PAIRING_BASE_GAS + PAIRING_PER_PAIR_GAS * Math.floor(input.length / PAIRING_PAIR_BYTES),
    check: pairingCheck,
  },
  { name: 'kzgPointEvaluation', address: addr(0x0a), gas: () => POINT_EVALUATION_GAS, check: pointEvaluationCheck },
];

/** Asks the host for the result of precompile `address` on `input`. */
export function askPrecompile(
  oracle: HintedOracle,
  address: string,
  requiredGas: number,
  input: Uint8Array,
): { ok: boolean; output: Uint8Array } {
  const a = hexToBytes(address, 20);
  const answer = oracle.fetch(
    HINT_TYPES.l1PrecompileV2,
    concatBytes(a, u64ToBytes(requiredGas), input),
    precompileKey(a, requiredGas, input),
  );
  const status = answer[0];
  if (status !== STATUS_SUCCESS && status !== STATUS_FAILURE) {
    throw new OracleDataError(
      `precompile ${address} answer: expected status byte 0 or 1, got ${status === undefined ? 'nothing' : status}`,
    );
  }
  return { ok: status === STATUS_SUCCESS, output: answer.slice(1) };
}

function accelerated(base: Precompile, spec: Accelerated, oracle: HintedOracle, rules: AccelerationRules): Precompile {
  return {
    name: `${base.name} (oracle)`,
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      const gas = spec.gas(input);
      if (gasLimit < gas) return failure(OUT_OF_GAS);
      const c = spec.check(input, rules);
      if ('answer' in c) return c.answer;
      const { ok, output } = askPrecompile(oracle, spec.address, gas, c.ask);
      return ok ? success(gas, output) : failure(`${spec.name}: rejected by the pre-image oracle`);
    },
  };
}

/** `base` with the accelerated entries it contains answered through the oracle. */
export function acceleratePrecompiles(
  base: PrecompileTable,
  oracle: HintedOracle,
  rules: AccelerationRules,
): PrecompileTable {
  const out = new Map(base);
  for (const spec of ACCELERATED_PRECOMPILES) {
    const p = base.get(spec.address);
    if (p) out.set(spec.address, accelerated(p, spec, oracle, rules));
  }
  return out;
}

export const acceleratedAddresses = (): string[] => ACCELERATED_PRECOMPILES.map((p) => p.address);
