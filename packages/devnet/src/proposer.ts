/**
 * The proposer: every `blocksPerProposal` L2 blocks, once that block is safe (its batch is mined,
 * so an L1 head that includes it exists), it creates a CANNON game through
 * `DisputeGameFactory.create(0, outputRoot, abi.encode(l2BlockNumber))` with the factory's
 * `initBonds(0)` as value. `dishonest` proposes keccak256 of the true output root instead — a
 * claim the fault-proof program must find INVALID. Games are read back from the
 * `DisputeGameCreated` log and the game's own getters (l1Head, starting output, status).
 */
import { encodeAbi, GAME_TYPES, gameStatusName, loadArtifact } from '@faultline/contracts';
import { BaseError, bytesToHex, hexToBytes, keccak256 } from '@faultline/primitives';
import type { L1Client, Wallet } from './l1-client.js';
import type { L2Node } from './l2/node.js';

export class ProposerError extends BaseError {
  override name = 'ProposerError' as const;
}

export interface Proposal {
  l2BlockNumber: bigint;
  rootClaim: Uint8Array;
  honest: boolean;
  txHash: string;
  /** Filled once mined. */
  game?: GameInfo;
}

export interface GameInfo {
  address: string;
  l1Head: Uint8Array;
  startingOutputRoot: Uint8Array;
  startingBlockNumber: bigint;
  status: string;
}

export interface ProposerOptions {
  l1: L1Client;
  wallet: Wallet;
  node: L2Node;
  factory: string;
  blocksPerProposal: bigint;
  dishonest?: boolean;
  log?: (line: string) => void;
}

export class Proposer {
  readonly proposals: Proposal[] = [];
  private next: bigint;
  private bond: bigint | undefined;
  private readonly factoryAbi = loadArtifact('DisputeGameFactory');
  private readonly gameAbi = loadArtifact('FaultDisputeGame');

  constructor(private readonly options: ProposerOptions) {
    if (options.blocksPerProposal < 1n) throw new ProposerError('proposer: blocks per proposal must be at least 1');
    this.next = options.blocksPerProposal;
  }

  private async initBond(): Promise<bigint> {
    if (this.bond === undefined) {
      const data = this.factoryAbi.encodeCall('initBonds', [BigInt(GAME_TYPES.CANNON)]);
      const out = await this.options.l1.ethCall(this.options.factory, data);
      this.bond = this.factoryAbi.decodeResult('initBonds', out)[0] as bigint;
    }
    return this.bond;
  }

  /** Proposes every due block that is safe (their transactions land in the next L1 block). */
  async proposeDue(): Promise<void> {
    while (this.next <= this.options.node.safe) {
      await this.propose(this.next, this.options.dishonest === true);
      this.next += this.options.blocksPerProposal;
    }
  }

  /** Creates a game for L2 block `n` (honest: its output root; else a wrong one). */
  async propose(n: bigint, dishonest: boolean): Promise<Proposal> {
    const { node, l1, wallet } = this.options;
    const block = node.chain.byNumber(n);
    if (!block) throw new ProposerError(`proposer: L2 block ${n} does not exist`);
    if (n > node.safe) throw new ProposerError(`proposer: L2 block ${n} is not safe yet (safe head ${node.safe})`);
    const rootClaim = dishonest ? keccak256(block.outputRoot) : block.outputRoot;
    const extraData = encodeAbi([{ type: 'uint256' }], [n]);
    const data = this.factoryAbi.encodeCall('create', [BigInt(GAME_TYPES.CANNON), rootClaim, extraData]);
    const txHash = await wallet.send(l1, { to: this.options.factory, data, value: await this.initBond() });
    const proposal: Proposal = { l2BlockNumber: n, rootClaim, honest: !dishonest, txHash };
    this.proposals.push(proposal);
    this.options.log?.(`proposer: ${dishonest ? 'WRONG' : 'honest'} output ${bytesToHex(rootClaim)} for L2 block ${n}`);
    return proposal;
  }

  /** After a block is mined: reads the games of mined proposals. */
  async confirm(): Promise<void> {
    for (const p of this.proposals) {
      if (p.game) continue;
      const receipt = await this.options.l1.receipt(p.txHash);
      if (!receipt) continue;
      if (receipt.status !== '0x1') {
        throw new ProposerError(`proposer: DisputeGameFactory.create for L2 block ${p.l2BlockNumber} reverted`);
      }
      const logs = (receipt.logs as { topics: string[]; data: string; address: string }[]) ?? [];
      const created = logs
        .filter((l) => l.address.toLowerCase() === this.options.factory.toLowerCase())
        .map((l) =>
          this.factoryAbi.decodeLog(
            l.topics.map((t) => hexToBytes(t)),
            hexToBytes(l.data),
          ),
        )
        .find((d) => d?.event === 'DisputeGameCreated');
      if (!created) throw new ProposerError('proposer: no DisputeGameCreated log in the create receipt');
      p.game = await this.readGame(created.args.disputeProxy as string);
      this.options.log?.(`proposer: game ${p.game.address} for L2 block ${p.l2BlockNumber}`);
    }
  }

  async readGame(address: string): Promise<GameInfo> {
    const read = async (fn: string) =>
      this.gameAbi.decodeResult(fn, await this.options.l1.ethCall(address, this.gameAbi.encodeCall(fn)));
    const [l1Head] = await read('l1Head');
    const [startRoot, startNumber] = await read('startingOutputRoot');
    const [status] = await read('status');
    return {
      address,
      l1Head: l1Head as Uint8Array,
      startingOutputRoot: startRoot as Uint8Array,
      startingBlockNumber: startNumber as bigint,
      status: gameStatusName(status as bigint),
    };
  }
}
