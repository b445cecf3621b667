/**
 * The order in which an OP chain's fault-proof L1 contracts are deployed and initialized, as data
 * (followed from Optimism's `scripts/Deploy.s.sol` of the contracts-bedrock 0.17 era:
 * `setupSuperchain` → `deployProxies` → `deployImplementations` → `initializeImplementations` →
 * `setCannonFaultGameImplementation`), restricted to what a fault-proof devnet needs: ProxyAdmin,
 * SuperchainConfig, SystemConfig, OptimismPortal2, DisputeGameFactory, DelayedWETH,
 * AnchorStateRegistry, PreimageOracle, MIPS and the CANNON FaultDisputeGame. Left out, and
 * recorded as zero addresses in SystemConfig: the Safe (the deployer key owns everything), the
 * AddressManager, the bridges, the messenger, L2OutputOracle and ProtocolVersions — none is read
 * by derivation or by the dispute game.
 *
 * Each proxy is upgraded and initialized in one `ProxyAdmin.upgradeAndCall`, as the script does
 * through its Safe. Arguments that depend on earlier steps are functions of the deployed
 * addresses; the anchor root (the L2 genesis output, which depends on SystemConfig's start block)
 * is asked for when AnchorStateRegistry is initialized, after SystemConfig.
 */
import type { AbiValue } from './abi.js';
import { type ContractArtifact, loadArtifact } from './artifact.js';
import { GAME_TYPES } from './game-types.js';

export interface FaultGameParams {
  /** bytes32 absolute prestate of the VM (client.elf's, or a fixed value). */
  absolutePrestate: Uint8Array;
  maxGameDepth: bigint;
  splitDepth: bigint;
  clockExtension: bigint;
  maxClockDuration: bigint;
  /** Bond for `DisputeGameFactory.create` of a CANNON game, in wei. */
  initBond: bigint;
}

export interface DeployConfig {
  /** Owner of ProxyAdmin, SystemConfig, DisputeGameFactory and DelayedWETH. */
  owner: string;
  guardian: string;
  batcher: string;
  batchInbox: string;
  unsafeBlockSigner: string;
  l2ChainId: bigint;
  l2GasLimit: bigint;
  basefeeScalar: bigint;
  blobbasefeeScalar: bigint;
  proofMaturityDelaySeconds: bigint;
  disputeGameFinalityDelaySeconds: bigint;
  /** DelayedWETH withdrawal delay. */
  withdrawalDelaySeconds: bigint;
  preimageMinProposalSize: bigint;
  preimageChallengePeriod: bigint;
  game: FaultGameParams;
}

/** What steps may read: the addresses deployed so far, by name, and the anchor root. */
export interface DeployContext {
  address(name: string): string;
  /** The L2 genesis output root and block number (asked once SystemConfig is initialized). */
  anchor(): Promise<{ root: Uint8Array; l2BlockNumber: bigint }>;
}

export type DeployStep =
  | {
      kind: 'create';
      /** Name under which the address is recorded (e.g. `SystemConfigProxy`, `SystemConfig`). */
      name: string;
      artifact: ContractArtifact;
      args: (ctx: DeployContext) => AbiValue[] | Promise<AbiValue[]>;
    }
  | {
      kind: 'call';
      /** What the step does, for progress and errors. */
      label: string;
      target: string;
      artifact: ContractArtifact;
      fn: string;
      args: (ctx: DeployContext) => AbiValue[] | Promise<AbiValue[]>;
      value?: bigint;
    };

const ZERO = '0x0000000000000000000000000000000000000000';

/** Constants.DEFAULT_RESOURCE_CONFIG of contracts-bedrock (deposit gas market parameters). */
export const DEFAULT_RESOURCE_CONFIG = {
  maxResourceLimit: 20_000_000n,
  elasticityMultiplier: 10n,
  baseFeeMaxChangeDenominator: 8n,
  minimumBaseFee: 1_000_000_000n,
  systemTxMaxGas: 1_000_000n,
  maximumBaseFee: (1n << 128n) - 1n,
} as const;

/** The contracts of the plan, by artifact name. */
export const DEPLOYED_CONTRACTS = [
  'ProxyAdmin',
  'SuperchainConfig',
  'SystemConfig',
  'OptimismPortal2',
  'DisputeGameFactory',
  'DelayedWETH',
  'PreimageOracle',
  'MIPS',
  'AnchorStateRegistry',
  'FaultDisputeGame',
] as const;

export const PROXIES = [
  'OptimismPortalProxy',
  'SystemConfigProxy',
  'DisputeGameFactoryProxy',
  'DelayedWETHProxy',
  'AnchorStateRegistryProxy',
] as const;

export function deployPlan(cfg: DeployConfig): DeployStep[] {
  const a = (name: string) => loadArtifact(name);
  const proxyAdmin = a('ProxyAdmin');
  const steps: DeployStep[] = [];
  const create = (name: string, artifact: string, args: DeployStep['args'] = () => []) =>
    steps.push({ kind: 'create', name, artifact: a(artifact), args });
  /** ProxyAdmin.upgradeAndCall(proxy, implementation, initializer call). */
  const initialize = (proxyName: string, impl: string, args: DeployStep['args']) =>
    steps.push({
      kind: 'call',
      label: `initialize ${proxyName}`,
      target: 'ProxyAdmin',
      artifact: proxyAdmin,
      fn: 'upgradeAndCall',
      args: async (ctx) => [
        ctx.address(proxyName),
        ctx.address(impl),
        a(impl).encodeCall('initialize', await args(ctx)),
      ],
    });
  const proxyOf = (name: string) => create(name, 'Proxy', (ctx) => [ctx.address('ProxyAdmin')]);

  // setupSuperchain: ProxyAdmin, then SuperchainConfig behind its proxy.
  create('ProxyAdmin', 'ProxyAdmin', () => [cfg.owner]);
  proxyOf('SuperchainConfigProxy');
  create('SuperchainConfig', 'SuperchainConfig');
  initialize('SuperchainConfigProxy', 'SuperchainConfig', () => [cfg.guardian, false]);

  // deployProxies (the ones this chain uses).
  for (const p of PROXIES) proxyOf(p);

  // deployImplementations.
  create('SystemConfig', 'SystemConfig');
  create('OptimismPortal2', 'OptimismPortal2', () => [
    cfg.proofMaturityDelaySeconds,
    cfg.disputeGameFinalityDelaySeconds,
  ]);
  create('DisputeGameFactory', 'DisputeGameFactory');
  create('DelayedWETH', 'DelayedWETH', () => [cfg.withdrawalDelaySeconds]);
  create('PreimageOracle', 'PreimageOracle', () => [cfg.preimageMinProposalSize, cfg.preimageChallengePeriod]);
  create('MIPS', 'MIPS', (ctx) => [ctx.address('PreimageOracle')]);
  create('AnchorStateRegistry', 'AnchorStateRegistry', (ctx) => [ctx.address('DisputeGameFactoryProxy')]);

  // initializeImplementations.
  const r = DEFAULT_RESOURCE_CONFIG;
  initialize('SystemConfigProxy', 'SystemConfig', (ctx) => [
    cfg.owner,
    cfg.basefeeScalar,
    cfg.blobbasefeeScalar,
    // batcherHash: the batcher address left-padded to 32 bytes (SystemConfig "version 0").
    `0x${cfg.batcher.slice(2).padStart(64, '0')}`,
    cfg.l2GasLimit,
    cfg.unsafeBlockSigner,
    [
      r.maxResourceLimit,
      r.elasticityMultiplier,
      r.baseFeeMaxChangeDenominator,
      r.minimumBaseFee,
      r.systemTxMaxGas,
      r.maximumBaseFee,
    ],
    cfg.batchInbox,
    [ZERO, ZERO, ZERO, ctx.address('DisputeGameFactoryProxy'), ctx.address('OptimismPortalProxy'), ZERO, ZERO],
  ]);
  initialize('DisputeGameFactoryProxy', 'DisputeGameFactory', () => [cfg.owner]);
  initialize('DelayedWETHProxy', 'DelayedWETH', (ctx) => [cfg.owner, ctx.address('SuperchainConfigProxy')]);
  initialize('AnchorStateRegistryProxy', 'AnchorStateRegistry', async (ctx) => {
    const anchor = await ctx.anchor();
    return [[[BigInt(GAME_TYPES.CANNON), [anchor.root, anchor.l2BlockNumber]]]];
  });
  initialize('OptimismPortalProxy', 'OptimismPortal2', (ctx) => [
    ctx.address('DisputeGameFactoryProxy'),
    ctx.address('SystemConfigProxy'),
    ctx.address('SuperchainConfigProxy'),
    BigInt(GAME_TYPES.CANNON),
  ]);

  // setCannonFaultGameImplementation, then the bond the proposer must post.
  const g = cfg.game;
  create('FaultDisputeGame', 'FaultDisputeGame', (ctx) => [
    BigInt(GAME_TYPES.CANNON),
    g.absolutePrestate,
    g.maxGameDepth,
    g.splitDepth,
    g.clockExtension,
    g.maxClockDuration,
    ctx.address('MIPS'),
    ctx.address('DelayedWETHProxy'),
    ctx.address('AnchorStateRegistryProxy'),
    cfg.l2ChainId,
  ]);
  const factory = a('DisputeGameFactory');
  steps.push({
    kind: 'call',
    label: 'register FaultDisputeGame for game type 0 (CANNON)',
    target: 'DisputeGameFactoryProxy',
    artifact: factory,
    fn: 'setImplementation',
    args: (ctx) => [BigInt(GAME_TYPES.CANNON), ctx.address('FaultDisputeGame')],
  });
  steps.push({
    kind: 'call',
    label: 'set the CANNON init bond',
    target: 'DisputeGameFactoryProxy',
    artifact: factory,
    fn: 'setInitBond',
    args: () => [BigInt(GAME_TYPES.CANNON), g.initBond],
  });
  return steps;
}

/** FaultDisputeGame's own limits (its constructor reverts otherwise), checked before any transaction. */
export function checkGameParams(g: FaultGameParams): string | undefined {
  if (g.absolutePrestate.length !== 32) return `absolute prestate: expected 32 bytes, got ${g.absolutePrestate.length}`;
  if (g.maxGameDepth > 125n) return `max game depth ${g.maxGameDepth} exceeds 125`;
  if (g.splitDepth >= g.maxGameDepth)
    return `split depth ${g.splitDepth} must be below the max depth ${g.maxGameDepth}`;
  if (g.clockExtension > g.maxClockDuration)
    return `clock extension ${g.clockExtension} exceeds the max clock duration ${g.maxClockDuration}`;
  return undefined;
}
