/**
 * keccak-256 (the original Keccak padding, 0x01 … 0x80, as Ethereum uses it; FIPS 202 §B.2 and
 * the Keccak reference §1.2), as a WebAssembly module this file assembles itself at load time.
 *
 * Why our own: hashing is the hottest call of the fault-proof program — every trie node, every
 * SHA3 opcode, every pre-image the client verifies — and almost all inputs are under 600 bytes.
 * hash-wasm's keccak takes ~0.7 µs for 64 bytes, most of it in its general JS wrapper and a
 * looped permutation. Here the permutation is one WASM function with the 25 lanes in i64 locals,
 * θ ρ π χ unrolled, the 24 rounds a loop over the round constants; the JS side copies the input
 * into linear memory, pads it and makes a single call. The module is built from the tables
 * below rather than shipped as a binary, so every constant is derived here from the spec's
 * definitions (rotation offsets from the (x, y) walk of ρ, round constants from the rc LFSR).
 *
 * Memory layout (one 64 KiB page): state lanes at 0..200 (little-endian, lane (x, y) at
 * 8·(x + 5y)), round constants at RC_OFF, input blocks from INPUT_OFF.
 */

import { HAS_WASM, instantiateWasm, memoryModule, sleb, uleb, vec, WASM } from './wasm-asm.js';

const RATE = 136; // bytes absorbed per permutation for a 256-bit capacity·2 = 512
const RC_OFF = 256;
const INPUT_OFF = 512;
const PAGE = 65536;
/** Whole blocks that fit in the input area (a message longer than this is hashed in chunks). */
const CHUNK_BLOCKS = Math.floor((PAGE - INPUT_OFF) / RATE);

/** ρ rotation offsets by lane index x + 5y (Keccak reference §2.3.4: the (x, y) walk from (1, 0)). */
export function rotationOffsets(): number[] {
  const r = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
}

/** ι round constants (Keccak reference §1.2: rc(t) is the output of an LFSR, x^8+x^6+x^5+x^4+1). */
function roundConstants(): bigint[] {
  const rc = (t: number): number => {
    let r = 1;
    for (let i = 0; i < t % 255; i++) {
      r <<= 1;
      if (r & 0x100) r ^= 0x171;
    }
    return r & 1;
  };
  const out: bigint[] = [];
  for (let round = 0; round < 24; round++) {
    let c = 0n;
    for (let j = 0; j <= 6; j++) if (rc(j + 7 * round)) c |= 1n << BigInt(2 ** j - 1);
    out.push(c);
  }
  return out;
}

/** The 24 round constants as little-endian u64s, as both WASM kernels read them from memory. */
export function roundConstantBytes(): number[] {
  const out: number[] = [];
  for (const c of roundConstants()) for (let i = 0n; i < 8n; i++) out.push(Number((c >> (8n * i)) & 0xffn));
  return out;
}

const OP = WASM;

// Locals of `absorb*`: params off (0) and blocks (1), then the permutation's locals from 2.
// Locals of `hashPairs`: params src (0), dst (1) and count (2), then the permutation's from 3.
// The permutation's locals from `base`: lanes A base..+24, B +25..+49, C +50..+54, D +55, round +56.
const OFF = 0;
const BLOCKS = 1;
const SRC = 0;
const DST = 1;
const COUNT = 2;
let base = 2;
const A = (i: number): number => base + i;
const B = (i: number): number => base + 25 + i;
const C = (i: number): number => base + 50 + i;
const D = (): number => base + 55;
const ROUND = (): number => base + 56;

const get = (l: number): number[] => [OP.localGet, ...uleb(l)];
const set = (l: number): number[] => [OP.localSet, ...uleb(l)];
const memarg = (offset: number): number[] => [3, ...uleb(offset)];

/** The 24 rounds of Keccak-f[1600] on the lanes in locals A (the permutation, unrolled per round). */
function permutation(emit: (...parts: number[][]) => void): void {
  const rot = rotationOffsets();
  emit([OP.i32Const, 0], set(ROUND()), [OP.loop, OP.void]);
  // θ: column parities, then each lane ^= C[x−1] ^ rotl(C[x+1], 1).
  for (let x = 0; x < 5; x++) {
    emit(get(A(x)));
    for (let y = 1; y < 5; y++) emit(get(A(x + 5 * y)), [OP.i64Xor]);
    emit(set(C(x)));
  }
  for (let x = 0; x < 5; x++) {
    emit(get(C((x + 4) % 5)), get(C((x + 1) % 5)), [OP.i64Const, 1, OP.i64Rotl, OP.i64Xor], set(D()));
    for (let y = 0; y < 5; y++) emit(get(A(x + 5 * y)), get(D()), [OP.i64Xor], set(A(x + 5 * y)));
  }
  // ρ and π: B[y, 2x + 3y] = rotl(A[x, y], r[x, y]).
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const to = B(y + 5 * ((2 * x + 3 * y) % 5));
      const r = rot[x + 5 * y]!;
      emit(get(A(x + 5 * y)));
      if (r !== 0) emit([OP.i64Const, ...sleb(r), OP.i64Rotl]);
      emit(set(to));
    }
  }
  // χ: A[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y]).
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      emit(get(B(((x + 1) % 5) + 5 * y)), [OP.i64Const, ...sleb(-1n), OP.i64Xor]);
      emit(get(B(((x + 2) % 5) + 5 * y)), [OP.i64And], get(B(x + 5 * y)), [OP.i64Xor], set(A(x + 5 * y)));
    }
  }
  // ι, then the next round constant (8 bytes further) until all 24 are used.
  emit(get(A(0)), get(ROUND()), [OP.i64Load, ...memarg(RC_OFF), OP.i64Xor], set(A(0)));
  emit(get(ROUND()), [OP.i32Const, 8, OP.i32Add, OP.localTee, ...uleb(ROUND())]);
  emit([OP.i32Const, ...sleb(192), OP.i32Ne, OP.brIf, 0, OP.end]);
}

/** The locals after the parameters: 56 i64 (A, B, C, D) and the i32 round offset. */
const PERMUTATION_LOCALS = vec([
  [...uleb(56), OP.i64],
  [1, OP.i32],
]);

function functionBody(code: number[]): number[] {
  const body = [...PERMUTATION_LOCALS, ...code];
  return [...uleb(body.length), ...body];
}

/** Body of `absorb(off, blocks)`: xor `blocks` rate-sized blocks from `off` into the state. */
function absorbBody(loadState: boolean): number[] {
  base = 2;
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  if (loadState) for (let i = 0; i < 25; i++) emit([OP.i32Const, 0, OP.i64Load, ...memarg(8 * i)], set(A(i)));
  emit([OP.block, OP.void, OP.loop, OP.void]);
  emit(get(BLOCKS), [OP.i32Eqz, OP.brIf, 1]);
  for (let i = 0; i < RATE / 8; i++) emit(get(A(i)), get(OFF), [OP.i64Load, ...memarg(8 * i), OP.i64Xor], set(A(i)));
  permutation(emit);
  emit(get(OFF), [OP.i32Const, ...sleb(RATE), OP.i32Add], set(OFF));
  emit(get(BLOCKS), [OP.i32Const, 1, OP.i32Sub], set(BLOCKS), [OP.br, 0, OP.end, OP.end]);
  for (let i = 0; i < 25; i++) emit([OP.i32Const, 0], get(A(i)), [OP.i64Store, ...memarg(8 * i)]);
  emit([OP.end]);
  return functionBody(code);
}

/**
 * Body of `hashPairs(src, dst, count)`: keccak-256 of each of `count` 64-byte messages at `src`
 * (one after the other), the 32-byte digests written one after the other at `dst`. A 64-byte
 * message fits one block, so each is: lanes 0..7 from the message, the padding bits (0x01 at
 * byte 64 → lane 8, 0x80 at byte 135 → the top of lane 16), one permutation, lanes 0..3 out.
 * `dst` may equal `src`: digest i is written after message i is read, and 32·i ≤ 64·i.
 */
function hashPairsBody(): number[] {
  base = 3;
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  emit([OP.block, OP.void, OP.loop, OP.void]);
  emit(get(COUNT), [OP.i32Eqz, OP.brIf, 1]);
  for (let i = 0; i < 25; i++) {
    if (i < 8) emit(get(SRC), [OP.i64Load, ...memarg(8 * i)], set(A(i)));
    else if (i === 8) emit([OP.i64Const, 1], set(A(i)));
    else if (i === 16) emit([OP.i64Const, ...sleb(-(2n ** 63n))], set(A(i)));
    else emit([OP.i64Const, 0], set(A(i)));
  }
  permutation(emit);
  for (let i = 0; i < 4; i++) emit(get(DST), get(A(i)), [OP.i64Store, ...memarg(8 * i)]);
  emit(get(SRC), [OP.i32Const, ...sleb(64), OP.i32Add], set(SRC));
  emit(get(DST), [OP.i32Const, ...sleb(32), OP.i32Add], set(DST));
  emit(get(COUNT), [OP.i32Const, 1, OP.i32Sub], set(COUNT), [OP.br, 0, OP.end, OP.end, OP.end]);
  return functionBody(code);
}

function assemble(): Uint8Array {
  return memoryModule(
    [
      [0x60, ...vec([[OP.i32], [OP.i32]]), ...vec([])],
      [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32]]), ...vec([])],
    ],
    [0, 0, 1],
    1,
    { absorbFresh: 0, absorbMore: 1, hashPairs: 2 },
    [absorbBody(false), absorbBody(true), hashPairsBody()],
    [{ offset: RC_OFF, bytes: roundConstantBytes() }],
  );
}

interface KeccakExports {
  memory: { buffer: ArrayBuffer };
  /** Starts from the zero state. */
  absorbFresh(off: number, blocks: number): void;
  /** Continues from the state in memory. */
  absorbMore(off: number, blocks: number): void;
  /** keccak-256 of `count` consecutive 64-byte messages at `src`, digests consecutive at `dst`. */
  hashPairs(src: number, dst: number, count: number): void;
}

/** Stands in where the engine has no WebAssembly: hash.ts then never calls into this file. */
const NO_WASM: KeccakExports = {
  memory: { buffer: new ArrayBuffer(0) },
  absorbFresh: () => {
    throw new Error('keccak-wasm: this engine has no WebAssembly');
  },
  absorbMore: () => {
    throw new Error('keccak-wasm: this engine has no WebAssembly');
  },
  hashPairs: () => {
    throw new Error('keccak-wasm: this engine has no WebAssembly');
  },
};

const wasm: KeccakExports = (HAS_WASM ? instantiateWasm<KeccakExports>(assemble()) : undefined) ?? NO_WASM;
const mem = new Uint8Array(wasm.memory.buffer);
/** Whether this module's kernel is usable (the engine has WebAssembly). */
export const KECCAK_WASM_AVAILABLE: boolean = wasm !== NO_WASM;

/**
 * Absorbs `len` message bytes already at INPUT_OFF plus the padding as the last step of a
 * hash (`fresh`: nothing absorbed before); the digest is then `mem[0..32)`.
 */
function absorbLast(len: number, fresh: boolean): void {
  const padded = (Math.floor(len / RATE) + 1) * RATE;
  mem.fill(0, INPUT_OFF + len, INPUT_OFF + padded);
  mem[INPUT_OFF + len]! ^= 0x01;
  mem[INPUT_OFF + padded - 1]! ^= 0x80;
  if (fresh) wasm.absorbFresh(INPUT_OFF, padded / RATE);
  else wasm.absorbMore(INPUT_OFF, padded / RATE);
}

function finish(len: number, fresh: boolean): Uint8Array {
  absorbLast(len, fresh);
  return mem.slice(0, 32);
}

/** Inputs up to this size are copied byte by byte: cheaper than creating a subarray to `set`. */
const SMALL_COPY = 96;

/**
 * keccak-256 of `src[off..off+len)` written to `out[outOff..outOff+32)`: no allocation, for
 * hot callers that hash a range of a buffer they own (the EVM's KECCAK256 over memory).
 */
export function keccak256Into(src: Uint8Array, off: number, len: number, out: Uint8Array, outOff: number): void {
  if (len > ONE_SHOT) {
    out.set(keccak256WasmParts([src.subarray(off, off + len)]), outOff);
    return;
  }
  if (len <= SMALL_COPY) for (let i = 0; i < len; i++) mem[INPUT_OFF + i] = src[off + i]!;
  else mem.set(src.subarray(off, off + len), INPUT_OFF);
  absorbLast(len, true);
  for (let i = 0; i < 32; i++) out[outOff + i] = mem[i]!;
}

/** The largest message that is hashed in one call (room for it and its padding block). */
const ONE_SHOT = (CHUNK_BLOCKS - 1) * RATE;

export function keccak256Wasm(data: Uint8Array): Uint8Array {
  if (data.length <= ONE_SHOT) {
    mem.set(data, INPUT_OFF);
    return finish(data.length, true);
  }
  return keccak256WasmParts([data]);
}

/** keccak-256 of the concatenation of `parts`, streamed through the input area in chunks. */
export function keccak256WasmParts(parts: readonly Uint8Array[]): Uint8Array {
  let fill = 0;
  let fresh = true;
  for (const part of parts) {
    let off = 0;
    while (off < part.length) {
      const n = Math.min(part.length - off, ONE_SHOT - fill);
      mem.set(part.subarray(off, off + n), INPUT_OFF + fill);
      fill += n;
      off += n;
      if (fill === ONE_SHOT) {
        // A full chunk of whole blocks: absorb it, keep going (padding comes only at the end).
        const blocks = ONE_SHOT / RATE;
        if (fresh) wasm.absorbFresh(INPUT_OFF, blocks);
        else wasm.absorbMore(INPUT_OFF, blocks);
        fresh = false;
        fill = 0;
      }
    }
  }
  return finish(fill, fresh);
}

/** Bytes of leaves the tree kernel takes in one go (the input area, rounded down to a power of two). */
export const MERKLE_MAX_LEAF_BYTES = 32768;

/**
 * The internal nodes of the binary keccak-256 Merkle tree over `leaves` (2^h 32-byte leaves,
 * 1 ≤ h ≤ 10, not hashed themselves): node i (heap order, root = 1, children 2i and 2i+1) is
 * written to `nodes[32i..32i+32)` for 1 ≤ i < 2^h. One copy in, one WASM call and one copy out
 * per level — Cannon's page subtree (128 leaves, 127 hashes) costs no per-hash JS work.
 */
export function keccak256MerkleNodesWasm(leaves: Uint8Array, nodes: Uint8Array): void {
  let n = leaves.length >>> 5;
  mem.set(leaves, INPUT_OFF);
  while (n > 1) {
    n >>>= 1;
    wasm.hashPairs(INPUT_OFF, INPUT_OFF, n);
    nodes.set(mem.subarray(INPUT_OFF, INPUT_OFF + 32 * n), 32 * n);
  }
}
