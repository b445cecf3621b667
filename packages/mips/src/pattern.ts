/**
 * Step patterns of `cannon run` flags (`--proof-at`, `--snapshot-at`, `--stop-at`,
 * `--info-at`): `never` (or empty), `always`, `=N` (exactly step N), `%N` (every N steps).
 * `next(step)` lets the runner batch the fast loop up to the next step that needs attention.
 */
import { BaseError } from '@faultline/primitives';

export class PatternError extends BaseError {
  override name = 'PatternError' as const;
}

export interface StepPattern {
  matches(step: number): boolean;
  /** The first step ≥ `step` that matches (Infinity if none). */
  next(step: number): number;
  readonly source: string;
}

export function parsePattern(source: string): StepPattern {
  if (source === '' || source === 'never')
    return { source, matches: () => false, next: () => Number.POSITIVE_INFINITY };
  if (source === 'always') return { source, matches: () => true, next: (s) => s };
  const n = Number(source.slice(1));
  if (!/^[=%]\d+$/.test(source) || !Number.isSafeInteger(n)) {
    throw new PatternError(`invalid step pattern "${source}": expected never, always, =N or %N`);
  }
  if (source[0] === '=')
    return { source, matches: (s) => s === n, next: (s) => (s <= n ? n : Number.POSITIVE_INFINITY) };
  if (n === 0) throw new PatternError(`invalid step pattern "${source}": %0 never matches`);
  return { source, matches: (s) => s % n === 0, next: (s) => Math.ceil(s / n) * n };
}
