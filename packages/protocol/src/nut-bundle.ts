/**
 * Network Upgrade Transaction (NUT) bundles (OP spec l2-upgrades-1-execution.md "Network Upgrade
 * Transaction Bundle"): from Karst on, a fork's upgrade deposits are a JSON file —
 * `{"metadata":{"version":"1.0.0"},"transactions":[{"intent","from","to","data","gasLimit"}]}` —
 * turned into deposits in file order. Transaction `i` gets the source hash of the upgrade intent
 * `"<Fork> <i>: <intent>"` (fork name capitalised, as op-node `toDepositTransactions` and kona's
 * bundle codegen agree), `mint` and `value` 0, not a system transaction. The sum of the gas
 * limits is the fork's *upgrade gas*: added to the activation block's gas limit
 * (op-node/kona `PreparePayloadAttributes`) and, unless the chain sets
 * `keep_karst_upgrade_gas`, taken off again when the system config is read back from that block.
 *
 * Faultline does not vendor the canonical Karst bundle (31 transactions, ~330 KB of contract
 * bytecode in the optimism monorepo's `op-core/nuts/bundles/karst_nut_bundle.json`); a rollup
 * config may carry a bundle per fork under `nut_bundles` (a Faultline extension, used by the
 * generated demo chain), and without one the activation block is refused, never guessed.
 */
import { hexToBytes } from '@faultline/primitives';
import { upgradeDepositSourceHash } from './deposit-source.js';
import { ConfigError } from './errors.js';
import type { OpHardfork } from './op-hardforks.js';
import type { DepositTransaction } from './tx-types.js';

export const NUT_BUNDLE_VERSION = '1.0.0';
const MAX_U64 = (1n << 64n) - 1n;

export type NutTransaction = {
  intent: string;
  from: Uint8Array;
  /** `null`: a contract creation. */
  to: Uint8Array | null;
  data: Uint8Array;
  gasLimit: bigint;
};
export type NutBundle = { transactions: readonly NutTransaction[] };

export class NutBundleError extends ConfigError {}

/** The activation block of `fork` needs a bundle the configuration does not provide. */
export class MissingNutBundleError extends ConfigError {
  constructor(readonly fork: OpHardfork) {
    super(
      `the ${fork} activation block needs the ${fork} NUT bundle (its upgrade transactions), which is not vendored; give it under "nut_bundles" in the rollup config`,
    );
  }
}

type Json = Record<string, unknown>;

function field(tx: Json, key: string, i: number): string {
  const v = tx[key];
  if (typeof v !== 'string') throw new NutBundleError(`NUT bundle: transactions[${i}].${key}: expected a string`);
  return v;
}

function hex(tx: Json, key: string, i: number, length?: number): Uint8Array {
  try {
    return hexToBytes(field(tx, key, i), length);
  } catch (cause) {
    if (cause instanceof NutBundleError) throw cause;
    throw new NutBundleError(`NUT bundle: transactions[${i}].${key}: ${(cause as Error).message}`, { cause });
  }
}

/** Parses a bundle file (op-node `readNUTBundle`): version 1.0.0 only, every field checked. */
export function parseNutBundle(json: unknown): NutBundle {
  if (typeof json !== 'object' || json === null) throw new NutBundleError('NUT bundle: expected an object');
  const doc = json as Json;
  const version = (doc.metadata as Json | undefined)?.version;
  if (version !== NUT_BUNDLE_VERSION) {
    throw new NutBundleError(
      `NUT bundle: unsupported version ${JSON.stringify(version)}; expected "${NUT_BUNDLE_VERSION}"`,
    );
  }
  if (!Array.isArray(doc.transactions)) throw new NutBundleError('NUT bundle: transactions: expected an array');
  const transactions = doc.transactions.map((raw, i): NutTransaction => {
    if (typeof raw !== 'object' || raw === null)
      throw new NutBundleError(`NUT bundle: transactions[${i}]: expected an object`);
    const tx = raw as Json;
    const intent = field(tx, 'intent', i);
    if (intent === '') throw new NutBundleError(`NUT bundle: transactions[${i}].intent: empty`);
    const gas = tx.gasLimit;
    if (typeof gas !== 'number' || !Number.isSafeInteger(gas) || gas < 0) {
      throw new NutBundleError(`NUT bundle: transactions[${i}].gasLimit: expected a non-negative integer`);
    }
    return {
      intent,
      from: hex(tx, 'from', i, 20),
      to: tx.to === null || tx.to === undefined ? null : hex(tx, 'to', i, 20),
      data: hex(tx, 'data', i),
      gasLimit: BigInt(gas),
    };
  });
  return { transactions };
}

/** The bundle label in source-hash intents: the fork name with its first letter upper-cased. */
export function nutIntentLabel(fork: OpHardfork): string {
  return fork.charAt(0).toUpperCase() + fork.slice(1);
}

/** The bundle's deposits, in order. */
export function nutBundleDeposits(fork: OpHardfork, bundle: NutBundle): DepositTransaction[] {
  const label = nutIntentLabel(fork);
  return bundle.transactions.map((tx, i) => ({
    type: 0x7e,
    sourceHash: upgradeDepositSourceHash(`${label} ${i}: ${tx.intent}`),
    from: tx.from,
    to: tx.to,
    mint: 0n,
    value: 0n,
    gasLimit: tx.gasLimit,
    isSystemTx: false,
    data: tx.data,
  }));
}

/** The upgrade gas: the sum of the bundle's gas limits (a u64 in op-node). */
export function nutUpgradeGas(bundle: NutBundle): bigint {
  const total = bundle.transactions.reduce((sum, tx) => sum + tx.gasLimit, 0n);
  if (total > MAX_U64) throw new NutBundleError(`NUT bundle: upgrade gas ${total} exceeds u64`);
  return total;
}
