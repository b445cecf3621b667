/**
 * Binary state (`state.bin`, gzip for `.bin.gz`; cannon ≥ Sept 2024, versions 0 and 2):
 * u8 version, u32 page count, pages as (u32 index, 4096 bytes) ascending, then key, offset, pc,
 * nextPC, lo, hi, heap, exit u8, exited u8, step u64, 32 registers, u32 hint length + hint.
 * Encoding yields one chunk per page so large states stream.
 */
import { PAGE_SIZE, STATE_VERSION } from './constants.js';
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

export function decodeStateBinary(b: Uint8Array): MipsState {
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
  const s = new MipsState();
  s.version = version as StateVersion;
  const count = dv.getUint32(1);
  pos = 5;
  for (let k = 0; k < count; k++) {
    need(4 + PAGE_SIZE, `page ${k}`);
    const index = dv.getUint32(pos);
    if (index >= 1 << 20) throw new StateFormatError(`state binary: page index ${index} out of range`);
    s.memory.setPageBytes(index, b.subarray(pos + 4, pos + 4 + PAGE_SIZE));
    pos += 4 + PAGE_SIZE;
  }
  need(198, 'fields');
  s.preimageKey = b.slice(pos, pos + 32);
  s.preimageOffset = dv.getUint32(pos + 32);
  s.pc = dv.getUint32(pos + 36);
  s.nextPC = dv.getUint32(pos + 40);
  s.lo = dv.getUint32(pos + 44);
  s.hi = dv.getUint32(pos + 48);
  s.heap = dv.getUint32(pos + 52);
  s.exitCode = b[pos + 56]!;
  s.exited = b[pos + 57] !== 0;
  s.step = Number(dv.getBigUint64(pos + 58));
  for (let r = 0; r < 32; r++) s.registers[r] = dv.getInt32(pos + 66 + r * 4);
  const hintLen = dv.getUint32(pos + 194);
  pos += 198;
  need(hintLen, 'lastHint');
  s.lastHint = b.slice(pos, pos + hintLen);
  pos += hintLen;
  if (pos !== b.length) throw new StateFormatError(`state binary: ${b.length - pos} trailing bytes`);
  return s;
}
