/**
 * Game-tree arithmetic against FaultDisputeGame's definitions: a trace ancestor commits to the
 * same trace index and is the highest such position; the execution subgame of a claim names the
 * starting and disputed outputs the contract's `_findStartingAndDisputedOutputs` names (attack:
 * the leaf is disputed, its left neighbour or the anchor is the start; defend: the leaf is the
 * start, its right neighbour is disputed); the local context is `_computeLocalContext`'s hash;
 * resolution goes bottom-up and waits for the clocks.
 */
import { encodeAbi, Position } from '@faultline/contracts';
import { keccak256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import type { Claim, GameState } from './game-contract.js';
import { resolutionPlan } from './solver.js';
import { execTraceIndex, outputBlockOf, subgameOf, traceAncestor, traceAncestorBounded } from './subgame.js';

const MAX = 8;
const SPLIT = 3;

function word(n: number): Uint8Array {
  const w = new Uint8Array(32);
  w[31] = n;
  return w;
}

function claim(index: number, parentIndex: number | undefined, position: Position, t = 100n, d = 0n): Claim {
  return {
    index,
    parentIndex,
    counteredBy: '0x0000000000000000000000000000000000000000',
    claimant: '0x00000000000000000000000000000000000000aa',
    bond: 1n,
    value: word(index + 1),
    position,
    clockDuration: d,
    clockTimestamp: t,
  };
}

function game(claims: Claim[], now = 1000n): GameState {
  return {
    address: '0x00000000000000000000000000000000000000ff',
    gameType: 0,
    version: '1.2.0',
    absolutePrestate: word(0xee),
    maxGameDepth: MAX,
    splitDepth: SPLIT,
    maxClockDuration: 300n,
    clockExtension: 30n,
    l2ChainId: 901n,
    vm: '0x00000000000000000000000000000000000000bb',
    weth: '0x00000000000000000000000000000000000000cc',
    creator: '0x00000000000000000000000000000000000000dd',
    rootClaim: word(1),
    l2BlockNumber: 8n,
    l1Head: word(0xaa),
    startingOutputRoot: word(0xab),
    startingBlockNumber: 0n,
    status: 'IN_PROGRESS',
    createdAt: 0n,
    resolvedAt: 0n,
    claims,
    resolved: new Set(),
    now,
  };
}

describe('traceAncestor', () => {
  it('is the highest position committing to the same trace index', () => {
    for (let g = 1n; g < 1n << 7n; g++) {
      const p = Position.fromGindex(g);
      const a = traceAncestor(p);
      expect(a.traceIndex(7)).toBe(p.traceIndex(7));
      if (a.depth > 0) expect(a.parent().traceIndex(7)).not.toBe(p.traceIndex(7));
    }
    expect(() => traceAncestorBounded(Position.of(2, 0n), 3)).toThrow(/split/);
    // Bounded: the rightmost leaf of a subgame's root stays below the split.
    expect(traceAncestorBounded(Position.of(5, 3n), 3).depth).toBe(4);
  });
});

describe('subgameOf', () => {
  // Root (block 8), attack to depth 1 (block 4), defend to depth 2 (block 6), attack to depth 3 (block 5).
  const root = claim(0, undefined, Position.ROOT);
  const c1 = claim(1, 0, Position.ROOT.move(true));
  const c2 = claim(2, 1, c1.position.move(false));
  const c3 = claim(3, 2, c2.position.move(true));
  const g = game([root, c1, c2, c3]);

  it('blocks of output positions', () => {
    expect([root, c1, c2, c3].map((c) => outputBlockOf(g, c.position))).toEqual([8n, 4n, 6n, 5n]);
  });

  it('an attack on an output leaf disputes it, starting from its left neighbour', () => {
    const execRoot = c3.position.move(true);
    const s = subgameOf(g, execRoot, 3);
    expect(s.disputed.value).toEqual(c3.value);
    expect(s.disputed.block).toBe(5n);
    // Block 4 is committed to by claim 1 (trace ancestor of the leaf's left neighbour).
    expect(s.starting.value).toEqual(c1.value);
    expect(s.starting.block).toBe(4n);
    const want = keccak256(
      encodeAbi(
        [{ type: 'bytes32' }, { type: 'uint128' }, { type: 'bytes32' }, { type: 'uint128' }],
        [c1.value, c1.position.gindex, c3.value, c3.position.gindex],
      ),
    );
    expect(s.localContext).toEqual(want);
  });

  it('a defence of an output leaf starts from it and disputes its right neighbour', () => {
    const s = subgameOf(g, c3.position.move(false), 3);
    expect(s.starting.value).toEqual(c3.value);
    expect(s.disputed.value).toEqual(c2.value);
    expect(s.disputed.block).toBe(6n);
  });

  it('the first output leaf starts from the anchor (context without it)', () => {
    const a1 = claim(1, 0, Position.of(1, 0n));
    const a2 = claim(2, 1, Position.of(2, 0n));
    const a3 = claim(3, 2, Position.of(3, 0n));
    const g2 = game([root, a1, a2, a3]);
    const s = subgameOf(g2, a3.position.move(true), 3);
    expect(s.starting.position).toBeUndefined();
    expect(s.starting.value).toEqual(g2.startingOutputRoot);
    expect(s.localContext).toEqual(
      keccak256(encodeAbi([{ type: 'bytes32' }, { type: 'uint128' }], [a3.value, a3.position.gindex])),
    );
    // Execution positions index their own subgame's trace from 0.
    const deep = Position.of(MAX, (a3.position.move(true).gindex << BigInt(MAX - SPLIT - 1)) - (1n << BigInt(MAX)));
    expect(execTraceIndex(g2, deep)).toBe(0n);
  });

  it('a claim above the split has no subgame', () => {
    expect(() => subgameOf(g, c2.position, 1)).toThrow(/not below the split/);
  });
});

describe('resolutionPlan', () => {
  it('children before parents, only once the clock of whoever could counter ran out', () => {
    const root = claim(0, undefined, Position.ROOT, 0n);
    const c1 = claim(1, 0, Position.ROOT.move(true), 100n);
    const c2 = claim(2, 1, c1.position.move(true), 900n);
    const g = game([root, c1, c2], 1000n);
    const duration = (i: number) => {
      const c = g.claims[i]!;
      const parent = c.parentIndex === undefined ? 0n : g.claims[c.parentIndex]!.clockDuration;
      return parent + (g.now - c.clockTimestamp);
    };
    // #2 has only 100 s on its challenger's clock: nothing can be resolved yet.
    expect(resolutionPlan(g, duration)).toEqual({ claims: [], game: false });
    const later = game([root, c1, c2], 1300n);
    const d2 = (i: number) => later.claims[i]!.clockDuration + (later.now - later.claims[i]!.clockTimestamp);
    expect(resolutionPlan(later, d2)).toEqual({ claims: [2, 1, 0], game: true });
    const done = { ...later, status: 'DEFENDER_WINS' };
    expect(resolutionPlan(done, d2)).toEqual({ claims: [], game: false });
  });
});
