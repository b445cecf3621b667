/**
 * The claim check (op-program `claim/validate.go`): the output root the program computed at
 * min(claim block, safe head) against the disputed one. The result is a value; only the exit
 * code mapping turns it into a process status (0 valid, 1 invalid; 2 is reserved for failures).
 */
import { bytesToHex, equalBytes } from '@faultline/primitives';

export type ClaimOutcome = { kind: 'valid' } | { kind: 'invalid'; computed: Uint8Array; claimed: Uint8Array };

export const EXIT_CODES = { valid: 0, invalid: 1, failure: 2 } as const;

export function checkClaim(computed: Uint8Array, claimed: Uint8Array): ClaimOutcome {
  return equalBytes(computed, claimed) ? { kind: 'valid' } : { kind: 'invalid', computed, claimed };
}

export function exitCodeOf(outcome: ClaimOutcome): number {
  return EXIT_CODES[outcome.kind];
}

/** One line for stderr. */
export function describeOutcome(outcome: ClaimOutcome): string {
  if (outcome.kind === 'valid') return 'claim valid';
  return `claim invalid: computed output root ${bytesToHex(outcome.computed)}, claimed ${bytesToHex(outcome.claimed)}`;
}
