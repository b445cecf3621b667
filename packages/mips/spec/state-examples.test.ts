/**
 * Cannon state examples (fixture `cannon-state-examples`): every JSON / binary state parses,
 * witnesses and status-prefixed hashes match derived-state-hashes.json, the MIPS.t.sol memory
 * proof verifies against our memory root, and the multithreaded binary is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import {
  decodeStateBytes,
  decodeWitness,
  EMPTY_MEMORY_ROOT,
  encodeWitness,
  MipsState,
  rootFromProof,
  StateFormatError,
  stateHash,
  witnessHash,
} from '../src/index.js';

const dir = fixturePath('cannon-state-examples');
const openMips = fixturePath('cannon-mips32-open-mips-tests', 'bin', 'add.bin');

interface Vector {
  file: string;
  memRoot: string;
  witness: string;
  stateHash: string;
}

describe.skipIf(!dir)('cannon-state-examples', () => {
  const derived: { vectors: Vector[] } = dir
    ? JSON.parse(readFileSync(join(dir, 'derived-state-hashes.json'), 'utf8'))
    : { vectors: [] };
  const merkle = dir ? JSON.parse(readFileSync(join(dir, 'merkle-proof-vector.json'), 'utf8')) : {};

  for (const v of derived.vectors.filter((x) => !x.file.startsWith('('))) {
    it(`${v.file}: witness and state hash`, () => {
      const s = decodeStateBytes(new Uint8Array(readFileSync(join(dir!, v.file))));
      expect(bytesToHex(s.memory.merkleRoot())).toBe(v.memRoot);
      expect(bytesToHex(encodeWitness(s))).toBe(v.witness);
      expect(bytesToHex(stateHash(s))).toBe(v.stateHash);
    });
  }

  it('state-with-page-exited.json holds page 10 (all zero) and exit status invalid', () => {
    const s = decodeStateBytes(
      new Uint8Array(readFileSync(join(dir!, 'op-challenger-state-json/state-with-page-exited.json'))),
    );
    expect(s.memory.pageIndices()).toEqual([10]);
    expect(s.exited).toBe(true);
    expect(s.exitCode).toBe(1);
    expect(s.step).toBe(8849);
    expect(s.registers[29]! >>> 0).toBe(0x7fffd000);
    expect(stateHash(s)[0]).toBe(1);
  });

  it('the cpu-nested and top-level schemas decode to the same state', () => {
    const a = decodeStateBytes(
      new Uint8Array(readFileSync(join(dir!, 'op-challenger-state-json/state-empty-toplevel-schema.json'))),
    );
    const b = decodeStateBytes(
      new Uint8Array(
        readFileSync(join(dir!, 'op-challenger-state-json/state-empty-cpu-schema-2024-06-18-shortlived.json')),
      ),
    );
    expect(b.nextPC).toBe(1);
    expect(encodeWitness(b)).toEqual(encodeWitness(a));
  });

  it('binary v0 and v2 decode to the empty state of 0.json; v1 (multithreaded) is refused', () => {
    const json = decodeStateBytes(new Uint8Array(readFileSync(join(dir!, 'versions-testdata/0.json'))));
    for (const [f, version] of [
      ['0.bin.gz', 0],
      ['2.bin.gz', 2],
    ] as const) {
      const raw = new Uint8Array(readFileSync(join(dir!, 'versions-testdata', f)));
      expect(gunzipSync(raw).length).toBe(203);
      const s = decodeStateBytes(raw);
      expect(s.version).toBe(version);
      expect(encodeWitness(s)).toEqual(encodeWitness(json));
    }
    const v1 = new Uint8Array(readFileSync(join(dir!, 'versions-testdata/1.bin.gz')));
    expect(() => decodeStateBytes(v1)).toThrow(StateFormatError);
  });

  it('empty memory root is zeroHashes[27]', () => {
    expect(bytesToHex(EMPTY_MEMORY_ROOT)).toBe(merkle.empty_memory_root);
    expect(bytesToHex(new MipsState().memory.merkleRoot())).toBe(merkle.empty_memory_root);
  });

  it.skipIf(!openMips)('MIPS.t.sol memory proof: our root and proof for add.bin at 0 match upstream', () => {
    const s = new MipsState();
    s.memory.setRange(0, new Uint8Array(readFileSync(openMips!)));
    expect(bytesToHex(s.memory.merkleRoot())).toBe(merkle.memRoot);
    const upstream = hexToBytes(merkle.proof);
    expect(bytesToHex(rootFromProof(upstream, merkle.address))).toBe(merkle.memRoot);
    expect(bytesToHex(s.memory.merkleProof(merkle.address))).toBe(merkle.proof);
  });

  it.skipIf(!openMips)('derived vectors for add.bin harness state and the MIPS.t.sol pre-state', () => {
    for (const v of derived.vectors.filter((x) => x.file.startsWith('('))) {
      const w = decodeWitness(hexToBytes(v.witness));
      const s = new MipsState();
      s.memory.setRange(0, new Uint8Array(readFileSync(openMips!)));
      Object.assign(s, {
        preimageKey: w.preimageKey,
        preimageOffset: w.preimageOffset,
        pc: w.pc,
        nextPC: w.nextPC,
        lo: w.lo,
        hi: w.hi,
        heap: w.heap,
      });
      Object.assign(s, { exitCode: w.exitCode, exited: w.exited, step: w.step });
      s.registers.set(Int32Array.from(w.registers));
      expect(bytesToHex(s.memory.merkleRoot())).toBe(v.memRoot);
      expect(bytesToHex(encodeWitness(s))).toBe(v.witness);
      expect(bytesToHex(witnessHash(encodeWitness(s)))).toBe(v.stateHash);
    }
  });
});
