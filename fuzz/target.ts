/**
 * What a fuzz target is: a parser or verifier that takes outside input, the valid seeds it is
 * mutated from, and the error classes that count as a typed refusal. A case is *accepted* when
 * `run` returns, *typed* when it throws one of `errors`, and a *failure* for anything else —
 * another exception, a hang past the per-case time bound, or memory growth past the bound.
 */
import { BaseError } from '@faultline/primitives';
import type { MutateContext } from './mutate.js';
import type { Rng } from './rng.js';

// biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments
export type ErrorClass = abstract new (...args: any[]) => Error;

export interface Target {
  readonly name: string;
  /** One line: the functions a case runs. */
  readonly about: string;
  /** Mutants are cut to this many bytes. */
  readonly maxLength: number;
  /** Typed refusals: the owning package's error classes (by name when a package does not export one). */
  readonly errors: readonly (ErrorClass | string)[];
  /** Valid inputs: fixtures read through @faultline/testkit, and generated ones. */
  seeds(): Uint8Array[];
  readonly dictionary?: readonly Uint8Array[];
  /** One case in this many gets plain byte havoc instead of `mutate` (default 3). */
  readonly havocOdds?: number;
  /** A structure-aware mutation, or `undefined` to fall back to byte-level havoc. */
  mutate?(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined;
  /** Runs the code under test on one input; throws (or rejects) to refuse it. */
  run(input: Uint8Array): void | Promise<void>;
  /** Cases in `npm test`'s budget (default 1,000). */
  readonly ciCases?: number;
}

/**
 * The harness's own envelope around a target's input (e.g. `rlp([root, key, proof])`) did not
 * parse: the case never reached the code under test. Always a typed refusal, counted by name.
 */
export class InputShapeError extends BaseError {
  override name = 'InputShapeError' as const;
}
