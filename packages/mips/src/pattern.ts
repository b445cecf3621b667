/**
 * Step patterns of `cannon run` flags (`--proof-at`, `--snapshot-at`, `--stop-at`,
 * `--info-at`): `never` (or empty), `always`, `=N` (exactly step N), `%N` (every N steps),
 * `pc=0xADDR` (whenever the program counter is there, before the instruction runs), and several
 * of these joined by commas (`=10,%1000,pc=0x1000`: any of them). `next(step)` lets the runner
 * batch the fast loop up to the next step that needs attention; pc terms make it step singly.
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
  /** `pc=` terms: the pattern also matches before any step whose pc is one of these. */
  readonly pcs?: readonly number[];
}

export function parsePattern(source: string): StepPattern {
  if (!source.includes(',')) return parseTerm(source, source);
  const terms = source.split(',').map((t) => parseTerm(t.trim(), source));
  const pcs = terms.flatMap((t) => t.pcs ?? []);
  return {
    source,
    matches: (s) => terms.some((t) => t.matches(s)),
    next: (s) => Math.min(...terms.map((t) => t.next(s))),
    ...(pcs.length > 0 ? { pcs } : {}),
  };
}

function parseTerm(source: string, whole: string): StepPattern {
  const pc = /^pc=(0x[0-9a-fA-F]+|\d+)$/.exec(source);
  if (pc) {
    const at = Number(pc[1]);
    if (!Number.isSafeInteger(at)) throw new PatternError(`invalid step pattern "${whole}": pc ${pc[1]} is too large`);
    return { source, matches: () => false, next: () => Number.POSITIVE_INFINITY, pcs: [at] };
  }
  if (source === '' || source === 'never')
    return { source, matches: () => false, next: () => Number.POSITIVE_INFINITY };
  if (source === 'always') return { source, matches: () => true, next: (s) => s };
  const n = Number(source.slice(1));
  if (!/^[=%]\d+$/.test(source) || !Number.isSafeInteger(n)) {
    throw new PatternError(
      `invalid step pattern "${whole}": expected never, always, =N, %N or pc=0xADDR (several joined by commas)`,
    );
  }
  if (source[0] === '=')
    return { source, matches: (s) => s === n, next: (s) => (s <= n ? n : Number.POSITIVE_INFINITY) };
  if (n === 0) throw new PatternError(`invalid step pattern "${whole}": %0 never matches`);
  return { source, matches: (s) => s % n === 0, next: (s) => Math.ceil(s / n) * n };
}
