/**
 * ELF32 big-endian MIPS loader (Cannon `LoadELF`): entry → pc, heap at 0x05000000, every
 * program header except MIPS_ABIFLAGS copied into memory (PT_LOAD zero-filled up to memsz),
 * and the symbol table for patches and `meta.json` (ELF spec, System V gABI ch. 4–5).
 */
import { HEAP_START } from './constants.js';
import { ElfError } from './errors.js';
import { MipsState } from './state.js';

const EM_MIPS = 8;
const ELFCLASS32 = 1;
const ELFDATA2MSB = 2;
const PT_LOAD = 1;
const PT_MIPS_ABIFLAGS = 0x70000003;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHF_EXECINSTR = 0x4;
const ELF_HEADER_SIZE = 52;

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  /** p_flags: PF_X 1, PF_W 2, PF_R 4. */
  flags: number;
}

/** A section holding instructions (SHF_EXECINSTR), e.g. `.text`. */
export interface CodeSection {
  name: string;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
}

export interface ElfFile {
  entry: number;
  programs: ProgramHeader[];
  /** Symbols in table order, without the null symbol 0 (like Go's `elf.File.Symbols`). */
  symbols: ElfSymbol[];
  /** Sections with SHF_EXECINSTR and file contents (empty when the file has no section table). */
  codeSections: CodeSection[];
  bytes: Uint8Array;
}

/** Sizes of the ELF32 structures read here (System V gABI ch. 4). */
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;

/**
 * What `loadElf` accepts at most. A segment's zero fill (memsz beyond filesz) costs memory the
 * file does not pay for, so an 84-byte ELF could otherwise ask for the whole 80 MiB below the
 * heap; and the program header count is a u16, so up to 65,535 segments. Real programs have
 * a handful of segments and a bss of at most a few MiB (op-program's Go client: 5 program
 * headers, ~0.5 MiB of bss).
 */
export const ELF_LIMITS = {
  /** Loaded (non-ABI-flags) segments. */
  maxSegments: 64,
  /** Sum over segments of memsz − filesz. */
  maxZeroFill: 16 << 20,
} as const;

/**
 * Parses the header, program headers and symbol table. Every offset read is checked against the
 * file first, so malformed input is an `ElfError`, never a DataView RangeError.
 */
export function parseElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < ELF_HEADER_SIZE)
    throw new ElfError(`elf: expected at least ${ELF_HEADER_SIZE} bytes, got ${bytes.length}`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    throw new ElfError('elf: bad magic');
  if (bytes[4] !== ELFCLASS32) throw new ElfError(`elf: expected 32-bit class (1), got ${bytes[4]}`);
  if (bytes[5] !== ELFDATA2MSB) throw new ElfError(`elf: expected big-endian data (2), got ${bytes[5]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = dv.getUint16(18);
  if (machine !== EM_MIPS) throw new ElfError(`elf: expected machine EM_MIPS (8), got ${machine}`);
  const entry = dv.getUint32(24);
  const phoff = dv.getUint32(28);
  const shoff = dv.getUint32(32);
  const phentsize = dv.getUint16(42);
  const phnum = dv.getUint16(44);
  const shentsize = dv.getUint16(46);
  const shnum = dv.getUint16(48);
  const need = (start: number, size: number, what: string) => {
    if (start + size > bytes.length)
      throw new ElfError(`elf: ${what} extends past end of file (${start + size} > ${bytes.length})`);
  };
  if (phnum > 0 && phentsize < PHDR_SIZE)
    throw new ElfError(`elf: program header entry size ${phentsize} is below ${PHDR_SIZE}`);
  need(phoff, phnum * phentsize, 'program header table');
  const programs: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    programs.push({
      type: dv.getUint32(o),
      offset: dv.getUint32(o + 4),
      vaddr: dv.getUint32(o + 8),
      filesz: dv.getUint32(o + 16),
      memsz: dv.getUint32(o + 20),
      flags: dv.getUint32(o + 24),
    });
  }
  const symbols: ElfSymbol[] = [];
  const codeSections: CodeSection[] = [];
  if (shoff !== 0 && shnum !== 0) {
    if (shentsize < SHDR_SIZE) throw new ElfError(`elf: section header entry size ${shentsize} is below ${SHDR_SIZE}`);
    need(shoff, shnum * shentsize, 'section header table');
    const sec = (i: number) => {
      const o = shoff + i * shentsize;
      return {
        name: dv.getUint32(o),
        type: dv.getUint32(o + 4),
        flags: dv.getUint32(o + 8),
        addr: dv.getUint32(o + 12),
        offset: dv.getUint32(o + 16),
        size: dv.getUint32(o + 20),
        link: dv.getUint32(o + 24),
        entsize: dv.getUint32(o + 36),
      };
    };
    const shstrndx = dv.getUint16(50);
    const names = shstrndx < shnum ? sec(shstrndx) : undefined;
    const sectionName = (off: number): string => {
      if (names === undefined || off >= names.size || names.offset + names.size > bytes.length) return '';
      let end = names.offset + off;
      while (end < names.offset + names.size && bytes[end] !== 0) end++;
      return String.fromCharCode(...bytes.subarray(names.offset + off, end));
    };
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      if (s.type === SHT_PROGBITS && s.flags & SHF_EXECINSTR) {
        need(s.offset, s.size, `executable section ${i}`);
        codeSections.push({ name: sectionName(s.name), addr: s.addr, offset: s.offset, size: s.size });
      }
    }
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      if (s.type !== SHT_SYMTAB) continue;
      if (s.link >= shnum) throw new ElfError(`elf: symbol table links to section ${s.link} of ${shnum}`);
      const str = sec(s.link);
      need(s.offset, s.size, 'symbol table');
      need(str.offset, str.size, 'string table');
      const entsize = s.entsize || SYM_SIZE;
      if (entsize < SYM_SIZE) throw new ElfError(`elf: symbol entry size ${entsize} is below ${SYM_SIZE}`);
      const decoder = new TextDecoder();
      const strEnd = str.offset + str.size;
      for (let o = s.offset + entsize; o + entsize <= s.offset + s.size; o += entsize) {
        const nameOff = dv.getUint32(o);
        if (nameOff >= str.size && str.size > 0)
          throw new ElfError(`elf: symbol name offset ${nameOff} is outside the string table (${str.size} bytes)`);
        const start = Math.min(str.offset + nameOff, strEnd);
        let end = start;
        while (end < strEnd && bytes[end] !== 0) end++;
        symbols.push({
          name: decoder.decode(bytes.subarray(start, end)),
          value: dv.getUint32(o + 4),
          size: dv.getUint32(o + 8),
        });
      }
      break;
    }
  }
  return { entry, programs, symbols, codeSections, bytes };
}

/**
 * A fresh state with the program's segments in memory (no patches applied). Segments beyond
 * `ELF_LIMITS` are refused before anything is allocated.
 */
export function loadElf(elf: ElfFile): MipsState {
  let segments = 0;
  let zeroFill = 0;
  elf.programs.forEach((p, i) => {
    if (p.type === PT_MIPS_ABIFLAGS) return;
    segments++;
    if (p.filesz !== p.memsz) {
      if (p.type !== PT_LOAD) {
        throw new ElfError(
          `program segment ${i} has different file size (${p.filesz}) than mem size (${p.memsz}): filling for non PT_LOAD segments is not supported`,
        );
      }
      if (p.filesz > p.memsz)
        throw new ElfError(`invalid PT_LOAD program segment ${i}, file size (${p.filesz}) > mem size (${p.memsz})`);
    }
    const end = p.vaddr + p.memsz;
    const range = `${p.vaddr.toString(16)} - ${end.toString(16)} (size: ${p.memsz.toString(16)})`;
    if (end >= 2 ** 32) throw new ElfError(`program ${i} out of 32-bit mem range: ${range}`);
    if (end >= HEAP_START)
      throw new ElfError(`program ${i} overlaps with heap: ${range}. The heap start offset must be reconfigured`);
    if (p.filesz > 0 && p.offset + p.filesz > elf.bytes.length)
      throw new ElfError(`failed to read program segment ${i}: past end of file`);
    zeroFill += p.memsz - p.filesz;
  });
  if (segments > ELF_LIMITS.maxSegments)
    throw new ElfError(`elf: ${segments} segments to load; at most ${ELF_LIMITS.maxSegments} are accepted`);
  if (zeroFill > ELF_LIMITS.maxZeroFill)
    throw new ElfError(
      `elf: segments ask for ${zeroFill} bytes of zero fill beyond their file data; at most ${ELF_LIMITS.maxZeroFill} are accepted`,
    );
  const s = new MipsState();
  s.pc = elf.entry;
  s.nextPC = (elf.entry + 4) >>> 0;
  s.heap = HEAP_START;
  for (const p of elf.programs) {
    if (p.type === PT_MIPS_ABIFLAGS) continue;
    // Cannon's SetMemoryRange writes the file bytes, then the zeros up to memsz (which allocates
    // those pages too, so the page list matches Cannon's state files).
    s.memory.setRange(p.vaddr, elf.bytes.subarray(p.offset, p.offset + p.filesz));
    if (p.memsz > p.filesz) s.memory.setRange(p.vaddr + p.filesz, new Uint8Array(p.memsz - p.filesz));
  }
  return s;
}
