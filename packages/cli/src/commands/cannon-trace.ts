/**
 * `faultline cannon trace` (the state hash at step N of a run — the claims of the execution half
 * of a dispute game — reusing snapshots so a bisection never replays from step 0) and
 * `faultline cannon diverge` (the first step whose post-states differ between two runs: two
 * states under one host, or one prestate under two hosts serving different pre-images). The
 * logic is @faultline/game's `CannonTrace` and `findDivergence`; this file wires flags to it and
 * loads it only when one of these commands runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CannonTrace } from '@faultline/game';
import {
  HostError,
  type MipsState,
  type PreimageOracle,
  readAnyStateFile,
  stepProofToJson,
  writeStateFile,
} from '@faultline/mips';
import { bytesToHex } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, flagBool, flagString, status, UsageError } from '../command.js';
import { resolveSelf } from '../self.js';

class NoHost implements PreimageOracle {
  getPreimage(): Uint8Array {
    throw new HostError('the program read a pre-image but no host command was given after --');
  }
  hint(): void {}
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`--${name}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

async function readMips32(path: string): Promise<MipsState> {
  const s = await readAnyStateFile(path);
  if (!('pc' in s)) throw new UsageError(`${path}: a cannon64 state; trace and diverge run MIPS32 states`);
  return s as MipsState;
}

/** The host commands after `--` (a second `--` separates a second host). */
function hostCommands(ctx: CommandContext): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const a of ctx.rest) {
    if (a === '--') {
      out.push(cur);
      cur = [];
    } else cur.push(a);
  }
  if (cur.length > 0 || out.length > 0) out.push(cur);
  for (const [i, c] of out.entries())
    if (c.length === 0) throw new UsageError(`host command ${i + 1} after -- is empty`);
  return out.map((c) => resolveSelf(c));
}

async function openTrace(
  ctx: CommandContext,
  prestate: MipsState,
  host: string[] | undefined,
  snapshotDir: string | undefined,
): Promise<CannonTrace> {
  const { CannonTrace } = await import('@faultline/game');
  const every = count('snapshot-every', flagString(ctx, 'snapshot-every'));
  return CannonTrace.open({
    prestate,
    host: host ?? new NoHost(),
    ...(snapshotDir ? { snapshotDir } : {}),
    ...(every !== undefined ? { snapshotEvery: every } : {}),
    log: ctx.stderr,
  });
}

const stats = (t: CannonTrace) => `runs=${t.stats.runs} steps=${t.stats.steps} vm-ms=${Math.round(t.stats.ms)}`;

export const traceCmd: CommandSpec = {
  name: 'trace',
  summary: 'the state hash at step N of a run (execution-trace claims), reusing snapshots',
  usage: '--input <prestate> --at <N> [--at <M>…] [flags] -- <host command…>',
  description: `Prints the state after N steps: its hash (what an execution-trace claim at trace index N-1
commits to), pc and exit status. Past the program's exit the trace holds the final state. With
--snapshots DIR the run leaves binary snapshots there (every --snapshot-every steps and at each
answer) and later calls start from the nearest one, so a bisection never replays from step 0; a
directory belongs to one prestate.`,
  options: [
    { name: 'input', value: '<state>', help: 'the state the trace starts from (the absolute prestate)' },
    { name: 'at', value: '<N>', help: 'step to report (repeatable)', repeatable: true },
    { name: 'snapshots', value: '<dir>', help: 'directory of snapshots to reuse and extend' },
    { name: 'snapshot-every', value: '<n>', help: 'leave a snapshot every n steps on long runs', default: '16777216' },
    { name: 'proof', value: '<file>', help: 'write the proof of step N (state N → N+1), Cannon proof JSON' },
    { name: 'output', value: '<state>', help: 'write the state after N steps' },
    { name: 'json', help: 'one JSON object per --at' },
  ],
  examples: [
    'faultline cannon trace --input prestate.bin.gz --at 1000000 --snapshots snaps -- faultline host --server --datadir pre',
  ],
  run: async (ctx) => {
    const input = flagString(ctx, 'input');
    if (!input) throw new UsageError('missing required flag --input');
    const raw = ctx.flags.at;
    const ats = (Array.isArray(raw) ? raw : []).map((v) => count('at', v)!);
    if (ats.length === 0) throw new UsageError('missing required flag --at');
    const proof = flagString(ctx, 'proof');
    const output = flagString(ctx, 'output');
    if ((proof || output) && ats.length > 1) throw new UsageError('--proof and --output take a single --at');
    const hosts = hostCommands(ctx);
    if (hosts.length > 1) throw new UsageError('trace takes one host command after --');
    const trace = await openTrace(ctx, await readMips32(input), hosts[0], flagString(ctx, 'snapshots'));
    try {
      for (const n of ats) {
        const s = await trace.stateAt(n);
        const hash = bytesToHex(await trace.hashAt(n));
        if (flagBool(ctx, 'json'))
          ctx.stdout(JSON.stringify({ at: n, step: s.step, hash, pc: s.pc, exited: s.exited, exitCode: s.exitCode }));
        else
          ctx.stdout(
            `step=${n} hash=${hash} pc=0x${s.pc.toString(16)} exited=${s.exited}${s.exited ? ` exit=${s.exitCode} (at step ${s.step})` : ''}`,
          );
        if (output) await writeStateFile(output, s);
        if (proof) writeFileSync(proof, `${JSON.stringify(stepProofToJson(await trace.proofAt(n)), null, 2)}\n`);
      }
      status(ctx, 'info', `trace: ${stats(trace)}`);
    } finally {
      await trace.close();
    }
    return 0;
  },
};

export const divergeCmd: CommandSpec = {
  name: 'diverge',
  summary: 'the first step whose post-states differ between two runs, and both states there',
  usage: '<stateA> [<stateB>] [flags] -- <host A…> [-- <host B…>]',
  description: `Bisects two runs by state hash: two states under one host, or one prestate under two hosts
that serve different pre-images (a second -- separates them; with one host command both runs use it).
Prints the diverging step, its instruction, the fields that differ in the two post-states and the
pre-image part each side read. Exit 0 when the runs diverge (or differ from the start), 1 when they
reach the same final state.`,
  args: { value: '<stateA> [<stateB>]', min: 1, max: 2 },
  options: [
    { name: 'snapshots', value: '<dir>', help: 'snapshot directory (runs A and B use <dir>/a and <dir>/b)' },
    { name: 'snapshot-every', value: '<n>', help: 'leave a snapshot every n steps on long runs', default: '16777216' },
    { name: 'max-steps', value: '<n>', help: 'compare no further than this step (default: until both exit)' },
    { name: 'json', help: 'one JSON object' },
  ],
  examples: [
    'faultline cannon diverge prestate.bin.gz -- faultline host --server --datadir a -- faultline host --server --datadir b',
  ],
  run: async (ctx) => {
    const { findDivergence, describeDivergence, stateDifferences } = await import('@faultline/game');
    const hosts = hostCommands(ctx);
    const [pathA, pathB] = ctx.args as [string, string | undefined];
    if (!pathB && hosts.length !== 2)
      throw new UsageError('one state needs two host commands (-- <host A…> -- <host B…>) to compare');
    const a = await readMips32(pathA);
    const b = pathB ? await readMips32(pathB) : await readMips32(pathA);
    const dir = flagString(ctx, 'snapshots');
    const max = count('max-steps', flagString(ctx, 'max-steps'));
    const ta = await openTrace(ctx, a, hosts[0], dir && join(dir, 'a'));
    let tb: CannonTrace | undefined;
    try {
      tb = await openTrace(ctx, b, hosts[1] ?? hosts[0], dir && join(dir, 'b'));
      const r = await findDivergence(ta, tb, { ...(max !== undefined ? { maxStep: max } : {}), log: ctx.stderr });
      if (flagBool(ctx, 'json')) {
        const base = { kind: r.kind, step: r.step };
        if (r.kind === 'same') ctx.stdout(JSON.stringify({ ...base, hash: bytesToHex(r.hash) }));
        else
          ctx.stdout(
            JSON.stringify({
              ...base,
              ...(r.kind === 'diverged' ? { pre: bytesToHex(r.pre) } : {}),
              differences: stateDifferences(r.a, r.b),
            }),
          );
      } else for (const line of describeDivergence(r)) ctx.stdout(line);
      status(ctx, 'info', `diverge: A ${stats(ta)}; B ${stats(tb)}`);
      return r.kind === 'same' ? 1 : 0;
    } finally {
      await ta.close();
      await tb?.close();
    }
  },
};
