/**
 * Execution-layer chain configuration in geth's `params.ChainConfig` JSON form: the `config` of
 * an op-geth genesis (`--l2.genesis`, op-program local key 6) and of an L1 genesis (kona boot key
 * 7). Block-numbered forks up to London, merge by `mergeNetsplitBlock` / terminal difficulty,
 * time-based forks from Shanghai, the OP fork times (`regolithTime` …) and the `optimism`
 * EIP-1559 section. `l1ForkAt` turns it into the EVM `Fork` for a block.
 */
import type { Fork } from '@faultline/evm';
import { ConfigError } from './errors.js';
import { type Json, object, optQuantity, quantity } from './json-fields.js';
import { OP_HARDFORKS, type OpHardforkTimes } from './op-hardforks.js';
import type { Eip1559Config, RollupConfig } from './rollup-config.js';

/** Block-activated forks: [geth JSON key, Fork]. Spurious Dragon is `eip158Block` (EIP-155 rides with it). */
const BLOCK_FORKS = [
  ['homesteadBlock', 'Homestead'],
  ['eip150Block', 'TangerineWhistle'],
  ['eip158Block', 'SpuriousDragon'],
  ['byzantiumBlock', 'Byzantium'],
  ['constantinopleBlock', 'Constantinople'],
  ['petersburgBlock', 'Petersburg'],
  ['istanbulBlock', 'Istanbul'],
  ['berlinBlock', 'Berlin'],
  ['londonBlock', 'London'],
] as const satisfies readonly (readonly [string, Fork])[];

const TIME_FORKS = [
  ['shanghaiTime', 'Shanghai'],
  ['cancunTime', 'Cancun'],
  ['pragueTime', 'Prague'],
  ['osakaTime', 'Osaka'],
] as const satisfies readonly (readonly [string, Fork])[];

/** EIP-7892 blob-parameter-only forks and later time forks the EVM has no rules for: times only. */
const BLOB_ONLY_TIME_KEYS = ['bpo1Time', 'bpo2Time', 'bpo3Time', 'bpo4Time', 'bpo5Time'] as const;

const EXTRA_BLOCK_KEYS = [
  'eip155Block',
  'muirGlacierBlock',
  'arrowGlacierBlock',
  'grayGlacierBlock',
  'mergeNetsplitBlock',
  'bedrockBlock',
] as const;

/** EIP-4844 / EIP-7691 blob parameters of one fork (`blobSchedule` entries). */
export type BlobParams = { target: bigint; max: bigint; baseFeeUpdateFraction: bigint };

export type ChainConfig = {
  chainId: bigint;
  /** Activation block per geth key (`homesteadBlock`, …, `mergeNetsplitBlock`, `bedrockBlock`). */
  blocks: Record<string, bigint>;
  /** Activation time per geth key (`shanghaiTime`, …, and OP `regolithTime` … `isthmusTime`). */
  times: Record<string, bigint>;
  terminalTotalDifficulty?: bigint;
  /** op-geth `optimism` section: present on OP chains. */
  optimism?: Eip1559Config;
  blobSchedule?: Record<string, BlobParams>;
};

const OP_TIME_KEYS = OP_HARDFORKS.slice(1).map((f) => `${f}Time`);

export function parseChainConfig(json: Json): ChainConfig {
  const config: ChainConfig = { chainId: quantity(json, 'chainId', ''), blocks: {}, times: {} };
  for (const key of [...BLOCK_FORKS.map(([k]) => k), ...EXTRA_BLOCK_KEYS]) {
    const v = optQuantity(json, key, '');
    if (v !== undefined) config.blocks[key] = v;
  }
  for (const key of [...TIME_FORKS.map(([k]) => k), ...BLOB_ONLY_TIME_KEYS, ...OP_TIME_KEYS]) {
    const v = optQuantity(json, key, '');
    if (v !== undefined) config.times[key] = v;
  }
  // Lagoon was called Interop in op-geth configs until 2026.
  const interop = optQuantity(json, 'interopTime', '');
  if (interop !== undefined) config.times.lagoonTime ??= interop;
  const ttd = optQuantity(json, 'terminalTotalDifficulty', '');
  if (ttd !== undefined) config.terminalTotalDifficulty = ttd;
  if (json.optimism) {
    const op = object(json, 'optimism', '');
    config.optimism = {
      elasticity: quantity(op, 'eip1559Elasticity', 'optimism.'),
      denominator: quantity(op, 'eip1559Denominator', 'optimism.'),
      denominatorCanyon: quantity(op, 'eip1559DenominatorCanyon', 'optimism.'),
    };
  }
  if (json.blobSchedule) {
    const schedule = object(json, 'blobSchedule', '');
    config.blobSchedule = {};
    for (const name of Object.keys(schedule)) {
      const entry = object(schedule, name, 'blobSchedule.');
      const p = `blobSchedule.${name}.`;
      config.blobSchedule[name] = {
        target: quantity(entry, 'target', p),
        max: quantity(entry, 'max', p),
        baseFeeUpdateFraction: quantity(entry, 'baseFeeUpdateFraction', p),
      };
    }
  }
  return config;
}

/**
 * The EVM fork of a block. Paris (the merge) is active from `mergeNetsplitBlock`, when the
 * terminal total difficulty is 0, or when the caller knows the block is post-merge.
 */
export function l1ForkAt(config: ChainConfig, number: bigint, timestamp: bigint, postMerge = false): Fork {
  for (let i = TIME_FORKS.length - 1; i >= 0; i--) {
    const [key, fork] = TIME_FORKS[i]!;
    const t = config.times[key];
    if (t !== undefined && timestamp >= t) return fork;
  }
  let fork: Fork = 'Frontier';
  for (let i = BLOCK_FORKS.length - 1; i >= 0; i--) {
    const [key, f] = BLOCK_FORKS[i]!;
    const b = config.blocks[key];
    if (b !== undefined && number >= b) {
      fork = f;
      break;
    }
  }
  const merge = config.blocks.mergeNetsplitBlock;
  const merged = postMerge || config.terminalTotalDifficulty === 0n || (merge !== undefined && number >= merge);
  // The merge follows London; a TTD of 0 cannot pull pre-London blocks (OP Mainnet's legacy history) forward.
  return merged && fork === 'London' ? 'Paris' : fork;
}

/** OP fork times as recorded in an op-geth chain config (`regolithTime` …). */
export function opHardforksOfChainConfig(config: ChainConfig): OpHardforkTimes {
  if (config.blocks.bedrockBlock === undefined) throw new ConfigError('not an OP chain config: bedrockBlock missing');
  const times: OpHardforkTimes = { bedrock: 0n };
  for (const fork of OP_HARDFORKS.slice(1)) {
    const t = config.times[`${fork}Time`];
    if (t !== undefined) times[fork] = t;
  }
  return times;
}

/**
 * The op-geth chain config op-geth derives for a registry chain (`LoadOPStackChainConfig`):
 * every pre-merge fork at block 0, merge at genesis, Shanghai = Canyon, Cancun = Ecotone,
 * Prague = Isthmus (Karst's Osaka rules follow from the OP fork times, `l1ForkForOpBlock`). `legacyBlocks` overrides block numbers for chains with pre-Bedrock history
 * (OP Mainnet: Berlin at 3950000, London and the merge at the Bedrock block).
 */
export function chainConfigFromRollup(rollup: RollupConfig, legacyBlocks: Record<string, bigint> = {}): ChainConfig {
  const blocks: Record<string, bigint> = {};
  for (const [key] of BLOCK_FORKS) blocks[key] = 0n;
  for (const key of EXTRA_BLOCK_KEYS) blocks[key] = 0n;
  Object.assign(blocks, legacyBlocks);
  const times: Record<string, bigint> = {};
  const f = rollup.hardforks;
  if (f.canyon !== undefined) times.shanghaiTime = f.canyon;
  if (f.ecotone !== undefined) times.cancunTime = f.ecotone;
  if (f.isthmus !== undefined) times.pragueTime = f.isthmus;
  for (const fork of OP_HARDFORKS.slice(1)) {
    const t = f[fork] ?? (fork === 'regolith' ? 0n : undefined);
    if (t !== undefined) times[`${fork}Time`] = t;
  }
  return {
    chainId: rollup.l2ChainId,
    blocks,
    times,
    terminalTotalDifficulty: 0n,
    optimism: { ...rollup.eip1559 },
  };
}
