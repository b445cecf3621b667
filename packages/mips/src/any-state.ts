/**
 * Both VMs behind one door, for the `cannon` commands: the VM types `load-elf --type` takes
 * (upstream's names), loading an ELF as either, and — for a state or proof read from a file —
 * its hash, witness, VM and proof check, chosen by what the data is (a state's class, a proof's
 * state-data length: 226 bytes MIPS32, 188 cannon64). Multithreaded states of versions other than
 * 8 are read and written back but not run, as upstream's current cannon does.
 */
import { type ElfFile, loadElf } from './elf.js';
import { StateVersionError } from './errors.js';
import { CANNON64_VERSION, MT_VERSION_NAMES, WITNESS64_SIZE } from './mips64/constants.js';
import { loadElf64, patchStack64 } from './mips64/load.js';
import { checkStepProof64, stepProof64FromJson } from './mips64/proof.js';
import { encodeWitness64, Mips64State, stateHash64 } from './mips64/state.js';
import { Mips64VM } from './mips64/vm.js';
import type { PreimageOracle } from './oracle.js';
import { patchGo, patchStack } from './patch.js';
import { checkStepProof, type StepProof, stepProofFromJson } from './proof.js';
import { encodeWitness, type MipsState, stateHash } from './state.js';
import type { AnyState } from './state-file.js';
import { MipsVM } from './vm.js';

/** `load-elf --type` values: upstream's version names, plus `multithreaded64` for the newest 64-bit one. */
export const VM_TYPES = {
  singlethreaded: { arch: 'mips32', version: 0 },
  'singlethreaded-2': { arch: 'mips32', version: 2 },
  multithreaded64: { arch: 'mips64', version: CANNON64_VERSION },
  'multithreaded64-5': { arch: 'mips64', version: CANNON64_VERSION },
} as const satisfies Record<string, { arch: 'mips32' | 'mips64'; version: number }>;
export type VmType = keyof typeof VM_TYPES;

export function isVmType(name: string): name is VmType {
  return Object.hasOwn(VM_TYPES, name);
}

/** Why a type name is refused: unknown, or a version that is read here but not made or run. */
export function vmTypeProblem(name: string): string {
  const known = Object.entries(MT_VERSION_NAMES).find(([, n]) => n === name);
  const accepted = Object.keys(VM_TYPES).join(', ');
  if (known)
    return `--type ${name}: state version ${known[0]} is read here but not run (cannon64 runs version ${CANNON64_VERSION}, ${MT_VERSION_NAMES[CANNON64_VERSION]}); expected one of: ${accepted}`;
  if (name === 'multithreaded')
    return `--type multithreaded: the 32-bit multithreaded VM is not implemented; expected one of: ${accepted}`;
  return `--type ${name}: unknown VM type; expected one of: ${accepted}`;
}

/**
 * The state `load-elf` makes: MIPS32 with the requested patches (go, stack), or cannon64, where
 * upstream applies the stack patch only (a `go` patch in the list is skipped for it).
 */
export function loadElfAs(type: VmType, elf: ElfFile, patches: readonly string[]): AnyState {
  const t = VM_TYPES[type];
  if (t.arch === 'mips64') {
    const s = loadElf64(elf);
    if (patches.includes('stack')) patchStack64(s);
    return s;
  }
  const s = loadElf(elf);
  s.version = t.version as 0 | 2;
  if (patches.includes('go')) patchGo(elf, s);
  if (patches.includes('stack')) patchStack(s);
  return s;
}

export function stateHashOf(s: AnyState): Uint8Array {
  return s instanceof Mips64State ? stateHash64(s) : stateHash(s);
}

export function witnessOf(s: AnyState): Uint8Array {
  return s instanceof Mips64State ? encodeWitness64(s) : encodeWitness(s);
}

export interface AnyVmOptions {
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
}

/** The VM for a state; a multithreaded state of another version than 8 is a `StateVersionError`. */
export function vmFor(s: AnyState, oracle: PreimageOracle, options: AnyVmOptions = {}): MipsVM | Mips64VM {
  if (!(s instanceof Mips64State)) return new MipsVM(s as MipsState, oracle, options);
  if (s.version !== CANNON64_VERSION)
    throw new StateVersionError(
      s.version,
      `state version ${s.version} (${MT_VERSION_NAMES[s.version]}) is read and written here but not run: cannon64 runs version ${CANNON64_VERSION} (${MT_VERSION_NAMES[CANNON64_VERSION]}), as MIPS64.sol 1.10 does`,
    );
  return new Mips64VM(s, oracle, options);
}

/** A one-line account of where a state is: pc (and thread for cannon64), exit status. */
export function describeState(s: AnyState): string {
  const status = `step=${s.step} exited=${s.exited} exit=${s.exitCode}`;
  if (!(s instanceof Mips64State)) return `${status} pc=0x${s.pc.toString(16)}`;
  const t = s.activeStack[s.activeStack.length - 1];
  const where = t ? ` pc=0x${t.pc.toString(16)} thread=${t.id}` : '';
  return `${status}${where} threads=${s.threadCount}`;
}

/** A proof from parsed JSON for whichever VM its state-data belongs to (188 bytes: cannon64). */
export function stepProofFromAnyJson(j: unknown): StepProof {
  const sd = (j as Record<string, unknown> | null)?.['state-data'];
  const is64 = typeof sd === 'string' && sd.replace(/^0x/, '').length === 2 * WITNESS64_SIZE;
  return is64 ? stepProof64FromJson(j) : stepProofFromJson(j);
}

/** Checks a proof of either VM (by its state-data length). */
export function checkAnyStepProof(p: StepProof): { ok: boolean; post: Uint8Array; reason?: string } {
  return p.stateData.length === WITNESS64_SIZE ? checkStepProof64(p) : checkStepProof(p);
}
