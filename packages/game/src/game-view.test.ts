/**
 * The game report: output claims name their L2 block (clamped to the game's), execution claims
 * their step, countered and resolved claims are marked, our computation marks right and wrong
 * claims; the text is one line per claim in tree order; the SVG is well-formed XML with a node
 * per claim; instructions read as MIPS mnemonics (a disputed step must be readable).
 */
import { Position } from '@faultline/contracts';
import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import type { Claim, GameState } from './game-contract.js';
import { gameHtml, gameSvg } from './game-svg.js';
import { describeInstruction, formatGameText, gameReport } from './game-view.js';
import type { TraceView } from './trace-view.js';

const word = (n: number) => {
  const w = new Uint8Array(32);
  w[31] = n;
  return w;
};

function claim(index: number, parentIndex: number | undefined, position: Position, countered = false): Claim {
  return {
    index,
    parentIndex,
    counteredBy: countered
      ? '0x00000000000000000000000000000000000000c0'
      : '0x0000000000000000000000000000000000000000',
    claimant: `0x00000000000000000000000000000000000000a${index % 2}`,
    bond: 10n ** 16n,
    value: word(index + 1),
    position,
    clockDuration: BigInt(index * 12),
    clockTimestamp: 1000n + BigInt(index * 12),
  };
}

const c0 = claim(0, undefined, Position.ROOT);
const c1 = claim(1, 0, Position.ROOT.move(true));
const c2 = claim(2, 1, c1.position.move(true), true);
const game: GameState = {
  address: '0x00000000000000000000000000000000000000ff',
  gameType: 0,
  version: '1.2.0',
  absolutePrestate: word(3),
  maxGameDepth: 4,
  splitDepth: 1,
  maxClockDuration: 120n,
  clockExtension: 30n,
  l2ChainId: 901n,
  vm: '0x00000000000000000000000000000000000000bb',
  weth: '0x00000000000000000000000000000000000000cc',
  creator: '0x00000000000000000000000000000000000000a0',
  rootClaim: c0.value,
  l2BlockNumber: 1n,
  l1Head: word(0xaa),
  startingOutputRoot: word(0xab),
  startingBlockNumber: 0n,
  status: 'IN_PROGRESS',
  createdAt: 1000n,
  resolvedAt: 0n,
  claims: [c0, c1, c2],
  resolved: new Set([2]),
  now: 1100n,
};

/** A view that agrees with the root and #2 and says #1 should be 0x…63. */
const view: TraceView = {
  valueAt: async (_g, pos) => (pos.gindex === c1.position.gindex ? word(99) : pos.depth === 0 ? c0.value : c2.value),
  execTrace: async () => {
    throw new Error('no trace here');
  },
};

describe('gameReport', () => {
  it('positions, blocks, steps, marks and our verdicts', async () => {
    const r = await gameReport(game, view);
    expect(r.claims.map((c) => c.kind)).toEqual(['output', 'output', 'execution']);
    // Output positions past the game's block hold its block's output.
    expect(r.claims[1]!.block).toBe('1');
    expect(r.claims[2]!.execIndex).toBe('3');
    expect(r.claims.map((c) => c.correct)).toEqual([true, false, true]);
    expect(r.claims[1]!.ours).toBe(bytesToHex(word(99)));
    expect(r.claims[2]!.counteredBy).toBe('0x00000000000000000000000000000000000000c0');
    expect(r.claims[2]!.resolved).toBe(true);
    const text = formatGameText(r, { '0x00000000000000000000000000000000000000a1': 'challenger' });
    expect(text[0]).toMatch(/^game 0x0+ff: IN_PROGRESS, CANNON/);
    expect(text.filter((l) => /#\d d\d/.test(l))).toHaveLength(3);
    expect(text.find((l) => l.includes('#1 d1'))).toMatch(/✗ #1 d1 block 1 .* by challenger .*ours 0x00000000…0063/);
    expect(text.find((l) => l.includes('#2 d2'))).toMatch(/✓ #2 d2 step 4 .*countered by .*resolved/);
  });

  it('without a view, no verdicts', async () => {
    const r = await gameReport(game);
    expect(r.claims.every((c) => c.correct === undefined)).toBe(true);
  });

  it('SVG: well-formed, a node per claim, wrong claims red; HTML embeds it with a table', async () => {
    const r = await gameReport(game, view);
    const svg = gameSvg(r);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('fill="#c0392b"');
    expect(svg).toContain('text-decoration="line-through"');
    // Every element opened is closed (no stray markup from values or names).
    const opened = (svg.match(/<(svg|text|circle|title)\b/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|text|circle|title)>/g) ?? []).length;
    expect(closed).toBe(opened);
    const html = gameHtml(r);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<tr class=/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script/);
  });
});

describe('describeInstruction', () => {
  it('reads MIPS words as mnemonics, syscalls by number and fd', () => {
    expect(describeInstruction(0x01285007)).toBe('srav $10, $9, $8');
    expect(describeInstruction(0x8c440000)).toBe('lw $a0, $v0, 0x0');
    const regs = new Array(32).fill(0);
    regs[2] = 4003;
    regs[4] = 5;
    expect(describeInstruction(0x0000000c, regs)).toBe('syscall read(fd 5 preimage_read)');
    regs[2] = 4246;
    regs[4] = 1;
    expect(describeInstruction(0x0000000c, regs)).toBe('syscall exit_group(a0=0x1)');
  });
});
