/**
 * The ELF loader on hostile input (issue 18): every malformed header is an ElfError, never a
 * DataView RangeError, and `loadElf` refuses segment sets that would cost memory the file does
 * not pay for, before allocating anything.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkElfLoad, ELF_LIMITS, loadElf, parseElf } from './elf.js';
import { ElfError } from './errors.js';

const PT_LOAD = 1;

interface Segment {
  type?: number;
  vaddr: number;
  data?: Uint8Array;
  memsz?: number;
}

/** A big-endian MIPS ELF32 with the given segments: header, program headers, then the data. */
function elf(segments: Segment[]): Uint8Array {
  const phentsize = 32;
  const dataStart = 52 + segments.length * phentsize;
  const total = dataStart + segments.reduce((n, s) => n + (s.data?.length ?? 0), 0);
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]);
  dv.setUint16(16, 2); // ET_EXEC
  dv.setUint16(18, 8); // EM_MIPS
  dv.setUint32(20, 1);
  dv.setUint32(24, 0x1000); // entry
  dv.setUint32(28, 52); // phoff
  dv.setUint16(40, 52);
  dv.setUint16(42, phentsize);
  dv.setUint16(44, segments.length);
  let off = dataStart;
  segments.forEach((s, i) => {
    const o = 52 + i * phentsize;
    const len = s.data?.length ?? 0;
    dv.setUint32(o, s.type ?? PT_LOAD);
    dv.setUint32(o + 4, off);
    dv.setUint32(o + 8, s.vaddr);
    dv.setUint32(o + 12, s.vaddr);
    dv.setUint32(o + 16, len);
    dv.setUint32(o + 20, s.memsz ?? len);
    if (s.data) b.set(s.data, off);
    off += len;
  });
  return b;
}

const CODE = Uint8Array.of(0x24, 0x02, 0x0f, 0xa1, 0x00, 0x00, 0x00, 0x0c);

describe('parseElf / loadElf', () => {
  it('loads a small program: file bytes, then zero fill up to memsz', () => {
    const s = loadElf(parseElf(elf([{ vaddr: 0x1000, data: CODE, memsz: 0x2000 }])));
    expect(s.pc).toBe(0x1000);
    expect(s.memory.getWord(0x1000)).toBe(0x24020fa1);
    expect(s.memory.getWord(0x2ffc)).toBe(0);
    expect(s.memory.pageIndices()).toEqual([1, 2]);
  });

  it('a 60-byte file whose program header table runs past the end is an ElfError', () => {
    const b = elf([{ vaddr: 0x1000, data: CODE }]).slice(0, 60);
    expect(() => parseElf(b)).toThrow(ElfError);
    expect(() => parseElf(b)).toThrow(/program header table extends past end of file/);
  });

  it('a program header entry size below 32 is refused (it made reads run past the table)', () => {
    const b = elf([{ vaddr: 0x1000 }]);
    new DataView(b.buffer).setUint16(42, 4);
    expect(() => parseElf(b)).toThrow('elf: program header entry size 4 is below 32');
  });

  it('section headers: entry size, symbol table link and string offsets are checked', () => {
    const b = new Uint8Array(52 + 40 * 2 + 32);
    b.set(elf([]).subarray(0, 52));
    const dv = new DataView(b.buffer);
    dv.setUint32(32, 52); // shoff
    dv.setUint16(46, 40);
    dv.setUint16(48, 2);
    dv.setUint32(52 + 40 + 4, 2); // section 1: SHT_SYMTAB
    dv.setUint32(52 + 40 + 24, 9); // link to section 9 of 2
    expect(() => parseElf(b)).toThrow('elf: symbol table links to section 9 of 2');
    dv.setUint16(46, 8);
    expect(() => parseElf(b)).toThrow('elf: section header entry size 8 is below 40');
  });

  it('an 84-byte ELF asking for an 80 MB segment is refused before anything is allocated', () => {
    const b = elf([{ vaddr: 0x1000, memsz: 80_000_000 }]);
    expect(b.length).toBe(84);
    expect(() => loadElf(parseElf(b))).toThrow(
      `elf: segments ask for 80000000 bytes of zero fill beyond their file data; at most ${ELF_LIMITS.maxZeroFill} are accepted`,
    );
  });

  it('the zero fill is bounded in total, over many small segments too', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ vaddr: 0x10000 + i * 0x100000, memsz: 0x80000 }));
    expect(() => loadElf(parseElf(elf(many)))).toThrow(/bytes of zero fill beyond their file data/);
  });

  it("checkElfLoad makes loadElf's checks without loading", () => {
    const big = elf([{ vaddr: 0x1000, data: CODE, memsz: ELF_LIMITS.maxZeroFill + 0x1000 }]);
    expect(() => checkElfLoad(parseElf(big))).toThrow(/bytes of zero fill beyond their file data/);
    expect(() => checkElfLoad(parseElf(elf([{ vaddr: 0x1000, data: CODE }])))).not.toThrow();
  });

  it('a section name as long as the file (no NUL) parses: it is decoded, not spread into arguments', () => {
    // One executable section whose name runs to the end of a 300,000-byte string table.
    const code = elf([{ vaddr: 0x1000, data: CODE }]);
    const names = 300_000;
    const b = new Uint8Array(code.length + 2 * 40 + names).fill(0x41);
    b.set(code);
    const dv = new DataView(b.buffer);
    const shoff = code.length;
    dv.setUint32(32, shoff);
    dv.setUint16(46, 40);
    dv.setUint16(48, 2);
    dv.setUint16(50, 1); // section 1 holds the names
    b.fill(0, shoff, shoff + 80);
    dv.setUint32(shoff + 4, 1); // section 0: PROGBITS, executable, name at offset 0
    dv.setUint32(shoff + 8, 0x6);
    dv.setUint32(shoff + 16, 52);
    dv.setUint32(shoff + 40 + 16, shoff + 80); // section 1: the name table, all 'A'
    dv.setUint32(shoff + 40 + 20, names);
    expect(parseElf(b).codeSections[0]!.name.length).toBe(names);
  });

  it('more segments than the limit are refused', () => {
    const many = Array.from({ length: ELF_LIMITS.maxSegments + 1 }, (_, i) => ({ vaddr: 0x1000 + i * 0x1000 }));
    expect(() => loadElf(parseElf(elf(many)))).toThrow(
      `elf: ${ELF_LIMITS.maxSegments + 1} segments to load; at most ${ELF_LIMITS.maxSegments} are accepted`,
    );
  });

  it('random mutations of a valid ELF parse and load, or fail with ElfError — nothing else', () => {
    const seed = elf([
      { vaddr: 0x1000, data: CODE, memsz: 0x100 },
      { vaddr: 0x4000, data: CODE },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (edits, cut) => {
          const b = seed.slice(0, 52 + (cut % (seed.length - 51)));
          for (const [at, v] of edits) b[at % b.length] = v;
          try {
            loadElf(parseElf(b));
          } catch (e) {
            if (!(e instanceof ElfError)) throw new Error(`untyped failure: ${String(e)}`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
