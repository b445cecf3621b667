/**
 * Ethereum hardforks in activation order. The EVM is configured by one `Fork`; "is X active"
 * is an ordinal comparison, since every fork includes all earlier ones. Names follow the
 * state-test `post` keys (EEST spells TangerineWhistle/SpuriousDragon, older files EIP150/EIP158).
 */
import { BaseError } from '@faultline/primitives';

export const FORKS = [
  'Frontier',
  'Homestead',
  'TangerineWhistle',
  'SpuriousDragon',
  'Byzantium',
  'Constantinople',
  'Petersburg',
  'Istanbul',
  'Berlin',
  'London',
  'Paris',
  'Shanghai',
  'Cancun',
  'Prague',
  'Osaka',
] as const;

export type Fork = (typeof FORKS)[number];

const ALIASES: Record<string, Fork> = {
  EIP150: 'TangerineWhistle',
  EIP158: 'SpuriousDragon',
  ConstantinopleFix: 'Petersburg',
  Merge: 'Paris',
  MuirGlacier: 'Istanbul',
};

export class UnknownForkError extends BaseError {
  override name = 'UnknownForkError' as const;
  constructor(readonly fork: string) {
    super(`unknown fork "${fork}"; known: ${FORKS.join(', ')}`);
  }
}

/** A fork by name or alias, in any letter case (`prague`, `PRAGUE`, `Prague`). */
export function parseFork(name: string): Fork {
  if ((FORKS as readonly string[]).includes(name)) return name as Fork;
  const alias = ALIASES[name];
  if (alias) return alias;
  const lower = name.toLowerCase();
  const fork = FORKS.find((f) => f.toLowerCase() === lower);
  if (fork) return fork;
  for (const [a, f] of Object.entries(ALIASES)) if (a.toLowerCase() === lower) return f;
  throw new UnknownForkError(name);
}

export function forkIndex(fork: Fork): number {
  return FORKS.indexOf(fork);
}

/** True when `fork` includes the rules of `since`. */
export function isForkActive(fork: Fork, since: Fork): boolean {
  return FORKS.indexOf(fork) >= FORKS.indexOf(since);
}
