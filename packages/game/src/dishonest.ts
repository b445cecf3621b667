/**
 * A dishonest actor's view, for tests and the demo: it computes everything the honest way and
 * then lies in a controlled place — output roots of L2 blocks from `fromBlock` on are replaced
 * by keccak256 of the true root (what the devnet's dishonest proposer proposes), and in every
 * execution subgame the states after `fromStep` steps are replaced: intermediate ones by a hash
 * with status "unfinished", the final one by the opposite verdict. `fromStep` may name the first
 * step that reads a pre-image of some key type, so the honest side's on-chain step must load it.
 */
import type { Position } from '@faultline/contracts';
import { keccak256 } from '@faultline/primitives';
import type { CannonTrace } from './cannon-trace.js';
import type { GameState } from './game-contract.js';
import { execTraceIndex, minBlock, outputBlockOf, type Subgame, subgameOf } from './subgame.js';
import type { HonestView, TraceView } from './trace-view.js';

export interface Lies {
  /** Output roots of this L2 block and later ones are wrong. */
  fromBlock: bigint;
  /**
   * States after this many steps are wrong: a number, 'exit' (only the final state), or the
   * first step at or after `after` that reads a pre-image of key type `type` (1 local, 2 keccak…).
   */
  fromStep: number | 'exit' | { type: number; after: number };
}

const STATUS_VALID = 0;
const STATUS_INVALID = 1;
const STATUS_UNFINISHED = 3;

export function wrongOutput(root: Uint8Array): Uint8Array {
  return keccak256(root);
}

export class DishonestView implements TraceView {
  private readonly lieSteps = new Map<CannonTrace, Promise<number>>();
  constructor(
    private readonly honest: HonestView,
    readonly lies: Lies,
  ) {}

  execTrace(game: GameState, sub: Subgame): Promise<CannonTrace> {
    return this.honest.execTrace(game, sub);
  }

  /** The number of steps after which this view's states are wrong, for one trace. */
  lieStep(trace: CannonTrace): Promise<number> {
    let p = this.lieSteps.get(trace);
    if (!p) {
      const f = this.lies.fromStep;
      p = (async () => {
        if (typeof f === 'number') return f;
        const end = (await trace.stateAt(Number.MAX_SAFE_INTEGER - 1)).step;
        if (f === 'exit') return end - 1;
        const at = await trace.firstReadFrom(f.after, (k) => k[0] === f.type);
        return at ?? end - 1;
      })();
      this.lieSteps.set(trace, p);
    }
    return p;
  }

  async valueAt(game: GameState, pos: Position, parentIndex: number | undefined): Promise<Uint8Array> {
    const honest = await this.honest.valueAt(game, pos, parentIndex);
    if (pos.depth <= game.splitDepth) {
      const block = outputBlockOf(game, pos);
      const clamped = minBlock(block, game.l2BlockNumber);
      return clamped >= this.lies.fromBlock ? wrongOutput(honest) : honest;
    }
    const trace = await this.execTrace(game, subgameOf(game, pos, parentIndex));
    const index = execTraceIndex(game, pos);
    const k = await this.lieStep(trace);
    if (index + 1n <= BigInt(k)) return honest;
    const fake = keccak256(honest);
    const last = (1n << BigInt(game.maxGameDepth - game.splitDepth - 1)) - 1n;
    fake[0] = index === last ? (honest[0] === STATUS_VALID ? STATUS_INVALID : STATUS_VALID) : STATUS_UNFINISHED;
    return fake;
  }
}
