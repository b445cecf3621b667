/**
 * Which words of a program the VM does not execute as the program means them. The Cannon
 * MIPS32 VM implements a subset of MIPS32 release 1 (no FPU, no SPECIAL3, no traps, no
 * branch-likely) and, like MIPS.sol v1.0.1 which it must agree with, runs a few encodings outside
 * that set without complaint: REGIMM branches other than bltz/bgez are never taken, and SPECIAL
 * functs 0x08–0x1F it has no case for return rs. A compiler that emits one of these produces a
 * program that runs — wrongly. Scanning the executable sections before loading is what protects
 * users (`cannon load-elf` warns, `--strict` refuses). Opcode names: MIPS32 Architecture for
 * Programmers Vol. II, tables A.2–A.5.
 */
import type { ElfFile } from './elf.js';
import { Fn, Fn2, Op, RegImm } from './vm.js';

/** Primary opcodes the VM does not implement, by name. */
export const UNSUPPORTED_OPCODES: Record<number, string> = {
  16: 'cop0',
  17: 'cop1 (floating point)',
  18: 'cop2',
  19: 'cop1x (floating point)',
  20: 'beql (branch-likely)',
  21: 'bnel (branch-likely)',
  22: 'blezl (branch-likely)',
  23: 'bgtzl (branch-likely)',
  31: 'special3 (ext/ins/seb/seh/wsbh/rdhwr)',
  47: 'cache',
  49: 'lwc1 (floating point)',
  50: 'lwc2',
  51: 'pref',
  53: 'ldc1 (floating point)',
  54: 'ldc2',
  57: 'swc1 (floating point)',
  58: 'swc2',
  61: 'sdc1 (floating point)',
  62: 'sdc2',
};

export const SPECIAL_NAMES: Record<number, string> = {
  1: 'movf/movt (floating point)',
  48: 'tge (trap)',
  49: 'tgeu (trap)',
  50: 'tlt (trap)',
  51: 'tltu (trap)',
  52: 'teq (trap)',
  54: 'tne (trap)',
};

export const SPECIAL2_NAMES: Record<number, string> = {
  0: 'madd',
  1: 'maddu',
  4: 'msub',
  5: 'msubu',
};

const REGIMM_NAMES: Record<number, string> = {
  2: 'bltzl (branch-likely)',
  3: 'bgezl (branch-likely)',
  8: 'tgei (trap)',
  9: 'tgeiu (trap)',
  10: 'tlti (trap)',
  11: 'tltiu (trap)',
  12: 'teqi (trap)',
  14: 'tnei (trap)',
  16: 'bltzal (runs as a never-taken branch)',
  17: 'bgezal/bal (runs as a never-taken branch)',
  18: 'bltzall',
  19: 'bgezall',
};

/** The numeric values of a TypeScript enum (its reverse-mapping names left out). */
export const enumValues = (e: object) =>
  new Set<number>(Object.values(e).filter((v): v is number => typeof v === 'number'));
const OK_OPCODES = enumValues(Op);
const OK_FUNCTS = enumValues(Fn);
const OK_FUNCTS2 = enumValues(Fn2);
const OK_REGIMM = enumValues(RegImm);

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** The name of what `word` encodes when the VM does not implement it; undefined when it does. */
export function unsupportedInstruction(word: number): string | undefined {
  const op = word >>> 26;
  if (op === Op.SPECIAL) {
    const fn = word & 63;
    return OK_FUNCTS.has(fn) ? undefined : (SPECIAL_NAMES[fn] ?? `special funct ${hex2(fn)}`);
  }
  if (op === Op.SPECIAL2) {
    const fn = word & 63;
    return OK_FUNCTS2.has(fn) ? undefined : (SPECIAL2_NAMES[fn] ?? `special2 funct ${hex2(fn)}`);
  }
  if (op === Op.REGIMM) {
    const rt = (word >>> 16) & 31;
    return OK_REGIMM.has(rt) ? undefined : (REGIMM_NAMES[rt] ?? `regimm rt ${hex2(rt)}`);
  }
  if (OK_OPCODES.has(op)) return undefined;
  return UNSUPPORTED_OPCODES[op] ?? `opcode ${hex2(op)}`;
}

export interface CodeRegion {
  name: string;
  /** Virtual address of `bytes[0]`. */
  addr: number;
  bytes: Uint8Array;
}

export interface UnsupportedWord {
  addr: number;
  word: number;
  what: string;
  region: string;
}

/** Every unsupported word of the regions (big-endian words at 4-byte-aligned addresses). */
export function scanInstructions(regions: readonly CodeRegion[]): UnsupportedWord[] {
  const found: UnsupportedWord[] = [];
  for (const r of regions) {
    const dv = new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    const skip = (4 - (r.addr & 3)) & 3;
    for (let i = skip; i + 4 <= r.bytes.length; i += 4) {
      const word = dv.getUint32(i);
      const what = unsupportedInstruction(word);
      if (what !== undefined) found.push({ addr: (r.addr + i) >>> 0, word, what, region: r.name });
    }
  }
  return found;
}

/** One line: counts per kind with the first address of each ("teq ×2 (first at 0x…)"). */
export function summarizeUnsupported(found: readonly UnsupportedWord[]): string {
  const byKind = new Map<string, { count: number; first: number }>();
  for (const f of found) {
    const k = byKind.get(f.what);
    if (k) k.count++;
    else byKind.set(f.what, { count: 1, first: f.addr });
  }
  return [...byKind]
    .map(([what, { count, first }]) => `${what} ×${count} (first at 0x${first.toString(16).padStart(8, '0')})`)
    .join(', ');
}

const PF_X = 1;
const PT_LOAD = 1;

/**
 * The code of an ELF to scan: its executable sections; without a section table (a stripped
 * file), its executable PT_LOAD segments — coarser, since a segment may hold read-only data too.
 */
export function codeRegions(elf: ElfFile): CodeRegion[] {
  if (elf.codeSections.length > 0)
    return elf.codeSections.map((s) => ({
      name: s.name || '(unnamed)',
      addr: s.addr,
      bytes: elf.bytes.subarray(s.offset, s.offset + s.size),
    }));
  return elf.programs
    .filter((p) => p.type === PT_LOAD && p.flags & PF_X)
    .map((p, i) => ({
      name: `segment ${i}`,
      addr: p.vaddr,
      bytes: elf.bytes.subarray(p.offset, Math.min(p.offset + p.filesz, elf.bytes.length)),
    }));
}
