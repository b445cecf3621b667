/**
 * Loading 64-bit ELFs (`program/load.go` rules: segments end below 2^48 and below the heap start
 * 0x1000_0000_0000; pc = entry; one thread, id 0; heap at the heap start) and the 64-bit stack
 * patch, whose layout is part of every prestate hash (`program/patch.go` with 8-byte words).
 */
import { utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { type ElfFile, loadElf } from '../elf.js';
import { ElfError } from '../errors.js';
import { HEAP_START64, STACK_POINTER64 } from './constants.js';
import { loadElf64, patchStack64 } from './load.js';

function elf(cls: 32 | 64, programs: { vaddr: number; data: number[]; memsz?: number }[], entry = 0x10000): ElfFile {
  const bytes = new Uint8Array(programs.flatMap((p) => p.data));
  let off = 0;
  return {
    elfClass: cls,
    entry,
    bytes,
    symbols: [],
    codeSections: [],
    programs: programs.map((p) => {
      const h = {
        type: 1,
        offset: off,
        vaddr: p.vaddr,
        filesz: p.data.length,
        memsz: p.memsz ?? p.data.length,
        flags: 5,
      };
      off += p.data.length;
      return h;
    }),
  };
}

describe('loadElf64', () => {
  it('loads segments, zero-fills to memsz, one thread at the entry, heap at 0x1000_0000_0000', () => {
    const s = loadElf64(
      elf(64, [{ vaddr: 0x1_2000_0000, data: [1, 2, 3, 4, 5, 6, 7, 8], memsz: 0x2000 }], 0x1_2000_0000),
    );
    expect(s.memory.getDoubleword(0x1_2000_0000n)).toBe(0x0102030405060708n);
    expect(s.memory.pageIndices()).toEqual([0x12_0000, 0x12_0001]);
    expect(s.threadCount).toBe(1);
    expect([s.current.id, s.current.pc, s.current.nextPC]).toEqual([0n, 0x1_2000_0000n, 0x1_2000_0004n]);
    expect(s.heap).toBe(HEAP_START64);
    expect(s.nextThreadId).toBe(1n);
  });

  it('refuses segments reaching 2^48 or the heap, and ELFs of the other class', () => {
    expect(() => loadElf64(elf(64, [{ vaddr: 2 ** 48 - 4, data: [1, 2, 3, 4, 5, 6, 7, 8] }]))).toThrow(
      /program 0 out of memory range/,
    );
    expect(() => loadElf64(elf(64, [{ vaddr: 0x0fff_ffff_fffc, data: [1, 2, 3, 4, 5, 6, 7, 8] }]))).toThrow(
      /program 0 overlaps with heap/,
    );
    expect(() => loadElf64(elf(32, [{ vaddr: 0x1000, data: [0] }]))).toThrow(ElfError);
    expect(() => loadElf(elf(64, [{ vaddr: 0x1000, data: [0] }]))).toThrow(
      /a 64-bit ELF is not a program for the MIPS32 VM/,
    );
  });
});

describe('patchStack64', () => {
  it('builds argc, argv, envp and auxv in 8-byte words at sp = 0x7fff_ffff_f000', () => {
    const s = loadElf64(elf(64, [{ vaddr: 0x10000, data: [0, 0, 0, 0] }]));
    patchStack64(s);
    const sp = STACK_POINTER64;
    expect(s.current.reg(29)).toBe(sp);
    const at = (i: number) => s.memory.getDoubleword(sp + 8n * BigInt(i));
    // random bytes at sp+80 (16), env at sp+96 (25 → 32), name at sp+128 (11 → 16)
    expect([at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9)]).toEqual([
      1n,
      sp + 128n,
      0n,
      sp + 96n,
      0n,
      6n,
      4096n,
      25n,
      sp + 80n,
      0n,
    ]);
    expect(s.memory.readRange(sp + 80n, 16)).toEqual(utf8ToBytes('4;byfairdiceroll'));
    expect(s.memory.readRange(sp + 96n, 32)).toEqual(
      new Uint8Array([...utf8ToBytes('GODEBUG=memprofilerate=0'), 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(s.memory.readRange(sp + 128n, 16)).toEqual(new Uint8Array([...utf8ToBytes('op-program'), 0, 0, 0, 0, 0, 0]));
    // 5 pages from sp − 16 KiB are allocated (zeroed) for the stack.
    for (let k = -4; k <= 0; k++) expect(s.memory.pageIndices()).toContain(Number(sp >> 12n) + k);
  });
});
