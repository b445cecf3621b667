/**
 * Batched keccak for the memory tree: many 64-byte messages (sibling pairs) hashed per kernel
 * call, and whole batches of pages hashed to their 32-byte subtree roots level by level, in one
 * buffer. This thread's own instance of the two-way SIMD kernel (keccak-wasm-x2.ts; the worker
 * thread in page-roots-worker.ts has another) with its memory grown to hold a batch; where the
 * engine has no WASM SIMD the same calls run on the scalar keccak, one message at a time.
 *
 * Pages are the memories' `Uint32Array`s of big-endian word values: a page is copied into the
 * buffer with each word byte-swapped, which is its byte image (Cannon `memory.go`: leaves are
 * raw 32-byte chunks of memory).
 */
import { instantiateWasm, KECCAK_X2_AVAILABLE, keccak256Into, keccakX2WasmBytes } from '@faultline/primitives';
import { PAGE_SIZE, PAGE_WORDS } from './constants.js';

/** Pages per batch: 128 KiB, the size of the message area. */
export const PAGE_BATCH = 32;
/** 64-byte messages the area holds. */
export const MAX_MESSAGES = (PAGE_BATCH * PAGE_SIZE) / 64;
/** The kernel's own page (round constants, its scratch input area) comes first. */
const AREA_OFF = 65536;
/**
 * The kernel's page and the area (an odd count hashes a spare message past the last, which
 * still lies in the area: count < MAX_MESSAGES then).
 */
const MEMORY_PAGES = 3;

interface X2Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  hashPairs2(src: number, dst: number, pairs: number): void;
}

let x2: X2Exports | undefined;
let bytes: Uint8Array | undefined;
let words: Uint32Array = new Uint32Array(0);

/** The kernel on first use (not at import: a CLI call that never hashes memory should not pay for it). */
function init(): Uint8Array {
  if (KECCAK_X2_AVAILABLE) {
    x2 = instantiateWasm<X2Exports>(keccakX2WasmBytes())!;
    x2.memory.grow(MEMORY_PAGES - x2.memory.buffer.byteLength / 65536);
    bytes = new Uint8Array(x2.memory.buffer, AREA_OFF, MAX_MESSAGES * 64);
  } else bytes = new Uint8Array(MAX_MESSAGES * 64);
  words = new Uint32Array(bytes.buffer, bytes.byteOffset, MAX_MESSAGES * 16);
  return bytes;
}

/**
 * The message area: message i at bytes [64i, 64i + 64), digest i written to [32i, 32i + 32).
 * `areaWords()` views the same bytes as 32-bit words (native order) for fast copies.
 */
export function area(): Uint8Array {
  return bytes ?? init();
}

export function areaWords(): Uint32Array {
  if (!bytes) init();
  return words;
}

/** Hashes the first `count` (≤ MAX_MESSAGES) messages of the area; digests packed from its start. */
export function hashMessages(count: number): void {
  const a = area();
  if (x2) {
    // In place: a pass reads both of its messages before writing their digests (keccak-wasm-x2.ts).
    x2.hashPairs2(AREA_OFF, AREA_OFF, (count + 1) >>> 1);
    return;
  }
  for (let i = 0; i < count; i++) keccak256Into(a, 64 * i, 64, a, 32 * i);
}

/** Copies a page's byte image into the area at word `at` (each big-endian word value byte-swapped). */
export function copyPage(page: Uint32Array, at: number): void {
  const w = areaWords();
  for (let i = 0; i < PAGE_WORDS; i++) {
    const v = page[i]!;
    w[at + i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
  }
}

/**
 * The subtree roots of `count` (≤ PAGE_BATCH) pages already in the area (page k at byte 4096k):
 * each level of all pages is one call (the pages' nodes stay side by side, page k's at the k-th
 * slice), and the roots end up packed at the area's start, 32 bytes each in page order.
 */
export function hashPagesInArea(count: number): void {
  for (let m = count * (PAGE_SIZE / 64); m >= count; m >>>= 1) hashMessages(m);
}
