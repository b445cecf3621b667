/**
 * What an actor believes every position of a game should hold. The honest view: above the split
 * depth, the output root of the position's L2 block (clamped to the game's block), recomputed from
 * the L2 node's data and — before it is used — confirmed by a native run of the fault-proof
 * program from the game's anchor (so a lying L2 node is caught, not followed); below it, the
 * state hash of client.elf's run for the position's execution subgame, at the position's trace
 * index (claim at index i = the state after i + 1 steps; past the program's exit, its final state).
 */
import type { Position } from '@faultline/contracts';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import type { CannonTrace } from './cannon-trace.js';
import type { FaultProgram, ProgramInputs } from './fault-program.js';
import { GameError, type GameState } from './game-contract.js';
import type { L2OutputSource } from './output-source.js';
import { execTraceIndex, minBlock, outputBlockOf, type Subgame, subgameOf } from './subgame.js';

export interface TraceView {
  /** The value this actor would put at `pos` under claim `parentIndex` (existing or prospective). */
  valueAt(game: GameState, pos: Position, parentIndex: number | undefined): Promise<Uint8Array>;
  /** The execution trace of a subgame (for steps and for reports). */
  execTrace(game: GameState, subgame: Subgame): Promise<CannonTrace>;
}

export interface HonestViewOptions {
  outputs: L2OutputSource;
  program: FaultProgram;
  /** Confirm each output root with a native run of the program (default true). */
  nativeOutputs?: boolean;
}

export class HonestView implements TraceView {
  private readonly confirmed = new Map<string, Uint8Array>();
  constructor(private readonly options: HonestViewOptions) {}

  /** The anchor block's hash, after checking the game's starting output root is the chain's. */
  async anchorHash(game: GameState): Promise<Uint8Array> {
    const anchor = await this.options.outputs.outputAt(game.startingBlockNumber);
    if (!equalBytes(anchor.root, game.startingOutputRoot))
      throw new GameError(
        `the game's starting output root ${bytesToHex(game.startingOutputRoot)} is not L2 block ${game.startingBlockNumber}'s (${bytesToHex(anchor.root)})`,
      );
    return anchor.blockHash;
  }

  /** The output root of L2 block `block`, recomputed and (by default) confirmed natively. */
  async outputRoot(game: GameState, block: bigint): Promise<Uint8Array> {
    const key = `${bytesToHex(game.l1Head)}/${bytesToHex(game.startingOutputRoot)}/${block}`;
    const hit = this.confirmed.get(key);
    if (hit) return hit;
    const out = await this.options.outputs.outputAt(block);
    if (block === game.startingBlockNumber) {
      await this.anchorHash(game);
    } else if (this.options.nativeOutputs !== false) {
      const verdict = await this.options.program.verdict({
        l1Head: game.l1Head,
        agreedBlockHash: await this.anchorHash(game),
        agreedOutput: game.startingOutputRoot,
        claimedOutput: out.root,
        claimBlock: block,
      });
      if (verdict !== 'valid')
        throw new GameError(
          `the L2 node's output root at block ${block} (${bytesToHex(out.root)}) is not what the fault-proof program derives from L1 — the RPC lies or is not synced to the game's L1 head`,
        );
    }
    this.confirmed.set(key, out.root);
    return out.root;
  }

  /** The boot values of a subgame's program run, as the game's local keys hold them. */
  async programInputs(game: GameState, sub: Subgame): Promise<ProgramInputs> {
    const agreedBlock = minBlock(sub.starting.block, game.l2BlockNumber);
    const agreed = await this.options.outputs.outputAt(agreedBlock);
    return {
      l1Head: game.l1Head,
      agreedBlockHash: agreed.blockHash,
      agreedOutput: sub.starting.value,
      claimedOutput: sub.disputed.value,
      claimBlock: sub.disputed.block,
    };
  }

  async execTrace(game: GameState, sub: Subgame): Promise<CannonTrace> {
    const trace = await this.options.program.trace(await this.programInputs(game, sub));
    return trace;
  }

  async valueAt(game: GameState, pos: Position, parentIndex: number | undefined): Promise<Uint8Array> {
    if (pos.depth <= game.splitDepth) {
      const block = outputBlockOf(game, pos);
      return this.outputRoot(game, minBlock(block, game.l2BlockNumber));
    }
    const sub = subgameOf(game, pos, parentIndex);
    const trace = await this.execTrace(game, sub);
    const e = game.maxGameDepth - game.splitDepth - 1;
    const index = execTraceIndex(game, pos);
    const hash = await trace.hashAt(Number(index) + 1);
    const exit = trace.exitedAt;
    const tooLong = exit === undefined ? index === (1n << BigInt(e)) - 1n : exit > 2 ** e;
    if (tooLong)
      throw new GameError(
        `the game's execution depth ${e} holds ${2 ** e} steps but client.elf's trace for this block takes ${exit ?? 'more'}: the game cannot decide it (wrong prestate or game parameters?)`,
      );
    return hash;
  }
}
