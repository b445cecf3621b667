/**
 * The moves an actor makes, decided from its own view of every position and computed as values
 * before anything is sent (following op-challenger's claim solver): a claim is answered only when
 * every claim of the answering side on its path is one this view agrees with; a claim the view
 * disagrees with is attacked, one it agrees with (whose parent it also agrees with) is defended
 * — never the root of the game or of an execution subgame, which the contract forbids — and a
 * move already on the board is not repeated. A max-depth claim is countered by `step`: the
 * proof of the step at its trace index (attack) or the next one (defend), with the one pre-image
 * part the step reads named so it can be loaded first. Resolution: each subgame bottom-up once
 * its challenger's clock ran out, then the game.
 */
import type { Position } from '@faultline/contracts';
import type { StepProof } from '@faultline/mips';
import { KEY_TYPES, localKeyIndex } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { type Claim, type GameState, isCountered } from './game-contract.js';
import { execTraceIndex, type Subgame, subgameOf } from './subgame.js';
import type { TraceView } from './trace-view.js';

export type Action =
  | {
      kind: 'move';
      isAttack: boolean;
      parentIndex: number;
      disputed: Uint8Array;
      value: Uint8Array;
      position: Position;
      reason: string;
    }
  | {
      kind: 'step';
      claimIndex: number;
      isAttack: boolean;
      proof: StepProof;
      subgame: Subgame;
      /** The pre-image part the step reads, if any (loaded before the step). */
      preimage?: { key: Uint8Array; value: Uint8Array; offset: number };
      reason: string;
    }
  /** A leaf this actor would counter but cannot on chain (the reason says why). */
  | { kind: 'undecidable'; claimIndex: number; reason: string };

const LOCAL_KEYS_IN_GAME = 5n;

export class Solver {
  private readonly agreeCache = new Map<number, boolean>();
  constructor(
    private readonly game: GameState,
    private readonly view: TraceView,
  ) {}

  async agree(c: Claim): Promise<boolean> {
    const hit = this.agreeCache.get(c.index);
    if (hit !== undefined) return hit;
    const ours = await this.view.valueAt(this.game, c.position, c.parentIndex);
    const a = equalBytes(ours, c.value);
    this.agreeCache.set(c.index, a);
    return a;
  }

  /** Every claim of this claim's side on its path to the root is one we agree with. */
  async agreeWithPath(c: Claim): Promise<boolean> {
    if (!(await this.agree(c))) return false;
    if (c.parentIndex === undefined) return true;
    const parent = this.game.claims[c.parentIndex]!;
    if (parent.parentIndex === undefined) return true;
    return this.agreeWithPath(this.game.claims[parent.parentIndex]!);
  }

  private async answerable(c: Claim): Promise<boolean> {
    return c.parentIndex === undefined || this.agreeWithPath(this.game.claims[c.parentIndex]!);
  }

  /** Moves against every claim that needs one (values computed, nothing sent). */
  async moves(): Promise<Action[]> {
    const g = this.game;
    const out: Action[] = [];
    for (const c of g.claims) {
      if (c.position.depth >= g.maxGameDepth) continue;
      if (!(await this.answerable(c))) continue;
      const agree = await this.agree(c);
      if (agree && (c.parentIndex === undefined || c.position.depth === g.splitDepth + 1)) continue;
      const isAttack = !agree;
      const position = c.position.move(isAttack);
      const value = await this.view.valueAt(g, position, c.index);
      const exists = g.claims.some(
        (o) => o.parentIndex === c.index && o.position.gindex === position.gindex && equalBytes(o.value, value),
      );
      if (exists) continue;
      out.push({
        kind: 'move',
        isAttack,
        parentIndex: c.index,
        disputed: c.value,
        value,
        position,
        reason: isAttack
          ? `claim #${c.index} (depth ${c.position.depth}) is wrong`
          : `claim #${c.index} (depth ${c.position.depth}) is right, so its counter to #${c.parentIndex} is misplaced`,
      });
    }
    return out;
  }

  /** Steps against max-depth claims this view disputes. */
  async steps(): Promise<Action[]> {
    const g = this.game;
    const out: Action[] = [];
    for (const c of g.claims) {
      if (c.position.depth !== g.maxGameDepth || isCountered(c)) continue;
      if (!(await this.answerable(c))) continue;
      const agree = await this.agree(c);
      const sub = subgameOf(g, c.position, c.parentIndex);
      const trace = await this.view.execTrace(g, sub);
      const index = Number(execTraceIndex(g, c.position));
      // Attack: the step from the state before this claim's (index) to it; defend: the next one.
      const proof = await trace.proofAt(agree ? index + 1 : index);
      const base = {
        claimIndex: c.index,
        isAttack: !agree,
        proof,
        subgame: sub,
        reason: `${agree ? 'defend' : 'attack'} leaf #${c.index} at trace index ${index} with step ${proof.step}`,
      };
      if (!proof.oracleKey || !proof.oracleValue || proof.oracleOffset === undefined) {
        out.push({ kind: 'step', ...base });
        continue;
      }
      const key = proof.oracleKey;
      const undecidable = (why: string) => out.push({ kind: 'undecidable', claimIndex: c.index, reason: why });
      if (key[0] === KEY_TYPES.local.byte && localKeyIndex(key) > LOCAL_KEYS_IN_GAME) {
        undecidable(
          `step ${proof.step} reads local key ${localKeyIndex(key)}, which FaultDisputeGame 1.2.0 cannot supply (addLocalData: keys 1–5)`,
        );
        continue;
      }
      if (key[0] === KEY_TYPES.precompile.byte) {
        undecidable(
          `step ${proof.step} reads precompile key ${bytesToHex(key)}, which PreimageOracle 1.0.0 cannot produce`,
        );
        continue;
      }
      out.push({ kind: 'step', ...base, preimage: { key, value: proof.oracleValue, offset: proof.oracleOffset } });
    }
    return out;
  }
}

export interface ResolutionPlan {
  claims: number[];
  game: boolean;
}

/**
 * Which subgames can be resolved now (bottom-up: a claim after all its children, once the clock
 * of whoever could counter it has run out) and whether the game can then be resolved.
 */
export function resolutionPlan(game: GameState, challengerDuration: (index: number) => bigint): ResolutionPlan {
  if (game.status !== 'IN_PROGRESS') return { claims: [], game: false };
  const resolved = new Set(game.resolved);
  const children = new Map<number, number[]>();
  for (const c of game.claims)
    if (c.parentIndex !== undefined) children.set(c.parentIndex, [...(children.get(c.parentIndex) ?? []), c.index]);
  const claims: number[] = [];
  for (let i = game.claims.length - 1; i >= 0; i--) {
    if (resolved.has(i)) continue;
    if (!(children.get(i) ?? []).every((k) => resolved.has(k))) continue;
    if (challengerDuration(i) < game.maxClockDuration) continue;
    claims.push(i);
    resolved.add(i);
  }
  return { claims, game: resolved.has(0) };
}
