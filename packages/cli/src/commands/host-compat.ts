/**
 * op-program's host flags that name something Faultline's host does not do
 * (`op-program/host/flags/flags.go`, `host/config/config.go`). Scripts written for op-program pass
 * them, so they parse; each is then either harmless here (said in a warning) or refused in one
 * line (exit 2) — never dropped in a way that could change a verdict:
 *
 * - `--l2.agreed-prestate`, `--depset.config`: inputs of an interop (super-root) game. Faultline
 *   runs pre-interop output-root games only, so a run given them would answer another question.
 * - `--network`, `--rollup.config`, `--l2.genesis`, `--l2`, `--l2.experimental` are lists in
 *   op-program (urfave's StringSlice: repeated or comma-separated), one entry per L2 chain of a
 *   multi-chain game. Faultline runs one chain; taking only the last entry would run a different one.
 * - `--l2.experimental`: an extra L2 RPC op-program asks for `debug_executionWitness`, falling back
 *   to `--l2`. Faultline fetches everything from `--l2`, and every value it serves is checked
 *   against its hash, so leaving it unused cannot change a verdict — a warning says so.
 * - `--l2.custom`: serve the custom-chain indicator as the chain id (local key 5), which Faultline
 *   already does for a `--rollup.config` chain under op-program's numbering. Like op-program it is
 *   refused with `--network`; with `--program kona` too, since kona reads the chain's real id.
 */
import { envNames, type FlagValue, type OptionSpec, UsageError } from '../command.js';

/** op-program's list-valued (StringSlice) flags: one entry per L2 chain. */
export const PER_CHAIN_FLAGS = ['network', 'rollup.config', 'l2.genesis', 'l2', 'l2.experimental'] as const;

/** How a flag is named in a message: the flag and its environment variables. */
function named(options: OptionSpec[], flag: string): string {
  const o = options.find((x) => x.name === flag);
  const env = o ? envNames(o).map((n) => `$${n}`) : [];
  return env.length ? `--${flag} (${env.join(', ')})` : `--${flag}`;
}

/**
 * Checks the op-program-only flags of a parsed host command line; throws a UsageError naming the
 * flag for a mode Faultline does not run, and returns warnings for flags that are accepted unused.
 */
export function checkOpProgramFlags(flags: Record<string, FlagValue>, options: OptionSpec[]): string[] {
  const set = (f: string) => flags[f] !== undefined && flags[f] !== false;
  if (set('l2.agreed-prestate')) {
    throw new UsageError(
      `${named(options, 'l2.agreed-prestate')}: the agreed super-root prestate of an interop game; Faultline runs pre-interop (output-root) games only — give --l2.head and --l2.outputroot`,
    );
  }
  if (set('depset.config')) {
    throw new UsageError(
      `${named(options, 'depset.config')}: the dependency set of an interop game; Faultline runs pre-interop single-chain games only`,
    );
  }
  for (const f of PER_CHAIN_FLAGS) {
    const v = flags[f];
    if (v === undefined || typeof v === 'boolean') continue;
    const values = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(','));
    if (values.length > 1) {
      throw new UsageError(
        `${named(options, f)}: ${values.length} values name ${values.length} L2 chains (op-program's multi-chain form, for interop); Faultline runs one chain`,
      );
    }
  }
  if (flags['l2.custom'] === true) {
    if (set('network')) throw new UsageError('--l2.custom cannot be used with named networks (--network)');
    if (flags.program === 'kona') {
      throw new UsageError(
        "--l2.custom serves op-program's custom-chain indicator as the chain id; --program kona reads the chain's real id",
      );
    }
  }
  const warnings: string[] = [];
  if (set('l2.experimental')) {
    warnings.push(
      '--l2.experimental is not used: Faultline fetches all L2 data from --l2, and checks every value against its hash',
    );
  }
  return warnings;
}
