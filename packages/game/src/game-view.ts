/**
 * A game as people read it: the claim tree with each claim's position (generalized index, depth,
 * index at depth), the trace index it commits to (an L2 block above the split depth, a VM step
 * below it), the claimant, bond, chess clock and who countered it — and, when a view is given,
 * whether our own computation agrees with it. For a max-depth claim that was stepped on, the
 * step and instruction that decided it. Rendered as text (`game show`), JSON, or SVG/HTML
 * (`game-svg.ts`).
 */
import { decodeWitness, FD, Fn, Fn2, Op, RegImm, SYS } from '@faultline/mips';
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { type GameState, isCountered } from './game-contract.js';
import { instructionOf } from './onchain-step.js';
import { execTraceIndex, minBlock, outputBlockOf, subgameOf } from './subgame.js';
import type { TraceView } from './trace-view.js';

export interface ClaimReport {
  index: number;
  parent: number | null;
  depth: number;
  gindex: string;
  indexAtDepth: string;
  /** 'output': the value is an output root of `block`; 'execution': a VM state after `step` steps. */
  kind: 'output' | 'execution';
  block?: string;
  /** For execution claims: the trace index within the subgame (the state after index + 1 steps). */
  execIndex?: string;
  value: string;
  claimant: string;
  bond: string;
  counteredBy: string | null;
  clockSeconds: number;
  madeAt: number;
  resolved: boolean;
  /** Our computation: true right, false wrong, undefined not computed. */
  correct?: boolean;
  ours?: string;
}

export interface LeafDecision {
  claim: number;
  step: number;
  pc: string;
  insn: string;
  instruction: string;
  preimage?: string;
}

export interface GameReport {
  address: string;
  gameType: number;
  status: string;
  rootClaim: string;
  l2BlockNumber: string;
  l1Head: string;
  startingOutputRoot: string;
  startingBlockNumber: string;
  absolutePrestate: string;
  maxGameDepth: number;
  splitDepth: number;
  maxClockDuration: number;
  clockExtension: number;
  createdAt: number;
  resolvedAt: number;
  now: number;
  claims: ClaimReport[];
  decisions: LeafDecision[];
}

const REG_NAMES = ['zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3'];
const reg = (n: number) => `$${REG_NAMES[n] ?? n}`;

/** The instruction's mnemonic and registers (enough to read a disputed step). */
export function describeInstruction(insn: number, registers?: ArrayLike<number>): string {
  const op = insn >>> 26;
  const rs = (insn >>> 21) & 31;
  const rt = (insn >>> 16) & 31;
  const rd = (insn >>> 11) & 31;
  const imm = insn & 0xffff;
  if (op === Op.SPECIAL) {
    const fn = insn & 0x3f;
    if (fn === Fn.SYSCALL && registers) {
      const nr = registers[2]! >>> 0;
      const name =
        Object.entries(SYS)
          .find(([, v]) => v === nr)?.[0]
          ?.toLowerCase() ?? `#${nr}`;
      const fd = registers[4]! >>> 0;
      const fdName = Object.entries(FD)
        .find(([, v]) => v === fd)?.[0]
        ?.toLowerCase();
      return `syscall ${name}(${fdName && (nr === SYS.READ || nr === SYS.WRITE) ? `fd ${fd} ${fdName}` : `a0=0x${fd.toString(16)}`})`;
    }
    return `${(Fn[fn] ?? `special 0x${fn.toString(16)}`).toLowerCase()} ${reg(rd)}, ${reg(rs)}, ${reg(rt)}`;
  }
  if (op === Op.SPECIAL2) return `${(Fn2[insn & 0x3f] ?? 'special2').toLowerCase()} ${reg(rd)}, ${reg(rs)}, ${reg(rt)}`;
  if (op === Op.REGIMM) return `${(RegImm[rt] ?? 'regimm').toLowerCase()} ${reg(rs)}, ${imm}`;
  if (op === Op.J || op === Op.JAL) return `${Op[op]!.toLowerCase()} 0x${((insn & 0x3ffffff) << 2).toString(16)}`;
  return `${(Op[op] ?? `op 0x${op.toString(16)}`).toLowerCase()} ${reg(rt)}, ${reg(rs)}, 0x${imm.toString(16)}`;
}

export async function gameReport(game: GameState, view?: TraceView): Promise<GameReport> {
  const claims: ClaimReport[] = [];
  const decisions: LeafDecision[] = [];
  for (const c of game.claims) {
    const output = c.position.depth <= game.splitDepth;
    const r: ClaimReport = {
      index: c.index,
      parent: c.parentIndex ?? null,
      depth: c.position.depth,
      gindex: c.position.gindex.toString(),
      indexAtDepth: c.position.indexAtDepth.toString(),
      kind: output ? 'output' : 'execution',
      value: bytesToHex(c.value),
      claimant: c.claimant,
      bond: c.bond.toString(),
      counteredBy: isCountered(c) ? c.counteredBy : null,
      clockSeconds: Number(c.clockDuration),
      madeAt: Number(c.clockTimestamp),
      resolved: game.resolved.has(c.index),
    };
    if (output) r.block = minBlock(outputBlockOf(game, c.position), game.l2BlockNumber).toString();
    else r.execIndex = execTraceIndex(game, c.position).toString();
    if (view) {
      try {
        const ours = await view.valueAt(game, c.position, c.parentIndex);
        r.correct = equalBytes(ours, c.value);
        if (!r.correct) r.ours = bytesToHex(ours);
      } catch {
        // Not computable here (e.g. a subgame under a wrong output): left unknown.
      }
    }
    claims.push(r);
    if (view && c.position.depth === game.maxGameDepth && isCountered(c)) {
      try {
        const trace = await view.execTrace(game, subgameOf(game, c.position, c.parentIndex));
        const index = Number(execTraceIndex(game, c.position));
        // The step that countered it: this index (attack) or the next (defend) — whichever
        // our trace says disagrees with the claim.
        const agree = r.correct === true;
        const p = await trace.proofAt(agree ? index + 1 : index);
        const w = decodeWitness(p.stateData);
        const insn = instructionOf(p.stateData, p.proofData);
        const d: LeafDecision = {
          claim: c.index,
          step: p.step,
          pc: `0x${w.pc.toString(16).padStart(8, '0')}`,
          insn: `0x${insn.toString(16).padStart(8, '0')}`,
          instruction: describeInstruction(insn, w.registers),
        };
        if (p.oracleKey && p.oracleOffset !== undefined) {
          const type = Object.entries(KEY_TYPES).find(([, t]) => t.byte === p.oracleKey![0])?.[0] ?? 'unknown';
          d.preimage = `${type} ${bytesToHex(p.oracleKey)} at offset ${p.oracleOffset}`;
        }
        decisions.push(d);
      } catch {
        // The trace cannot be run here.
      }
    }
  }
  return {
    address: game.address,
    gameType: game.gameType,
    status: game.status,
    rootClaim: bytesToHex(game.rootClaim),
    l2BlockNumber: game.l2BlockNumber.toString(),
    l1Head: bytesToHex(game.l1Head),
    startingOutputRoot: bytesToHex(game.startingOutputRoot),
    startingBlockNumber: game.startingBlockNumber.toString(),
    absolutePrestate: bytesToHex(game.absolutePrestate),
    maxGameDepth: game.maxGameDepth,
    splitDepth: game.splitDepth,
    maxClockDuration: Number(game.maxClockDuration),
    clockExtension: Number(game.clockExtension),
    createdAt: Number(game.createdAt),
    resolvedAt: Number(game.resolvedAt),
    now: Number(game.now),
    claims,
    decisions,
  };
}

const short = (h: string) => `${h.slice(0, 10)}…${h.slice(-4)}`;

/** The claim tree as indented text, one claim per line. */
export function formatGameText(r: GameReport, names: Record<string, string> = {}): string[] {
  const who = (a: string) => names[a.toLowerCase()] ?? short(a);
  const lines = [
    `game ${r.address}: ${r.status}, CANNON (type ${r.gameType}), root claim ${r.rootClaim} for L2 block ${r.l2BlockNumber}`,
    `  anchor: block ${r.startingBlockNumber} output ${r.startingOutputRoot}; L1 head ${r.l1Head}`,
    `  depth ${r.maxGameDepth}, split ${r.splitDepth} (execution trace: ${2 ** (r.maxGameDepth - r.splitDepth - 1)} steps); clocks ${r.maxClockDuration}s, extension ${r.clockExtension}s; prestate ${r.absolutePrestate}`,
  ];
  const children = new Map<number | null, ClaimReport[]>();
  for (const c of r.claims) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const walk = (parent: number | null, indent: string) => {
    for (const c of children.get(parent) ?? []) {
      const mark = c.correct === undefined ? ' ' : c.correct ? '✓' : '✗';
      const at = c.kind === 'output' ? `block ${c.block}` : `step ${BigInt(c.execIndex!) + 1n}`;
      const extra = [
        c.counteredBy ? `countered by ${who(c.counteredBy)}` : '',
        c.resolved ? 'resolved' : '',
        c.ours ? `ours ${short(c.ours)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `${indent}${mark} #${c.index} d${c.depth} ${at} ${short(c.value)} by ${who(c.claimant)} bond ${c.bond} clock ${c.clockSeconds}s${extra ? ` (${extra})` : ''}`,
      );
      walk(c.index, `${indent}  `);
    }
  };
  walk(null, '  ');
  for (const d of r.decisions)
    lines.push(
      `  leaf #${d.claim} decided by VM step ${d.step}: pc ${d.pc} ${d.insn} ${d.instruction}${d.preimage ? `, reading ${d.preimage}` : ''}`,
    );
  return lines;
}
