/**
 * The rollup configuration of an OP chain, parsed from op-node's `rollup.json` (the
 * `--rollup.config` file and local pre-image key 7 of op-program) and from kona's serde form (as
 * in the kona executor fixtures and kona's boot key 6). The two differ in spelling
 * (`batcherAddr`/`batcherAddress`, hex or decimal numbers, `chain_op_config` vs
 * `base_fee_params` + `canyon_base_fee_params`, `regolith_time` sometimes omitted); both map to
 * one typed `RollupConfig`.
 */
import type { ChainConfig } from './chain-config.js';
import { ConfigError } from './errors.js';
import { bytesField, firstKey, type Json, object, optQuantity, quantity, word } from './json-fields.js';
import { type NutBundle, parseNutBundle } from './nut-bundle.js';
import { OP_HARDFORKS, type OpHardfork, type OpHardforkTimes, validateOpHardforkOrder } from './op-hardforks.js';

export type BlockId = { hash: Uint8Array; number: bigint };

/** SystemConfig at L2 genesis (OP spec system-config.md). Scalars are raw 32-byte words. */
export type GenesisSystemConfig = {
  batcherAddress: Uint8Array;
  overhead: Uint8Array;
  scalar: Uint8Array;
  gasLimit: bigint;
};

/** EIP-1559 parameters of an OP chain before Holocene (exec-engine.md "1559 Parameters"). */
export type Eip1559Config = { elasticity: bigint; denominator: bigint; denominatorCanyon: bigint };

export type RollupConfig = {
  genesis: { l1: BlockId; l2: BlockId; l2Time: bigint; systemConfig: GenesisSystemConfig };
  blockTime: bigint;
  maxSequencerDrift: bigint;
  seqWindowSize: bigint;
  channelTimeout: bigint;
  /** Granite's channel timeout (a protocol constant in op-node, a field in kona). */
  graniteChannelTimeout: bigint;
  l1ChainId: bigint;
  l2ChainId: bigint;
  hardforks: OpHardforkTimes;
  /** OP Sepolia's L1 blob-parameter fix (pectra-blob-schedule spec). */
  pectraBlobScheduleTime?: bigint;
  /** Registry `keep_karst_upgrade_gas`: the Karst activation block's upgrade gas stays in the gas limit. */
  keepKarstUpgradeGas?: boolean;
  /**
   * The L1's geth chain config when the L1 is not built in (l1-chains.ts): its fork and blob
   * schedule price the L1-info blob base fee. Not part of rollup.json: the boot info supplies it
   * (op-program local key 9, kona key 7).
   */
  l1ChainConfig?: ChainConfig;
  /** NUT bundles per fork (a Faultline extension, `nut_bundles`; see nut-bundle.ts). */
  nutBundles?: Partial<Record<OpHardfork, NutBundle>>;
  batchInboxAddress: Uint8Array;
  depositContractAddress: Uint8Array;
  l1SystemConfigAddress: Uint8Array;
  protocolVersionsAddress?: Uint8Array;
  eip1559: Eip1559Config;
};

/** Granite: channel timeout drops to 50 L1 blocks (granite/derivation.md). */
export const GRANITE_CHANNEL_TIMEOUT = 50n;

function parseBlockId(obj: Json, path: string): BlockId {
  return { hash: bytesField(obj, 'hash', path, 32), number: quantity(obj, 'number', path) };
}

function parseEip1559(json: Json, fallback: Eip1559Config | undefined): Eip1559Config {
  if (json.chain_op_config) {
    const c = object(json, 'chain_op_config', '');
    const p = 'chain_op_config.';
    return {
      elasticity: quantity(c, 'eip1559Elasticity', p),
      denominator: quantity(c, 'eip1559Denominator', p),
      denominatorCanyon: quantity(c, 'eip1559DenominatorCanyon', p),
    };
  }
  if (json.base_fee_params) {
    const pre = object(json, 'base_fee_params', '');
    const canyon = json.canyon_base_fee_params ? object(json, 'canyon_base_fee_params', '') : pre;
    return {
      elasticity: quantity(pre, 'elasticity_multiplier', 'base_fee_params.'),
      denominator: quantity(pre, 'max_change_denominator', 'base_fee_params.'),
      denominatorCanyon: quantity(canyon, 'max_change_denominator', 'canyon_base_fee_params.'),
    };
  }
  if (fallback) return fallback;
  throw new ConfigError('no EIP-1559 parameters (chain_op_config or base_fee_params); pass the chain config');
}

/** Keys ending in `_time` that are not fork activations. */
const NON_FORK_TIME_KEYS = new Set(['block_time', 'pectra_blob_schedule_time']);
/** Older spellings: Lagoon was "Interop" until 2026 (op-reth v2.3.3, op-node). */
const FORK_TIME_ALIASES: Record<string, OpHardfork> = { interop_time: 'lagoon' };

/**
 * Fork times from `<fork>_time` keys. A `*_time` key naming no known fork is refused (a config for
 * a fork Faultline does not know must not be read as if that fork did not exist), as is an
 * impossible order.
 */
function parseHardforkTimes(json: Json): OpHardforkTimes {
  const hardforks: OpHardforkTimes = { bedrock: 0n };
  for (const fork of OP_HARDFORKS.slice(1)) {
    const t = optQuantity(json, `${fork}_time`, '');
    if (t !== undefined) hardforks[fork] = t;
  }
  for (const key of Object.keys(json)) {
    if (!key.endsWith('_time') || json[key] === null || NON_FORK_TIME_KEYS.has(key)) continue;
    const alias = FORK_TIME_ALIASES[key];
    if (alias !== undefined) {
      const t = optQuantity(json, key, '');
      if (t !== undefined && hardforks[alias] !== undefined && hardforks[alias] !== t) {
        throw new ConfigError(`${key} and ${alias}_time disagree`);
      }
      if (t !== undefined) hardforks[alias] = t;
      continue;
    }
    const fork = key.slice(0, -'_time'.length);
    if (!(OP_HARDFORKS as readonly string[]).includes(fork)) {
      throw new ConfigError(`${key}: unknown fork "${fork}"; known: ${OP_HARDFORKS.slice(1).join(', ')}`);
    }
  }
  validateOpHardforkOrder(hardforks);
  return hardforks;
}

/**
 * Parses op-node or kona rollup JSON. `eip1559Fallback` (from the op-geth chain config's
 * `optimism` section) is used when the rollup file has no EIP-1559 parameters, as older
 * op-node files do.
 */
export function parseRollupConfig(json: Json, eip1559Fallback?: Eip1559Config): RollupConfig {
  const genesis = object(json, 'genesis', '');
  const sys = object(genesis, 'system_config', 'genesis.');
  const sysPath = 'genesis.system_config.';
  const batcherKey = firstKey(sys, ['batcherAddr', 'batcherAddress']);
  if (!batcherKey) throw new ConfigError(`${sysPath}batcherAddr: missing`);

  const hardforks = parseHardforkTimes(json);

  const config: RollupConfig = {
    genesis: {
      l1: parseBlockId(object(genesis, 'l1', 'genesis.'), 'genesis.l1.'),
      l2: parseBlockId(object(genesis, 'l2', 'genesis.'), 'genesis.l2.'),
      l2Time: quantity(genesis, 'l2_time', 'genesis.'),
      systemConfig: {
        batcherAddress: bytesField(sys, batcherKey, sysPath, 20),
        overhead: word(sys, 'overhead', sysPath),
        scalar: word(sys, 'scalar', sysPath),
        gasLimit: quantity(sys, 'gasLimit', sysPath),
      },
    },
    blockTime: quantity(json, 'block_time', ''),
    maxSequencerDrift: quantity(json, 'max_sequencer_drift', ''),
    seqWindowSize: quantity(json, 'seq_window_size', ''),
    channelTimeout: quantity(json, 'channel_timeout', ''),
    graniteChannelTimeout: optQuantity(json, 'granite_channel_timeout', '') ?? GRANITE_CHANNEL_TIMEOUT,
    l1ChainId: quantity(json, 'l1_chain_id', ''),
    l2ChainId: quantity(json, 'l2_chain_id', ''),
    hardforks,
    batchInboxAddress: bytesField(json, 'batch_inbox_address', '', 20),
    depositContractAddress: bytesField(json, 'deposit_contract_address', '', 20),
    l1SystemConfigAddress: bytesField(json, 'l1_system_config_address', '', 20),
    eip1559: parseEip1559(json, eip1559Fallback),
  };
  const pectra = optQuantity(json, 'pectra_blob_schedule_time', '');
  if (pectra !== undefined) config.pectraBlobScheduleTime = pectra;
  if (json.keep_karst_upgrade_gas !== undefined && json.keep_karst_upgrade_gas !== null) {
    if (typeof json.keep_karst_upgrade_gas !== 'boolean')
      throw new ConfigError('keep_karst_upgrade_gas: expected a boolean');
    config.keepKarstUpgradeGas = json.keep_karst_upgrade_gas;
  }
  if (json.nut_bundles !== undefined && json.nut_bundles !== null) {
    const bundles = object(json, 'nut_bundles', '');
    config.nutBundles = {};
    for (const [name, bundle] of Object.entries(bundles)) {
      if (!(OP_HARDFORKS as readonly string[]).includes(name))
        throw new ConfigError(`nut_bundles.${name}: unknown fork`);
      config.nutBundles[name as OpHardfork] = parseNutBundle(bundle);
    }
  }
  if (typeof json.protocol_versions_address === 'string') {
    config.protocolVersionsAddress = bytesField(json, 'protocol_versions_address', '', 20);
  }
  return config;
}
