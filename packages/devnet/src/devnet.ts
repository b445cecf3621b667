/**
 * A local OP Stack devnet on a real L1: anvil (chain 900, Prague rules, mining under our control),
 * Optimism's L1 contracts deployed from the contracts-bedrock artifacts, Faultline as the L2 node
 * (chain 901; sequencer + JSON-RPC), a batcher and a proposer. Chain time runs as fast as `step()`
 * is called: each step mines one L1 block 12 s of chain time after the last, derives the L2 chain
 * from L1 as far as the batches mined so far allow (that is the safe head), confirms the games
 * mined in it, lets the sequencer build the L2 blocks up to its time (2 s each), and queues the
 * next batch and due proposals for the next block. `run()` steps on a timer; `stop()`
 * ends everything the devnet started (anvil, the RPC server). Files in `dir`: deployment.json
 * (addresses, the game parameters, the prestate and where it came from), rollup.json,
 * genesis.json and devnet.json (URLs and the anvil pid, for `faultline devnet status`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BEDROCK_VERSION,
  checkGameParams,
  type DeployConfig,
  type FaultGameParams,
  loadArtifact,
} from '@faultline/contracts';
import { l1TransactionInfo } from '@faultline/derive';
import { BaseError, bytesToHex, hexToBytes } from '@faultline/primitives';
import { Anvil } from './anvil.js';
import { Batcher, type BatchKind, type Compression } from './batcher.js';
import { deployContracts } from './deploy.js';
import { devnetWallet, type L1Block, L1Client, type Wallet } from './l1-client.js';
import { L2Chain } from './l2/chain.js';
import { buildL2Genesis, type L2Genesis } from './l2/genesis.js';
import { L2Node } from './l2/node.js';
import { type RpcServer, startRpcServer } from './l2/rpc-server.js';
import { Sequencer } from './l2/sequencer.js';
import { L1View, Verifier } from './l2/verifier.js';
import { type Proposal, Proposer } from './proposer.js';

export class DevnetError extends BaseError {
  override name = 'DevnetError' as const;
}

export const L1_CHAIN_ID = 900n;
export const L2_CHAIN_ID = 901n;
export const L1_BLOCK_TIME = 12n;
const ETHER = 10n ** 18n;
/** Any fixed 32-byte value serves until client.elf's prestate is recorded (its first byte is the VM status). */
export const PLACEHOLDER_PRESTATE = hexToBytes(`0x03${'fa'.repeat(31)}`);

export interface DevnetOptions {
  /** Where deployment.json, rollup.json, genesis.json and devnet.json go. */
  dir: string;
  blocksPerProposal?: bigint;
  dishonest?: boolean;
  l1Port?: number;
  l2Port?: number;
  /** anvil in its own process group (`AnvilOptions.ownProcessGroup`): the caller handles signals. */
  l1OwnProcessGroup?: boolean;
  /** The FaultDisputeGame's absolute prestate and where it came from. */
  absolutePrestate?: { value: Uint8Array; source: string };
  game?: Partial<Omit<FaultGameParams, 'absolutePrestate'>>;
  /** L2 gas limit in SystemConfig (it must cover the deposit resource limit: at least 21 M). */
  l2GasLimit?: bigint;
  batchKind?: BatchKind | 'alternate';
  compression?: Compression | 'alternate';
  log?: (line: string) => void;
}

/** Small depths and short clocks for local play (all overridable). */
export const DEFAULT_GAME: Omit<FaultGameParams, 'absolutePrestate'> = {
  maxGameDepth: 30n,
  splitDepth: 14n,
  clockExtension: 30n,
  maxClockDuration: 600n,
  initBond: ETHER / 100n,
};

export const DEVNET_KEYS = ['deployer', 'batcher', 'proposer', 'user'] as const;

export class Devnet {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastL1: L1Block;
  /** Set when a step failed or anvil died; the devnet is stopped. */
  failure: string | undefined;
  onFailure: ((reason: string) => void) | undefined;

  private constructor(
    readonly anvil: Anvil,
    readonly l1: L1Client,
    readonly rpc: RpcServer,
    readonly node: L2Node,
    readonly batcher: Batcher,
    readonly proposer: Proposer,
    private readonly derivation: { verifier: Verifier; l1View: L1View },
    readonly addresses: Record<string, string>,
    readonly genesis: L2Genesis,
    readonly dir: string,
    lastL1: L1Block,
    private readonly log: (line: string) => void,
  ) {
    this.lastL1 = lastL1;
    anvil.onExit((reason) => this.fail(reason));
  }

  get l1Url(): string {
    return this.anvil.url;
  }

  get l2Url(): string {
    return this.rpc.url;
  }

  get wallets() {
    return Object.fromEntries(DEVNET_KEYS.map((k) => [k, devnetWallet(k)])) as Record<
      (typeof DEVNET_KEYS)[number],
      ReturnType<typeof devnetWallet>
    >;
  }

  static async start(options: DevnetOptions): Promise<Devnet> {
    const log = options.log ?? (() => {});
    const game = { ...DEFAULT_GAME, ...options.game };
    const prestate = options.absolutePrestate ?? { value: PLACEHOLDER_PRESTATE, source: 'placeholder' };
    const gameParams: FaultGameParams = { ...game, absolutePrestate: prestate.value };
    const invalid = checkGameParams(gameParams);
    if (invalid) throw new DevnetError(`devnet: game parameters: ${invalid}`);
    mkdirSync(options.dir, { recursive: true });

    let t = BigInt(Math.floor(Date.now() / 1000));
    const anvil = await Anvil.start({
      chainId: L1_CHAIN_ID,
      timestamp: t,
      ...(options.l1Port ? { port: options.l1Port } : {}),
      ...(options.l1OwnProcessGroup ? { ownProcessGroup: true } : {}),
    });
    let rpc: RpcServer | undefined;
    try {
      const l1 = new L1Client(anvil.url, L1_CHAIN_ID);
      const w = Object.fromEntries(DEVNET_KEYS.map((k) => [k, devnetWallet(k)])) as Record<
        (typeof DEVNET_KEYS)[number],
        ReturnType<typeof devnetWallet>
      >;
      for (const wallet of Object.values(w)) {
        await l1.call('anvil_setBalance', [wallet.address, `0x${(1_000_000n * ETHER).toString(16)}`]);
      }
      const batchInbox = '0xff00000000000000000000000000000000000901';
      const deployConfig: DeployConfig = {
        owner: w.deployer.address,
        guardian: w.deployer.address,
        batcher: w.batcher.address,
        batchInbox,
        unsafeBlockSigner: w.deployer.address,
        l2ChainId: L2_CHAIN_ID,
        l2GasLimit: options.l2GasLimit ?? 30_000_000n,
        basefeeScalar: 1368n,
        blobbasefeeScalar: 810949n,
        proofMaturityDelaySeconds: 12n,
        disputeGameFinalityDelaySeconds: 6n,
        withdrawalDelaySeconds: 60n,
        preimageMinProposalSize: 10_000n,
        preimageChallengePeriod: 120n,
        game: gameParams,
      };
      let genesis: L2Genesis | undefined;
      const addresses: Record<string, string> = {};
      log(`deploying Optimism's L1 contracts (contracts-bedrock ${BEDROCK_VERSION}) to anvil at ${anvil.url}`);
      const deployed = await deployContracts({
        l1,
        deployer: w.deployer,
        config: deployConfig,
        nextTimestamp: () => {
          t += L1_BLOCK_TIME;
          return t;
        },
        log,
        addresses,
        anchor: async () => {
          genesis = await genesisFromL1(l1, addresses, batchInbox, w.batcher.address, w.user.address);
          return { root: genesis.outputRoot, l2BlockNumber: 0n };
        },
      });
      void deployed;
      if (!genesis) throw new DevnetError('devnet: the deployment never asked for the anchor root');
      const g = genesis as L2Genesis;

      const chain = new L2Chain(g.rollup, g);
      const sequencer = new Sequencer(chain);
      const node = new L2Node(chain, sequencer, g.rollupJson);
      const latest = await l1.blockByNumber('latest');
      const l1View = new L1View();
      for (let n = g.rollup.genesis.l1.number; n <= latest.header.number; n++) {
        await addL1Block(l1, await l1.blockByNumber(n), sequencer, l1View);
      }
      node.l1Head = refOf(latest);
      rpc = await startRpcServer(node, options.l2Port ?? 0);
      const batcher = new Batcher({
        l1,
        wallet: w.batcher,
        node,
        inbox: batchInbox,
        ...(options.batchKind ? { kind: options.batchKind } : {}),
        ...(options.compression ? { compression: options.compression } : {}),
        log,
      });
      const proposer = new Proposer({
        l1,
        wallet: w.proposer,
        node,
        factory: addresses.DisputeGameFactoryProxy!,
        blocksPerProposal: options.blocksPerProposal ?? 10n,
        dishonest: options.dishonest === true,
        log,
      });
      const verifier = new Verifier(chain, l1View);
      const devnet = new Devnet(
        anvil,
        l1,
        rpc,
        node,
        batcher,
        proposer,
        { verifier, l1View },
        addresses,
        g,
        options.dir,
        latest,
        log,
      );
      devnet.writeFiles(deployConfig, prestate.source);
      return devnet;
    } catch (e) {
      await rpc?.close();
      await anvil.stop();
      throw e;
    }
  }

  private writeFiles(cfg: DeployConfig, prestateSource: string): void {
    const g = this.genesis;
    writeJson(join(this.dir, 'rollup.json'), g.rollupJson);
    writeJson(join(this.dir, 'genesis.json'), g.genesisJson);
    writeJson(join(this.dir, 'deployment.json'), {
      contractsBedrock: BEDROCK_VERSION,
      l1ChainId: Number(L1_CHAIN_ID),
      l2ChainId: Number(L2_CHAIN_ID),
      addresses: this.addresses,
      batchInbox: cfg.batchInbox,
      roles: { deployer: cfg.owner, batcher: cfg.batcher, proposer: this.wallets.proposer.address },
      notDeployed:
        'Safe, AddressManager, L1CrossDomainMessenger, L1StandardBridge, L1ERC721Bridge, OptimismMintableERC20Factory, L2OutputOracle, ProtocolVersions (zero in SystemConfig)',
      faultDisputeGame: {
        gameType: 0,
        absolutePrestate: bytesToHex(cfg.game.absolutePrestate),
        absolutePrestateSource: prestateSource,
        maxGameDepth: Number(cfg.game.maxGameDepth),
        splitDepth: Number(cfg.game.splitDepth),
        clockExtension: Number(cfg.game.clockExtension),
        maxClockDuration: Number(cfg.game.maxClockDuration),
        initBond: cfg.game.initBond.toString(),
      },
      anchor: { outputRoot: bytesToHex(g.outputRoot), l2BlockNumber: 0 },
      l2Genesis: { hash: bytesToHex(g.hash), stateRoot: bytesToHex(g.header.stateRoot) },
      rollupConfig: 'rollup.json',
      l2GenesisFile: 'genesis.json',
    });
    writeJson(join(this.dir, 'devnet.json'), {
      l1: this.l1Url,
      l2: this.l2Url,
      anvilPid: this.anvil.pid,
      pid: process.pid,
    });
  }

  /** One L1 block and the L2 blocks up to its time; batches and proposals for the next block. */
  async step(): Promise<void> {
    if (this.stopped) throw new DevnetError(this.failure ?? 'devnet: stopped');
    const block = await this.l1.mine(this.lastL1.header.timestamp + L1_BLOCK_TIME);
    this.lastL1 = block;
    await addL1Block(this.l1, block, this.node.sequencer, this.derivation.l1View);
    this.node.l1Head = refOf(block);
    await this.batcher.confirm(block);
    // The safe head is what derivation from L1 reproduces, as op-node's is.
    const safe = this.derivation.verifier.verify(this.node.safe);
    if (safe > this.node.safe) {
      this.node.safe = safe;
      this.node.safeL1 = refOf(block);
    }
    await this.proposer.confirm();
    this.node.sequencer.buildUntil(block.header.timestamp);
    await this.batcher.post();
    await this.proposer.proposeDue();
  }

  /** Steps every `intervalMs` until stopped or a step fails. */
  run(intervalMs: number): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.step();
      } catch (e) {
        this.fail((e as Error).message.split('\n')[0]!);
        return;
      }
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    this.failure = reason;
    this.log(`devnet: ${reason}`);
    void this.stop().then(() => this.onFailure?.(reason));
  }

  async stop(): Promise<void> {
    if (this.stopped && !this.timer) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.rpc.close();
    await this.anvil.stop();
  }

  /**
   * Deposits through the real portal (`OptimismPortal2.depositTransaction`, paying `value` as the
   * mint): the transaction lands in the next L1 block and the sequencer includes the deposit in
   * the first L2 block of that epoch. Returns the L1 transaction hash.
   */
  async deposit(
    from: Wallet,
    to: string,
    value: bigint,
    options: { gasLimit?: bigint; data?: Uint8Array } = {},
  ): Promise<string> {
    const portal = loadArtifact('OptimismPortal2');
    const data = portal.encodeCall('depositTransaction', [
      to,
      value,
      options.gasLimit ?? 100_000n,
      false,
      options.data ?? new Uint8Array(0),
    ]);
    return from.send(this.l1, { to: this.addresses.OptimismPortalProxy!, data, value });
  }

  /** The `faultline host` flags that check `proposal` online against this devnet. */
  hostFlags(proposal: Proposal): string[] {
    const game = proposal.game;
    if (!game) throw new DevnetError(`the game for L2 block ${proposal.l2BlockNumber} is not mined yet`);
    const start = this.node.chain.byNumber(game.startingBlockNumber);
    if (!start) throw new DevnetError(`starting block ${game.startingBlockNumber} unknown`);
    return [
      '--l1',
      this.l1Url,
      '--l2',
      this.l2Url,
      '--rollup.config',
      join(this.dir, 'rollup.json'),
      '--l2.genesis',
      join(this.dir, 'genesis.json'),
      '--l1.head',
      bytesToHex(game.l1Head),
      '--l2.head',
      bytesToHex(start.hash),
      '--l2.outputroot',
      bytesToHex(game.startingOutputRoot),
      '--l2.claim',
      bytesToHex(proposal.rootClaim),
      '--l2.blocknumber',
      proposal.l2BlockNumber.toString(),
    ];
  }
}

/** Hands an L1 block to the sequencer (an origin) and to the verifier's view of L1. */
async function addL1Block(l1: L1Client, block: L1Block, sequencer: Sequencer, view: L1View): Promise<void> {
  const receipts = await l1.receipts(block.hash);
  sequencer.addL1Block({ hash: block.hash, header: block.header, receipts });
  const transactions = (await l1.transactions(block.hash)).map(l1TransactionInfo);
  view.add({ hash: block.hash, header: block.header, transactions, receipts });
}

function refOf(b: L1Block) {
  return { hash: b.hash, number: b.header.number, parentHash: b.header.parentHash, timestamp: b.header.timestamp };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** L2 genesis from the deployed SystemConfig: its start block and gas config, read from L1. */
async function genesisFromL1(
  l1: L1Client,
  addresses: Record<string, string>,
  batchInbox: string,
  batcher: string,
  user: string,
): Promise<L2Genesis> {
  const sys = loadArtifact('SystemConfig');
  const systemConfig = addresses.SystemConfigProxy!;
  const read = async (fn: string) => sys.decodeResult(fn, await l1.ethCall(systemConfig, sys.encodeCall(fn)))[0]!;
  const startNumber = (await read('startBlock')) as bigint;
  const start = await l1.blockByNumber(startNumber);
  const word = (v: bigint) => hexToBytes(`0x${v.toString(16).padStart(64, '0')}`);
  return buildL2Genesis({
    l1ChainId: L1_CHAIN_ID,
    l2ChainId: L2_CHAIN_ID,
    l1Start: { hash: start.hash, number: start.header.number, timestamp: start.header.timestamp },
    portal: addresses.OptimismPortalProxy!,
    systemConfig,
    batchInbox,
    batcher,
    overhead: word((await read('overhead')) as bigint),
    scalar: word((await read('scalar')) as bigint),
    gasLimit: (await read('gasLimit')) as bigint,
    funded: { [user]: 1000n * ETHER },
  });
}
