/**
 * The OP Stack hardfork schedule (OP spec "Superchain Upgrades" / each upgrade's overview):
 * timestamps per fork, where a later fork being active implies every earlier one (older kona
 * configs omit `regolith_time`; a chain launched at Granite lists only later forks). Also the
 * L1 `Fork` whose EVM rules an L2 block runs under: Bedrock/Regolith = Paris (London + merge),
 * Canyon = Shanghai, Ecotone = Cancun, Isthmus = Prague, Karst = Osaka (upgrade 19: CLZ, MODEXP
 * bounds and gas, P256VERIFY at 6,900, the 2^24 transaction gas cap). Lagoon (formerly
 * "Interop": post-execution transactions, sequencer-defined metering) is recognised by name and
 * time but its execution rules are not implemented: a block under it is refused.
 */
import type { Fork } from '@faultline/evm';
import { ConfigError } from './errors.js';

export const OP_HARDFORKS = [
  'bedrock',
  'regolith',
  'canyon',
  'delta',
  'ecotone',
  'fjord',
  'granite',
  'holocene',
  'isthmus',
  'jovian',
  'karst',
  'lagoon',
] as const;
export type OpHardfork = (typeof OP_HARDFORKS)[number];

/** Forks whose execution rules Faultline implements; a block under a later one is refused. */
export const LATEST_SUPPORTED_OP_HARDFORK: OpHardfork = 'karst';

/** Activation timestamps; `undefined` = not scheduled. Bedrock is the L2 genesis of an OP chain (0). */
export type OpHardforkTimes = Partial<Record<OpHardfork, bigint>>;

const L1_RULES: readonly (readonly [OpHardfork, Fork])[] = [
  ['karst', 'Osaka'],
  ['isthmus', 'Prague'],
  ['ecotone', 'Cancun'],
  ['canyon', 'Shanghai'],
  ['bedrock', 'Paris'],
];

export function opHardforkIndex(fork: OpHardfork): number {
  return OP_HARDFORKS.indexOf(fork);
}

/** True if `fork` (or any later fork) is active at `timestamp`. */
export function isOpHardforkActive(times: OpHardforkTimes, fork: OpHardfork, timestamp: bigint): boolean {
  for (let i = opHardforkIndex(fork); i < OP_HARDFORKS.length; i++) {
    const t = times[OP_HARDFORKS[i]!];
    if (t !== undefined && timestamp >= t) return true;
  }
  return false;
}

/** The latest OP hardfork active at `timestamp` (Bedrock at least). */
export function activeOpHardfork(times: OpHardforkTimes, timestamp: bigint): OpHardfork {
  for (let i = OP_HARDFORKS.length - 1; i > 0; i--) {
    const t = times[OP_HARDFORKS[i]!];
    if (t !== undefined && timestamp >= t) return OP_HARDFORKS[i]!;
  }
  return 'bedrock';
}

/** True if `timestamp` is the first block time of `fork`: active now, not at `timestamp - blockTime`. */
export function isOpHardforkActivationBlock(
  times: OpHardforkTimes,
  fork: OpHardfork,
  timestamp: bigint,
  blockTime: bigint,
): boolean {
  return (
    isOpHardforkActive(times, fork, timestamp) &&
    timestamp >= blockTime &&
    !isOpHardforkActive(times, fork, timestamp - blockTime)
  );
}

/** The L1 fork whose EVM rules apply to an L2 block at `timestamp`. */
export function l1ForkForOpBlock(times: OpHardforkTimes, timestamp: bigint): Fork {
  for (const [op, l1] of L1_RULES) if (isOpHardforkActive(times, op, timestamp)) return l1;
  return 'Paris';
}

export class UnsupportedHardforkError extends ConfigError {
  constructor(
    readonly fork: OpHardfork,
    readonly timestamp: bigint,
  ) {
    super(
      `the ${fork} hardfork is active at ${timestamp}; execution rules after ${LATEST_SUPPORTED_OP_HARDFORK} are not implemented`,
    );
  }
}

/** An impossible schedule: a fork set to activate before an earlier fork. */
export class HardforkOrderError extends ConfigError {
  constructor(
    readonly fork: OpHardfork,
    readonly earlier: OpHardfork,
    times: OpHardforkTimes,
  ) {
    super(`hardfork order: ${fork} (${times[fork]}) activates before ${earlier} (${times[earlier]})`);
  }
}

/**
 * Checks that the scheduled activation times never decrease in fork order (op-node
 * `CheckForkActivation`). Unscheduled forks are skipped: older configs omit `regolith_time`, and
 * a chain launched at Granite lists only later forks, whose earlier ones count as active.
 */
export function validateOpHardforkOrder(times: OpHardforkTimes): void {
  let earlier: OpHardfork | undefined;
  for (const fork of OP_HARDFORKS) {
    const t = times[fork];
    if (t === undefined) continue;
    if (earlier !== undefined && t < times[earlier]!) throw new HardforkOrderError(fork, earlier, times);
    earlier = fork;
  }
}

/** Throws unless every active fork at `timestamp` is one Faultline implements. */
export function assertOpHardforkSupported(times: OpHardforkTimes, timestamp: bigint): void {
  const active = activeOpHardfork(times, timestamp);
  if (opHardforkIndex(active) > opHardforkIndex(LATEST_SUPPORTED_OP_HARDFORK)) {
    throw new UnsupportedHardforkError(active, timestamp);
  }
}

/** The timestamp of L2 block `number` (genesis time + blocks × block time); `undefined` before genesis. */
export function l2BlockTimestamp(
  rollup: { genesis: { l2: { number: bigint }; l2Time: bigint }; blockTime: bigint },
  number: bigint,
): bigint | undefined {
  if (number < rollup.genesis.l2.number) return undefined;
  return rollup.genesis.l2Time + (number - rollup.genesis.l2.number) * rollup.blockTime;
}
