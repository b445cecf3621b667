/**
 * Binary state (`state.bin`, gzip for `.bin.gz`; cannon ≥ Sept 2024, versions 0 and 2):
 * u8 version, u32 page count, pages as (u32 index, 4096 bytes) ascending, then key, offset, pc,
 * nextPC, lo, hi, heap, exit u8, exited u8, step u64, 32 registers, u32 hint length + hint.
 * Encoding yields one chunk per page so large states stream.
 */
import { PAGE_COUNT, PAGE_SIZE, STATE_VERSION } from './constants.js';
import { StateFormatError } from './errors.js';
import { MipsState, type StateVersion } from './state.js';

export function* encodeStateBinary(s: MipsState): Generator<Uint8Array> {
  const indices = s.memory.pageIndices();
  const head = new Uint8Array(5);
  head[0] = s.version;
  new DataView(head.buffer).setUint32(1, indices.length);
  yield head;
  for (const i of indices) {
    const chunk = new Uint8Array(4 + PAGE_SIZE);
    new DataView(chunk.buffer).setUint32(0, i);
    s.memory.pageBytes(i, chunk.subarray(4));
    yield chunk;
  }
  const tail = new Uint8Array(32 + 24 + 2 + 8 + 128 + 4 + s.lastHint.length);
  const dv = new DataView(tail.buffer);
  tail.set(s.preimageKey, 0);
  const words = [s.preimageOffset, s.pc, s.nextPC, s.lo, s.hi, s.heap];
  for (let k = 0; k < words.length; k++) dv.setUint32(32 + k * 4, words[k]! >>> 0);
  tail[56] = s.exitCode;
  tail[57] = s.exited ? 1 : 0;
  dv.setBigUint64(58, BigInt(s.step));
  for (let r = 0; r < 32; r++) dv.setUint32(66 + r * 4, s.registers[r]! >>> 0);
  dv.setUint32(194, s.lastHint.length);
  tail.set(s.lastHint, 198);
  yield tail;
}

/** A checked binary state, not yet built: where its pages and fields are in the input. */
interface StateBinaryLayout {
  version: StateVersion;
  pages: [number, Uint8Array][];
  /** Offset of the fields after the pages. */
  fields: number;
  hintLength: number;
}

/** Every check of a binary state, allocating nothing but the page list (views into `b`). */
function readStateBinary(b: Uint8Array): StateBinaryLayout {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (n: number, what: string) => {
    if (pos + n > b.length)
      throw new StateFormatError(
        `state binary: truncated in ${what} (need ${n} bytes at ${pos}, have ${b.length - pos})`,
      );
  };
  let pos = 0;
  need(5, 'header');
  const version = b[0]!;
  if (version !== STATE_VERSION.SINGLE_THREADED && version !== STATE_VERSION.SINGLE_THREADED_2) {
    throw new StateFormatError(
      `state binary: unsupported state version ${version} (this VM reads 0 = singlethreaded and 2 = singlethreaded-2)`,
    );
  }
  const count = dv.getUint32(1);
  pos = 5;
  const pages: [number, Uint8Array][] = [];
  const seen = new Set<number>();
  for (let k = 0; k < count; k++) {
    need(4 + PAGE_SIZE, `page ${k}`);
    const index = dv.getUint32(pos);
    if (index >= PAGE_COUNT) throw new StateFormatError(`state binary: page index ${index} out of range`);
    if (seen.has(index)) throw new StateFormatError(`state binary: duplicate page index ${index}`);
    seen.add(index);
    pages.push([index, b.subarray(pos + 4, pos + 4 + PAGE_SIZE)]);
    pos += 4 + PAGE_SIZE;
  }
  need(198, 'fields');
  const f = pos;
  const step = dv.getBigUint64(f + 58);
  if (step > BigInt(Number.MAX_SAFE_INTEGER))
    throw new StateFormatError(`state binary: step ${step} is beyond 2^53 (not a reachable step count)`);
  const hintLength = dv.getUint32(f + 194);
  pos += 198;
  need(hintLength, 'lastHint');
  if (pos + hintLength !== b.length)
    throw new StateFormatError(`state binary: ${b.length - pos - hintLength} trailing bytes`);
  return { version: version as StateVersion, pages, fields: f, hintLength };
}

/**
 * Every check `decodeStateBinary` makes, without building the state (whose memory tables cost a
 * few MiB): for validating a file cheaply, and for the fuzz campaign.
 */
export function checkStateBinary(b: Uint8Array): void {
  readStateBinary(b);
}

/**
 * Parses a binary state. Untrusted input: every failure is a `StateFormatError`, and the state
 * (whose memory tables cost a few MiB) is allocated only after the whole input has been checked.
 */
export function decodeStateBinary(b: Uint8Array): MipsState {
  const { version, pages, fields: f, hintLength } = readStateBinary(b);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const s = new MipsState();
  s.version = version;
  for (const [index, data] of pages) s.memory.setPageBytes(index, data);
  s.preimageKey = b.slice(f, f + 32);
  s.preimageOffset = dv.getUint32(f + 32);
  s.pc = dv.getUint32(f + 36);
  s.nextPC = dv.getUint32(f + 40);
  s.lo = dv.getUint32(f + 44);
  s.hi = dv.getUint32(f + 48);
  s.heap = dv.getUint32(f + 52);
  s.exitCode = b[f + 56]!;
  s.exited = b[f + 57] !== 0;
  s.step = Number(dv.getBigUint64(f + 58));
  for (let r = 0; r < 32; r++) s.registers[r] = dv.getInt32(f + 66 + r * 4);
  s.lastHint = b.slice(f + 198, f + 198 + hintLength);
  return s;
}
