/**
 * The upstream cannon64 data in ../shared/fixtures/cannon-mips64-tests (see its PROVENANCE.md):
 * the binary states of versions 3–8 (`versions/testdata/states`), which must be detected, parse
 * and re-encode to the byte; the `EmptyThreadsRoot` constant; and the 65 open_mips programs of
 * the unmerged 2024 prototype (56 shared with the 32-bit set, 9 rebuilt with n64 syscall
 * numbers), run under that prototype's harness but with the final cannon64 rules. Two of them
 * expect what the final rules changed, and fail for exactly those reasons (below).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hexToBytes, sha256 } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import {
  checkStepProof64,
  decodeAnyStateBytes,
  EMPTY_THREADS_ROOT,
  EMPTY_THREADS_ROOT_HEX,
  encodeState64Binary,
  InMemoryOracle,
  initialState64,
  Mips64State,
  Mips64VM,
  MT_VERSION_NAMES,
  type MtVersion,
  proveStep64,
  stateHash64,
  Thread64,
} from '../src/index.js';
import { bytesToHex } from './programs-support.js';

const dir = fixturePath('cannon-mips64-tests');
const dir32 = fixturePath('cannon-mips32-open-mips-tests');
const END_ADDR = 0xa7ef00d0n;
/** lui 0xbfff / ori 0xfff0 sign-extends on MIPS64: the harness's done/result words live here. */
const BASE = 0xffff_ffff_bfff_fff0n;

interface VersionEntry {
  file: string;
  state_version: number;
  version_name: string;
  gz_sha256: string;
  decompressed_bytes: number;
  decompressed_sha256: string;
}
interface ProgramEntry {
  name: string;
  location: string;
  expect: 'pass' | 'exit';
}
const exp = dir ? JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) : undefined;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.skipIf(!dir)('cannon64 upstream state files (versions 3–8)', () => {
  const entries: VersionEntry[] = exp?.versions_testdata ?? [];
  it('has versions 3 to 8', () => {
    expect(entries.map((e) => e.state_version)).toEqual([3, 4, 5, 6, 7, 8]);
  });
  for (const e of entries) {
    it(`${e.file}: version ${e.state_version} (${e.version_name}) is detected, parses and re-encodes to the byte`, () => {
      const gz = new Uint8Array(readFileSync(join(dir!, e.file)));
      expect(hex(sha256(gz))).toBe(e.gz_sha256);
      const raw = new Uint8Array(gunzipSync(gz));
      expect(raw.length).toBe(e.decompressed_bytes);
      expect(hex(sha256(raw))).toBe(e.decompressed_sha256);
      const s = decodeAnyStateBytes(gz);
      expect(s).toBeInstanceOf(Mips64State);
      const m = s as Mips64State;
      expect(m.version).toBe(e.state_version);
      expect(MT_VERSION_NAMES[m.version as MtVersion]).toBe(e.version_name);
      expect(m.wordBytes).toBe(e.state_version === 5 ? 4 : 8);
      expect(Buffer.concat([...encodeState64Binary(m)]).equals(Buffer.from(raw))).toBe(true);
      // Each is the empty initial state: one thread at pc 0, nextPC 4, thread id 0, next id 1.
      expect(m.threadCount).toBe(1);
      expect(m.current.pc).toBe(0n);
      expect(m.current.nextPC).toBe(4n);
      expect(m.nextThreadId).toBe(1n);
      expect(m.memory.pageCount).toBe(0);
      if (e.state_version >= 6) expect(stateHash64(m)[0]).toBe(3); // unfinished
    });
  }
});

describe.skipIf(!dir)('cannon64 constants', () => {
  it('EmptyThreadsRoot = keccak256(64 zero bytes)', () => {
    expect(exp.constants.EmptyThreadsRoot.value).toBe(EMPTY_THREADS_ROOT_HEX);
    expect(bytesToHex(EMPTY_THREADS_ROOT)).toBe(EMPTY_THREADS_ROOT_HEX);
  });
});

function oracle(): InMemoryOracle {
  const o = new InMemoryOracle();
  const e32 = JSON.parse(readFileSync(join(dir32!, 'expected.json'), 'utf8'));
  const hw = e32.oracles['keccak-hello-world'];
  o.set(hexToBytes(hw.key), hexToBytes(`0x${hw.preimage_hex}`));
  const kzg = e32.oracles['precompile-kzg'];
  const gas = new Uint8Array(8);
  new DataView(gas.buffer).setBigUint64(0, BigInt(kzg.requiredGas));
  o.putKeccak(new Uint8Array([...hexToBytes(kzg.precompile), ...gas, ...hexToBytes(`0x${kzg.input_hex}`)]));
  o.set(hexToBytes(kzg.precompile_key), hexToBytes(`0x${kzg.precompile_result_hex}`));
  return o;
}

/** The prototype harness: raw code at 0, pc 0, $ra = EndAddr (64-bit), heap 0, at most 1000 steps. */
function load(p: ProgramEntry): Mips64State {
  const path = p.location.startsWith('../') ? join(dir32!, 'bin', p.name) : join(dir!, p.location);
  const s = initialState64(0n, 0n, new Thread64(0n));
  s.memory.setRange(0n, new Uint8Array(readFileSync(path)));
  s.current.setReg(31, END_ADDR);
  return s;
}
const word = (s: Mips64State, addr: bigint) => {
  const dw = s.memory.getDoubleword(addr & ~7n);
  return Number((addr & 4n) === 0n ? dw >> 32n : dw & 0xffffffffn);
};

/**
 * Where the final rules differ from the prototype's expectations: brk now returns the 64-bit
 * program break 0x0000_4000_0000_0000, so the program's `brk − 0x40000000 == 0` check (on the
 * low word) stores result 0; clone is called with flags 0 (registers start at 0), and any flags
 * but 0x50f00 end the VM with the panic status 2 at the syscall.
 */
const FINAL_RULES: Record<string, { pc: bigint; exited: boolean; exitCode: number; done: number; result: number }> = {
  'brk.bin': { pc: END_ADDR, exited: false, exitCode: 0, done: 1, result: 0 },
  'clone.bin': { pc: 4n, exited: true, exitCode: 2, done: 0, result: 0 },
};

describe.skipIf(!dir || !dir32)('prototype open_mips64 programs under the final cannon64 rules', () => {
  const files: ProgramEntry[] = exp?.prototype_open_mips64.files ?? [];
  it('has 65 programs, 9 of them rebuilt for n64 syscalls', () => {
    expect(files.length).toBe(65);
    expect(files.filter((f) => !f.location.startsWith('../')).length).toBe(9);
  });
  for (const p of files) {
    const changed = FINAL_RULES[p.name];
    const what = changed
      ? 'ends as the final rules say (differs from the prototype)'
      : p.expect === 'exit'
        ? 'exits 1'
        : 'passes';
    it(`${p.name}: ${what}; every step proof verifies`, () => {
      const s = load(p);
      const vm = new Mips64VM(s, oracle());
      const fast = load(p);
      const fastVm = new Mips64VM(fast, oracle());
      for (let i = 0; i < 1000 && s.current.pc !== END_ADDR && !s.exited; i++) {
        const r = checkStepProof64(proveStep64(vm));
        expect(r.reason, `step ${i}`).toBeUndefined();
        fastVm.step(false);
      }
      expect(bytesToHex(stateHash64(s))).toBe(bytesToHex(stateHash64(fast)));
      if (changed) {
        expect(s.current.pc).toBe(changed.pc);
        expect(s.exited).toBe(changed.exited);
        expect(s.exitCode).toBe(changed.exitCode);
        expect(word(s, BASE + 4n)).toBe(changed.done);
        expect(word(s, BASE + 8n)).toBe(changed.result);
      } else if (p.expect === 'exit') {
        expect(s.exited).toBe(true);
        expect(s.exitCode).toBe(1);
        expect(s.current.pc).not.toBe(END_ADDR);
      } else {
        expect(s.current.pc).toBe(END_ADDR);
        expect(word(s, BASE + 4n)).toBe(1);
        expect(word(s, BASE + 8n)).toBe(1);
      }
    });
  }
});
