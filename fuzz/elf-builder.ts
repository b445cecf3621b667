/**
 * Small big-endian MIPS ELF files (32- and 64-bit) for the ELF target's seeds: an ELF header,
 * program headers (PT_LOAD code, PT_LOAD data with bss, PT_MIPS_ABIFLAGS), section headers
 * (.text, .data, .symtab, .strtab, .shstrtab) and a symbol table — every structure `parseElf`
 * and the loaders read. Also the offsets of every header field, for the field mutator.
 */

export interface ElfSpec {
  readonly bits: 32 | 64;
  readonly entry: number;
  readonly code: Uint8Array;
  readonly data: Uint8Array;
  readonly bss: number;
  readonly symbols: readonly { name: string; value: number; size: number }[];
  readonly abiFlags?: boolean;
}

const PT_LOAD = 1;
const PT_MIPS_ABIFLAGS = 0x70000003;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHF_ALLOC_EXEC = 0x6;
const SHF_ALLOC_WRITE = 0x3;

/** A field of the file: offset and width in bytes. */
export type Field = readonly [offset: number, size: number];

export function buildElf(spec: ElfSpec): { bytes: Uint8Array; fields: Field[] } {
  const w = spec.bits === 32 ? 4 : 8;
  const ehsize = spec.bits === 32 ? 52 : 64;
  const phentsize = spec.bits === 32 ? 32 : 56;
  const shentsize = spec.bits === 32 ? 40 : 64;
  const symsize = spec.bits === 32 ? 16 : 24;
  const phnum = spec.abiFlags ? 3 : 2;
  const enc = new TextEncoder();
  const strtab = [0];
  const nameOff: number[] = [];
  for (const s of spec.symbols) {
    nameOff.push(strtab.length);
    strtab.push(...enc.encode(s.name), 0);
  }
  const shnames = ['', '.text', '.data', '.symtab', '.strtab', '.shstrtab'];
  const shstrtab = [0];
  const shnameOff = shnames.map((n) => {
    if (n === '') return 0;
    const o = shstrtab.length;
    shstrtab.push(...enc.encode(n), 0);
    return o;
  });
  const align = (n: number) => (n + 7) & ~7;
  const phoff = ehsize;
  const codeOff = align(phoff + phnum * phentsize);
  const dataOff = align(codeOff + spec.code.length);
  const abiOff = align(dataOff + spec.data.length);
  const symOff = align(abiOff + 24);
  const symCount = spec.symbols.length + 1;
  const strOff = symOff + symCount * symsize;
  const shstrOff = strOff + strtab.length;
  const shoff = align(shstrOff + shstrtab.length);
  const shnum = shnames.length;
  const total = shoff + shnum * shentsize;
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  const fields: Field[] = [];
  const put = (o: number, size: number, v: number) => {
    if (size === 2) dv.setUint16(o, v);
    else if (size === 4) dv.setUint32(o, v);
    else dv.setBigUint64(o, BigInt(v));
    fields.push([o, size]);
  };
  b.set([0x7f, 0x45, 0x4c, 0x46, spec.bits === 32 ? 1 : 2, 2, 1]);
  fields.push([4, 1], [5, 1]);
  put(16, 2, 2); // ET_EXEC
  put(18, 2, 8); // EM_MIPS
  put(20, 4, 1);
  put(24, w, spec.entry);
  put(24 + w, w, phoff);
  put(24 + 2 * w, w, shoff);
  const h = 24 + 3 * w;
  put(h, 4, 0); // e_flags
  put(h + 4, 2, ehsize);
  put(h + 6, 2, phentsize);
  put(h + 8, 2, phnum);
  put(h + 10, 2, shentsize);
  put(h + 12, 2, shnum);
  put(h + 14, 2, shnum - 1);
  const phdr = (i: number, type: number, off: number, vaddr: number, filesz: number, memsz: number, flags: number) => {
    const o = phoff + i * phentsize;
    put(o, 4, type);
    if (w === 4) {
      put(o + 4, 4, off);
      put(o + 8, 4, vaddr);
      put(o + 12, 4, vaddr);
      put(o + 16, 4, filesz);
      put(o + 20, 4, memsz);
      put(o + 24, 4, flags);
    } else {
      put(o + 4, 4, flags);
      put(o + 8, 8, off);
      put(o + 16, 8, vaddr);
      put(o + 24, 8, vaddr);
      put(o + 32, 8, filesz);
      put(o + 40, 8, memsz);
    }
  };
  const codeAddr = spec.entry;
  const dataAddr = codeAddr + 0x10000;
  phdr(0, PT_LOAD, codeOff, codeAddr, spec.code.length, spec.code.length, 5);
  phdr(1, PT_LOAD, dataOff, dataAddr, spec.data.length, spec.data.length + spec.bss, 6);
  if (spec.abiFlags) phdr(2, PT_MIPS_ABIFLAGS, abiOff, 0, 24, 24, 4);
  b.set(spec.code, codeOff);
  b.set(spec.data, dataOff);
  spec.symbols.forEach((s, i) => {
    const o = symOff + (i + 1) * symsize;
    put(o, 4, nameOff[i]!);
    if (w === 4) {
      put(o + 4, 4, s.value);
      put(o + 8, 4, s.size);
    } else {
      put(o + 8, 8, s.value);
      put(o + 16, 8, s.size);
    }
  });
  b.set(strtab, strOff);
  b.set(shstrtab, shstrOff);
  const shdr = (
    i: number,
    type: number,
    flags: number,
    addr: number,
    off: number,
    size: number,
    link: number,
    entsize: number,
  ) => {
    const o = shoff + i * shentsize;
    put(o, 4, shnameOff[i]!);
    put(o + 4, 4, type);
    put(o + 8, w, flags);
    put(o + 8 + w, w, addr);
    put(o + 8 + 2 * w, w, off);
    put(o + 8 + 3 * w, w, size);
    put(o + 8 + 4 * w, 4, link);
    put(o + 8 + 4 * w + 8 + w, w, entsize);
  };
  shdr(1, SHT_PROGBITS, SHF_ALLOC_EXEC, codeAddr, codeOff, spec.code.length, 0, 0);
  shdr(2, SHT_PROGBITS, SHF_ALLOC_WRITE, dataAddr, dataOff, spec.data.length, 0, 0);
  shdr(3, SHT_SYMTAB, 0, 0, symOff, symCount * symsize, 4, symsize);
  shdr(4, SHT_STRTAB, 0, 0, strOff, strtab.length, 0, 0);
  shdr(5, SHT_STRTAB, 0, 0, shstrOff, shstrtab.length, 0, 0);
  return { bytes: b, fields };
}

/** The header fields of an ELF built here, found again from its own headers (for mutating any seed). */
export function elfFields(b: Uint8Array): Field[] {
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45) return [];
  const is64 = b[4] === 2;
  const w = is64 ? 8 : 4;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const rd = (o: number) => (o + w <= b.length ? (w === 4 ? dv.getUint32(o) : Number(dv.getBigUint64(o))) : 0);
  const fields: Field[] = [
    [4, 1],
    [5, 1],
    [16, 2],
    [18, 2],
    [24, w],
    [24 + w, w],
    [24 + 2 * w, w],
  ];
  const h = 24 + 3 * w;
  fields.push([h + 6, 2], [h + 8, 2], [h + 10, 2], [h + 12, 2], [h + 14, 2]);
  const phoff = rd(24 + w);
  const shoff = rd(24 + 2 * w);
  const phnum = dv.getUint16(h + 8);
  const shnum = dv.getUint16(h + 12);
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  for (let i = 0; i < Math.min(phnum, 8); i++) {
    const o = phoff + i * phentsize;
    if (o + phentsize > b.length) break;
    if (is64) fields.push([o, 4], [o + 4, 4], [o + 8, 8], [o + 16, 8], [o + 32, 8], [o + 40, 8]);
    else fields.push([o, 4], [o + 4, 4], [o + 8, 4], [o + 16, 4], [o + 20, 4]);
  }
  for (let i = 0; i < Math.min(shnum, 8); i++) {
    const o = shoff + i * shentsize;
    if (o + shentsize > b.length) break;
    fields.push(
      [o, 4],
      [o + 4, 4],
      [o + 8, w],
      [o + 8 + 2 * w, w],
      [o + 8 + 3 * w, w],
      [o + 8 + 4 * w, 4],
      [o + 16 + 5 * w, w],
    );
  }
  return fields;
}
