/**
 * Which words of a 64-bit program cannon64 does not execute as the program means them — the
 * MIPS64 counterpart of `../isa-check.ts`. cannon64 runs the mips64r2 subset of the spec
 * (`cannon-fault-proof-vm.md`, "Instruction Set"; optimism `exec/mips_instructions.go`): an
 * encoding outside it either stops the VM with "invalid instruction" when it is reached, or —
 * worse — runs as something else without complaint, because the reference decodes only the
 * fields it needs:
 * - the rotate bit of srl/dsrl/dsrl32 (rs field = 1) and srlv/dsrlv (sa field = 1) is ignored, so
 *   mips64r2's rotr/drotr/drotr32/rotrv/drotrv run as logical shifts (gcc emits them at
 *   -march=mips64r2);
 * - REGIMM encodings other than bltz/bgez/bltzal/bgezal are never-taken branches: branch-likely,
 *   the trap-immediate instructions and synci all fall through.
 * Scanning the executable sections before loading is what protects users (`cannon load-elf
 * --type multithreaded64` warns, `--strict` refuses). Opcode names: MIPS64 Architecture for
 * Programmers Vol. II, tables A.2–A.5. The VM's own decoder is the authority on what it accepts:
 * the sets below are read from its enums, and isa-check.test.ts runs each flagged class on it.
 */
import {
  type CodeRegion,
  enumValues,
  SPECIAL_NAMES,
  SPECIAL2_NAMES,
  UNSUPPORTED_OPCODES,
  type UnsupportedWord,
} from '../isa-check.js';
import { Fn2_64, Fn64, Op64, RegImm64 } from './vm.js';

/** Primary opcodes cannon64 does not implement (each is an invalid instruction when reached): MIPS32's, plus MIPS64's own. */
const UNSUPPORTED_OPCODES64: Record<number, string> = {
  ...UNSUPPORTED_OPCODES,
  29: 'jalx',
  30: 'msa/mdmx (SIMD)',
  31: 'special3 (ext/ins/dext/dins/seb/seh/wsbh/dsbh/dshd/rdhwr)',
};

const SPECIAL_NAMES64: Record<number, string> = { ...SPECIAL_NAMES, 13: 'break' };

const SPECIAL2_NAMES64: Record<number, string> = { ...SPECIAL2_NAMES, 63: 'sdbbp' };

/** REGIMM rt values the VM runs as never-taken branches. */
const REGIMM_NAMES64: Record<number, string> = {
  2: 'bltzl, branch-likely',
  3: 'bgezl, branch-likely',
  8: 'tgei, trap',
  9: 'tgeiu, trap',
  10: 'tlti, trap',
  11: 'tltiu, trap',
  12: 'teqi, trap',
  14: 'tnei, trap',
  18: 'bltzall, branch-likely',
  19: 'bgezall, branch-likely',
  31: 'synci',
};

/** mips64r2 rotates: the shift whose rotate bit the VM ignores. */
const ROTATE_IN_RS: Record<number, string> = {
  [Fn64.SRL]: 'rotr (runs as srl)',
  [Fn64.DSRL]: 'drotr (runs as dsrl)',
  [Fn64.DSRL32]: 'drotr32 (runs as dsrl32)',
};
const ROTATE_IN_SA: Record<number, string> = {
  [Fn64.SRLV]: 'rotrv (runs as srlv)',
  [Fn64.DSRLV]: 'drotrv (runs as dsrlv)',
};

const OK_OPCODES = enumValues(Op64);
const OK_FUNCTS = enumValues(Fn64);
const OK_FUNCTS2 = enumValues(Fn2_64);
const OK_REGIMM = enumValues(RegImm64);

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** A word cannon64 does not run as meant; `silent`: it runs as something else, with no error. */
export interface UnsupportedWord64 extends UnsupportedWord {
  silent: boolean;
}

/**
 * What `word` encodes when cannon64 does not run it as meant — `silent` when the VM runs it as
 * something else (a rotate as a shift, a REGIMM branch-likely or trap as a never-taken branch),
 * otherwise it stops there with "invalid instruction" — or undefined when it runs as meant.
 */
export function classifyInstruction64(word: number): { what: string; silent: boolean } | undefined {
  const op = word >>> 26;
  if (op === Op64.SPECIAL) {
    const fn = word & 63;
    if (!OK_FUNCTS.has(fn)) return { what: SPECIAL_NAMES64[fn] ?? `special funct ${hex2(fn)}`, silent: false };
    const rotate =
      (((word >>> 21) & 31) === 1 ? ROTATE_IN_RS[fn] : undefined) ??
      (((word >>> 6) & 31) === 1 ? ROTATE_IN_SA[fn] : undefined);
    return rotate === undefined ? undefined : { what: rotate, silent: true };
  }
  if (op === Op64.SPECIAL2) {
    const fn = word & 63;
    if (OK_FUNCTS2.has(fn)) return undefined;
    return { what: SPECIAL2_NAMES64[fn] ?? `special2 funct ${hex2(fn)}`, silent: false };
  }
  if (op === Op64.REGIMM) {
    const rt = (word >>> 16) & 31;
    if (OK_REGIMM.has(rt)) return undefined;
    return { what: `${REGIMM_NAMES64[rt] ?? `regimm rt ${hex2(rt)}`} (runs as a never-taken branch)`, silent: true };
  }
  if (OK_OPCODES.has(op)) return undefined;
  return { what: UNSUPPORTED_OPCODES64[op] ?? `opcode ${hex2(op)}`, silent: false };
}

/**
 * Every word of the regions cannon64 does not run as meant (big-endian words at 4-byte-aligned
 * addresses; addresses are exact numbers, below 2^48 for a loadable program).
 */
export function scanInstructions64(regions: readonly CodeRegion[]): UnsupportedWord64[] {
  const found: UnsupportedWord64[] = [];
  for (const r of regions) {
    const dv = new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    const skip = (4 - (r.addr % 4)) % 4;
    for (let i = skip; i + 4 <= r.bytes.length; i += 4) {
      const word = dv.getUint32(i);
      const c = classifyInstruction64(word);
      if (c !== undefined) found.push({ addr: r.addr + i, word, what: c.what, silent: c.silent, region: r.name });
    }
  }
  return found;
}
