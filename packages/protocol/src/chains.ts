/**
 * Built-in chains: OP Mainnet, OP Sepolia and Unichain, whose blocks the kona executor fixtures
 * hold. Values are from the superchain registry (configs/<net>/<chain>.toml: genesis, system
 * config, hardfork times, EIP-1559 parameters, OptimismPortalProxy as deposit contract,
 * SystemConfigProxy) as rendered by op-node; the chain configs follow op-geth's
 * LoadOPStackChainConfig, with OP Mainnet's pre-Bedrock block overrides.
 */
import { hexToBytes } from '@faultline/primitives';
import { type ChainConfig, chainConfigFromRollup } from './chain-config.js';
import { REGISTRY_CHAINS } from './registry-chains.js';
import { GRANITE_CHANNEL_TIMEOUT, type RollupConfig } from './rollup-config.js';

const h = (hex: string) => hexToBytes(hex);

/**
 * Lagoon on mainnet, 2027-01-11 (op-node v1.21.0 / op-reth v2.10.0 release notes, 2026-11-25),
 * with the interop dependency set OP Mainnet ↔ Unichain, so both activate together. Newer than
 * the registry snapshot in ../shared/fixtures (2026-08-04). Faultline refuses Lagoon blocks, so
 * a time set too early could only refuse a block, never mis-verify one.
 */
const LAGOON_MAINNET = 1799683201n;

/** OP Mainnet (L2 chain id 10). */
const opMainnet: RollupConfig = {
  genesis: {
    l1: { hash: h('0x438335a20d98863a4c0c97999eb2481921ccd28553eac6f913af7c12aec04108'), number: 17422590n },
    l2: { hash: h('0xdbf6a80fef073de06add9b0d14026d6e5a86c85f6d102c36d3d8e9cf89c2afd3'), number: 105235063n },
    l2Time: 1686068903n,
    systemConfig: {
      batcherAddress: h('0x6887246668a3b87f54deb3b94ba47a6f63f32985'),
      overhead: h('0x00000000000000000000000000000000000000000000000000000000000000bc'),
      scalar: h('0x00000000000000000000000000000000000000000000000000000000000a6fe0'),
      gasLimit: 30000000n,
    },
  },
  blockTime: 2n,
  maxSequencerDrift: 600n,
  seqWindowSize: 3600n,
  channelTimeout: 300n,
  graniteChannelTimeout: GRANITE_CHANNEL_TIMEOUT,
  l1ChainId: 1n,
  l2ChainId: 10n,
  hardforks: {
    bedrock: 0n,
    regolith: 0n,
    canyon: 1704992401n,
    delta: 1708560000n,
    ecotone: 1710374401n,
    fjord: 1720627201n,
    granite: 1726070401n,
    holocene: 1736445601n,
    isthmus: 1746806401n,
    jovian: 1764691201n,
    karst: 1783526401n,
    lagoon: LAGOON_MAINNET,
  },
  keepKarstUpgradeGas: true,
  batchInboxAddress: h('0xff00000000000000000000000000000000000010'),
  depositContractAddress: h('0xbeb5fc579115071764c7423a4f12edde41f106ed'),
  l1SystemConfigAddress: h('0x229047fed2591dbec1ef1118d64f7af3db9eb290'),
  eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
};

/** OP Sepolia (L2 chain id 11155420). */
const opSepolia: RollupConfig = {
  genesis: {
    l1: { hash: h('0x48f520cf4ddaf34c8336e6e490632ea3cf1e5e93b0b2bc6e917557e31845371b'), number: 4071408n },
    l2: { hash: h('0x102de6ffb001480cc9b8b548fd05c34cd4f46ae4aa91759393db90ea0409887d'), number: 0n },
    l2Time: 1691802540n,
    systemConfig: {
      batcherAddress: h('0x8f23bb38f531600e5d8fddaaec41f13fab46e98c'),
      overhead: h('0x00000000000000000000000000000000000000000000000000000000000000bc'),
      scalar: h('0x00000000000000000000000000000000000000000000000000000000000a6fe0'),
      gasLimit: 30000000n,
    },
  },
  blockTime: 2n,
  maxSequencerDrift: 600n,
  seqWindowSize: 3600n,
  channelTimeout: 300n,
  graniteChannelTimeout: GRANITE_CHANNEL_TIMEOUT,
  l1ChainId: 11155111n,
  l2ChainId: 11155420n,
  hardforks: {
    bedrock: 0n,
    regolith: 0n,
    canyon: 1699981200n,
    delta: 1703203200n,
    ecotone: 1708534800n,
    fjord: 1716998400n,
    granite: 1723478400n,
    holocene: 1732633200n,
    isthmus: 1744905600n,
    jovian: 1763568001n,
    karst: 1781712001n,
    lagoon: 1796918401n, // 2026-12-10, op-node v1.21.0 / op-reth v2.10.0 release notes
  },
  pectraBlobScheduleTime: 1742486400n,
  keepKarstUpgradeGas: true,
  batchInboxAddress: h('0xff00000000000000000000000000000011155420'),
  depositContractAddress: h('0x16fc5058f25648194471939df75cf27a2fdc48bc'),
  l1SystemConfigAddress: h('0x034edd2a225f7f429a63e0f1d2084b9e0a93b538'),
  eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
};

/** Unichain (L2 chain id 130). */
const unichainMainnet: RollupConfig = {
  genesis: {
    l1: { hash: h('0x8c799ed21bd97471f76ba48ea54b30f8169c7e4e4a22acfba06951b571e0f4b6'), number: 21116363n },
    l2: { hash: h('0x3425162ddf41a0a1f0106d67b71828c9a9577e6ddeb94e4f33d2cde1fdc3befe'), number: 0n },
    l2Time: 1730748359n,
    systemConfig: {
      batcherAddress: h('0x2f60a5184c63ca94f82a27100643dbabe4f3f7fd'),
      overhead: h('0x0000000000000000000000000000000000000000000000000000000000000000'),
      scalar: h('0x010000000000000000000000000000000000000000000000000dbba0000007d0'),
      gasLimit: 30000000n,
    },
  },
  blockTime: 1n,
  maxSequencerDrift: 600n,
  seqWindowSize: 3600n,
  channelTimeout: 300n,
  graniteChannelTimeout: GRANITE_CHANNEL_TIMEOUT,
  l1ChainId: 1n,
  l2ChainId: 130n,
  hardforks: {
    bedrock: 0n,
    regolith: 0n,
    canyon: 0n,
    delta: 0n,
    ecotone: 0n,
    fjord: 0n,
    granite: 0n,
    holocene: 1736445601n,
    isthmus: 1746806401n,
    jovian: 1764691201n,
    karst: 1783526401n,
    lagoon: LAGOON_MAINNET,
  },
  keepKarstUpgradeGas: true,
  batchInboxAddress: h('0xff00000000000000000000000000000000000130'),
  depositContractAddress: h('0x0bd48f6b86a26d3a217d0fa6ffe2b491b956a7a2'),
  l1SystemConfigAddress: h('0xc407398d063f942febbcc6f80a156b47f3f1bda6'),
  eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
};

export type BuiltinChain = {
  name: string;
  rollup: RollupConfig;
  chainConfig: ChainConfig;
  /** Newest date the schedule is known to (registry-chains.ts); claims after it are refused. */
  knownUntil?: bigint;
};

/** OP Mainnet's legacy (pre-Bedrock) history: Berlin at 3,950,000; London and the merge at Bedrock. */
const OP_MAINNET_BEDROCK_BLOCK = 105_235_063n;
const OP_MAINNET_LEGACY_BLOCKS = {
  berlinBlock: 3_950_000n,
  londonBlock: OP_MAINNET_BEDROCK_BLOCK,
  arrowGlacierBlock: OP_MAINNET_BEDROCK_BLOCK,
  grayGlacierBlock: OP_MAINNET_BEDROCK_BLOCK,
  mergeNetsplitBlock: OP_MAINNET_BEDROCK_BLOCK,
  bedrockBlock: OP_MAINNET_BEDROCK_BLOCK,
};

export const BUILTIN_CHAINS: ReadonlyMap<bigint, BuiltinChain> = new Map([
  [
    10n,
    { name: 'op-mainnet', rollup: opMainnet, chainConfig: chainConfigFromRollup(opMainnet, OP_MAINNET_LEGACY_BLOCKS) },
  ],
  [11155420n, { name: 'op-sepolia', rollup: opSepolia, chainConfig: chainConfigFromRollup(opSepolia) }],
  [130n, { name: 'unichain-mainnet', rollup: unichainMainnet, chainConfig: chainConfigFromRollup(unichainMainnet) }],
  ...REGISTRY_CHAINS.map((c): [bigint, BuiltinChain] => [c.rollup.l2ChainId, c]),
]);

/** A built-in chain by L2 chain id or name (`op-mainnet`, `op-sepolia`, `unichain-mainnet`, `ink`, …). */
export function builtinChain(idOrName: bigint | string): BuiltinChain | undefined {
  if (typeof idOrName === 'bigint') return BUILTIN_CHAINS.get(idOrName);
  for (const chain of BUILTIN_CHAINS.values()) if (chain.name === idOrName) return chain;
  return undefined;
}
