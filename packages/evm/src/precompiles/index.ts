/**
 * The precompile table for a fork: which addresses are precompiled contracts and how each is
 * priced. The interpreter looks the callee up here (and warms every key under EIP-2929); the
 * table is injectable, so tests and OP-stack execution can supply their own.
 *
 * | address | precompile | since | pricing changes |
 * |---|---|---|---|
 * | 0x01–0x04 | ECRECOVER, SHA256, RIPEMD160, IDENTITY | Frontier | — |
 * | 0x05 | MODEXP | Byzantium (EIP-198) | Berlin EIP-2565; Osaka EIP-7883 + EIP-7823 bounds |
 * | 0x06–0x08 | bn254 ADD, MUL, PAIRING | Byzantium (EIP-196/197) | Istanbul EIP-1108 |
 * | 0x09 | BLAKE2F | Istanbul (EIP-152) | — |
 * | 0x0a | POINT_EVALUATION | Cancun (EIP-4844) | — |
 * | 0x0b–0x11 | BLS12-381 | Prague (EIP-2537) | — |
 * | 0x100 | P256VERIFY | Osaka (EIP-7951); OP Fjord (RIP-7212) | see op-rules.ts |
 *
 * Tables are immutable and cached per (fork, OP rules), so building one per block or
 * transaction costs a map lookup.
 */
import { type Fork, isForkActive } from '../fork.js';
import { blake2f } from './blake2f.js';
import { createBls12381Precompiles } from './bls12-381.js';
import {
  BN254_BYZANTIUM_PRICING,
  BN254_ISTANBUL_PRICING,
  createBn254Add,
  createBn254Mul,
  createBn254Pairing,
} from './bn254.js';
import { ecrecover } from './ecrecover.js';
import { cKzgVerifier, createPointEvaluation, type KzgVerifier } from './kzg-point-evaluation.js';
import { identity, ripemd160, sha256 } from './linear.js';
import { createModexp, type ModexpPricing } from './modexp.js';
import { blsInputLimits, bn254PairingLimit, type OpPrecompileRules, opHasP256Verify, opRulesKey } from './op-rules.js';
import { createP256Verify, P256VERIFY_GAS_EIP7951, P256VERIFY_GAS_RIP7212 } from './p256-verify.js';
import type { Precompile, PrecompileTable } from './types.js';

export type { KzgVerifier } from './kzg-point-evaluation.js';
export type { OpPrecompileRules } from './op-rules.js';
export type { Precompile, PrecompileResult, PrecompileTable } from './types.js';

export interface PrecompileTableOptions {
  /** OP-stack rules on top of the L1 fork; absent on L1. */
  readonly optimism?: OpPrecompileRules;
  /** KZG backend for 0x0a; defaults to c-kzg with the bundled mainnet trusted setup. */
  readonly kzg?: KzgVerifier;
}

/** `0x` + 40 lower-case hex digits for a small precompile number. */
export function precompileAddress(n: number): string {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

export const PRECOMPILE_ADDRESSES = {
  ECRECOVER: precompileAddress(0x01),
  SHA256: precompileAddress(0x02),
  RIPEMD160: precompileAddress(0x03),
  IDENTITY: precompileAddress(0x04),
  MODEXP: precompileAddress(0x05),
  BN254_ADD: precompileAddress(0x06),
  BN254_MUL: precompileAddress(0x07),
  BN254_PAIRING: precompileAddress(0x08),
  BLAKE2F: precompileAddress(0x09),
  POINT_EVALUATION: precompileAddress(0x0a),
  BLS12_G1ADD: precompileAddress(0x0b),
  BLS12_G1MSM: precompileAddress(0x0c),
  BLS12_G2ADD: precompileAddress(0x0d),
  BLS12_G2MSM: precompileAddress(0x0e),
  BLS12_PAIRING_CHECK: precompileAddress(0x0f),
  BLS12_MAP_FP_TO_G1: precompileAddress(0x10),
  BLS12_MAP_FP2_TO_G2: precompileAddress(0x11),
  P256VERIFY: precompileAddress(0x100),
} as const;

function modexpPricing(fork: Fork): ModexpPricing {
  if (isForkActive(fork, 'Osaka')) return 'eip7883';
  if (isForkActive(fork, 'Berlin')) return 'eip2565';
  return 'eip198';
}

function buildTable(fork: Fork, options: PrecompileTableOptions): PrecompileTable {
  const A = PRECOMPILE_ADDRESSES;
  const op = options.optimism;
  const table = new Map<string, Precompile>([
    [A.ECRECOVER, ecrecover],
    [A.SHA256, sha256],
    [A.RIPEMD160, ripemd160],
    [A.IDENTITY, identity],
  ]);
  if (isForkActive(fork, 'Byzantium')) {
    const bn = isForkActive(fork, 'Istanbul') ? BN254_ISTANBUL_PRICING : BN254_BYZANTIUM_PRICING;
    table.set(A.MODEXP, createModexp(modexpPricing(fork)));
    table.set(A.BN254_ADD, createBn254Add(bn));
    table.set(A.BN254_MUL, createBn254Mul(bn));
    table.set(A.BN254_PAIRING, createBn254Pairing(bn, bn254PairingLimit(op)));
  }
  if (isForkActive(fork, 'Istanbul')) table.set(A.BLAKE2F, blake2f);
  if (isForkActive(fork, 'Cancun')) table.set(A.POINT_EVALUATION, createPointEvaluation(options.kzg ?? cKzgVerifier));
  if (isForkActive(fork, 'Prague')) {
    const bls = createBls12381Precompiles(blsInputLimits(op));
    table.set(A.BLS12_G1ADD, bls.g1Add);
    table.set(A.BLS12_G1MSM, bls.g1Msm);
    table.set(A.BLS12_G2ADD, bls.g2Add);
    table.set(A.BLS12_G2MSM, bls.g2Msm);
    table.set(A.BLS12_PAIRING_CHECK, bls.pairing);
    table.set(A.BLS12_MAP_FP_TO_G1, bls.mapFpToG1);
    table.set(A.BLS12_MAP_FP2_TO_G2, bls.mapFp2ToG2);
  }
  const osaka = isForkActive(fork, 'Osaka');
  if (osaka || opHasP256Verify(op)) {
    table.set(A.P256VERIFY, createP256Verify(osaka ? P256VERIFY_GAS_EIP7951 : P256VERIFY_GAS_RIP7212));
  }
  return table;
}

const cache = new Map<string, PrecompileTable>();

export function precompileTable(fork: Fork, options: PrecompileTableOptions = {}): PrecompileTable {
  // A caller-supplied KZG verifier gets its own uncached table (tests, alternative backends).
  if (options.kzg && options.kzg !== cKzgVerifier) return buildTable(fork, options);
  const key = `${fork}|${opRulesKey(options.optimism)}`;
  let table = cache.get(key);
  if (!table) {
    table = buildTable(fork, options);
    cache.set(key, table);
  }
  return table;
}
