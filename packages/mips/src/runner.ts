/**
 * The `cannon run` loop: per step, in Cannon's order — info line, `runtime.notesleep` guard,
 * stop-at, snapshot, the step itself (proven when proof-at matches), stop-at-preimage checks.
 * Steps that need none of that run through the fast loop in batches up to the next step some
 * pattern asks for, so the run speed is the interpreter's.
 */
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { lookupSymbol, type Metadata, symbolRange } from './meta.js';
import { parsePattern, type StepPattern } from './pattern.js';
import { proveStep, type StepProof } from './proof.js';
import type { MipsState } from './state.js';
import type { MipsVM } from './vm.js';

const BATCH = 1 << 20;

export interface RunConfig {
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
  writeProof?: (path: string, proof: StepProof) => void | Promise<void>;
  writeSnapshot?: (path: string, state: MipsState) => void | Promise<void>;
}

export type RunOutcome = 'exited' | 'stop-at' | 'stop-at-preimage' | 'notesleep';

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

export async function runProgram(vm: MipsVM, cfg: RunConfig = {}): Promise<RunOutcome> {
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
  const notesleep = cfg.meta ? symbolRange(cfg.meta, 'runtime.notesleep') : undefined;
  const t0 = performance.now();
  const step0 = s.step;
  vm.watch = notesleep;

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
      if (infoAt.matches(step)) {
        const secs = (performance.now() - t0) / 1000;
        const ips = secs > 0 ? Math.round((step - step0) / secs) : 0;
        const insn = s.memory.getWord(s.pc & ~3);
        const name = cfg.meta ? lookupSymbol(cfg.meta, s.pc) : '';
        const pages = s.memory.pageCount;
        log(
          `step=${step} pc=0x${s.pc.toString(16).padStart(8, '0')} insn=0x${insn.toString(16).padStart(8, '0')} ips=${ips} pages=${pages} mem=${JSON.stringify(humanBytes(pages * 4096))} name=${name}`,
        );
      }
      if (notesleep && s.pc >= notesleep.start && s.pc < notesleep.end) {
        log(`step=${step}: program is stuck in runtime.notesleep (it tried to block on another thread); aborting`);
        return 'notesleep';
      }
      if (stopAt.matches(step)) return 'stop-at';
      if (snapshotAt.matches(step) && cfg.writeSnapshot)
        await cfg.writeSnapshot(formatStepPath(cfg.snapshotFmt ?? 'state-%d.json', step), s);
      if (proofAt.matches(step)) {
        const proof = proveStep(vm);
        if (cfg.writeProof) await cfg.writeProof(formatStepPath(cfg.proofFmt ?? 'proof-%d.json', step), proof);
        if (watchPreimages && preimageStop()) return logStop(log, vm);
      } else if (watchPreimages) {
        vm.step(false);
        if (preimageStop()) return logStop(log, vm);
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

function logStop(log: (l: string) => void, vm: MipsVM): RunOutcome {
  const r = vm.lastPreimageRead()!;
  log(`step=${vm.state.step}: stopping at pre-image read of ${bytesToHex(r.key)} at offset ${r.offset}`);
  return 'stop-at-preimage';
}
