/**
 * The first step at which two runs part: two traces (two states under one host, or one prestate
 * under two hosts serving different pre-images) are compared by state hash at a bisection of
 * their steps — equal at `lo`, different at `hi` — until the one step is found whose pre-states
 * agree and whose post-states do not. Both sides are then proven at that step, so the report
 * shows the instruction, the fields that differ and the pre-image part each side read.
 */

import { decodeWitness, type MipsState, type StepProof, stateHash } from '@faultline/mips';
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import type { CannonTrace } from './cannon-trace.js';
import { instructionOf } from './onchain-step.js';

export type DivergenceResult =
  /** The final (or last compared) states agree. */
  | { kind: 'same'; step: number; hash: Uint8Array }
  /** The two runs differ before any step. */
  | { kind: 'differ-at-start'; step: number; a: MipsState; b: MipsState }
  | {
      kind: 'diverged';
      /** The diverging step: states after `step` steps agree, after `step + 1` differ. */
      step: number;
      pre: Uint8Array;
      a: MipsState;
      b: MipsState;
      proofA: StepProof;
      proofB: StepProof;
      /** Hash comparisons made. */
      probes: number;
    };

export interface DivergeOptions {
  /** Compare no further than this step (default: until both exit). */
  maxStep?: number;
  log?: (line: string) => void;
}

export async function findDivergence(
  a: CannonTrace,
  b: CannonTrace,
  options: DivergeOptions = {},
): Promise<DivergenceResult> {
  let lo = Math.max(a.startStep, b.startStep);
  let probes = 1;
  if (!equalBytes(await a.hashAt(lo), await b.hashAt(lo)))
    return { kind: 'differ-at-start', step: lo, a: await a.stateAt(lo), b: await b.stateAt(lo) };
  const max = options.maxStep ?? Number.MAX_SAFE_INTEGER - 1;
  const endA = await a.stateAt(max);
  const endB = await b.stateAt(max);
  let hi = Math.max(endA.step, endB.step);
  probes++;
  if (equalBytes(stateHash(endA), stateHash(endB)) && endA.step === endB.step)
    return { kind: 'same', step: hi, hash: stateHash(endA) };
  options.log?.(`diverge: equal at step ${lo}, different at step ${hi}; bisecting`);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    probes++;
    if (equalBytes(await a.hashAt(mid), await b.hashAt(mid))) lo = mid;
    else hi = mid;
  }
  return {
    kind: 'diverged',
    step: lo,
    pre: await a.hashAt(lo),
    a: await a.stateAt(hi),
    b: await b.stateAt(hi),
    proofA: await a.proofAt(lo),
    proofB: await b.proofAt(lo),
    probes,
  };
}

const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** `field: a → b` for every witness field (and register) that differs between two states. */
export function stateDifferences(a: MipsState, b: MipsState): string[] {
  const out: string[] = [];
  const cmp = (name: string, x: string, y: string) => {
    if (x !== y) out.push(`${name}: ${x} | ${y}`);
  };
  cmp('memRoot', bytesToHex(a.memory.merkleRoot()), bytesToHex(b.memory.merkleRoot()));
  cmp('preimageKey', bytesToHex(a.preimageKey), bytesToHex(b.preimageKey));
  cmp('preimageOffset', String(a.preimageOffset), String(b.preimageOffset));
  cmp('pc', hex32(a.pc), hex32(b.pc));
  cmp('nextPC', hex32(a.nextPC), hex32(b.nextPC));
  cmp('lo', hex32(a.lo), hex32(b.lo));
  cmp('hi', hex32(a.hi), hex32(b.hi));
  cmp('heap', hex32(a.heap), hex32(b.heap));
  cmp('exited', String(a.exited), String(b.exited));
  cmp('exitCode', String(a.exitCode), String(b.exitCode));
  cmp('step', String(a.step), String(b.step));
  for (let i = 0; i < 32; i++) cmp(`r${i}`, hex32(a.registers[i]!), hex32(b.registers[i]!));
  return out;
}

/** What a proven step read from the oracle: key type, key, offset and the bytes at it. */
export function describePreimageRead(p: StepProof): string | undefined {
  if (!p.oracleKey || !p.oracleValue || p.oracleOffset === undefined) return undefined;
  const type = Object.entries(KEY_TYPES).find(([, t]) => t.byte === p.oracleKey![0])?.[0] ?? `type ${p.oracleKey[0]}`;
  const part = p.oracleValue.subarray(p.oracleOffset, p.oracleOffset + 4);
  return `read ${type} key ${bytesToHex(p.oracleKey)} at offset ${p.oracleOffset}: ${bytesToHex(part)} (pre-image ${p.oracleValue.length - 8} bytes)`;
}

/** The report lines for a result (text form of `faultline cannon diverge`). */
export function describeDivergence(r: DivergenceResult): string[] {
  if (r.kind === 'same') return [`no divergence: both runs reach step ${r.step} with state ${bytesToHex(r.hash)}`];
  if (r.kind === 'differ-at-start')
    return [
      `the runs differ before any step (at step ${r.step}): A ${bytesToHex(stateHash(r.a))}, B ${bytesToHex(stateHash(r.b))}`,
      ...stateDifferences(r.a, r.b).map((l) => `  ${l}`),
    ];
  const w = decodeWitness(r.proofA.stateData);
  const insn = instructionOf(r.proofA.stateData, r.proofA.proofData);
  const lines = [
    `first divergence: step ${r.step} (pc ${hex32(w.pc)}, insn ${hex32(insn)}): pre-state ${bytesToHex(r.pre)} on both sides (${r.probes} comparisons)`,
    `  post A ${bytesToHex(stateHash(r.a))}`,
    `  post B ${bytesToHex(stateHash(r.b))}`,
    '  fields (A | B):',
    ...stateDifferences(r.a, r.b).map((l) => `    ${l}`),
  ];
  const readA = describePreimageRead(r.proofA);
  const readB = describePreimageRead(r.proofB);
  if (readA) lines.push(`  A ${readA}`);
  if (readB) lines.push(`  B ${readB}`);
  return lines;
}
