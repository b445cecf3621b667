/**
 * Load-time patches (`--patch go,stack`). `go` turns Go-runtime functions that start GC,
 * sysmon or float-dependent checks into `jr $ra; nop` and zeroes `runtime.MemProfileRate`;
 * `stack` builds the initial stack in the fixed layout of Aug 2024 (optimism#11632): argc = 1,
 * argv[0] = "op-program", envp[0] = "GODEBUG=memprofilerate=0", auxv {AT_PAGESZ, AT_RANDOM}.
 * Both change the absolute prestate hash, so they are data, not options to tweak.
 */
import { utf8ToBytes } from '@faultline/primitives';
import { PAGE_SIZE, REG, STACK_POINTER } from './constants.js';
import type { ElfFile } from './elf.js';
import type { MipsState } from './state.js';

/** Functions replaced by an immediate return (Cannon `PatchGo`). */
export const GO_PATCHED_FUNCTIONS: readonly string[] = [
  'runtime.gcenable',
  'runtime.init.5', // init() { go forcegchelper() }
  'runtime.main.func1', // newm(sysmon, …)
  'runtime.deductSweepCredit', // floating point + the disabled GC
  'runtime.(*gcControllerState).commit',
  // prometheus packages start background goroutines
  'github.com/prometheus/client_golang/prometheus.init',
  'github.com/prometheus/client_golang/prometheus.init.0',
  'github.com/prometheus/procfs.init',
  'github.com/prometheus/common/model.init',
  'github.com/prometheus/client_model/go.init',
  'github.com/prometheus/client_model/go.init.0',
  'github.com/prometheus/client_model/go.init.1',
  'flag.init',
  'runtime.check', // needs float64 NaN
];

/** `jr $ra` then a `nop` for its delay slot. */
const RETURN_STUB = Uint8Array.of(0x03, 0xe0, 0x00, 0x08, 0, 0, 0, 0);

export function patchGo(elf: ElfFile, s: MipsState): void {
  const names = new Set(GO_PATCHED_FUNCTIONS);
  for (const sym of elf.symbols) {
    if (names.has(sym.name)) s.memory.setRange(sym.value, RETURN_STUB);
    else if (sym.name === 'runtime.MemProfileRate') s.memory.setRange(sym.value, new Uint8Array(4));
  }
}

const AT_PAGESZ = 6;
const AT_RANDOM = 25;

export function patchStack(s: MipsState): void {
  const sp = STACK_POINTER;
  // 1 page for the initial stack data and 4 pages (16 KiB) below it to grow into.
  s.memory.setRange(sp - 4 * PAGE_SIZE, new Uint8Array(5 * PAGE_SIZE));
  s.registers[REG.SP] = sp | 0;
  const word = (i: number, v: number) => s.memory.setWord(sp + 4 * i, v >>> 0);
  word(0, 1); // argc
  word(1, sp + 4 * 21); // argv[0]
  word(2, 0); // argv terminator
  word(3, sp + 4 * 14); // envp[0]
  word(4, 0); // envp terminator
  word(5, AT_PAGESZ);
  word(6, PAGE_SIZE);
  word(7, AT_RANDOM);
  word(8, sp + 4 * 10); // 16 bytes of "randomness"
  word(9, 0); // auxv terminator
  s.memory.setRange(sp + 4 * 10, utf8ToBytes('4;byfairdiceroll'));
  s.memory.setRange(sp + 4 * 14, new Uint8Array([...utf8ToBytes('GODEBUG=memprofilerate=0'), 0, 0, 0, 0]));
  s.memory.setRange(sp + 4 * 21, new Uint8Array([...utf8ToBytes('op-program'), 0, 0]));
}

export const PATCHES = ['go', 'stack'] as const;
export type PatchName = (typeof PATCHES)[number];
