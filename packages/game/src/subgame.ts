/**
 * Where a claim sits in the game, computed the way FaultDisputeGame 1.2.0 computes it: a
 * position's trace ancestor (`LibPosition.traceAncestor`: shift off the trailing right-child
 * bits), the L2 block an output position commits to (start + traceIndex(split) + 1), and — below
 * the split depth — the execution subgame a claim belongs to: its starting and disputed output
 * claims (`_findStartingAndDisputedOutputs`) and the local context that localizes the
 * pre-image keys of its steps (`_computeLocalContext`).
 */
import { encodeAbi, Position } from '@faultline/contracts';
import { keccak256 } from '@faultline/primitives';
import { type Claim, GameError, type GameState } from './game-contract.js';

/** The highest ancestor of `p` that commits to the same trace index. */
export function traceAncestor(p: Position): Position {
  let g = p.gindex;
  while ((g & 1n) === 1n && g > 1n) g >>= 1n;
  return Position.fromGindex(g === 0n ? 1n : g);
}

/** `traceAncestorBounded`: the trace ancestor kept below `split` (within an execution subgame). */
export function traceAncestorBounded(p: Position, split: number): Position {
  if (p.depth <= split) throw new GameError(`position ${p.gindex} is at or above the split depth`);
  const a = traceAncestor(p);
  return a.depth <= split ? a.rightIndex(split + 1) : a;
}

/** The smaller of two block numbers (output positions past the game's block hold its output). */
export function minBlock(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The L2 block an output-root position commits to (unclamped, as the contract computes it). */
export function outputBlockOf(game: GameState, p: Position): bigint {
  return game.startingBlockNumber + p.traceIndex(game.splitDepth) + 1n;
}

/** A claim in a chain of ancestors: an existing claim, or the prospective move at its head. */
export interface ChainLink {
  position: Position;
  value: Uint8Array | undefined;
  index: number | undefined;
  parentIndex: number | undefined;
}

/** The chain from a (prospective) claim at `pos` under `parentIndex` up to the root. */
export function ancestry(game: GameState, pos: Position, parentIndex: number | undefined): ChainLink[] {
  const chain: ChainLink[] = [{ position: pos, value: undefined, index: undefined, parentIndex }];
  let i = parentIndex;
  while (i !== undefined) {
    const c: Claim | undefined = game.claims[i];
    if (!c) throw new GameError(`claim ${i} does not exist`);
    chain.push({ position: c.position, value: c.value, index: c.index, parentIndex: c.parentIndex });
    i = c.parentIndex;
  }
  return chain;
}

/** The claim in `chain` (from `from` upward) at exactly `pos`. */
export function findInChain(chain: ChainLink[], pos: Position, from = 0): ChainLink {
  for (let i = from; i < chain.length; i++) if (chain[i]!.position.gindex === pos.gindex) return chain[i]!;
  throw new GameError(`no claim at position ${pos.gindex} among the ancestors`);
}

export interface OutputRef {
  value: Uint8Array;
  /** Undefined: the anchor (the game's starting output root). */
  position: Position | undefined;
  block: bigint;
}

export interface Subgame {
  starting: OutputRef;
  disputed: OutputRef;
  localContext: Uint8Array;
  /** The claim (or prospective move) at split depth + 1 that roots this subgame. */
  execRoot: Position;
}

/** The execution subgame of a (prospective) claim below the split depth. */
export function subgameOf(game: GameState, pos: Position, parentIndex: number | undefined): Subgame {
  const split = game.splitDepth;
  if (pos.depth <= split) throw new GameError(`position at depth ${pos.depth} is not below the split depth ${split}`);
  const chain = ancestry(game, pos, parentIndex);
  const j = chain.findIndex((l) => l.position.depth === split);
  if (j < 1) throw new GameError('no output-root claim above this execution claim');
  const leaf = chain[j]!;
  const execRoot = chain[j - 1]!.position;
  const wasAttack = execRoot.gindex === leaf.position.gindex << 1n;
  const ref = (l: ChainLink): OutputRef => ({
    value: l.value!,
    position: l.position,
    block: outputBlockOf(game, l.position),
  });
  let starting: OutputRef;
  let disputed: OutputRef;
  if (wasAttack) {
    disputed = ref(leaf);
    starting =
      leaf.position.indexAtDepth > 0n
        ? ref(findInChain(chain, traceAncestor(Position.fromGindex(leaf.position.gindex - 1n)), j))
        : { value: game.startingOutputRoot, position: undefined, block: game.startingBlockNumber };
  } else {
    starting = ref(leaf);
    disputed = ref(findInChain(chain, traceAncestor(Position.fromGindex(leaf.position.gindex + 1n)), j));
  }
  return { starting, disputed, localContext: localContextOf(starting, disputed), execRoot };
}

/** FaultDisputeGame `_computeLocalContext`. */
export function localContextOf(starting: OutputRef, disputed: OutputRef): Uint8Array {
  const b32 = { type: 'bytes32' };
  const u128 = { type: 'uint128' };
  if (!starting.position) return keccak256(encodeAbi([b32, u128], [disputed.value, disputed.position!.gindex]));
  return keccak256(
    encodeAbi(
      [b32, u128, b32, u128],
      [starting.value, starting.position.gindex, disputed.value, disputed.position!.gindex],
    ),
  );
}

/** Index of a leaf (max-depth) position within its execution subgame's trace. */
export function execTraceIndex(game: GameState, p: Position): bigint {
  const e = BigInt(game.maxGameDepth - game.splitDepth - 1);
  return p.traceIndex(game.maxGameDepth) & ((1n << e) - 1n);
}
