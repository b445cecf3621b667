/**
 * keccak-256 of 64-byte messages two at a time, as a WebAssembly SIMD module: the 25 lanes of
 * two Keccak-f[1600] states side by side in i64x2 vectors, so one instruction stream permutes
 * both (the same θ ρ π χ ι as keccak-wasm.ts; FIPS 202 §3.2, Keccak reference §1.2). Memory
 * Merkle trees hash millions of independent 64-byte pairs per root (a 4 KiB page is 127 of
 * them), and two permutations per pass cost about half again as much as one: i64x2 has no
 * rotate, so each rotation is shl | shr_u, but everything else is shared.
 *
 * A separate module from keccak-wasm.ts so an engine without SIMD still gets the scalar kernel:
 * this one is then simply absent (KECCAK_X2_AVAILABLE false) and callers use hashPairs there.
 *
 * Memory layout (one 64 KiB page): round constants at RC_OFF, messages and digests from
 * INPUT_OFF (the same offsets as keccak-wasm.ts).
 */
import { rotationOffsets, roundConstantBytes } from './keccak-wasm.js';
import { HAS_WASM, instantiateWasm, memoryModule, sleb, uleb, vec, WASM } from './wasm-asm.js';

const RC_OFF = 256;
export const X2_INPUT_OFF = 512;
/** Bytes of messages the input area holds (the rest of the page, rounded down to a power of two). */
export const X2_INPUT_BYTES = 32768;

const OP = WASM;
/** SIMD opcodes (WebAssembly 2.0 §5.4.8): the 0xfd prefix, then the instruction's LEB128 index. */
const SIMD = (n: number): number[] => [0xfd, ...uleb(n)];
const V128 = 0x7b;
const i64x2Splat = SIMD(0x12);
const i64x2Extract = (lane: number): number[] => [...SIMD(0x1d), lane];
const i64x2Replace = (lane: number): number[] => [...SIMD(0x1e), lane];
const v128AndNot = SIMD(0x4f);
const v128Or = SIMD(0x50);
const v128Xor = SIMD(0x51);
const i64x2Shl = SIMD(0xcb);
const i64x2ShrU = SIMD(0xcd);

// Params src (0), dst (1), pairs (2); v128 locals A 3..27, B 28..52, C 53..57, D 58; i32 round 59.
const SRC = 0;
const DST = 1;
const COUNT = 2;
const A = (i: number): number => 3 + i;
const B = (i: number): number => 28 + i;
const C = (i: number): number => 53 + i;
const D = 58;
const ROUND = 59;

const get = (l: number): number[] => [OP.localGet, ...uleb(l)];
const set = (l: number): number[] => [OP.localSet, ...uleb(l)];
const memarg = (offset: number): number[] => [3, ...uleb(offset)];

/** rotl(local, r) on both lanes: (x << r) | (x >>> (64 − r)). */
const rotl = (l: number, r: number): number[] => [
  ...get(l),
  OP.i32Const,
  ...sleb(r),
  ...i64x2Shl,
  ...get(l),
  OP.i32Const,
  ...sleb(64 - r),
  ...i64x2ShrU,
  ...v128Or,
];

/**
 * Body of `hashPairs2(src, dst, pairs)`: keccak-256 of 2·`pairs` consecutive 64-byte messages
 * at `src`, digests consecutive at `dst`. Each 64-byte message is one block: lanes 0..7 from the
 * message, the padding (0x01 at byte 64 → lane 8, 0x80 at byte 135 → top of lane 16), one
 * permutation, lanes 0..3 out. `dst` may equal `src`: both messages of a pass are read before
 * their 64 digest bytes are written at dst + 64·i ≤ src + 128·i.
 */
function hashPairs2Body(): number[] {
  const rot = rotationOffsets();
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  emit([OP.block, OP.void, OP.loop, OP.void]);
  emit(get(COUNT), [OP.i32Eqz, OP.brIf, 1]);
  for (let i = 0; i < 25; i++) {
    if (i < 8) {
      emit(get(SRC), [OP.i64Load, ...memarg(8 * i), ...i64x2Splat]);
      emit(get(SRC), [OP.i64Load, ...memarg(64 + 8 * i), ...i64x2Replace(1)], set(A(i)));
    } else {
      const v = i === 8 ? 1n : i === 16 ? -(2n ** 63n) : 0n;
      emit([OP.i64Const, ...sleb(v), ...i64x2Splat], set(A(i)));
    }
  }
  emit([OP.i32Const, 0], set(ROUND), [OP.loop, OP.void]);
  // θ: column parities, then each lane ^= C[x−1] ^ rotl(C[x+1], 1).
  for (let x = 0; x < 5; x++) {
    emit(get(A(x)));
    for (let y = 1; y < 5; y++) emit(get(A(x + 5 * y)), v128Xor);
    emit(set(C(x)));
  }
  for (let x = 0; x < 5; x++) {
    emit(get(C((x + 4) % 5)), rotl(C((x + 1) % 5), 1), v128Xor, set(D));
    for (let y = 0; y < 5; y++) emit(get(A(x + 5 * y)), get(D), v128Xor, set(A(x + 5 * y)));
  }
  // ρ and π: B[y, 2x + 3y] = rotl(A[x, y], r[x, y]).
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const r = rot[x + 5 * y]!;
      emit(r === 0 ? get(A(x + 5 * y)) : rotl(A(x + 5 * y), r), set(B(y + 5 * ((2 * x + 3 * y) % 5))));
    }
  }
  // χ: A[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y]) — andnot(a, b) is a & ~b.
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      emit(get(B(x + 5 * y)), get(B(((x + 2) % 5) + 5 * y)), get(B(((x + 1) % 5) + 5 * y)), v128AndNot);
      emit(v128Xor, set(A(x + 5 * y)));
    }
  }
  // ι with the round's constant in both lanes, then the next constant until all 24 are used.
  emit(get(A(0)), get(ROUND), [OP.i64Load, ...memarg(RC_OFF), ...i64x2Splat, ...v128Xor], set(A(0)));
  emit(get(ROUND), [OP.i32Const, 8, OP.i32Add, OP.localTee, ...uleb(ROUND)]);
  emit([OP.i32Const, ...sleb(192), OP.i32Ne, OP.brIf, 0, OP.end]);
  for (let i = 0; i < 4; i++) {
    emit(get(DST), get(A(i)), [...i64x2Extract(0), OP.i64Store, ...memarg(8 * i)]);
    emit(get(DST), get(A(i)), [...i64x2Extract(1), OP.i64Store, ...memarg(32 + 8 * i)]);
  }
  emit(get(SRC), [OP.i32Const, ...sleb(128), OP.i32Add], set(SRC));
  emit(get(DST), [OP.i32Const, ...sleb(64), OP.i32Add], set(DST));
  emit(get(COUNT), [OP.i32Const, 1, OP.i32Sub], set(COUNT), [OP.br, 0, OP.end, OP.end, OP.end]);
  const body = [
    ...vec([
      [...uleb(56), V128],
      [1, OP.i32],
    ]),
    ...code,
  ];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array {
  return memoryModule(
    [[0x60, ...vec([[OP.i32], [OP.i32], [OP.i32]]), ...vec([])]],
    [0],
    1,
    { hashPairs2: 0 },
    [hashPairs2Body()],
    [{ offset: RC_OFF, bytes: roundConstantBytes() }],
  );
}

/**
 * The module's bytes, for a worker thread that instantiates its own copy (page-roots-worker.ts
 * in the MIPS package hashes half of a large memory root on the second core).
 */
export function keccakX2WasmBytes(): Uint8Array {
  return assemble();
}

interface X2Exports {
  memory: { buffer: ArrayBuffer };
  hashPairs2(src: number, dst: number, pairs: number): void;
}

/** The module, or undefined where the engine has no WebAssembly or no SIMD (it fails to compile). */
const x2: X2Exports | undefined = (() => {
  if (!HAS_WASM) return undefined;
  try {
    return instantiateWasm<X2Exports>(assemble());
  } catch {
    return undefined;
  }
})();

/** Whether the two-way kernel is usable here. */
export const KECCAK_X2_AVAILABLE: boolean = x2 !== undefined;
const mem = x2 ? new Uint8Array(x2.memory.buffer) : new Uint8Array(0);

/**
 * The internal nodes of the binary keccak-256 Merkle tree over `leaves` (2^h 32-byte leaves,
 * 1 ≤ h ≤ 10, not hashed themselves): node i (heap order, root = 1) to `nodes[32i..32i+32)`,
 * 1 ≤ i < 2^h. One copy in, then per level one kernel call and one copy out. The root level
 * has a single message: the kernel hashes it next to the 64 bytes after it and only the first
 * digest is kept (the second lands in the input area, which the next call overwrites).
 */
export function keccak256MerkleNodesX2(leaves: Uint8Array, nodes: Uint8Array): void {
  let n = leaves.length >>> 5;
  mem.set(leaves, X2_INPUT_OFF);
  while (n > 1) {
    n >>>= 1;
    x2!.hashPairs2(X2_INPUT_OFF, X2_INPUT_OFF, (n + 1) >>> 1);
    nodes.set(mem.subarray(X2_INPUT_OFF, X2_INPUT_OFF + 32 * n), 32 * n);
  }
}
