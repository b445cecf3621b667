/**
 * The BLAKE2b round loop as a tiny WebAssembly module, assembled here from its opcodes with
 * primitives' mini-assembler (no toolchain, no binary blob). EIP-152 lets a caller buy up to 2^32-1 rounds; with 64-bit
 * integers native to WASM a round costs a few nanoseconds instead of the ~100 ns of the
 * 32-bit-halves JavaScript version (blake2f.ts keeps that one as the reference it is tested
 * against). Instantiation is synchronous (`new WebAssembly.Module`), as the EVM requires.
 *
 * Memory layout (one 64 KiB page): [0,128) the 16-word working vector v, [128,256) the 16-word
 * message m, [256,416) the 10×16 message schedule as byte offsets into m. `rounds(n)` applies
 * n rounds of G to v in place (RFC 7693 §3.2); setting up v and the final h ^= v_lo ^ v_hi stay
 * in JavaScript.
 */

import { funcBody, instantiateWasm, memoryModule, uleb, vec, WASM } from '@faultline/primitives';

const V_OFFSET = 0;
const M_OFFSET = 128;
const SIGMA_OFFSET = 256;

const OP = WASM;
const leb = uleb;

// Locals: 0 = rounds (param, i32), 1 = round counter, 2 = schedule row offset, 3..18 = v0..v15.
const ROUNDS = 0;
const COUNTER = 1;
const ROW = 2;
const v = (i: number) => 3 + i;

function roundBody(): number[] {
  const code: number[] = [];
  const get = (l: number) => code.push(OP.localGet, ...leb(l));
  const set = (l: number) => code.push(OP.localSet, ...leb(l));
  /** Pushes m[sigma[row + k]] */
  const message = (k: number) => {
    code.push(OP.i32Const, ...leb(M_OFFSET));
    get(ROW);
    code.push(OP.i32Load8U, 0, ...leb(SIGMA_OFFSET + k)); // align 1, static offset into the schedule
    code.push(OP.i32Add, OP.i64Load, 3, 0);
  };
  const addInto = (a: number, b: number, k?: number) => {
    get(a);
    get(b);
    code.push(OP.i64Add);
    if (k !== undefined) {
      message(k);
      code.push(OP.i64Add);
    }
    set(a);
  };
  const xorRotr = (d: number, a: number, n: number) => {
    get(d);
    get(a);
    code.push(OP.i64Xor, OP.i64Const, ...leb(n), OP.i64Rotr);
    set(d);
  };
  const lanes = [
    [0, 4, 8, 12],
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11, 15],
    [0, 5, 10, 15],
    [1, 6, 11, 12],
    [2, 7, 8, 13],
    [3, 4, 9, 14],
  ];
  lanes.forEach(([a, b, c, d], i) => {
    addInto(v(a), v(b), 2 * i);
    xorRotr(v(d), v(a), 32);
    addInto(v(c), v(d));
    xorRotr(v(b), v(c), 24);
    addInto(v(a), v(b), 2 * i + 1);
    xorRotr(v(d), v(a), 16);
    addInto(v(c), v(d));
    xorRotr(v(b), v(c), 63);
  });
  return code;
}

function assemble(): Uint8Array {
  const code: number[] = [];
  const get = (l: number) => code.push(OP.localGet, ...leb(l));
  const set = (l: number) => code.push(OP.localSet, ...leb(l));
  for (let i = 0; i < 16; i++) {
    code.push(OP.i32Const, ...leb(V_OFFSET), OP.i64Load, 3, ...leb(8 * i));
    set(v(i));
  }
  code.push(OP.block, OP.void, OP.loop, OP.void);
  // if (counter >= rounds) break
  get(COUNTER);
  get(ROUNDS);
  code.push(OP.i32GeU, OP.brIf, 1);
  code.push(...roundBody());
  // counter += 1; row = row == 144 ? 0 : row + 16  (row walks the 10 schedule rows)
  get(COUNTER);
  code.push(OP.i32Const, 1, OP.i32Add);
  set(COUNTER);
  code.push(OP.i32Const, 0);
  get(ROW);
  code.push(OP.i32Const, 16, OP.i32Add);
  get(ROW);
  code.push(OP.i32Const, ...leb(144), OP.i32Eq, OP.select);
  set(ROW);
  code.push(OP.br, 0, OP.end, OP.end);
  for (let i = 0; i < 16; i++) {
    code.push(OP.i32Const, ...leb(V_OFFSET));
    get(v(i));
    code.push(OP.i64Store, 3, ...leb(8 * i));
  }
  const I32 = WASM.i32;
  const I64 = WASM.i64;
  // type 0: (i32) -> (); one memory of one page
  const body = funcBody(
    [
      [2, I32],
      [16, I64],
    ],
    code,
  );
  return memoryModule([[0x60, ...vec([[I32]]), ...vec([])]], [0], 1, { rounds: 0 }, [body]);
}

// RFC 7693 §2.7 message schedule.
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

interface WasmRounds {
  words: Uint32Array; // v at [0, 32), m at [32, 64) as 32-bit little-endian halves
  run(rounds: number): void;
}

interface RoundsExports {
  memory: { buffer: ArrayBuffer };
  rounds: (n: number) => void;
}

const ROUNDS_PER_CALL = 10 * 1024;

let instance: WasmRounds | undefined;

function instantiate(): WasmRounds {
  const exports = instantiateWasm<RoundsExports>(assemble());
  if (exports === undefined) throw new Error('blake2bRoundsWasm: this engine has no WebAssembly');
  const bytes = new Uint8Array(exports.memory.buffer);
  SIGMA.flat().forEach((word, i) => {
    bytes[SIGMA_OFFSET + i] = 8 * word;
  });
  return { words: new Uint32Array(exports.memory.buffer, 0, 64), run: (n) => exports.rounds(n) };
}

/**
 * Applies `count` BLAKE2b rounds to the working vector `v` (32 little-endian 32-bit halves),
 * mixing in message `m` (same layout), in place. Requires a little-endian host (all Node
 * targets), since the halves are shared with the module's i64 view of memory.
 */
export function blake2bRoundsWasm(v: Uint32Array, m: Uint32Array, count: number): void {
  instance ??= instantiate();
  instance.words.set(v, 0);
  instance.words.set(m, 32);
  // V8 first runs a module in its baseline tier and swaps in optimized code only between calls
  // (there is no on-stack replacement for WASM), so a long request is cut into chunks. Chunks
  // are a multiple of 10 rounds, keeping every call aligned to the start of the schedule.
  let remaining = count >>> 0;
  while (remaining > 0) {
    const chunk = Math.min(remaining, ROUNDS_PER_CALL);
    instance.run(chunk);
    remaining -= chunk;
  }
  v.set(instance.words.subarray(0, 32));
}
