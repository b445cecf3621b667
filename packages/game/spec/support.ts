/**
 * Helpers for the game specs: where the repo's tools are, a MIPS C program built with Debian's
 * cross compiler, an oracle that records which keys were asked for, and a run of a long program
 * (client.elf) to the first step that reads a given kind of pre-image without single-stepping
 * the hundred million steps before it: fast runs in chunks with a binary snapshot before each,
 * then single steps from the snapshot of the chunk in which the oracle was first asked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeStateBinary, encodeStateBinary, type MipsState, MipsVM, type PreimageOracle } from '@faultline/mips';
import { concatBytes } from '@faultline/primitives';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(REPO, 'packages/cli/bin/faultline.mjs');
export const ELF = join(REPO, 'packages/client-elf/dist/client.elf');
export const NODE = [process.execPath, '--stack-size=3900'];

export const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export function builtElf(): boolean {
  const have = existsSync(ELF);
  if (!have && process.env.FAULTLINE_REQUIRE_ELF)
    throw new Error(`${ELF} is missing but FAULTLINE_REQUIRE_ELF is set: run "npm run build:elf" first`);
  if (!have) console.warn(`SKIPPING client.elf parts: ${ELF} not built (run "npm run build:elf")`);
  return have;
}

const CFLAGS = [
  '-O2',
  '-static',
  '-nostdlib',
  '-ffreestanding',
  '-march=mips32',
  '-msoft-float',
  '-mno-abicalls',
  '-fno-pic',
  '-G0',
  '-Wl,-e,__start',
];

/** Builds packages/mips/test-programs/<src> into `out`. */
export function buildMipsC(src: string, out: string): void {
  execFileSync('mips-linux-gnu-gcc', [...CFLAGS, '-o', out, join(REPO, 'packages/mips/test-programs', src)]);
}

/** Forwards to another oracle and remembers every key it was asked for. */
export class RecordingOracle implements PreimageOracle {
  readonly asked: Uint8Array[] = [];
  constructor(private readonly inner: PreimageOracle) {}
  getPreimage(key: Uint8Array): Uint8Array {
    this.asked.push(key.slice());
    return this.inner.getPreimage(key);
  }
  hint(hint: Uint8Array): void {
    this.inner.hint(hint);
  }
}

export function cloneState(s: MipsState): MipsState {
  return decodeStateBinary(concatBytes(...encodeStateBinary(s)));
}

/**
 * Runs `state` until the step that first reads a pre-image whose key satisfies `wanted`; returns
 * the state just before that step (run it with a fresh VM: the next step asks the oracle again).
 */
export function runToFirstRead(
  state: MipsState,
  oracle: RecordingOracle,
  wanted: (key: Uint8Array) => boolean,
  chunk = 1 << 24,
): MipsState {
  // The returned state is the run's own state object or a restored snapshot.
  let s = state;
  let snapshot = cloneState(s);
  let vm = new MipsVM(s, oracle);
  for (;;) {
    const before = oracle.asked.length;
    vm.run(chunk);
    if (oracle.asked.slice(before).some(wanted)) break;
    if (s.exited) throw new Error('the program exited before reading such a pre-image');
    snapshot = cloneState(s);
  }
  s = snapshot;
  vm = new MipsVM(s, oracle);
  while (!isReadOf(s, wanted)) {
    vm.step(false);
    if (s.exited) throw new Error('the program exited before reading such a pre-image');
  }
  return s;
}

const SYSCALL = 0x0000000c;
const SYS_READ = 4003;
const SYS_WRITE = 4004;

/** The next step is `read(5, …)` of a pre-image whose key satisfies `wanted`. */
export function isReadOf(s: MipsState, wanted: (key: Uint8Array) => boolean): boolean {
  return (
    s.memory.getWord(s.pc) === SYSCALL && s.registers[2] === SYS_READ && s.registers[4] === 5 && wanted(s.preimageKey)
  );
}

/** The next step is a syscall on one of the pre-image or hint fds (3–6). */
export function isOracleSyscall(s: MipsState): boolean {
  if (s.memory.getWord(s.pc) !== SYSCALL) return false;
  const nr = s.registers[2];
  const fd = s.registers[4]!;
  return (nr === SYS_READ || nr === SYS_WRITE) && fd >= 3 && fd <= 6;
}
