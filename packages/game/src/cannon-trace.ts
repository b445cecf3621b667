/**
 * A Cannon execution trace as the dispute game reads it: the state after n steps of a program
 * run from its prestate (claims in the execution half of the game are these states' hashes; at
 * and after the exit the trace holds the final state), and the proof of the step from state n to
 * state n+1. Runs start from the nearest snapshot at or below n — kept in memory (a few, as
 * binary states) and, given a directory, on disk as `<step>.bin.gz` beside a `trace.json` naming
 * the prestate — so a bisection never replays from step 0: each answer leaves a snapshot behind,
 * and a long first run leaves one every `snapshotEvery` steps. One pre-image host serves every
 * run of a trace; the VM's channel is idle at every step boundary, so runs can stop and resume.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeStateBinary,
  encodeStateBinary,
  HostProcessOracle,
  type MipsState,
  MipsVM,
  type PreimageOracle,
  proveStep,
  readAnyStateFile,
  type StepProof,
  stateHash,
  writeStateFile,
} from '@faultline/mips';
import { BaseError, bytesToHex, concatBytes } from '@faultline/primitives';

export class TraceError extends BaseError {
  override name = 'TraceError' as const;
}

export interface TraceOptions {
  /** The state the trace starts from (usually the absolute prestate, step 0). */
  prestate: MipsState;
  /** The pre-image host: a command spawned with fds 3–6 (as after `cannon run --`), or an oracle. */
  host: string[] | PreimageOracle;
  /** Directory for on-disk snapshots (reused by later traces of the same prestate). */
  snapshotDir?: string;
  /** Leave a snapshot every this many steps on long runs (default 2^24). */
  snapshotEvery?: number;
  /** In-memory snapshots kept (default 16). */
  memorySnapshots?: number;
  log?: (line: string) => void;
}

export interface TraceStats {
  /** VM runs started (each from a snapshot). */
  runs: number;
  /** Steps executed by the VM over all runs. */
  steps: number;
  /** Milliseconds spent running the VM. */
  ms: number;
}

const DEFAULT_EVERY = 1 << 24;

function encode(s: MipsState): Uint8Array {
  return concatBytes(...encodeStateBinary(s));
}

export class CannonTrace {
  readonly stats: TraceStats = { runs: 0, steps: 0, ms: 0 };
  /** Snapshots in memory, by step: encoded binary states. */
  private readonly memory = new Map<number, Uint8Array>();
  /** Steps with a snapshot on disk. */
  private readonly disk = new Set<number>();
  /** The step at which the program exits, once a run has seen it. */
  private exitStep: number | undefined;
  private readonly every: number;
  private readonly keep: number;
  readonly prestateHash: Uint8Array;
  readonly startStep: number;

  private constructor(
    private readonly options: TraceOptions,
    private readonly oracle: PreimageOracle,
    private readonly host: HostProcessOracle | undefined,
  ) {
    this.every = options.snapshotEvery ?? DEFAULT_EVERY;
    this.keep = options.memorySnapshots ?? 16;
    this.startStep = options.prestate.step;
    this.prestateHash = stateHash(options.prestate);
    this.memory.set(this.startStep, encode(options.prestate));
    if (options.prestate.exited) this.exitStep = this.startStep;
  }

  static async open(options: TraceOptions): Promise<CannonTrace> {
    if (options.snapshotDir) checkSnapshotDir(options.snapshotDir, stateHash(options.prestate));
    const host = Array.isArray(options.host) ? await HostProcessOracle.start(options.host) : undefined;
    const trace = new CannonTrace(options, host ?? (options.host as PreimageOracle), host);
    if (options.snapshotDir) trace.scanDisk(options.snapshotDir);
    return trace;
  }

  /** Stops the host (when the trace started one). */
  async close(): Promise<void> {
    await this.host?.close();
  }

  /** The exit step, if known. */
  get exitedAt(): number | undefined {
    return this.exitStep;
  }

  private scanDisk(dir: string): void {
    for (const name of readdirSync(dir)) {
      const m = /^(\d+)\.bin\.gz$/.exec(name);
      if (m) this.disk.add(Number(m[1]));
    }
  }

  /** The nearest snapshot at or below `n` (memory first, then disk). */
  private async nearest(n: number): Promise<MipsState> {
    let best = -1;
    for (const k of this.memory.keys()) if (k <= n && k > best) best = k;
    let fromDisk = -1;
    for (const k of this.disk) if (k <= n && k > fromDisk) fromDisk = k;
    if (fromDisk > best && this.options.snapshotDir) {
      const path = join(this.options.snapshotDir, `${fromDisk}.bin.gz`);
      const s = (await readAnyStateFile(path)) as MipsState;
      if (s.step !== fromDisk || !('pc' in s))
        throw new TraceError(`snapshot ${path} holds step ${s.step}, not ${fromDisk}`);
      this.remember(s);
      return s;
    }
    if (best < 0) throw new TraceError(`step ${n} is before the trace's first state (step ${this.startStep})`);
    return decodeStateBinary(this.memory.get(best)!);
  }

  private remember(s: MipsState): void {
    if (this.memory.has(s.step)) return;
    this.memory.set(s.step, encode(s));
    if (this.memory.size > this.keep) {
      // Drop the oldest entry that is not the start (the start is always kept).
      for (const k of this.memory.keys()) {
        if (k !== this.startStep) {
          this.memory.delete(k);
          break;
        }
      }
    }
  }

  private async persist(s: MipsState): Promise<void> {
    const dir = this.options.snapshotDir;
    if (!dir || this.disk.has(s.step)) return;
    await writeStateFile(join(dir, `${s.step}.bin.gz`), s);
    this.disk.add(s.step);
  }

  /** The state after `n` steps (the final state if the program exits earlier). */
  async stateAt(n: number): Promise<MipsState> {
    if (!Number.isSafeInteger(n) || n < this.startStep)
      throw new TraceError(`step ${n}: expected an integer ≥ ${this.startStep}`);
    const target = this.exitStep !== undefined ? Math.min(n, this.exitStep) : n;
    const s = await this.nearest(target);
    if (s.step === target) return s;
    const vm = new MipsVM(s, this.oracle);
    const t = performance.now();
    this.stats.runs++;
    const from = s.step;
    while (s.step < target && !s.exited) {
      const nextMark = (Math.floor(s.step / this.every) + 1) * this.every;
      const stop = Math.min(target, nextMark);
      vm.run(stop - s.step);
      if (s.step === nextMark && s.step < target && !s.exited) {
        this.remember(s);
        await this.persist(s);
      }
    }
    this.stats.steps += s.step - from;
    this.stats.ms += performance.now() - t;
    if (s.exited) {
      this.exitStep = s.step;
      this.options.log?.(`trace: the program exited at step ${s.step} with code ${s.exitCode}`);
    }
    this.remember(s);
    await this.persist(s);
    return s;
  }

  /** The state hash after `n` steps (status byte first, as claims carry it). */
  async hashAt(n: number): Promise<Uint8Array> {
    return stateHash(await this.stateAt(n));
  }

  /** The proof of step `n` (from the state after n steps to the state after n+1). */
  async proofAt(n: number): Promise<StepProof> {
    const s = await this.stateAt(n);
    const vm = new MipsVM(s, this.oracle);
    this.stats.steps++;
    return proveStep(vm);
  }
}

interface TraceManifest {
  prestate: string;
}

/** A snapshot directory belongs to one prestate: `trace.json` names it, another is refused. */
function checkSnapshotDir(dir: string, prestate: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'trace.json');
  const want = bytesToHex(prestate);
  if (existsSync(path)) {
    let manifest: TraceManifest;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8')) as TraceManifest;
    } catch {
      throw new TraceError(`${path}: not a trace manifest`);
    }
    if (manifest.prestate !== want)
      throw new TraceError(
        `${dir} holds snapshots of prestate ${manifest.prestate}, not ${want}: use another --snapshots directory`,
      );
    return;
  }
  writeFileSync(path, `${JSON.stringify({ prestate: want }, null, 2)}\n`);
}
