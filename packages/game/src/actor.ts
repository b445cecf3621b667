/**
 * An actor in FaultDisputeGames: it reads a game, refuses one it must not play (unknown game
 * type, an absolute prestate that is not ours, a resolved game), plans its moves with `Solver`
 * from its own `TraceView`, prints each decision, then sends it — a move with exactly the bond
 * the game asks for (after checking the account can pay it), a step after loading the pre-image
 * part it reads into the PreimageOracle (and after MIPS.sol in our own EVM agreed with our VM on
 * it), the resolution of every subgame whose clock has run out, and finally the claim of its
 * credit once DelayedWETH's delay has passed. Honest and dishonest actors differ only in their
 * view. Transactions are mined by whoever runs the L1 (`mine`, e.g. the devnet's `step`).
 */
import { GAME_TYPES, loadArtifact } from '@faultline/contracts';
import type { L1Client, Wallet } from '@faultline/devnet';
import { L1RpcError } from '@faultline/devnet';
import { KEY_TYPES, localKeyIndex } from '@faultline/preimage';
import {
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  equalBytes,
  hexToBytes,
  keccak256,
  padLeft,
  parseQuantity,
} from '@faultline/primitives';
import { blobPreimagePart } from './blob-part.js';
import {
  encodeCall,
  FaultGameReader,
  type GameCall,
  GameError,
  type GameState,
  gameTypeName,
  mipsAbi,
  oracleAbi,
} from './game-contract.js';
import { OnchainMips } from './onchain-mips.js';
import { checkStepOnchain, describeOnchainCheck, type PreimageLookup } from './onchain-step.js';
import { type Action, resolutionPlan, Solver } from './solver.js';
import type { TraceView } from './trace-view.js';

export class InsufficientFundsError extends GameError {}

export interface ActorOptions {
  label: string;
  l1: L1Client;
  wallet: Wallet;
  view: TraceView;
  /** The absolute prestate this actor's program has (games with another are refused). */
  prestate: Uint8Array;
  /** Gets sent transactions mined (default: poll for receipts, for an L1 that mines by itself). */
  mine?: () => Promise<void>;
  /** Blob parts need the blob (the host's pre-image store). */
  lookup?: PreimageLookup;
  /** Check each step with MIPS.sol in our EVM before sending it (default true). */
  checkSteps?: boolean;
  log?: (line: string) => void;
}

export interface ActorStats {
  moves: number;
  steps: number;
  preimageLoads: number;
  resolutions: number;
  credited: bigint;
  /** Gas of each step transaction. */
  stepGas: bigint[];
  /** ms from this actor's first move in a game to its step being mined. */
  msToStep: number[];
  gasUsed: bigint;
}

export interface Receipt {
  hash: string;
  gasUsed: bigint;
  logs: { address: string; topics: string[]; data: string }[];
}

const ZERO = '0x0000000000000000000000000000000000000000';
const GAS_RESERVE = 10n ** 16n;

export class Actor {
  readonly stats: ActorStats = {
    moves: 0,
    steps: 0,
    preimageLoads: 0,
    resolutions: 0,
    credited: 0n,
    stepGas: [],
    msToStep: [],
    gasUsed: 0n,
  };
  private readonly firstMove = new Map<string, number>();
  /** The same counters per game address. */
  readonly perGame = new Map<string, ActorStats>();
  private onchain: OnchainMips | undefined;

  constructor(readonly options: ActorOptions) {}

  /** This actor's counters for one game. */
  statsFor(game: string): ActorStats {
    let s = this.perGame.get(game);
    if (!s) {
      s = {
        moves: 0,
        steps: 0,
        preimageLoads: 0,
        resolutions: 0,
        credited: 0n,
        stepGas: [],
        msToStep: [],
        gasUsed: 0n,
      };
      this.perGame.set(game, s);
    }
    return s;
  }

  get address(): string {
    return this.options.wallet.address;
  }

  private log(line: string): void {
    this.options.log?.(`${this.options.label}: ${line}`);
  }

  /** The game, read and checked: a game this actor cannot play is an error naming why. */
  async game(address: string): Promise<GameState> {
    const g = await new FaultGameReader(this.options.l1, address).state();
    if (g.gameType !== GAME_TYPES.CANNON)
      throw new GameError(
        `game ${address}: game type ${g.gameType} (${gameTypeName(g.gameType)}) is not CANNON (0), the only type played`,
      );
    if (!equalBytes(g.absolutePrestate, this.options.prestate))
      throw new GameError(
        `game ${address}: absolute prestate ${bytesToHex(g.absolutePrestate)} is not our program's ${bytesToHex(this.options.prestate)}`,
      );
    return g;
  }

  /** The moves and steps this actor would make now (values only; nothing is sent). */
  async plan(g: GameState): Promise<Action[]> {
    if (g.status !== 'IN_PROGRESS') return [];
    const solver = new Solver(g, this.options.view);
    return [...(await solver.moves()), ...(await solver.steps())];
  }

  /** Plans and sends; returns the number of transactions sent. */
  async act(address: string): Promise<number> {
    const g = await this.game(address);
    if (g.status !== 'IN_PROGRESS') {
      this.log(`game ${address} is already resolved (${g.status}); nothing to play`);
      return 0;
    }
    const actions = await this.plan(g);
    let sent = 0;
    for (const a of actions) {
      this.log(describeAction(a, g));
      if (a.kind === 'move') {
        if (!this.firstMove.has(address)) this.firstMove.set(address, performance.now());
        await this.move(g, a);
        sent++;
      } else if (a.kind === 'step') {
        sent += await this.step(g, a);
      }
    }
    return sent;
  }

  private async move(g: GameState, a: Extract<Action, { kind: 'move' }>): Promise<void> {
    const reader = new FaultGameReader(this.options.l1, g.address);
    const bond = await reader.requiredBond(a.position);
    const balance = parseQuantity(await this.options.l1.call<string>('eth_getBalance', [this.address, 'latest']));
    if (balance < bond + GAS_RESERVE)
      throw new InsufficientFundsError(
        `insufficient bond funds: a move at depth ${a.position.depth} of game ${g.address} needs ${bond} wei (+ gas); ${this.address} has ${balance}`,
      );
    await this.send({
      to: g.address,
      contract: 'FaultDisputeGame',
      fn: a.isAttack ? 'attack' : 'defend',
      args: [a.disputed, BigInt(a.parentIndex), a.value],
      value: bond,
      reason: a.reason,
    });
    this.stats.moves++;
    this.statsFor(g.address).moves++;
  }

  private async step(g: GameState, a: Extract<Action, { kind: 'step' }>): Promise<number> {
    if (this.options.checkSteps !== false) {
      this.onchain ??= new OnchainMips();
      const check = checkStepOnchain(this.onchain, a.proof, {
        localContext: a.subgame.localContext,
        ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
      });
      if (check.verdict.kind !== 'match')
        throw new GameError(
          `step on claim #${a.claimIndex} not sent: MIPS.sol in our EVM says ${describeOnchainCheck(check)}`,
        );
    }
    let sent = 0;
    if (a.preimage) sent += await this.loadPreimage(g, a.claimIndex, a.preimage, a.subgame.localContext);
    const receipt = await this.send({
      to: g.address,
      contract: 'FaultDisputeGame',
      fn: 'step',
      args: [BigInt(a.claimIndex), a.isAttack, a.proof.stateData, a.proof.proofData],
      value: 0n,
      reason: a.reason,
    });
    const per = this.statsFor(g.address);
    this.stats.steps++;
    per.steps++;
    this.stats.stepGas.push(receipt.gasUsed);
    per.stepGas.push(receipt.gasUsed);
    const t0 = this.firstMove.get(g.address);
    if (t0 !== undefined) {
      this.stats.msToStep.push(performance.now() - t0);
      per.msToStep.push(performance.now() - t0);
    }
    this.log(`step on claim #${a.claimIndex} mined: gas ${receipt.gasUsed}`);
    return sent + 1;
  }

  /** Loads the part a step reads, unless the oracle already holds it. */
  private async loadPreimage(
    g: GameState,
    claimIndex: number,
    p: { key: Uint8Array; value: Uint8Array; offset: number },
    localContext: Uint8Array,
  ): Promise<number> {
    const oracle = await this.oracleOf(g);
    const oabi = oracleAbi();
    // Local keys live under the key localized for the caller of MIPS.step: the game.
    const stored = p.key[0] === KEY_TYPES.local.byte ? localize(p.key, g.address, localContext) : p.key;
    const ok = oabi.decodeResult(
      'preimagePartOk',
      await this.options.l1.ethCall(oracle, oabi.encodeCall('preimagePartOk', [stored, BigInt(p.offset)])),
    )[0];
    if (ok) return 0;
    const data = p.value.subarray(8);
    let call: GameCall;
    switch (p.key[0]) {
      case KEY_TYPES.local.byte:
        call = {
          to: g.address,
          contract: 'FaultDisputeGame',
          fn: 'addLocalData',
          args: [localKeyIndex(p.key), BigInt(claimIndex), BigInt(p.offset)],
          value: 0n,
          reason: `local key ${localKeyIndex(p.key)} at offset ${p.offset} for the step on #${claimIndex}`,
        };
        break;
      case KEY_TYPES.keccak256.byte:
        call = {
          to: oracle,
          contract: 'PreimageOracle',
          fn: 'loadKeccak256PreimagePart',
          args: [BigInt(p.offset), data],
          value: 0n,
          reason: `keccak pre-image ${bytesToHex(p.key)} (${data.length} bytes) at offset ${p.offset}`,
        };
        break;
      case KEY_TYPES.sha256.byte:
        call = {
          to: oracle,
          contract: 'PreimageOracle',
          fn: 'loadSha256PreimagePart',
          args: [BigInt(p.offset), data],
          value: 0n,
          reason: `sha256 pre-image ${bytesToHex(p.key)} at offset ${p.offset}`,
        };
        break;
      case KEY_TYPES.blob.byte: {
        const part = blobPreimagePart(p.key, data, this.options.lookup);
        call = {
          to: oracle,
          contract: 'PreimageOracle',
          fn: 'loadBlobPreimagePart',
          args: [bytesToBigInt(part.z), bytesToBigInt(data), part.commitment, part.proof, BigInt(p.offset)],
          value: 0n,
          reason: `blob field element ${bytesToHex(p.key)} at offset ${p.offset}`,
        };
        break;
      }
      default:
        throw new GameError(`pre-image key type ${p.key[0]} cannot be loaded into PreimageOracle 1.0.0`);
    }
    this.log(`load ${call.fn}: ${call.reason}`);
    await this.send(call);
    this.stats.preimageLoads++;
    this.statsFor(g.address).preimageLoads++;
    return 1;
  }

  private oracles = new Map<string, string>();
  private async oracleOf(g: GameState): Promise<string> {
    let o = this.oracles.get(g.vm);
    if (!o) {
      const abi = mipsAbi();
      o = abi.decodeResult('oracle', await this.options.l1.ethCall(g.vm, abi.encodeCall('oracle')))[0] as string;
      this.oracles.set(g.vm, o);
    }
    return o;
  }

  /**
   * Resolves what the clocks allow (subgames bottom-up, then the game) and claims this actor's
   * credit once DelayedWETH lets it. Returns the number of transactions sent.
   */
  async resolve(address: string): Promise<number> {
    const g = await this.game(address);
    let sent = 0;
    const duration = (i: number) => {
      const c = g.claims[i]!;
      const parent = c.parentIndex === undefined ? 0n : g.claims[c.parentIndex]!.clockDuration;
      const d = parent + (g.now - c.clockTimestamp);
      return d > g.maxClockDuration ? g.maxClockDuration : d;
    };
    const plan = resolutionPlan(g, duration);
    for (const i of plan.claims) {
      await this.send({
        to: address,
        contract: 'FaultDisputeGame',
        fn: 'resolveClaim',
        args: [BigInt(i), 0n],
        value: 0n,
        reason: `resolve subgame #${i}`,
      });
      this.stats.resolutions++;
      this.statsFor(address).resolutions++;
      sent++;
    }
    if (plan.game) {
      await this.send({
        to: address,
        contract: 'FaultDisputeGame',
        fn: 'resolve',
        args: [],
        value: 0n,
        reason: 'resolve the game',
      });
      sent++;
    }
    sent += await this.claimCredit(address);
    return sent;
  }

  /** `claimCredit(me)` once DelayedWETH's withdrawal delay has passed since the bond was unlocked. */
  async claimCredit(address: string): Promise<number> {
    const reader = new FaultGameReader(this.options.l1, address);
    const credit = await reader.credit(this.address);
    if (credit === 0n) return 0;
    const weth = loadArtifact('DelayedWETH');
    const wethAddress = (await reader.read('weth'))[0] as string;
    const q = async (fn: string, args: Parameters<typeof weth.encodeCall>[1] = []) =>
      weth.decodeResult(fn, await this.options.l1.ethCall(wethAddress, weth.encodeCall(fn, args)));
    const [, unlockedAt] = await q('withdrawals', [address, this.address]);
    const [delay] = await q('delay');
    const now = (await this.options.l1.blockByNumber('latest')).header.timestamp;
    if ((unlockedAt as bigint) + (delay as bigint) >= now) return 0;
    await this.send({
      to: address,
      contract: 'FaultDisputeGame',
      fn: 'claimCredit',
      args: [this.address],
      value: 0n,
      reason: `claim ${credit} wei of credit`,
    });
    this.stats.credited += credit;
    this.statsFor(address).credited += credit;
    this.log(`claimed ${credit} wei from game ${address}`);
    return 1;
  }

  /** Sends a call, gets it mined and checks it succeeded (a revert is an error with its reason). */
  async send(call: GameCall): Promise<Receipt> {
    const { l1, wallet } = this.options;
    const data = encodeCall(call);
    const artifact = loadArtifact(call.contract);
    let hash: string;
    try {
      // Estimated on the latest block, not the pending one: an L1 whose blocks are mined on
      // demand (anvil --no-mining) gives its pending block the wall-clock time, which can be far
      // from chain time and would misjudge the game's clocks.
      const estimate = await l1.call<string>('eth_estimateGas', [
        { from: wallet.address, to: call.to, data: bytesToHex(data), value: `0x${call.value.toString(16)}` },
        'latest',
      ]);
      const gas = (parseQuantity(estimate) * 13n) / 10n + 50_000n;
      hash = await wallet.send(l1, { to: call.to, data, value: call.value, gas });
    } catch (e) {
      wallet.resetNonce();
      if (e instanceof L1RpcError && e.data)
        throw new GameError(
          `${call.contract}.${call.fn} (${call.reason}) ${artifact.describeRevert(hexToBytes(e.data))}`,
        );
      throw new GameError(`${call.contract}.${call.fn} (${call.reason}): ${(e as Error).message}`);
    }
    const receipt = await this.waitFor(hash);
    const gasUsed = parseQuantity(String(receipt.gasUsed));
    this.stats.gasUsed += gasUsed;
    if (call.contract === 'FaultDisputeGame') this.statsFor(call.to).gasUsed += gasUsed;
    if (receipt.status !== '0x1') {
      let why = 'reverted';
      try {
        await l1.call('eth_call', [
          { from: wallet.address, to: call.to, data: bytesToHex(data), value: `0x${call.value.toString(16)}` },
          `0x${(parseQuantity(String(receipt.blockNumber)) - 1n).toString(16)}`,
        ]);
      } catch (e) {
        if (e instanceof L1RpcError && e.data) why = artifact.describeRevert(hexToBytes(e.data));
      }
      throw new GameError(`${call.contract}.${call.fn} (${call.reason}) ${why}`);
    }
    return { hash, gasUsed, logs: (receipt.logs as Receipt['logs']) ?? [] };
  }

  private async waitFor(hash: string): Promise<Record<string, unknown>> {
    if (this.options.mine) {
      await this.options.mine();
      const r = await this.options.l1.receipt(hash);
      if (!r) throw new GameError(`transaction ${hash} was not mined`);
      return r;
    }
    for (let i = 0; i < 600; i++) {
      const r = await this.options.l1.receipt(hash);
      if (r) return r;
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new GameError(`transaction ${hash} was not mined within 5 minutes`);
  }
}

/** PreimageKeyLib.localize: keccak(key ++ caller ++ localContext) with type byte 1. */
export function localize(key: Uint8Array, caller: string, localContext: Uint8Array): Uint8Array {
  const h = keccak256(concatBytes(key, padLeft(hexToBytes(caller), 32), localContext));
  h[0] = KEY_TYPES.local.byte;
  return h;
}

export function describeAction(a: Action, g: GameState): string {
  switch (a.kind) {
    case 'move':
      return `${a.isAttack ? 'attack' : 'defend'} #${a.parentIndex} → depth ${a.position.depth}, trace index ${a.position.traceIndex(g.maxGameDepth)}: ${bytesToHex(a.value)} (${a.reason})`;
    case 'step':
      return `step ${a.isAttack ? 'attack' : 'defend'} on leaf #${a.claimIndex}: VM step ${a.proof.step}${
        a.preimage ? `, reads ${bytesToHex(a.preimage.key)} at offset ${a.preimage.offset}` : ''
      } (${a.reason})`;
    case 'undecidable':
      return `cannot counter leaf #${a.claimIndex} on chain: ${a.reason}`;
  }
}

export { ZERO as ZERO_ADDRESS };
