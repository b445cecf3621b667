/**
 * The `cannon run` loop, for both VMs: per step, in Cannon's order — info line,
 * `runtime.notesleep` guard (MIPS32 only: a single-threaded Go program that blocks there can
 * never wake; cannon64 has threads), stop-at, snapshot, the step itself (proven when proof-at
 * matches), stop-at-preimage checks. Steps that need none of that run through the fast loop in
 * batches up to the next step some pattern asks for, so the run speed is the interpreter's.
 */
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { lookupSymbol, type Metadata, symbolRange } from './meta.js';
import { proveStep64 } from './mips64/proof.js';
import type { Mips64State } from './mips64/state.js';
import { Mips64VM } from './mips64/vm.js';
import { parsePattern, type StepPattern } from './pattern.js';
import { proveStep, type StepProof } from './proof.js';
import type { MipsState } from './state.js';
import type { MipsVM } from './vm.js';

const BATCH = 1 << 20;

export interface RunConfig<S extends MipsState | Mips64State = MipsState> {
  proofAt?: StepPattern;
  proofFmt?: string;
  snapshotAt?: StepPattern;
  snapshotFmt?: string;
  stopAt?: StepPattern;
  infoAt?: StepPattern;
  /** Stop after the step that reads this key at this offset. */
  stopAtPreimage?: { key: Uint8Array; offset: number };
  /** Stop after any pre-image read of this key type (byte 0), or of any type. */
  stopAtPreimageType?: number | 'any';
  stopAtPreimageLargerThan?: number;
  meta?: Metadata;
  log?: (line: string) => void;
  /**
   * Asked between batches; true ends the run with 'interrupted' (the state is consistent: whole
   * steps only). The loop yields to the event loop every ~100 ms so a signal handler that sets
   * this flag gets to run.
   */
  shouldStop?: () => boolean;
  writeProof?: (path: string, proof: StepProof) => void | Promise<void>;
  writeSnapshot?(path: string, state: S): void | Promise<void>;
}

export type RunOutcome = 'exited' | 'stop-at' | 'stop-at-preimage' | 'notesleep' | 'interrupted';

/** Lets pending events (a SIGINT handler) run. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export const PREIMAGE_TYPES: Record<string, number | 'any'> = {
  any: 'any',
  local: KEY_TYPES.local.byte,
  keccak: KEY_TYPES.keccak256.byte,
  sha256: KEY_TYPES.sha256.byte,
  blob: KEY_TYPES.blob.byte,
  precompile: KEY_TYPES.precompile.byte,
};

/** Replaces the `%d` of a Cannon file pattern with the step number. */
export function formatStepPath(fmt: string, step: number): string {
  return fmt.replace('%d', String(step));
}

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** What the loop needs from a VM, the same for both. */
interface Runnable {
  state: { step: number; exited: boolean; exitCode: number };
  run(n: number): number;
  step(proof: false): unknown;
  prove(): StepProof;
  lastPreimageRead(): { key: Uint8Array; value: Uint8Array; offset: number } | undefined;
  /** The active pc as a number (for symbol lookups). */
  pc(): number;
  /** pc (hex), instruction word at pc and pages in use, for info lines. */
  where(): { pc: string; insn: number; pages: number };
  watch: { start: number; end: number } | undefined;
}

function runnable(vm: MipsVM | Mips64VM): Runnable {
  if (vm instanceof Mips64VM) {
    return {
      state: vm.state,
      run: (n) => vm.run(n),
      step: () => vm.step(false),
      prove: () => proveStep64(vm),
      lastPreimageRead: () => vm.lastPreimageRead(),
      pc: () => Number(vm.state.current.pc),
      where: () => {
        const pc = vm.state.current.pc;
        const insn = Number((vm.state.memory.getDoubleword(pc & ~7n) >> ((pc & 4n) === 0n ? 32n : 0n)) & 0xffffffffn);
        return { pc: pc.toString(16).padStart(16, '0'), insn, pages: vm.state.memory.pageCount };
      },
      watch: undefined,
    };
  }
  return {
    state: vm.state,
    run: (n) => vm.run(n),
    step: () => vm.step(false),
    prove: () => proveStep(vm),
    lastPreimageRead: () => vm.lastPreimageRead(),
    pc: () => vm.state.pc,
    where: () => {
      const s = vm.state;
      return { pc: s.pc.toString(16).padStart(8, '0'), insn: s.memory.getWord(s.pc & ~3), pages: s.memory.pageCount };
    },
    get watch() {
      return vm.watch;
    },
    set watch(w) {
      vm.watch = w;
    },
  };
}

export function runProgram(vm: MipsVM, cfg?: RunConfig<MipsState>): Promise<RunOutcome>;
export function runProgram(vm: Mips64VM, cfg?: RunConfig<Mips64State>): Promise<RunOutcome>;
export function runProgram(vm: MipsVM | Mips64VM, cfg?: RunConfig<MipsState | Mips64State>): Promise<RunOutcome>;
export async function runProgram(
  machine: MipsVM | Mips64VM,
  cfg: RunConfig<MipsState | Mips64State> = {},
): Promise<RunOutcome> {
  const vm = runnable(machine);
  const s = vm.state;
  const never = parsePattern('never');
  const proofAt = cfg.proofAt ?? never;
  const snapshotAt = cfg.snapshotAt ?? never;
  const stopAt = cfg.stopAt ?? never;
  const infoAt = cfg.infoAt ?? never;
  const log = cfg.log ?? (() => {});
  const watchPreimages =
    cfg.stopAtPreimage !== undefined ||
    cfg.stopAtPreimageType !== undefined ||
    cfg.stopAtPreimageLargerThan !== undefined;
  const notesleep = cfg.meta && !(machine instanceof Mips64VM) ? symbolRange(cfg.meta, 'runtime.notesleep') : undefined;
  const t0 = performance.now();
  const step0 = s.step;
  vm.watch = notesleep;
  // `pc=` terms of --stop-at: checked before every step, so those runs step singly.
  const stopPcs = stopAt.pcs && stopAt.pcs.length > 0 ? new Set(stopAt.pcs) : undefined;
  let lastYield = t0;

  const preimageStop = (): boolean => {
    const read = vm.lastPreimageRead();
    if (!read) return false;
    if (cfg.stopAtPreimageType === 'any') return true;
    if (cfg.stopAtPreimageType !== undefined && read.key[0] === cfg.stopAtPreimageType) return true;
    if (cfg.stopAtPreimage && equalBytes(read.key, cfg.stopAtPreimage.key) && read.offset === cfg.stopAtPreimage.offset)
      return true;
    if (cfg.stopAtPreimageLargerThan !== undefined && read.value.length - 8 > cfg.stopAtPreimageLargerThan) return true;
    return false;
  };

  try {
    while (!s.exited) {
      const step = s.step;
      if (cfg.shouldStop) {
        const now = performance.now();
        if (now - lastYield > 100) {
          lastYield = now;
          await yieldToEvents();
        }
        if (cfg.shouldStop()) {
          log(`step=${step}: interrupted`);
          return 'interrupted';
        }
      }
      if (infoAt.matches(step)) {
        const secs = (performance.now() - t0) / 1000;
        const ips = secs > 0 ? Math.round((step - step0) / secs) : 0;
        const { pc, insn, pages } = vm.where();
        const name = cfg.meta ? lookupSymbol(cfg.meta, vm.pc()) : '';
        log(
          `step=${step} pc=0x${pc} insn=0x${insn.toString(16).padStart(8, '0')} ips=${ips} pages=${pages} mem=${JSON.stringify(humanBytes(pages * 4096))} name=${name}`,
        );
      }
      if (notesleep && vm.pc() >= notesleep.start && vm.pc() < notesleep.end) {
        log(`step=${step}: program is stuck in runtime.notesleep (it tried to block on another thread); aborting`);
        return 'notesleep';
      }
      if (stopAt.matches(step) || stopPcs?.has(vm.pc())) return 'stop-at';
      if (snapshotAt.matches(step) && cfg.writeSnapshot)
        await cfg.writeSnapshot(formatStepPath(cfg.snapshotFmt ?? 'state-%d.json', step), machine.state);
      if (proofAt.matches(step)) {
        const proof = vm.prove();
        if (cfg.writeProof) await cfg.writeProof(formatStepPath(cfg.proofFmt ?? 'proof-%d.json', step), proof);
        if (watchPreimages && preimageStop()) return logStop(log, vm);
      } else if (watchPreimages || stopPcs) {
        vm.step(false);
        if (watchPreimages && preimageStop()) return logStop(log, vm);
      } else {
        const next = Math.min(
          infoAt.next(step + 1),
          stopAt.next(step + 1),
          snapshotAt.next(step + 1),
          proofAt.next(step + 1),
        );
        vm.run(Math.min(next - step, BATCH));
      }
    }
    log(`step=${s.step}: program exited with code ${s.exitCode}`);
    return 'exited';
  } finally {
    vm.watch = undefined;
  }
}

function logStop(log: (l: string) => void, vm: Runnable): RunOutcome {
  const r = vm.lastPreimageRead()!;
  log(`step=${vm.state.step}: stopping at pre-image read of ${bytesToHex(r.key)} at offset ${r.offset}`);
  return 'stop-at-preimage';
}
