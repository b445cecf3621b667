/**
 * A FaultDisputeGame (contracts-bedrock 0.17.3, version 1.2.0) and its DisputeGameFactory as
 * the challenger reads them over L1 JSON-RPC: the game's immutables, its status and every claim
 * (parent, claimant, bond, value, position, chess clock, countered-by), clocks and credit; and the
 * calls it makes, as `GameCall` values (function, arguments, value) that can be printed before
 * they become transactions. Every answer is decoded strictly against the artifact's ABI.
 */
import { type AbiValue, GAME_TYPES, gameStatusName, loadArtifact, Position } from '@faultline/contracts';
import type { L1Client } from '@faultline/devnet';
import { BaseError, bytesToHex } from '@faultline/primitives';

export class GameError extends BaseError {
  override name = 'GameError' as const;
}

export const gameAbi = () => loadArtifact('FaultDisputeGame');
export const factoryAbi = () => loadArtifact('DisputeGameFactory');
export const oracleAbi = () => loadArtifact('PreimageOracle');
export const mipsAbi = () => loadArtifact('MIPS');

export interface Claim {
  index: number;
  /** Index of the parent claim; undefined for the root. */
  parentIndex: number | undefined;
  counteredBy: string;
  claimant: string;
  bond: bigint;
  value: Uint8Array;
  position: Position;
  /** Seconds accumulated on this claim's side's clock when it was made. */
  clockDuration: bigint;
  /** When the claim was made (L1 block timestamp). */
  clockTimestamp: bigint;
}

export interface GameParams {
  address: string;
  gameType: number;
  version: string;
  absolutePrestate: Uint8Array;
  maxGameDepth: number;
  splitDepth: number;
  maxClockDuration: bigint;
  clockExtension: bigint;
  l2ChainId: bigint;
  vm: string;
  weth: string;
  creator: string;
}

export interface GameState extends GameParams {
  rootClaim: Uint8Array;
  l2BlockNumber: bigint;
  l1Head: Uint8Array;
  startingOutputRoot: Uint8Array;
  startingBlockNumber: bigint;
  status: string;
  createdAt: bigint;
  resolvedAt: bigint;
  claims: Claim[];
  /** Claim indices whose subgames are resolved. */
  resolved: Set<number>;
  /** Timestamp of the L1 block the state was read at. */
  now: bigint;
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const NO_PARENT = 0xffffffff;

/** A call the challenger would make: readable as-is, sendable as a transaction. */
export interface GameCall {
  to: string;
  contract: 'FaultDisputeGame' | 'PreimageOracle';
  fn: string;
  args: AbiValue[];
  value: bigint;
  /** Why (for logs and `game show`). */
  reason: string;
}

export function encodeCall(c: GameCall): Uint8Array {
  return loadArtifact(c.contract).encodeCall(c.fn, c.args);
}

export class FaultGameReader {
  private readonly abi = gameAbi();
  constructor(
    readonly l1: L1Client,
    readonly address: string,
  ) {}

  async read(fn: string, args: AbiValue[] = [], block: bigint | 'latest' = 'latest'): Promise<AbiValue[]> {
    let out: Uint8Array;
    try {
      out = await this.l1.ethCall(this.address, this.abi.encodeCall(fn, args), block);
    } catch (e) {
      throw new GameError(`game ${this.address}: ${fn}() failed: ${(e as Error).message}`);
    }
    if (out.length === 0) throw new GameError(`game ${this.address}: no contract answers ${fn}() (not a game?)`);
    return this.abi.decodeResult(fn, out);
  }

  async params(): Promise<GameParams> {
    const one = async (fn: string) => (await this.read(fn))[0]!;
    const [gameType, version, prestate, maxDepth, split, maxClock, ext, chainId, vm, weth, creator] = await Promise.all(
      [
        'gameType',
        'version',
        'absolutePrestate',
        'maxGameDepth',
        'splitDepth',
        'maxClockDuration',
        'clockExtension',
        'l2ChainId',
        'vm',
        'weth',
        'gameCreator',
      ].map(one),
    );
    return {
      address: this.address,
      gameType: Number(gameType as bigint),
      version: version as string,
      absolutePrestate: prestate as Uint8Array,
      maxGameDepth: Number(maxDepth as bigint),
      splitDepth: Number(split as bigint),
      maxClockDuration: maxClock as bigint,
      clockExtension: ext as bigint,
      l2ChainId: chainId as bigint,
      vm: vm as string,
      weth: weth as string,
      creator: creator as string,
    };
  }

  async claim(index: number, block: bigint | 'latest' = 'latest'): Promise<Claim> {
    const [parent, counteredBy, claimant, bond, value, position, clock] = await this.read(
      'claimData',
      [BigInt(index)],
      block,
    );
    const c = clock as bigint;
    return {
      index,
      parentIndex: Number(parent as bigint) === NO_PARENT ? undefined : Number(parent as bigint),
      counteredBy: counteredBy as string,
      claimant: claimant as string,
      bond: bond as bigint,
      value: value as Uint8Array,
      position: Position.fromGindex(position as bigint),
      // LibClock: duration in the high 64 bits, timestamp in the low 64.
      clockDuration: c >> 64n,
      clockTimestamp: c & ((1n << 64n) - 1n),
    };
  }

  /** Everything about the game at the latest L1 block. */
  async state(): Promise<GameState> {
    const head = await this.l1.blockByNumber('latest');
    const block = head.header.number;
    const params = await this.params();
    const one = async (fn: string) => (await this.read(fn, [], block))[0]!;
    const [rootClaim, l2BlockNumber, l1Head, status, createdAt, resolvedAt, len] = await Promise.all(
      ['rootClaim', 'l2BlockNumber', 'l1Head', 'status', 'createdAt', 'resolvedAt', 'claimDataLen'].map(one),
    );
    const [startRoot, startNumber] = await this.read('startingOutputRoot', [], block);
    // Every claim and its resolution flag, read at the same block a few calls at a time (one
    // after another they were 2 round trips per claim for every move of a long game).
    const indices = Array.from({ length: Number(len as bigint) }, (_, i) => i);
    const claims = await inBatches(indices, (i) => this.claim(i, block));
    const flags = await inBatches(indices, async (i) => (await this.read('resolvedSubgames', [BigInt(i)], block))[0]);
    const resolved = new Set<number>(indices.filter((i) => flags[i]));
    return {
      ...params,
      rootClaim: rootClaim as Uint8Array,
      l2BlockNumber: l2BlockNumber as bigint,
      l1Head: l1Head as Uint8Array,
      startingOutputRoot: startRoot as Uint8Array,
      startingBlockNumber: startNumber as bigint,
      status: gameStatusName(status as bigint),
      createdAt: createdAt as bigint,
      resolvedAt: resolvedAt as bigint,
      claims,
      resolved,
      now: head.header.timestamp,
    };
  }

  async requiredBond(position: Position): Promise<bigint> {
    return (await this.read('getRequiredBond', [position.gindex]))[0] as bigint;
  }

  async challengerDuration(index: number): Promise<bigint> {
    return (await this.read('getChallengerDuration', [BigInt(index)]))[0] as bigint;
  }

  async credit(address: string): Promise<bigint> {
    return (await this.read('credit', [address]))[0] as bigint;
  }
}

export function isCountered(c: Claim): boolean {
  return c.counteredBy !== ZERO_ADDRESS;
}

export interface FactoryGame {
  index: number;
  gameType: number;
  timestamp: bigint;
  address: string;
}

/** Every game a DisputeGameFactory created, oldest first. */
export async function listGames(l1: L1Client, factory: string): Promise<FactoryGame[]> {
  const abi = factoryAbi();
  const call = async (fn: string, args: AbiValue[] = []) => {
    const out = await l1.ethCall(factory, abi.encodeCall(fn, args));
    if (out.length === 0) throw new GameError(`${factory} is not a DisputeGameFactory (no code answers ${fn}())`);
    return abi.decodeResult(fn, out);
  };
  const count = Number((await call('gameCount'))[0] as bigint);
  const out: FactoryGame[] = [];
  for (let i = 0; i < count; i++) {
    const [gameType, timestamp, proxy] = await call('gameAtIndex', [BigInt(i)]);
    out.push({
      index: i,
      gameType: Number(gameType as bigint),
      timestamp: timestamp as bigint,
      address: proxy as string,
    });
  }
  return out;
}

export function gameTypeName(t: number): string {
  return Object.entries(GAME_TYPES).find(([, v]) => v === t)?.[0] ?? `unknown type ${t}`;
}

export function describeClaim(c: Claim, maxDepth: number): string {
  return `#${c.index} depth ${c.position.depth} trace ${c.position.traceIndex(maxDepth)} ${bytesToHex(c.value)}`;
}

/** Requests in flight at once in `inBatches`. */
const BATCH = 16;

/** `f` of every item, BATCH at a time, in order. */
async function inBatches<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(...(await Promise.all(items.slice(i, i + BATCH).map(f))));
  return out;
}
