/**
 * OP-stack deviations from the L1 precompile set, by OP hardfork. The L1 `Fork` an OP block
 * runs under carries the Ethereum rules (Fjord/Granite/Holocene ≈ Cancun, Isthmus/Jovian ≈
 * Prague, Karst ≈ Osaka); these flags add what the OP specs change on top:
 *
 * - Fjord (specs protocol/precompiles.md): P256VERIFY at 0x…0100 per RIP-7212, 3450 gas.
 * - Granite (granite/exec-engine.md): bn254 pairing (0x08) rejects inputs > 112,687 bytes.
 * - Isthmus (isthmus/exec-engine.md): BLS12-381 G1MSM > 513,760, G2MSM > 488,448 and
 *   PAIRING > 235,008 input bytes are rejected.
 * - Jovian (jovian/exec-engine.md, as implemented by op-revm): tighter caps — bn254 pairing
 *   81,984; G1MSM 288,960; G2MSM 278,784; BLS PAIRING 156,672.
 * - Karst (karst/exec-engine.md, marked experimental): bn254 pairing 57,600; P256VERIFY takes
 *   the EIP-7951 price, which follows from running Karst blocks under the Osaka L1 fork.
 *
 * Each flag means "this OP fork is active"; a later fork implies the earlier ones, and the
 * table builder applies the latest active limit. A rejected (too long) input fails the call
 * like any other precompile error: all gas given is consumed.
 */

export interface OpPrecompileRules {
  readonly fjord?: boolean;
  readonly granite?: boolean;
  readonly isthmus?: boolean;
  readonly jovian?: boolean;
  readonly karst?: boolean;
}

export const GRANITE_BN254_PAIRING_MAX_INPUT = 112_687;
export const JOVIAN_BN254_PAIRING_MAX_INPUT = 81_984;
export const KARST_BN254_PAIRING_MAX_INPUT = 57_600;

export const ISTHMUS_BLS_LIMITS = { g1Msm: 513_760, g2Msm: 488_448, pairing: 235_008 } as const;
export const JOVIAN_BLS_LIMITS = { g1Msm: 288_960, g2Msm: 278_784, pairing: 156_672 } as const;

/** The bn254 pairing input cap in force, if any. */
export function bn254PairingLimit(rules: OpPrecompileRules | undefined): number | undefined {
  if (!rules) return undefined;
  if (rules.karst) return KARST_BN254_PAIRING_MAX_INPUT;
  if (rules.jovian) return JOVIAN_BN254_PAIRING_MAX_INPUT;
  if (rules.granite) return GRANITE_BN254_PAIRING_MAX_INPUT;
  return undefined;
}

/** The BLS12-381 input caps in force, if any. */
export function blsInputLimits(
  rules: OpPrecompileRules | undefined,
): { g1Msm: number; g2Msm: number; pairing: number } | undefined {
  if (!rules) return undefined;
  if (rules.jovian || rules.karst) return JOVIAN_BLS_LIMITS;
  if (rules.isthmus) return ISTHMUS_BLS_LIMITS;
  return undefined;
}

/** Whether P256VERIFY exists under these OP rules (independently of the L1 fork). */
export function opHasP256Verify(rules: OpPrecompileRules | undefined): boolean {
  return !!rules && !!(rules.fjord || rules.granite || rules.isthmus || rules.jovian || rules.karst);
}

/** Stable cache key for a rule set. */
export function opRulesKey(rules: OpPrecompileRules | undefined): string {
  if (!rules) return 'l1';
  return ['fjord', 'granite', 'isthmus', 'jovian', 'karst']
    .filter((name) => rules[name as keyof OpPrecompileRules])
    .join('+');
}
