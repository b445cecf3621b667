/**
 * Dispute-game constants as contracts-bedrock 0.17.3 defines them (`src/dispute/lib/Types.sol`:
 * `GameTypes`, `GameStatus`, `VMStatuses`, `LocalPreimageKey`) and the game tree's position
 * arithmetic (`LibPosition.sol`: a position is the generalized index 2^depth + indexAtDepth; its
 * trace index is the index of its rightmost leaf at the max depth). Later upgrades added game
 * types (CANNON_KONA = 8, …) — live-chain-2026.md §1.2 — that these contracts do not know.
 */

export const GAME_TYPES = {
  CANNON: 0,
  PERMISSIONED_CANNON: 1,
  ASTERISC: 2,
  ALPHABET: 255,
} as const;

export const GAME_STATUS = ['IN_PROGRESS', 'CHALLENGER_WINS', 'DEFENDER_WINS'] as const;
export type GameStatus = (typeof GAME_STATUS)[number];

export function gameStatusName(status: bigint | number): GameStatus | `unknown status ${string}` {
  return GAME_STATUS[Number(status)] ?? `unknown status ${status}`;
}

/** VM status byte in the first byte of a claimed VM state hash (VMStatuses). */
export const VM_STATUS = { VALID: 0, INVALID: 1, PANIC: 2, UNFINISHED: 3 } as const;

/** Local pre-image keys the game's `addLocalData` supplies (LocalPreimageKey). */
export const LOCAL_PREIMAGE_KEYS = {
  L1_HEAD_HASH: 1,
  STARTING_OUTPUT_ROOT: 2,
  DISPUTED_OUTPUT_ROOT: 3,
  DISPUTED_L2_BLOCK_NUMBER: 4,
  CHAIN_ID: 5,
} as const;

/** LibPosition.MAX_POSITION_BITLEN: positions fit in 126 bits, so a depth is at most 125. */
export const MAX_POSITION_BITLEN = 126;

export class PositionError extends Error {
  override name = 'PositionError' as const;
}

/** A node of the game tree: generalized index 2^depth + indexAtDepth. */
export class Position {
  private constructor(readonly gindex: bigint) {}

  static of(depth: number, indexAtDepth: bigint): Position {
    if (!Number.isInteger(depth) || depth < 0 || depth >= MAX_POSITION_BITLEN)
      throw new PositionError(`depth ${depth} out of range 0..${MAX_POSITION_BITLEN - 1}`);
    if (indexAtDepth < 0n || indexAtDepth >= 1n << BigInt(depth))
      throw new PositionError(`index ${indexAtDepth} out of range at depth ${depth}`);
    return new Position((1n << BigInt(depth)) | indexAtDepth);
  }

  static fromGindex(gindex: bigint): Position {
    if (gindex < 1n || gindex >= 1n << BigInt(MAX_POSITION_BITLEN))
      throw new PositionError(`generalized index ${gindex} out of range`);
    return new Position(gindex);
  }

  static readonly ROOT = new Position(1n);

  get depth(): number {
    return this.gindex.toString(2).length - 1;
  }

  get indexAtDepth(): bigint {
    return this.gindex - (1n << BigInt(this.depth));
  }

  left(): Position {
    return Position.fromGindex(this.gindex << 1n);
  }

  right(): Position {
    return Position.fromGindex((this.gindex << 1n) | 1n);
  }

  parent(): Position {
    if (this.gindex === 1n) throw new PositionError('the root has no parent');
    return new Position(this.gindex >> 1n);
  }

  /** The rightmost descendant at `maxDepth`. */
  rightIndex(maxDepth: number): Position {
    const remaining = BigInt(maxDepth - this.depth);
    if (remaining < 0n) throw new PositionError(`depth ${this.depth} is below the max depth ${maxDepth}`);
    return new Position((this.gindex << remaining) | ((1n << remaining) - 1n));
  }

  /** Index of this position's trace commitment among the 2^maxDepth leaves. */
  traceIndex(maxDepth: number): bigint {
    return this.rightIndex(maxDepth).indexAtDepth;
  }

  /** LibPosition.move: `(position | (isAttack ? 0 : 1)) << 1` — an attack is the left child. */
  move(isAttack: boolean): Position {
    return Position.fromGindex((this.gindex | (isAttack ? 0n : 1n)) << 1n);
  }
}
