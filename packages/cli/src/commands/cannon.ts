/**
 * `faultline cannon`: the Cannon VMs — single-threaded MIPS32 and cannon64 (multithreaded MIPS64,
 * state version 8) — with Cannon's own verbs and flags (load-elf, run, witness) plus verify-step,
 * which checks a proof file the way the on-chain step contract would. `load-elf --type` picks
 * the VM (upstream's names; MIPS32 stays the default); run, witness and verify-step detect it
 * from the state or proof. `run` spawns the pre-image host given after `--` with fds 3–6.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type AnyState,
  checkAnyStepProof,
  describeState,
  HostError,
  type HostExit,
  HostProcessOracle,
  type Metadata,
  Mips64State,
  PREIMAGE_TYPES,
  type PreimageOracle,
  ProofError,
  parseMetadata,
  parsePattern,
  type RunConfig,
  readAnyStateFile,
  runProgram,
  type StepPattern,
  type StepProof,
  stateHashOf,
  stepProofFromAnyJson,
  stepProofToJson,
  vmFor,
  witnessOf,
  writeStateFile,
} from '@faultline/mips';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import {
  type CommandContext,
  type CommandSpec,
  errorLine,
  flagBool,
  flagString,
  makeParentDir,
  requireFlag,
  status,
  UsageError,
} from '../command.js';
import { resolveSelf } from '../self.js';
import { ensureDir, writeJson } from './cannon-files.js';
import { cannonListCommand } from './cannon-list.js';
import { loadElfCmd } from './cannon-load-elf.js';
import { CountingOracle, type RunRecord, recordFromReport, runReport, sampleOf } from './cannon-report.js';
import { divergeCmd, traceCmd } from './cannon-trace.js';

class NoHostOracle implements PreimageOracle {
  getPreimage(): Uint8Array {
    throw new HostError('the program read a pre-image but no host command was given after --');
  }
  hint(): void {}
}

function parseStopAtPreimage(v: string): { key: Uint8Array; offset: number } {
  const [key, offset] = v.split('@');
  const off = offset === undefined ? 0 : Number(offset);
  if (!Number.isSafeInteger(off) || off < 0) throw new UsageError(`--stop-at-preimage: bad offset "${offset}"`);
  try {
    return { key: hexToBytes(key!, 32), offset: off };
  } catch (e) {
    throw new UsageError(`--stop-at-preimage: ${errorLine(e)}`);
  }
}

/** A step pattern flag, with the flag named in the error. */
function patternFlag(ctx: CommandContext, name: string): StepPattern {
  const v = flagString(ctx, name) ?? 'never';
  try {
    return parsePattern(v);
  } catch (e) {
    throw new UsageError(`--${name}: ${errorLine(e)}`);
  }
}

/** `meta.json`, checked; a bad file is an error naming it. */
function readMeta(path: string): Metadata {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--meta: cannot read ${path}: ${errorLine(e)}`);
  }
  try {
    return parseMetadata(JSON.parse(text));
  } catch (e) {
    throw new UsageError(`--meta ${path}: ${errorLine(e)}`);
  }
}

/**
 * Every flag of `run`, checked. Nothing here starts anything: a bad flag must fail before the
 * host exists, so that no host is left behind waiting on its channels.
 */
function runConfigFromFlags(ctx: CommandContext): RunConfig<AnyState> {
  const typeFlag = flagString(ctx, 'stop-at-preimage-type');
  if (typeFlag !== undefined && !Object.hasOwn(PREIMAGE_TYPES, typeFlag))
    throw new UsageError(
      `--stop-at-preimage-type: unknown type "${typeFlag}" (expected one of: ${Object.keys(PREIMAGE_TYPES).join(', ')})`,
    );
  const larger = flagString(ctx, 'stop-at-preimage-larger-than');
  if (larger !== undefined && !/^\d+$/.test(larger))
    throw new UsageError(`--stop-at-preimage-larger-than: expected a non-negative integer, got "${larger}"`);
  const stopKey = flagString(ctx, 'stop-at-preimage');
  // Upstream's default is meta.json; here it is the meta.json beside --input (where load-elf
  // writes it), used when present, so no run depends on the working directory.
  const besideInput = join(dirname(flagString(ctx, 'input') ?? 'state.json'), 'meta.json');
  const metaPath = flagString(ctx, 'meta') ?? (existsSync(besideInput) ? besideInput : undefined);
  return {
    proofAt: patternFlag(ctx, 'proof-at'),
    proofFmt: flagString(ctx, 'proof-fmt') ?? 'proof-%d.json',
    snapshotAt: patternFlag(ctx, 'snapshot-at'),
    snapshotFmt: flagString(ctx, 'snapshot-fmt') ?? 'state-%d.json',
    stopAt: patternFlag(ctx, 'stop-at'),
    infoAt: patternFlag(ctx, 'info-at'),
    ...(stopKey ? { stopAtPreimage: parseStopAtPreimage(stopKey) } : {}),
    ...(typeFlag !== undefined ? { stopAtPreimageType: PREIMAGE_TYPES[typeFlag]! } : {}),
    ...(larger !== undefined ? { stopAtPreimageLargerThan: Number(larger) } : {}),
    ...(metaPath ? { meta: readMeta(metaPath) } : {}),
  };
}

/** Why a host's ending makes the run untrustworthy, or undefined for a clean exit. */
function hostFailure(exit: HostExit): string | undefined {
  if (exit.killed) return 'the host did not exit after its channels were closed and was killed';
  if (exit.signal !== null) return `the host was killed by ${exit.signal}`;
  if (exit.code !== 0) return `the host exited with code ${exit.code}`;
  return undefined;
}

const runCmd: CommandSpec = {
  name: 'run',
  summary: 'run a VM state, optionally writing proofs and snapshots',
  usage: '[flags] -- <host command…>',
  description: `Runs the program until it exits (or a stop condition). Patterns P: never, always, =N (at step N),
%N (every N steps), pc=0xADDR (--stop-at: before the first step at that pc), several joined by commas
(=10,%1000). Directories in --proof-fmt/--snapshot-fmt are made as needed. Ctrl-C stops between two
steps, writes --output and says at which step. The host command after -- serves pre-images on its fds 3 (hints in), 4 (acks out),
5 (keys in) and 6 (pre-images out), e.g. "faultline host --server ...". Every flag and the input state
are checked before the host starts; the host is always stopped before this command exits, and a host
that fails makes the run fail (exit 2) even if the program finished.`,
  options: [
    { name: 'input', value: '<state>', help: 'state to start from (.json / .bin / .gz)', default: 'state.json' },
    { name: 'output', value: '<state>', help: 'where to write the final state (empty = none)', default: 'out.json' },
    { name: 'proof-at', value: '<P>', help: 'steps to write a step proof for', default: 'never' },
    { name: 'proof-fmt', value: '<fmt>', help: 'proof file name; %d = step', default: 'proof-%d.json' },
    { name: 'snapshot-at', value: '<P>', help: 'steps to write a state snapshot at', default: 'never' },
    { name: 'snapshot-fmt', value: '<fmt>', help: 'snapshot file name; %d = step', default: 'state-%d.json' },
    { name: 'stop-at', value: '<P>', help: 'step to stop at', default: 'never' },
    { name: 'stop-at-preimage', value: '<key[@offset]>', help: 'stop after reading this pre-image key at this offset' },
    {
      name: 'stop-at-preimage-type',
      value: '<type>',
      help: 'stop at any pre-image read of: local, keccak, sha256, blob, precompile, any',
    },
    { name: 'stop-at-preimage-larger-than', value: '<n>', help: 'stop after reading a pre-image longer than n bytes' },
    { name: 'info-at', value: '<P>', help: 'steps to log progress at', default: '%100000' },
    {
      name: 'meta',
      value: '<file>',
      help: 'meta.json with symbols (names in info lines, notesleep guard); default: meta.json beside --input, if there',
    },
    { name: 'proof-post-state', help: 'debug: also write the full state after each proven step beside its proof' },
    { name: 'json', help: 'print the final state summary as one JSON object on stdout' },
    { name: 'html', value: '<file>', help: 'write an HTML report: steps/s and pages over the run, pre-image traffic' },
    {
      name: 'html-compare',
      value: '<report.html>',
      help: 'with --html: compare with an earlier run’s report and show the first step where they diverge',
    },
  ],
  examples: [
    'faultline cannon run --input state.json --proof-at =1000 --stop-at =1001 -- faultline host --server --datadir ./preimages',
    'faultline cannon run --input state.json --proof-at =10,%1000000 --proof-fmt proofs/%d.json --stop-at pc=0x0040a1c0',
    'faultline cannon run --input state.json --html run.html -- faultline host --server --datadir ./preimages',
  ],
  run: async (ctx: CommandContext) => {
    const config = runConfigFromFlags(ctx);
    const input = requireFlag(ctx, 'input');
    const state = await readAnyStateFile(input);
    const output = flagString(ctx, 'output');
    const html = flagString(ctx, 'html');
    const compareWith = flagString(ctx, 'html-compare');
    if (compareWith !== undefined && html === undefined) throw new UsageError('--html-compare needs --html');
    let previous: RunRecord | undefined;
    if (compareWith !== undefined) {
      let text: string;
      try {
        text = readFileSync(compareWith, 'utf8');
      } catch (e) {
        throw new UsageError(`--html-compare: ${errorLine(e)}`);
      }
      previous = recordFromReport(text);
      if (!previous) throw new UsageError(`--html-compare ${compareWith}: not a report written by cannon run --html`);
    }
    // Where the run's results go is made before the run (and the host) start: a path that cannot
    // be written fails now, not after billions of steps.
    if (output) makeParentDir('--output', output);
    if (html) makeParentDir('--html', html);
    const postState = flagBool(ctx, 'proof-post-state');
    // A leading `faultline` (or `npx faultline`, which cannot pass fds 3-6) is this very bin.
    const host = ctx.rest.length > 0 ? await HostProcessOracle.start(resolveSelf(ctx.rest)) : undefined;
    const oracle = new CountingOracle(host ?? new NoHostOracle());
    const record: RunRecord = {
      input,
      outcome: '',
      finalStep: 0,
      finalHash: '',
      samples: [],
      preimages: oracle.counts,
      hints: 0,
      checkpoints: [],
    };
    const started = performance.now();
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
    };
    process.on('SIGINT', onSigint);
    let outcome: string;
    let hostExit: HostExit | undefined;
    try {
      const vm = vmFor(state, oracle, {
        stdout: (b) => process.stdout.write(b),
        stderr: (b) => process.stderr.write(b),
      });
      outcome = await runProgram(vm, {
        ...config,
        log: (line) => {
          ctx.log.info(line);
          if (html === undefined) return;
          const sample = sampleOf(line, (performance.now() - started) / 1000);
          if (sample) {
            record.samples.push(sample);
            record.checkpoints.push({ step: sample.step, hash: bytesToHex(stateHashOf(state)) });
          }
        },
        shouldStop: () => interrupted,
        writeProof: (path, p) => {
          writeJson(path, stepProofToJson(p));
          // After proving, the VM's state is the post-state of the proven step.
          if (postState) {
            const post = path.replace(/\.json$/, '') + (state instanceof Mips64State ? '.post.bin.gz' : '.post.json');
            return writeStateFile(post, state);
          }
        },
        writeSnapshot: (path, s) => {
          ensureDir(path);
          return writeStateFile(path, s);
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
      hostExit = await host?.close();
    }
    if (output) {
      await writeStateFile(output, state);
    }
    const hash = bytesToHex(stateHashOf(state));
    if (outcome === 'interrupted')
      status(ctx, 'info', `stopped at step ${state.step} (interrupted)${output ? `; state written to ${output}` : ''}`);
    status(ctx, 'info', `${outcome}: ${describeState(state)} hash=${hash}`);
    const failure = hostExit && hostFailure(hostExit);
    if (flagBool(ctx, 'json')) {
      ctx.stdout(
        JSON.stringify({
          outcome,
          step: state.step,
          exited: state.exited,
          exitCode: state.exitCode,
          stateHash: hash,
          ...(output ? { output } : {}),
          preimages: oracle.counts,
          hints: oracle.hints,
          seconds: (performance.now() - started) / 1000,
          ...(failure ? { error: failure } : {}),
        }),
      );
    }
    if (html !== undefined) {
      Object.assign(record, { outcome, finalStep: state.step, finalHash: hash, hints: oracle.hints });
      if (record.checkpoints.at(-1)?.step !== state.step) record.checkpoints.push({ step: state.step, hash });
      writeFileSync(html, runReport(record, previous));
      ctx.log.info('report written', { html });
    }
    if (failure !== undefined) {
      status(ctx, 'error', `error: ${failure}; the run is not trustworthy`);
      return 2;
    }
    // A run cut short by Ctrl-C did not do what was asked.
    return outcome === 'interrupted' ? 2 : 0;
  },
};

/**
 * `--batch`: one input per line of stdin, one answer per line of stdout, in one process — for
 * tools that check thousands of states or proofs and must not pay a start for each. A bad input
 * is an answer ("error: …"), not the end of the batch; the exit code is the worst seen.
 */
async function batch(
  ctx: CommandContext,
  one: (path: string) => Promise<{ line: string; code: number }>,
): Promise<number> {
  let worst = 0;
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch (e) {
    throw new UsageError(`--batch: cannot read stdin: ${errorLine(e)}`);
  }
  for (const path of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    let answer: { line: string; code: number };
    try {
      answer = await one(path);
    } catch (e) {
      answer = {
        line: flagBool(ctx, 'json')
          ? JSON.stringify({ file: path, error: errorLine(e) })
          : `${path}: error: ${errorLine(e)}`,
        code: 2,
      };
    }
    ctx.stdout(answer.line);
    worst = Math.max(worst, answer.code);
  }
  return worst;
}

const witnessCmd: CommandSpec = {
  name: 'witness',
  summary: 'print the state hash; optionally write the witness (226 bytes MIPS32, 188 cannon64)',
  description: `With --batch, reads state file names from stdin (one per line) and prints "<file> <hash>" for each
(or a JSON object per line with --json), in one process.`,
  options: [
    { name: 'input', value: '<state>', help: 'state file', default: 'state.json' },
    { name: 'output', value: '<file>', help: 'write the raw witness here' },
    { name: 'json', help: 'print {"stateHash","witness","step","exited","exitCode"} as JSON' },
    { name: 'batch', help: 'read state file names from stdin, one answer line each' },
  ],
  examples: ['faultline cannon witness --input state.bin.gz', 'ls snapshots/*.json | faultline cannon witness --batch'],
  run: async (ctx) => {
    const json = flagBool(ctx, 'json');
    const answer = async (path: string) => {
      const state = await readAnyStateFile(path);
      const hash = bytesToHex(stateHashOf(state));
      const fields = {
        stateHash: hash,
        witness: bytesToHex(witnessOf(state)),
        step: state.step,
        exited: state.exited,
        exitCode: state.exitCode,
      };
      return { state, hash, fields };
    };
    if (flagBool(ctx, 'batch')) {
      if (flagString(ctx, 'output')) throw new UsageError('--output cannot be used with --batch');
      return batch(ctx, async (path) => {
        const { hash, fields } = await answer(path);
        return { line: json ? JSON.stringify({ file: path, ...fields }) : `${path} ${hash}`, code: 0 };
      });
    }
    const { state, hash, fields } = await answer(requireFlag(ctx, 'input'));
    const out = flagString(ctx, 'output');
    if (out) {
      makeParentDir('--output', out);
      writeFileSync(out, witnessOf(state));
    }
    ctx.stdout(json ? JSON.stringify(fields) : hash);
    return 0;
  },
};

/** A proof file, parsed and checked; a bad one is an error naming the file. */
function readProof(path: string): StepProof {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ProofError(`${path}: not a JSON proof file: ${errorLine(e)}`, { cause: e });
  }
  try {
    return stepProofFromAnyJson(json);
  } catch (e) {
    throw new ProofError(`${path}: ${errorLine(e)}`, { cause: e });
  }
}

/**
 * One proof's verdict. A file that is not a proof could not be checked (2); a well-formed proof
 * whose witness or merkle proofs do not recompute — a tampered proof — is INVALID (1), whether
 * the check returns a mismatch or finds the proof inconsistent on the way.
 */
function verifyOne(path: string, json: boolean): { line: string; code: number } {
  const p = readProof(path);
  let ok: boolean;
  let reason = '';
  let post = '';
  try {
    const r = checkAnyStepProof(p);
    ok = r.ok;
    post = bytesToHex(r.post);
    if (!r.ok) reason = r.reason ?? 'the recomputed post-state differs';
  } catch (e) {
    ok = false;
    reason = errorLine(e);
  }
  if (json)
    return {
      line: JSON.stringify({
        file: path,
        valid: ok,
        step: p.step,
        ...(post ? { post } : {}),
        ...(ok ? {} : { reason }),
      }),
      code: ok ? 0 : 1,
    };
  if (ok) return { line: `${path}: ok step=${p.step} post=${post}`, code: 0 };
  return { line: `${path}: INVALID step=${p.step}: ${reason}${post ? ` (recomputed ${post})` : ''}`, code: 1 };
}

const verifyStepCmd: CommandSpec = {
  name: 'verify-step',
  summary: 'check a step proof by recomputing the post-state from the witness and proofs alone',
  description: `Exit 0 when every proof checks, 1 when one does not (a tampered witness or merkle proof: the
recomputed post-state differs or cannot be recomputed), 2 when a file is not a proof. --batch reads proof
file names from stdin, one answer line each, in one process.`,
  options: [
    { name: 'proof', value: '<file>', help: 'proof JSON written by run --proof-at', repeatable: true },
    { name: 'json', help: 'one JSON object per proof: {"file","valid","step","post","reason"}' },
    { name: 'batch', help: 'read proof file names from stdin, one answer line each' },
    {
      name: 'onchain',
      help: 'decide each proof with MIPS.sol 1.0.1 + PreimageOracle (contracts-bedrock 0.17.3) in our EVM, after loading the part the step reads',
    },
    { name: 'local-context', value: '<hash>', help: '--onchain: the local context local keys are loaded under' },
    { name: 'datadir', value: '<dir>', help: "--onchain: the host's pre-image store (blob parts need their blob)" },
    { name: 'data.format', value: '<format>', help: '--onchain: format of --datadir', default: 'directory' },
  ],
  args: { value: '[<proof.json>...]', min: 0 },
  examples: [
    'faultline cannon verify-step --proof proof-1000.json',
    'ls proofs/*.json | faultline cannon verify-step --batch --json',
    'faultline cannon verify-step --onchain proof-1000.json',
  ],
  run: async (ctx) => {
    const json = flagBool(ctx, 'json');
    if (flagBool(ctx, 'batch') && flagBool(ctx, 'onchain'))
      throw new UsageError('--onchain takes proof files, not --batch');
    if (flagBool(ctx, 'batch')) return batch(ctx, async (path) => verifyOne(path, json));
    const v = ctx.flags.proof;
    const files = [...(Array.isArray(v) ? v : []), ...ctx.args];
    if (flagBool(ctx, 'onchain') && files.length > 0)
      return (await import('./cannon-onchain.js')).verifyStepsOnchain(ctx, files);
    if (files.length === 0) throw new UsageError('missing required flag --proof (or --batch)');
    // Every file is read and parsed before any verdict, so a malformed one is exit 2 at once.
    for (const f of files) readProof(f);
    let worst = 0;
    for (const f of files) {
      const r = verifyOne(f, json);
      ctx.stdout(r.line);
      worst = Math.max(worst, r.code);
    }
    return worst;
  },
};

export const cannonCommand: CommandSpec = {
  name: 'cannon',
  summary: 'the MIPS VM: load-elf, run, witness, verify-step, list, trace, diverge',
  description:
    'Single-threaded MIPS32 Cannon (state.json era, op-program ≤ v1.3) with the Aug-2024 fixes, and cannon64: multithreaded MIPS64, state version 8 (MIPS64.sol 1.10).',
  subcommands: [loadElfCmd, runCmd, witnessCmd, verifyStepCmd, cannonListCommand, traceCmd, divergeCmd],
};
