/**
 * A Cannon execution trace as the dispute game reads it: the state after n steps of a program
 * run from its prestate (claims in the execution half of the game are these states' hashes; at
 * and after the exit the trace holds the final state), and the proof of the step from state n to
 * state n+1. Runs start from the nearest snapshot at or below n — kept in memory (a few, as
 * copies whose Merkle trees are hashed, so a run from one re-hashes only the pages it writes)
 * and, given a directory, on disk as `<step>.bin.gz` beside a `trace.json` naming the prestate —
 * so a bisection never replays from step 0: each answer leaves a snapshot behind, and a long
 * first run leaves one every `snapshotEvery` steps. One pre-image host serves every run of a
 * trace; the VM's channel is idle at every step boundary, so runs can stop and resume.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cloneState,
  HostProcessOracle,
  type MipsState,
  MipsVM,
  type PreimageOracle,
  proveStep,
  readAnyStateFile,
  restoreState,
  type StepProof,
  stateHash,
  writeStateFile,
} from '@faultline/mips';
import { BaseError, bytesToHex } from '@faultline/primitives';

export class TraceError extends BaseError {
  override name = 'TraceError' as const;
}

export interface TraceOptions {
  /** The state the trace starts from (usually the absolute prestate, step 0). */
  prestate: MipsState;
  /** The pre-image host: a command spawned with fds 3–6 (as after `cannon run --`), or an oracle. */
  host: string[] | PreimageOracle;
  /** Directory for on-disk snapshots (reused by later traces of the same prestate and inputs). */
  snapshotDir?: string;
  /**
   * What else makes this trace (its pre-image inputs): recorded beside the snapshots so a
   * directory is never reused for another run. Default: the host command.
   */
  id?: string;
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

export class CannonTrace {
  readonly stats: TraceStats = { runs: 0, steps: 0, ms: 0 };
  /** Snapshots in memory, by step: copies nobody runs (a run starts from a copy of one). */
  private readonly memory = new Map<number, MipsState>();
  /** State hashes already computed, by step (a bisection asks for the same ones again). */
  private readonly hashes = new Map<number, Uint8Array>();
  /** Steps with a snapshot on disk. */
  private readonly disk = new Set<number>();
  /**
   * The state runs continue from, with its VM (whose translated blocks stay warm): run forward
   * when the next step asked for is ahead of it, else restored in place from a snapshot.
   */
  private work: { s: MipsState; vm: MipsVM } | undefined;
  /** The last key the working VM asked the oracle for (the one its VM holds, asking no more). */
  private lastAsked: Uint8Array | undefined;
  /** While set (`firstReadFrom`), the working VM's questions are checked with it. */
  private watch: { wanted: (key: Uint8Array) => boolean; asked: boolean } | undefined;
  /** The working VM's oracle: `oracle`, watched. */
  private readonly workOracle: PreimageOracle = {
    getPreimage: (key) => {
      this.lastAsked = key;
      if (this.watch?.wanted(key)) this.watch.asked = true;
      return this.oracle.getPreimage(key);
    },
    hint: (h) => this.oracle.hint(h),
  };
  /** Runs one at a time (they share `work`). */
  private queue: Promise<unknown> = Promise.resolve();
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
    this.memory.set(this.startStep, cloneState(options.prestate));
    if (options.prestate.exited) this.exitStep = this.startStep;
  }

  static async open(options: TraceOptions): Promise<CannonTrace> {
    const id = options.id ?? (Array.isArray(options.host) ? options.host.join(' ') : 'in-process oracle');
    if (options.snapshotDir) checkSnapshotDir(options.snapshotDir, stateHash(options.prestate), id);
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

  /** The nearest snapshot at or below `n` (memory first, then disk); not to be changed. */
  private async nearest(n: number): Promise<MipsState> {
    const best = highestAtOrBelow(this.memory.keys(), n);
    const fromDisk = highestAtOrBelow(this.disk, n);
    if (fromDisk > best && this.options.snapshotDir) {
      const path = join(this.options.snapshotDir, `${fromDisk}.bin.gz`);
      const s = (await readAnyStateFile(path)) as MipsState;
      if (s.step !== fromDisk || !('pc' in s))
        throw new TraceError(`snapshot ${path} holds step ${s.step}, not ${fromDisk}`);
      this.remember(s);
      return this.memory.get(fromDisk) ?? s;
    }
    if (best < 0) throw new TraceError(`step ${n} is before the trace's first state (step ${this.startStep})`);
    return this.memory.get(best)!;
  }

  private remember(s: MipsState): void {
    if (this.memory.has(s.step)) return;
    // Hashed before the copy, so the copy's tree is current (and `hashAt` of s costs nothing).
    s.memory.merkleRoot();
    let dropped: MipsState | undefined;
    if (this.memory.size >= this.keep) {
      // Drop the oldest entry that is not the start or the final state (both always kept); the
      // copy takes over its buffers (snapshots are only read, and only inside one run).
      for (const [k, old] of this.memory) {
        if (k !== this.startStep && k !== this.exitStep) {
          this.memory.delete(k);
          dropped = old;
          break;
        }
      }
    }
    this.memory.set(s.step, cloneState(s, dropped));
  }

  private async persist(s: MipsState): Promise<void> {
    const dir = this.options.snapshotDir;
    if (!dir || this.disk.has(s.step)) return;
    await writeStateFile(join(dir, `${s.step}.bin.gz`), s);
    this.disk.add(s.step);
  }

  /** The state after `n` steps (the final state if the program exits earlier): a copy of its own. */
  async stateAt(n: number): Promise<MipsState> {
    return this.serial(async () => cloneState(await this.runTo(n)));
  }

  /** `fn` after every run queued before it (runs share the working state). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => {});
    return p;
  }

  /**
   * The working state moved to step `n` (or the exit): forward from where it is when that is at
   * or after the nearest snapshot, else from that snapshot. Only good until the next run.
   */
  private async runTo(n: number): Promise<MipsState> {
    if (!Number.isSafeInteger(n) || n < this.startStep)
      throw new TraceError(`step ${n}: expected an integer ≥ ${this.startStep}`);
    const target = this.exitStep !== undefined ? Math.min(n, this.exitStep) : n;
    let w = this.work;
    if (!w || w.s.step > target || w.s.step < this.nearestStep(target)) {
      const snap = await this.nearest(target);
      // w.vm keeps its translations (restoreFrom bumps codeEpoch if code pages changed).
      if (w) restoreState(w.s, snap);
      else {
        const s = cloneState(snap);
        w = { s, vm: new MipsVM(s, this.workOracle) };
        this.lastAsked = undefined;
        this.work = w;
      }
    }
    const { s, vm } = w;
    if (s.step === target) return s;
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

  /** The step of the nearest snapshot at or below `n` (memory or disk). */
  private nearestStep(n: number): number {
    return Math.max(highestAtOrBelow(this.memory.keys(), n), highestAtOrBelow(this.disk, n));
  }

  /**
   * Single-steps `vm` (over `at`) to the next read of a wanted pre-image and remembers that
   * state: its step, or undefined if the program exits first.
   */
  private stepToRead(at: MipsState, vm: MipsVM, wanted: (key: Uint8Array) => boolean): number | undefined {
    const t = performance.now();
    const from = at.step;
    while (!isReadOf(at, wanted) && !at.exited) vm.step(false);
    this.stats.steps += at.step - from;
    this.stats.ms += performance.now() - t;
    this.remember(at);
    return at.exited ? undefined : at.step;
  }

  /** The state hash after `n` steps (status byte first, as claims carry it); remembered. */
  async hashAt(n: number): Promise<Uint8Array> {
    const key = this.exitStep !== undefined ? Math.min(n, this.exitStep) : n;
    const hit = this.hashes.get(key);
    if (hit) return hit;
    return this.serial(async () => {
      const s = await this.runTo(n);
      const h = stateHash(s);
      this.hashes.set(s.step, h);
      if (s.step !== n && !s.exited) this.hashes.set(n, h);
      return h;
    });
  }

  /**
   * The first step at or after `from` that reads (`read(5, …)`) a pre-image whose key satisfies
   * `wanted`, or undefined if the program exits first. The working state runs on in chunks
   * (leaving snapshots as any run does); once its VM asked the oracle for such a key (a VM asks
   * at the first read of each key other than the last one it asked for), the chunk's start is
   * made again from a snapshot and single-stepped to that read.
   */
  async firstReadFrom(
    from: number,
    wanted: (key: Uint8Array) => boolean,
    chunk = 1 << 20,
  ): Promise<number | undefined> {
    return this.serial(async () => {
      const s = await this.runTo(from);
      const { vm } = this.work!;
      // A VM holding a wanted key would not ask for it again: such a read needs a fresh VM.
      if (this.lastAsked && wanted(this.lastAsked)) return this.firstReadFresh(s, wanted, chunk);
      const watch = { wanted, asked: false };
      const t = performance.now();
      const start = s.step;
      try {
        this.watch = watch;
        for (;;) {
          const before = s.step;
          const nextMark = (Math.floor(before / this.every) + 1) * this.every;
          vm.run(Math.min(chunk, nextMark - before));
          if (watch.asked) {
            this.watch = undefined;
            this.stats.steps += s.step - start;
            this.stats.ms += performance.now() - t;
            return this.stepToRead(await this.runTo(before), vm, wanted);
          }
          if (s.exited) {
            this.exitStep = s.step;
            this.stats.steps += s.step - start;
            this.stats.ms += performance.now() - t;
            this.remember(s);
            return undefined;
          }
          if (s.step === nextMark) {
            this.remember(s);
            await this.persist(s);
          }
        }
      } finally {
        this.watch = undefined;
      }
    });
  }

  /** `firstReadFrom` with a VM of its own over a copy of `s` (which it leaves alone). */
  private async firstReadFresh(
    from: MipsState,
    wanted: (key: Uint8Array) => boolean,
    chunk: number,
  ): Promise<number | undefined> {
    const s = cloneState(from);
    let asked = false;
    const watching: PreimageOracle = {
      getPreimage: (key) => {
        if (wanted(key)) asked = true;
        return this.oracle.getPreimage(key);
      },
      hint: (h) => this.oracle.hint(h),
    };
    const t = performance.now();
    const runner = new MipsVM(s, watching);
    for (;;) {
      const before = s.step;
      runner.run(chunk);
      this.stats.steps += s.step - before;
      if (asked) {
        this.stats.ms += performance.now() - t;
        const at = cloneState(await this.runTo(before));
        return this.stepToRead(at, new MipsVM(at, this.oracle), wanted);
      }
      if (s.exited) {
        this.exitStep = s.step;
        this.stats.ms += performance.now() - t;
        return undefined;
      }
    }
  }

  /** The proof of step `n` (from the state after n steps to the state after n+1). */
  async proofAt(n: number): Promise<StepProof> {
    const s = await this.stateAt(n);
    const vm = new MipsVM(s, this.oracle);
    this.stats.steps++;
    return proveStep(vm);
  }
}

/** The highest of `keys` that is at most `n`, or −1. */
function highestAtOrBelow(keys: Iterable<number>, n: number): number {
  let best = -1;
  for (const k of keys) if (k <= n && k > best) best = k;
  return best;
}

const SYSCALL = 0x0000000c;
const SYS_READ = 4003;
const FD_PREIMAGE_READ = 5;

/** The next step of `s` is `read(5, …)` of a pre-image whose key satisfies `wanted`. */
export function isReadOf(s: MipsState, wanted: (key: Uint8Array) => boolean): boolean {
  return (
    s.memory.getWord(s.pc) === SYSCALL &&
    s.registers[2] === SYS_READ &&
    s.registers[4] === FD_PREIMAGE_READ &&
    wanted(s.preimageKey)
  );
}

interface TraceManifest {
  prestate: string;
  id?: string;
}

/** A snapshot directory belongs to one trace: `trace.json` names its prestate and inputs. */
function checkSnapshotDir(dir: string, prestate: Uint8Array, id: string): void {
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
    if (manifest.id !== id)
      throw new TraceError(
        `${dir} holds snapshots of another run (${manifest.id ?? 'unnamed'}): use another --snapshots directory`,
      );
    return;
  }
  writeFileSync(path, `${JSON.stringify({ prestate: want, id }, null, 2)}\n`);
}
