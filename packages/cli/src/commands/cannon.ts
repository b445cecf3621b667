/**
 * `faultline cannon`: the Cannon VMs — single-threaded MIPS32 and cannon64 (multithreaded MIPS64,
 * state version 8) — with Cannon's own verbs and flags (load-elf, run, witness) plus verify-step,
 * which checks a proof file the way the on-chain step contract would. `load-elf --type` picks
 * the VM (upstream's names; MIPS32 stays the default); run, witness and verify-step detect it
 * from the state or proof. `run` spawns the pre-image host given after `--` with fds 3–6.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type AnyState,
  checkAnyStepProof,
  codeRegions,
  describeState,
  HostError,
  type HostExit,
  HostProcessOracle,
  isVmType,
  loadElfAs,
  type Metadata,
  makeMetadata,
  PATCHES,
  PREIMAGE_TYPES,
  type PreimageOracle,
  ProofError,
  parseElf,
  parseMetadata,
  parsePattern,
  type RunConfig,
  readAnyStateFile,
  runProgram,
  type StepPattern,
  type StepProof,
  scanInstructions,
  stateHashOf,
  stepProofFromAnyJson,
  stepProofToJson,
  summarizeUnsupported,
  VM_TYPES,
  vmFor,
  vmTypeProblem,
  witnessOf,
  writeStateFile,
} from '@faultline/mips';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, errorLine, flagString, requireFlag, UsageError } from '../command.js';
import { resolveSelf } from '../self.js';

const writeJson = (path: string, value: unknown) => {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (path === '-') process.stdout.write(text);
  else writeFileSync(path, text);
};

const loadElfCmd: CommandSpec = {
  name: 'load-elf',
  summary: 'load a big-endian MIPS ELF (32-bit, or 64-bit for cannon64) into a VM state',
  description: `Copies the program segments into memory (pc = entry; heap at 0x05000000, or 0x1000_0000_0000
for cannon64), applies the patches (go: stub out Go runtime functions that need threads/GC/floats;
stack: initial stack in the Aug-2024 layout) and writes the state and the symbol metadata. "-" writes
to stdout. --type multithreaded64 makes a cannon64 state (version 8 = multithreaded64-5): a 64-bit ELF,
the stack patch only (as upstream), and a binary state (.bin / .bin.gz; there is no JSON form).`,
  options: [
    {
      name: 'type',
      value: '<vm>',
      help: `VM to load for: ${Object.keys(VM_TYPES).join(', ')}`,
      default: 'singlethreaded',
    },
    { name: 'path', value: '<elf>', help: 'ELF file to load' },
    { name: 'patch', value: '<list>', help: 'comma-separated patches: go, stack', default: 'go,stack' },
    {
      name: 'out',
      value: '<file>',
      help: 'state output (.json, .bin, .bin.gz; - = stdout; empty = none)',
      default: 'state.json',
    },
    { name: 'meta', value: '<file>', help: 'symbol metadata output (empty = none)', default: 'meta.json' },
    {
      name: 'strict',
      help: 'refuse an ELF whose executable sections hold instructions the VM does not implement',
    },
  ],
  examples: [
    'faultline cannon load-elf --path program.elf --out state.bin.gz --meta meta.json',
    'faultline cannon load-elf --type multithreaded64 --path program64.elf --out state.bin.gz',
  ],
  run: async (ctx) => {
    const type = requireFlag(ctx, 'type');
    if (!isVmType(type)) throw new UsageError(vmTypeProblem(type));
    const path = requireFlag(ctx, 'path');
    const elf = parseElf(new Uint8Array(readFileSync(path)));
    // The VM runs a few encodings outside its set silently (a bgezal is a never-taken branch),
    // as MIPS.sol v1.0.1 does; so the program is checked before it is loaded (isa-check.ts).
    // The check knows the MIPS32 set only.
    const unsupported = VM_TYPES[type].arch === 'mips32' ? scanInstructions(codeRegions(elf)) : [];
    if (unsupported.length > 0) {
      const what = `${path}: ${unsupported.length} instruction word(s) the VM does not implement: ${summarizeUnsupported(unsupported)}`;
      if (ctx.flags.strict === true) throw new UsageError(`${what}; refusing (--strict)`);
      ctx.stderr(`warning: ${what}; the program will fail or misbehave where it reaches them (--strict refuses)`);
    }
    const patches = (flagString(ctx, 'patch') ?? '').split(',').filter(Boolean);
    for (const p of patches)
      if (!(PATCHES as readonly string[]).includes(p))
        throw new UsageError(`unknown patch "${p}" (expected one of: ${PATCHES.join(', ')})`);
    const state = loadElfAs(type, elf, patches);
    const out = flagString(ctx, 'out');
    if (out) await writeStateFile(out, state);
    const meta = flagString(ctx, 'meta');
    if (meta) writeJson(meta, makeMetadata(elf));
    ctx.stderr(
      `loaded ${elf.programs.length} program headers, ${state.memory.pageCount} pages; state hash ${bytesToHex(stateHashOf(state))}`,
    );
    return 0;
  },
};

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
  const metaPath = flagString(ctx, 'meta');
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
%N (every N steps). The host command after -- serves pre-images on its fds 3 (hints in), 4 (acks out),
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
    { name: 'meta', value: '<file>', help: 'meta.json with symbols (names in info lines, notesleep guard)' },
  ],
  examples: [
    'faultline cannon run --input state.json --proof-at =1000 --stop-at =1001 -- faultline host --server --datadir ./preimages',
  ],
  run: async (ctx: CommandContext) => {
    const config = runConfigFromFlags(ctx);
    const state = await readAnyStateFile(requireFlag(ctx, 'input'));
    const output = flagString(ctx, 'output');
    // A leading `faultline` (or `npx faultline`, which cannot pass fds 3-6) is this very bin.
    const host = ctx.rest.length > 0 ? await HostProcessOracle.start(resolveSelf(ctx.rest)) : undefined;
    let outcome: string;
    let hostExit: HostExit | undefined;
    try {
      const vm = vmFor(state, host ?? new NoHostOracle(), {
        stdout: (b) => process.stdout.write(b),
        stderr: (b) => process.stderr.write(b),
      });
      outcome = await runProgram(vm, {
        ...config,
        log: ctx.stderr,
        writeProof: (path, p) => writeJson(path, stepProofToJson(p)),
        writeSnapshot: (path, s) => writeStateFile(path, s),
      });
    } finally {
      hostExit = await host?.close();
    }
    if (output) await writeStateFile(output, state);
    ctx.stderr(`${outcome}: ${describeState(state)} hash=${bytesToHex(stateHashOf(state))}`);
    const failure = hostExit && hostFailure(hostExit);
    if (failure !== undefined) {
      ctx.stderr(`error: ${failure}; the run is not trustworthy`);
      return 2;
    }
    return 0;
  },
};

const witnessCmd: CommandSpec = {
  name: 'witness',
  summary: 'print the state hash; optionally write the witness (226 bytes MIPS32, 188 cannon64)',
  options: [
    { name: 'input', value: '<state>', help: 'state file', default: 'state.json' },
    { name: 'output', value: '<file>', help: 'write the raw witness here' },
  ],
  run: async (ctx) => {
    const state = await readAnyStateFile(requireFlag(ctx, 'input'));
    const witness = witnessOf(state);
    const out = flagString(ctx, 'output');
    if (out) writeFileSync(out, witness);
    ctx.stdout(bytesToHex(stateHashOf(state)));
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

const verifyStepCmd: CommandSpec = {
  name: 'verify-step',
  summary: 'check a step proof by recomputing the post-state from the witness and proofs alone',
  description: `Exit 0 when every proof checks, 1 when one does not (the recomputed post-state differs), 2 when a
file is malformed.`,
  options: [{ name: 'proof', value: '<file>', help: 'proof JSON written by run --proof-at', repeatable: true }],
  run: (ctx) => {
    const v = ctx.flags.proof;
    const files = Array.isArray(v) ? v : [];
    if (files.length === 0) throw new UsageError('missing required flag --proof');
    let bad = 0;
    for (const f of files) {
      const p = readProof(f);
      let r: ReturnType<typeof checkAnyStepProof>;
      try {
        r = checkAnyStepProof(p);
      } catch (e) {
        throw new ProofError(`${f}: ${errorLine(e)}`, { cause: e });
      }
      if (r.ok) ctx.stdout(`${f}: ok step=${p.step} post=${bytesToHex(r.post)}`);
      else {
        bad++;
        ctx.stdout(`${f}: INVALID step=${p.step}: ${r.reason} (recomputed ${bytesToHex(r.post)})`);
      }
    }
    return bad === 0 ? 0 : 1;
  },
};

export const cannonCommand: CommandSpec = {
  name: 'cannon',
  summary: 'the MIPS VM: load-elf, run, witness, verify-step',
  description:
    'Single-threaded MIPS32 Cannon (state.json era, op-program ≤ v1.3) with the Aug-2024 fixes, and cannon64: multithreaded MIPS64, state version 8 (MIPS64.sol 1.10).',
  subcommands: [loadElfCmd, runCmd, witnessCmd, verifyStepCmd],
};
