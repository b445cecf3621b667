/**
 * Loading a 64-bit big-endian MIPS ELF into a cannon64 state (`program/load.go` with the
 * multithreaded initial state) and the stack patch of `program/patch.go` in its 64-bit form.
 * Segments must end below 2^48 and below the heap start; the state has one thread (id 0) at the
 * entry point and the heap at 0x1000_0000_0000. Upstream applies only the stack patch to
 * 64-bit programs (the Go runtime needs no stubbing once threads exist).
 */
import { utf8ToBytes } from '@faultline/primitives';
import { PAGE_SIZE } from '../constants.js';
import { ELF_LIMITS, type ElfFile } from '../elf.js';
import { ElfError } from '../errors.js';
import { ADDRESS_LIMIT64, HEAP_START64, STACK_POINTER64 } from './constants.js';
import { initialState64, type Mips64State } from './state.js';
import { Thread64 } from './thread.js';

const PT_LOAD = 1;
const PT_MIPS_ABIFLAGS = 0x70000003;

/**
 * Every check `loadElf64` makes before it allocates anything (segments below 2^48 and the heap,
 * inside the file, `ELF_LIMITS`), so a file can be validated without loading it.
 */
export function checkElf64Load(elf: ElfFile): void {
  if (elf.elfClass !== 64)
    throw new ElfError('elf: a 32-bit ELF is not a cannon64 program (load it as singlethreaded)');
  let segments = 0;
  let zeroFill = 0;
  elf.programs.forEach((p, i) => {
    if (p.type === PT_MIPS_ABIFLAGS) return;
    segments++;
    if (p.filesz !== p.memsz) {
      if (p.type !== PT_LOAD)
        throw new ElfError(
          `program segment ${i} has different file size (${p.filesz}) than mem size (${p.memsz}): filling for non PT_LOAD segments is not supported`,
        );
      if (p.filesz > p.memsz)
        throw new ElfError(`invalid PT_LOAD program segment ${i}, file size (${p.filesz}) > mem size (${p.memsz})`);
    }
    if (p.memsz === 0) return;
    const last = BigInt(p.vaddr) + BigInt(p.memsz) - 1n;
    const range = `${p.vaddr.toString(16)} - ${last.toString(16)} (size: ${p.memsz.toString(16)})`;
    if (last >= ADDRESS_LIMIT64) throw new ElfError(`program ${i} out of memory range: ${range}`);
    if (last >= HEAP_START64)
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

export function loadElf64(elf: ElfFile): Mips64State {
  checkElf64Load(elf);
  const s = initialState64(BigInt(elf.entry), HEAP_START64, new Thread64(0n));
  for (const p of elf.programs) {
    if (p.type === PT_MIPS_ABIFLAGS || p.memsz === 0) continue;
    s.memory.setRange(BigInt(p.vaddr), elf.bytes.subarray(p.offset, p.offset + p.filesz));
    if (p.memsz > p.filesz) s.memory.setRange(BigInt(p.vaddr + p.filesz), new Uint8Array(p.memsz - p.filesz));
  }
  return s;
}

const AT_PAGESZ = 6n;
const AT_RANDOM = 25n;

/** `s` padded with zeros to a multiple of 8 bytes. */
function pad8(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / 8) * 8);
  out.set(b);
  return out;
}

/**
 * The initial stack of `PatchStack` for 64-bit words: sp = 0x7fff_ffff_f000 with 5 pages zeroed
 * from sp − 16 KiB; at sp: argc = 1, argv[0], 0, envp[0], 0, auxv {AT_PAGESZ 4096, AT_RANDOM → 16
 * bytes}, 0; then the 16 "random" bytes, "GODEBUG=memprofilerate=0" and "op-program", each
 * NUL-terminated and padded to 8 bytes. It is part of the prestate hash.
 */
export function patchStack64(s: Mips64State): void {
  const sp = STACK_POINTER64;
  s.memory.setRange(sp - 4n * BigInt(PAGE_SIZE), new Uint8Array(5 * PAGE_SIZE));
  s.current.setReg(29, sp);
  const random = pad8(utf8ToBytes('4;byfairdiceroll'));
  const env = pad8(new Uint8Array([...utf8ToBytes('GODEBUG=memprofilerate=0'), 0]));
  const name = pad8(new Uint8Array([...utf8ToBytes('op-program'), 0]));
  const auxv3 = sp + 80n;
  const envp0 = auxv3 + BigInt(random.length);
  const argv0 = envp0 + BigInt(env.length);
  s.memory.setRange(auxv3, random);
  s.memory.setRange(envp0, env);
  s.memory.setRange(argv0, name);
  const words = [1n, argv0, 0n, envp0, 0n, AT_PAGESZ, BigInt(PAGE_SIZE), AT_RANDOM, auxv3, 0n];
  words.forEach((w, i) => {
    s.memory.setDoubleword(sp + 8n * BigInt(i), w);
  });
}
