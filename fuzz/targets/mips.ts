/**
 * Targets of the MIPS package's inputs: ELF files (32-bit for the MIPS32 loader, 64-bit for
 * cannon64), state files (state.json, binary states of every version, gzip), step proofs of both
 * VMs as Cannon's `proof-%d.json`, and meta.json. Seeds are the shared Cannon state examples,
 * generated ELFs, and step proofs made by running the OpenMIPS programs one proven step at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import {
  Base64Error,
  checkAnyStateBytes,
  checkAnyStepProof,
  checkElf64Load,
  checkElfLoad,
  decodeAnyStateBytes,
  ElfError,
  encodeStateBinary,
  encodeStateJson,
  InMemoryOracle,
  initialState64,
  loadElf,
  loadElf64,
  MetadataError,
  Mips64VM,
  MipsExecutionError,
  MipsState,
  MipsVM,
  ProofError,
  parseElf,
  parseMetadata,
  proveStep,
  proveStep64,
  StateFormatError,
  StateVersionError,
  stepProofFromAnyJson,
  stepProofToJson,
  Thread64,
  WITNESS_SIZE,
  WITNESS64_SIZE,
  witnessHash,
  witnessHash64,
} from '@faultline/mips';
import { bytesToHex, equalBytes, SizeError } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { buildElf, elfFields } from '../elf-builder.js';
import { havoc, INTERESTING_32, type MutateContext, setField } from '../mutate.js';
import { mutateJson } from '../mutate-json.js';
import type { Rng } from '../rng.js';
import { fixtureBytes, fixtureFiles } from '../seeds.js';
import { InputShapeError, type Target } from '../target.js';

const utf8 = new TextDecoder();
const text = (b: Uint8Array) => utf8.decode(b);
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

/** The command-line tools parse the file as JSON first; text that is not JSON never reaches the code. */
function parseJson(input: Uint8Array): unknown {
  try {
    return JSON.parse(text(input));
  } catch {
    throw new InputShapeError('not JSON');
  }
}

// ---- checking without building ----

/**
 * The loaders build a VM state (a MIPS32 state's memory tables alone are a few MiB to allocate,
 * ~1-2 ms), which would make the state itself the cost of every accepted case. So the campaign
 * runs the loaders' own check-only halves (`checkElfLoad`, `checkAnyStateBytes`) on every case and
 * the full loader on one input in 16 (by content, so a replay takes the same path), where both
 * must agree: both accept, or both refuse with the same message.
 */
function sampled(input: Uint8Array): boolean {
  let h = input.length;
  for (let i = 0; i < input.length; i += 1 + (input.length >> 4)) h = Math.imul(h ^ input[i]!, 0x01000193);
  return ((h >>> 0) & 15) === 0;
}

function agree(what: string, check: () => unknown, full: () => unknown): void {
  let checkError: unknown;
  try {
    check();
  } catch (e) {
    checkError = e;
  }
  try {
    full();
  } catch (e) {
    if (checkError === undefined)
      throw new Error(`${what}: the full decode refuses what the check accepts: ${(e as Error).message}`);
    if ((e as Error).message !== (checkError as Error).message)
      throw new Error(`${what}: check and full decode refuse differently`);
    throw e;
  }
  if (checkError !== undefined) throw new Error(`${what}: the check refuses what the full decode accepts`);
}

// ---- ELF ----

const CODE = Uint8Array.of(
  0x24,
  0x02,
  0x0f,
  0xa1,
  0x00,
  0x00,
  0x00,
  0x0c,
  0x03,
  0xe0,
  0x00,
  0x08,
  0x00,
  0x00,
  0x00,
  0x00,
);

function elfSeeds(bits: 32 | 64): Uint8Array[] {
  const symbols = [
    { name: 'main', value: 0x400000, size: 16 },
    { name: 'runtime.notesleep', value: 0x400010, size: 8 },
    { name: '_start', value: 0x400000, size: 0 },
  ];
  return [
    buildElf({ bits, entry: 0x400000, code: CODE, data: new Uint8Array(64).fill(1), bss: 8192, symbols }).bytes,
    buildElf({
      bits,
      entry: 0x1000,
      code: CODE.subarray(0, 8),
      data: new Uint8Array(0),
      bss: 0,
      symbols: [],
      abiFlags: true,
    }).bytes,
    buildElf({
      bits,
      entry: 0x400000,
      code: new Uint8Array(4096).fill(0x24),
      data: new Uint8Array(100),
      bss: 100_000,
      symbols: symbols.slice(0, 1),
    }).bytes,
  ];
}

/** ELF header, program and section header fields set to edge values (relative to the file too). */
/**
 * A large table: K bytes appended and one section header (a string or symbol table, or code)
 * pointed at them — real programs are megabytes, so tables far larger than a seed must parse.
 */
function growSection(input: Uint8Array, rng: Rng): Uint8Array | undefined {
  if (input.length < 64) return undefined;
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const is64 = input[4] === 2;
  const w = is64 ? 8 : 4;
  const shoff = is64 ? Number(dv.getBigUint64(40)) : dv.getUint32(32);
  const shnum = dv.getUint16(is64 ? 60 : 48);
  const shentsize = is64 ? 64 : 40;
  if (shnum === 0 || shoff + shnum * shentsize > input.length) return undefined;
  const k = rng.pick([4 << 10, 64 << 10, 300 << 10]);
  const out = new Uint8Array(input.length + k);
  out.set(input);
  if (rng.oneIn(2)) out.fill(rng.pick([0x41, 0xff, 0x01]), input.length);
  else for (let i = input.length; i < out.length; i++) out[i] = rng.u32() & 0xff;
  const o = shoff + rng.int(shnum) * shentsize;
  setField(out, o + 8 + 2 * w, w, input.length);
  setField(out, o + 8 + 3 * w, w, k);
  return out;
}

function mutateElf(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined {
  const fields = elfFields(input);
  if (fields.length === 0) return undefined;
  if (rng.oneIn(12)) return growSection(input, rng);
  const out = input.slice();
  const rounds = 1 + rng.int(3);
  for (let i = 0; i < rounds; i++) {
    const [at, size] = rng.pick(fields);
    const n = out.length;
    const value = rng.pick([
      () => rng.pick(INTERESTING_32),
      () => n + rng.int(3) - 1,
      () => n - rng.int(64),
      () => 2 ** (8 * Math.min(size, 6)) - 1,
      () => rng.u32(),
      () => 0x05000000 - rng.int(3) * 0x1000,
      () => rng.int(65536),
    ])();
    setField(out, at, size, Math.max(0, value));
  }
  return rng.oneIn(8) ? havoc(out, rng, ctx) : out;
}

export const elfTarget: Target = {
  name: 'elf',
  about: 'parseElf + checkElfLoad / checkElf64Load, and loadElf / loadElf64 on a sample (mips)',
  maxLength: 512 << 10,
  errors: [ElfError],
  seeds: () => [...elfSeeds(32), ...elfSeeds(64)],
  mutate: mutateElf,
  run(input) {
    const elf = parseElf(input);
    const check = () => (elf.elfClass === 32 ? checkElfLoad(elf) : checkElf64Load(elf));
    const load = () => (elf.elfClass === 32 ? loadElf(elf) : loadElf64(elf));
    sampled(input) ? agree('loadElf', check, load) : check();
  },
  ciCases: 300,
};

// ---- states ----

const PAGE_SIZE = 4096;

function smallState(): MipsState {
  const s = new MipsState();
  s.memory.setRange(0x1000, CODE);
  s.memory.setRange(0x7fff_f000, new Uint8Array(64).fill(0xaa));
  s.pc = 0x1000;
  s.nextPC = 0x1004;
  s.heap = 0x0500_0000;
  s.step = 12;
  s.registers[29] = 0x7fff_f000;
  s.lastHint = Uint8Array.of(0, 0, 0, 4, 0x61);
  return s;
}

function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function stateJsonSeeds(): Uint8Array[] {
  const out: Uint8Array[] = fixtureFiles(['cannon-state-examples', 'op-challenger-state-json'], '.json').map(
    (p) => new Uint8Array(readFileSync(p)),
  );
  const v0 = fixtureBytes('cannon-state-examples', 'versions-testdata', '0.json');
  if (v0) out.push(v0);
  out.push(new TextEncoder().encode([...encodeStateJson(smallState())].join('')));
  return out;
}

/** A page's `data` replaced by base64(zlib(x)) of an edge-case page (short, long, a bomb). */
function pageString(key: string, _old: string, rng: Rng): string | undefined {
  if (key !== 'data') return undefined;
  const size = rng.pick([0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 1 << 20]);
  const z = deflateSync(new Uint8Array(size).fill(rng.int(256)), { level: rng.int(10) });
  const b64 = Buffer.from(z).toString('base64');
  return rng.oneIn(4) ? b64.replace(/=+$/, '') : rng.oneIn(8) ? `${b64}=` : b64;
}

export const stateJsonTarget: Target = {
  name: 'state-json',
  about:
    'checkAnyStateBytes / decodeAnyStateBytes of state.json text (pages as base64(zlib), fields, duplicates) (mips)',
  maxLength: 256 << 10,
  errors: [StateFormatError, Base64Error, StateVersionError],
  seeds: stateJsonSeeds,
  mutate: (input, rng, ctx) => mutateJson(input, rng, ctx, { strings: pageString }),
  havocOdds: 8,
  run(input) {
    sampled(input)
      ? agree(
          'decodeAnyStateBytes',
          () => checkAnyStateBytes(input),
          () => decodeAnyStateBytes(input),
        )
      : checkAnyStateBytes(input);
  },
  ciCases: 300,
};

function stateBinarySeeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const dir of [
    ['cannon-state-examples', 'versions-testdata'],
    ['cannon-mips64-tests', 'versions-testdata', 'states'],
  ]) {
    for (const p of fixtureFiles(dir, '.bin.gz')) out.push(new Uint8Array(readFileSync(p)));
  }
  const bin = concatChunks(encodeStateBinary(smallState()));
  out.push(bin, new Uint8Array(gzipSync(bin)));
  return out;
}

/** Fields of a MIPS32 binary state: page count, each page index, the tail's integers and hint length. */
function mutateBinaryState(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined {
  if (input.length < 5 || input[0] === 0x1f) return undefined;
  const out = input.slice();
  const count = new DataView(out.buffer).getUint32(1);
  const fields: [number, number][] = [
    [0, 1],
    [1, 4],
  ];
  let p = 5;
  for (let k = 0; k < count && p + 4 + PAGE_SIZE <= out.length && k < 16; k++, p += 4 + PAGE_SIZE) fields.push([p, 4]);
  if (input[0]! <= 2 && p + 198 <= out.length) {
    for (const [o, s] of [
      [32, 4],
      [36, 4],
      [56, 1],
      [57, 1],
      [58, 8],
      [194, 4],
    ] as const)
      fields.push([p + o, s]);
  }
  const [at, size] = rng.pick(fields);
  setField(out, at, size, rng.oneIn(2) ? rng.pick(INTERESTING_32) : rng.int(2 ** Math.min(8 * size, 32)));
  return rng.oneIn(6) ? havoc(out, rng, ctx) : out;
}

export const stateBinaryTarget: Target = {
  name: 'state-binary',
  about: 'checkAnyStateBytes / decodeAnyStateBytes of binary states, versions 0-8, raw and gzip (mips)',
  maxLength: 256 << 10,
  errors: [StateFormatError, StateVersionError],
  seeds: stateBinarySeeds,
  mutate: mutateBinaryState,
  run(input) {
    sampled(input)
      ? agree(
          'decodeAnyStateBytes',
          () => checkAnyStateBytes(input),
          () => decodeAnyStateBytes(input),
        )
      : checkAnyStateBytes(input);
  },
  ciCases: 300,
};

// ---- step proofs ----

const END_ADDR = 0xa7ef00d0;

/** Proofs of the first steps of a few OpenMIPS programs (loads, stores, branches, syscalls). */
function stepProofSeeds32(): Uint8Array[] {
  const dir = fixturePath('cannon-mips32-open-mips-tests', 'bin');
  if (!dir) return [];
  const out: Uint8Array[] = [];
  for (const name of [
    'lw.bin',
    'swl.bin',
    'sb.bin',
    'lwl.bin',
    'jal.bin',
    'brk.bin',
    'mmap.bin',
    'exit_group.bin',
    'oracle.bin',
  ]) {
    const s = new MipsState();
    s.memory.setRange(0, new Uint8Array(readFileSync(join(dir, name))));
    s.registers[31] = END_ADDR | 0;
    const oracle = new InMemoryOracle();
    oracle.putKeccak(new TextEncoder().encode('hello world'));
    const vm = new MipsVM(s, oracle);
    for (let i = 0; i < 40 && !s.exited && s.pc !== END_ADDR; i++) {
      const p = proveStep(vm);
      if (i % 8 === 0 || p.oracleKey !== undefined || s.exited) out.push(json(stepProofToJson(p)));
    }
  }
  return out;
}

function stepProofSeeds64(): Uint8Array[] {
  const dir = fixturePath('cannon-mips64-tests', 'prototype-pr11388-open-mips64', 'bin');
  if (!dir) return [];
  const out: Uint8Array[] = [];
  for (const name of ['brk.bin', 'mmap.bin', 'oracle.bin', 'exit_group.bin', 'clone.bin']) {
    const s = initialState64(0n, 0x1000_0000_0000n, new Thread64(0n));
    s.memory.setRange(0n, new Uint8Array(readFileSync(join(dir, name))));
    const oracle = new InMemoryOracle();
    oracle.putKeccak(new TextEncoder().encode('hello world'));
    const vm = new Mips64VM(s, oracle);
    for (let i = 0; i < 30 && !s.exited; i++) {
      try {
        const p = proveStep64(vm);
        if (i % 6 === 0 || p.oracleKey !== undefined || s.exited) out.push(json(stepProofToJson(p)));
      } catch {
        break;
      }
    }
  }
  return out;
}

/** The witness with the lowest bit of its step counter flipped, and its hash. */
function withStepBitFlipped(stateData: Uint8Array): { data: Uint8Array; pre: Uint8Array } | undefined {
  const data = stateData.slice();
  if (data.length === WITNESS_SIZE) {
    data[97]! ^= 1;
    return { data, pre: witnessHash(data) };
  }
  if (data.length === WITNESS64_SIZE) {
    data[106]! ^= 1;
    return { data, pre: witnessHash64(data) };
  }
  return undefined;
}

/** Hex fields of a proof: flip bytes inside them (keeping the JSON valid) or cut them. */
function mutateProof(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text(input)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (rng.oneIn(3)) return mutateJson(input, rng, ctx);
  const keys = ['state-data', 'proof-data', 'oracle-value', 'oracle-key', 'pre', 'post'].filter(
    (k) => typeof doc[k] === 'string',
  );
  if (keys.length === 0) return undefined;
  const key = rng.pick(keys);
  const hex = doc[key] as string;
  const bytes = Buffer.from(hex.slice(2), 'hex');
  const rounds = 1 + rng.int(4);
  for (let i = 0; i < rounds && bytes.length > 0; i++) {
    // The witness fields that steer the step: pc/nextPC, registers, exited, step, preimage offset.
    const hot =
      key === 'state-data'
        ? rng.pick([64, 68, 72, 88, 89, 90, 97, 98 + 4 * rng.int(32), rng.int(bytes.length)])
        : rng.int(bytes.length);
    if (hot < bytes.length) bytes[hot] = rng.oneIn(2) ? rng.pick([0, 0xff, 0x80, 1, 0x7f]) : rng.u32() & 0xff;
  }
  // The step counter (MIPS32 at 90, cannon64 at 99): values past 2^53 and at the u64 edge.
  if (key === 'state-data' && rng.oneIn(6)) {
    const at = bytes.length === WITNESS64_SIZE ? 99 : 90;
    const v = rng.pick([2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n - 2n]);
    if (at + 8 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, v);
  }
  doc[key] = rng.oneIn(10) ? bytesToHex(bytes.subarray(0, rng.int(bytes.length + 1))) : bytesToHex(bytes);
  // Usually keep `pre` consistent, so a mutated witness reaches the verifier instead of stopping
  // at "pre does not match the hash of state-data".
  if (key === 'state-data' && !rng.oneIn(4)) {
    const data = Buffer.from((doc[key] as string).slice(2), 'hex');
    if (data.length === WITNESS_SIZE) doc.pre = bytesToHex(witnessHash(data));
    else if (data.length === WITNESS64_SIZE) doc.pre = bytesToHex(witnessHash64(data));
  }
  return json(doc);
}

export const stepProofTarget: Target = {
  name: 'step-proof',
  about: 'stepProofFromAnyJson + checkAnyStepProof: MIPS32 (226-byte witness) and cannon64 (188) proofs (mips)',
  maxLength: 32 << 10,
  errors: [ProofError, MipsExecutionError, SizeError],
  seeds: () => [...stepProofSeeds32(), ...stepProofSeeds64()],
  mutate: mutateProof,
  havocOdds: 12,
  run(input) {
    const proof = stepProofFromAnyJson(parseJson(input));
    const first = checkAnyStepProof(proof);
    // The post-state commits to step + 1, so two pre-states that differ only in their step must
    // not verify to the same post-state (a step count the verifier cannot represent would).
    const other = withStepBitFlipped(proof.stateData);
    if (other === undefined) return;
    const second = checkAnyStepProof({ ...proof, stateData: other.data, pre: other.pre });
    if (equalBytes(first.post, second.post)) throw new Error('step proof: the post-state does not depend on the step');
  },
  ciCases: 200,
};

export const metaTarget: Target = {
  name: 'meta',
  about: 'parseMetadata of meta.json (symbols: name, start, size) (mips)',
  maxLength: 16 << 10,
  errors: [MetadataError],
  seeds: () => [
    json({
      symbols: [
        { name: 'main', start: 4096, size: 16 },
        { name: 'runtime.notesleep', start: 8192, size: 64 },
      ],
    }),
    json({ symbols: [] }),
  ],
  mutate: (input, rng, ctx) => mutateJson(input, rng, ctx),
  havocOdds: 12,
  run(input) {
    parseMetadata(parseJson(input));
  },
  ciCases: 2000,
};
