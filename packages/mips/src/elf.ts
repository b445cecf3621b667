/**
 * Big-endian MIPS ELF files, 32- and 64-bit (System V gABI ch. 4–5; the ELF64 layout of the
 * same structures), and the MIPS32 loader (Cannon `LoadELF`): entry → pc, heap at 0x05000000,
 * every program header except MIPS_ABIFLAGS copied into memory (PT_LOAD zero-filled up to
 * memsz), and the symbol table for patches and `meta.json`. The MIPS64 loader
 * (mips64/load.ts) reads the same parsed form. Values of a 64-bit file must be below 2^53.
 */
import { HEAP_START } from './constants.js';
import { ElfError } from './errors.js';
import { MipsState } from './state.js';

const EM_MIPS = 8;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2MSB = 2;
const PT_LOAD = 1;
const PT_MIPS_ABIFLAGS = 0x70000003;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHF_EXECINSTR = 0x4;
const UTF8 = new TextDecoder();

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
  /** ELFCLASS32 (the MIPS32 VM) or ELFCLASS64 (cannon64). */
  elfClass: 32 | 64;
  entry: number;
  programs: ProgramHeader[];
  /** Symbols in table order, without the null symbol 0 (like Go's `elf.File.Symbols`). */
  symbols: ElfSymbol[];
  /** Sections with SHF_EXECINSTR and file contents (empty when the file has no section table). */
  codeSections: CodeSection[];
  bytes: Uint8Array;
}

/**
 * Where the fields read here sit in each class (gABI ch. 4; ELF64 widens addresses, offsets and
 * sizes to 8 bytes and moves p_flags next to p_type). `w` is the width of those fields.
 */
const LAYOUT = {
  32: {
    w: 4,
    header: 52,
    entry: 24,
    phoff: 28,
    shoff: 32,
    phentsize: 42,
    phnum: 44,
    shentsize: 46,
    shnum: 48,
    shstrndx: 50,
    phdr: { size: 32, type: 0, offset: 4, vaddr: 8, filesz: 16, memsz: 20, flags: 24 },
    shdr: { size: 40, name: 0, type: 4, flags: 8, addr: 12, offset: 16, size_: 20, link: 24, entsize: 36 },
    sym: { size: 16, name: 0, value: 4, size_: 8 },
  },
  64: {
    w: 8,
    header: 64,
    entry: 24,
    phoff: 32,
    shoff: 40,
    phentsize: 54,
    phnum: 56,
    shentsize: 58,
    shnum: 60,
    shstrndx: 62,
    phdr: { size: 56, type: 0, flags: 4, offset: 8, vaddr: 16, filesz: 32, memsz: 40 },
    shdr: { size: 64, name: 0, type: 4, flags: 8, addr: 16, offset: 24, size_: 32, link: 40, entsize: 56 },
    sym: { size: 24, name: 0, value: 8, size_: 16 },
  },
} as const;

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
  if (bytes.length < 16) throw new ElfError(`elf: expected at least 52 bytes, got ${bytes.length}`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    throw new ElfError('elf: bad magic');
  if (bytes[4] !== ELFCLASS32 && bytes[4] !== ELFCLASS64)
    throw new ElfError(`elf: expected class 32-bit (1) or 64-bit (2), got ${bytes[4]}`);
  const elfClass = bytes[4] === ELFCLASS32 ? 32 : 64;
  const L = LAYOUT[elfClass];
  if (bytes.length < L.header) throw new ElfError(`elf: expected at least ${L.header} bytes, got ${bytes.length}`);
  if (bytes[5] !== ELFDATA2MSB) throw new ElfError(`elf: expected big-endian data (2), got ${bytes[5]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = dv.getUint16(18);
  if (machine !== EM_MIPS) throw new ElfError(`elf: expected machine EM_MIPS (8), got ${machine}`);
  /** An address, offset or size field of this class, as an exact number. */
  const wide = (o: number, what: string): number => {
    if (L.w === 4) return dv.getUint32(o);
    const v = dv.getBigUint64(o);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`elf: ${what} 0x${v.toString(16)} is beyond 2^53`);
    return Number(v);
  };
  const entry = wide(L.entry, 'entry');
  const phoff = wide(L.phoff, 'program header offset');
  const shoff = wide(L.shoff, 'section header offset');
  const phentsize = dv.getUint16(L.phentsize);
  const phnum = dv.getUint16(L.phnum);
  const shentsize = dv.getUint16(L.shentsize);
  const shnum = dv.getUint16(L.shnum);
  const need = (start: number, size: number, what: string) => {
    if (start + size > bytes.length)
      throw new ElfError(`elf: ${what} extends past end of file (${start + size} > ${bytes.length})`);
  };
  if (phnum > 0 && phentsize < L.phdr.size)
    throw new ElfError(`elf: program header entry size ${phentsize} is below ${L.phdr.size}`);
  need(phoff, phnum * phentsize, 'program header table');
  const programs: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    programs.push({
      type: dv.getUint32(o + L.phdr.type),
      offset: wide(o + L.phdr.offset, `program header ${i} offset`),
      vaddr: wide(o + L.phdr.vaddr, `program header ${i} vaddr`),
      filesz: wide(o + L.phdr.filesz, `program header ${i} filesz`),
      memsz: wide(o + L.phdr.memsz, `program header ${i} memsz`),
      flags: dv.getUint32(o + L.phdr.flags),
    });
  }
  const symbols: ElfSymbol[] = [];
  const codeSections: CodeSection[] = [];
  if (shoff !== 0 && shnum !== 0) {
    if (shentsize < L.shdr.size)
      throw new ElfError(`elf: section header entry size ${shentsize} is below ${L.shdr.size}`);
    need(shoff, shnum * shentsize, 'section header table');
    const sec = (i: number) => {
      const o = shoff + i * shentsize;
      return {
        name: dv.getUint32(o + L.shdr.name),
        type: dv.getUint32(o + L.shdr.type),
        flags: wide(o + L.shdr.flags, `section ${i} flags`),
        addr: wide(o + L.shdr.addr, `section ${i} addr`),
        offset: wide(o + L.shdr.offset, `section ${i} offset`),
        size: wide(o + L.shdr.size_, `section ${i} size`),
        link: dv.getUint32(o + L.shdr.link),
        entsize: wide(o + L.shdr.entsize, `section ${i} entsize`),
      };
    };
    const shstrndx = dv.getUint16(L.shstrndx);
    const names = shstrndx < shnum ? sec(shstrndx) : undefined;
    const sectionName = (off: number): string => {
      if (names === undefined || off >= names.size || names.offset + names.size > bytes.length) return '';
      let end = names.offset + off;
      while (end < names.offset + names.size && bytes[end] !== 0) end++;
      // Decoded, not spread into String.fromCharCode: a name may be as long as the file (no NUL),
      // and a spread of a few hundred thousand arguments overflows the stack.
      return UTF8.decode(bytes.subarray(names.offset + off, end));
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
      const entsize = s.entsize || L.sym.size;
      if (entsize < L.sym.size) throw new ElfError(`elf: symbol entry size ${entsize} is below ${L.sym.size}`);
      const strEnd = str.offset + str.size;
      for (let o = s.offset + entsize; o + entsize <= s.offset + s.size; o += entsize) {
        const nameOff = dv.getUint32(o + L.sym.name);
        if (nameOff >= str.size && str.size > 0)
          throw new ElfError(`elf: symbol name offset ${nameOff} is outside the string table (${str.size} bytes)`);
        const start = Math.min(str.offset + nameOff, strEnd);
        let end = start;
        while (end < strEnd && bytes[end] !== 0) end++;
        symbols.push({
          name: UTF8.decode(bytes.subarray(start, end)),
          value: wide(o + L.sym.value, 'symbol value'),
          size: wide(o + L.sym.size_, 'symbol size'),
        });
      }
      break;
    }
  }
  return { elfClass, entry, programs, symbols, codeSections, bytes };
}

/**
 * Every check `loadElf` makes before it allocates anything: a 32-bit file, segments inside the
 * 32-bit space below the heap and inside the file, and `ELF_LIMITS`. Exported so a file can be
 * validated without building a state (whose memory tables alone cost a few MiB).
 */
export function checkElfLoad(elf: ElfFile): void {
  if (elf.elfClass !== 32)
    throw new ElfError('elf: a 64-bit ELF is not a program for the MIPS32 VM (load it as multithreaded64)');
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
}

/**
 * A fresh state with the program's segments in memory (no patches applied). Segments beyond
 * `ELF_LIMITS` are refused before anything is allocated.
 */
export function loadElf(elf: ElfFile): MipsState {
  checkElfLoad(elf);
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
