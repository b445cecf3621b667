/**
 * Binary multithreaded states (`state.bin`, gzip for `.bin.gz`; `multithreaded/state.go`
 * Serialize): u8 version, Word page count, pages as (Word index, 4096 bytes) ascending, key,
 * offset, heap, LL status u8, LL address, LL owner, exit code u8, exited u8, step u64, steps since
 * the last switch u64, [wakeup Word], traverseRight u8, next thread id, then each stack as a Word
 * count and its threads bottom first, then u32 hint length + hint. Word is 8 bytes except in the
 * 32-bit version 5. Versions differ only in the rows of `LAYOUTS`, read from the upstream commits
 * that introduced them; the fixtures' files of versions 3–8 all decode and re-encode to the byte.
 */
import { equalBytes } from '@faultline/primitives';
import { PAGE_SIZE } from '../constants.js';
import { StateFormatError } from '../errors.js';
import { MT_VERSION, MT_VERSION_NAMES, type MtVersion, PAGE64_KEY_BITS } from './constants.js';
import { Mips64State } from './state.js';
import { EMPTY_THREADS_ROOT, Thread64 } from './thread.js';

interface Layout {
  word: 4 | 8;
  /** The state's `wakeup` word after the step counters (dropped in #13754, version 5/6). */
  wakeup: boolean;
  /** Per-thread futexAddr (Word), futexVal (this many bytes), futexTimeoutStep (u64); 0 = none. */
  futexVal: 0 | 4 | 8;
}

const LAYOUTS: Readonly<Record<MtVersion, Layout>> = {
  [MT_VERSION.MULTITHREADED64]: { word: 8, wakeup: true, futexVal: 8 },
  [MT_VERSION.MULTITHREADED64_2]: { word: 8, wakeup: true, futexVal: 4 },
  [MT_VERSION.MULTITHREADED_2]: { word: 4, wakeup: false, futexVal: 0 },
  [MT_VERSION.MULTITHREADED64_3]: { word: 8, wakeup: false, futexVal: 0 },
  [MT_VERSION.MULTITHREADED64_4]: { word: 8, wakeup: false, futexVal: 0 },
  [MT_VERSION.MULTITHREADED64_5]: { word: 8, wakeup: false, futexVal: 0 },
};

export function isMtVersion(v: number): v is MtVersion {
  return Object.hasOwn(LAYOUTS, v);
}

function threadSize(l: Layout): number {
  const futex = l.futexVal === 0 ? 0 : l.word + l.futexVal + 8;
  return l.word + 2 + futex + 4 * l.word + 32 * l.word;
}

/** Fixed-size fields between the pages and the first stack count. */
function fieldsSize(l: Layout): number {
  return 32 + 2 * l.word + 1 + 2 * l.word + 2 + 16 + (l.wakeup ? l.word : 0) + 1 + l.word;
}

class Writer {
  readonly buf: Uint8Array;
  private readonly dv: DataView;
  pos = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
  }
  u8(v: number): void {
    this.buf[this.pos++] = v;
  }
  u32(v: number): void {
    this.dv.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }
  u64(v: bigint): void {
    this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v));
    this.pos += 8;
  }
  word(v: bigint, size: 4 | 8): void {
    if (size === 8) this.u64(v);
    else this.u32(Number(BigInt.asUintN(32, v)));
  }
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function writeThread(w: Writer, t: Thread64, l: Layout): void {
  w.word(t.id, l.word);
  w.u8(t.exitCode);
  w.u8(t.exited ? 1 : 0);
  if (l.futexVal !== 0) {
    const f = t.legacy ?? { futexAddr: 0n, futexVal: 0n, futexTimeoutStep: 0n };
    w.word(f.futexAddr, l.word);
    w.word(f.futexVal, l.futexVal);
    w.u64(f.futexTimeoutStep);
  }
  for (let i = 0; i < 8; i += 2) {
    if (l.word === 8) w.u32(t.cpu[i]!);
    w.u32(t.cpu[i + 1]!);
  }
  for (let r = 0; r < 32; r++) {
    if (l.word === 8) w.u32(t.regs[2 * r]!);
    w.u32(t.regs[2 * r + 1]!);
  }
}

/** The state in its binary form, one chunk per page so large states stream. */
export function* encodeState64Binary(s: Mips64State): Generator<Uint8Array> {
  const l = LAYOUTS[s.version];
  if (!equalBytes(s.leftBase, EMPTY_THREADS_ROOT) || !equalBytes(s.rightBase, EMPTY_THREADS_ROOT))
    throw new StateFormatError(
      'state binary: a state whose stacks hold unknown threads (a verifier state) has no file form',
    );
  const indices = s.memory.pageIndices();
  const head = new Writer(1 + l.word);
  head.u8(s.version);
  head.word(BigInt(indices.length), l.word);
  yield head.buf;
  for (const i of indices) {
    const chunk = new Writer(l.word + PAGE_SIZE);
    chunk.word(BigInt(i), l.word);
    s.memory.pageBytes(i, chunk.buf.subarray(l.word));
    yield chunk.buf;
  }
  const ts = threadSize(l);
  const w = new Writer(fieldsSize(l) + 2 * l.word + (s.left.length + s.right.length) * ts + 4 + s.lastHint.length);
  w.bytes(s.preimageKey);
  w.word(s.preimageOffset, l.word);
  w.word(s.heap, l.word);
  w.u8(s.llStatus);
  w.word(s.llAddress, l.word);
  w.word(s.llOwnerThread, l.word);
  w.u8(s.exitCode);
  w.u8(s.exited ? 1 : 0);
  w.u64(BigInt(s.step));
  w.u64(BigInt(s.stepsSinceLastContextSwitch));
  if (l.wakeup) w.word(s.wakeup ?? 0n, l.word);
  w.u8(s.traverseRight ? 1 : 0);
  w.word(s.nextThreadId, l.word);
  for (const stack of [s.left, s.right]) {
    w.word(BigInt(stack.length), l.word);
    for (const t of stack) writeThread(w, t, l);
  }
  w.u32(s.lastHint.length);
  w.bytes(s.lastHint);
  yield w.buf;
}

/**
 * Parses a binary multithreaded state. Untrusted input: every failure is a `StateFormatError`
 * naming the field (a stack count beyond the data is a truncated thread stack, not an allocation),
 * and the memory is filled only after the whole input has been checked.
 */
export function decodeState64Binary(b: Uint8Array): Mips64State {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 0;
  const need = (n: number, what: string) => {
    if (pos + n > b.length)
      throw new StateFormatError(
        `state binary: truncated in ${what} (need ${n} bytes at ${pos}, have ${b.length - pos})`,
      );
  };
  need(1, 'version');
  const version = b[0]!;
  if (!isMtVersion(version))
    throw new StateFormatError(`state binary: version ${version} is not a multithreaded state version`);
  const l = LAYOUTS[version];
  pos = 1;
  const word = (what: string): bigint => {
    need(l.word, what);
    const v = l.word === 8 ? dv.getBigUint64(pos) : BigInt(dv.getUint32(pos));
    pos += l.word;
    return v;
  };
  const u8 = (what: string): number => {
    need(1, what);
    return b[pos++]!;
  };
  const bool = (what: string): boolean => {
    const v = u8(what);
    if (v > 1) throw new StateFormatError(`state binary: ${what} must be 0 or 1, got ${v}`);
    return v === 1;
  };
  const u64 = (what: string): bigint => {
    need(8, what);
    const v = dv.getBigUint64(pos);
    pos += 8;
    return v;
  };
  const count = (what: string, itemSize: number): number => {
    const n = word(what);
    if (n * BigInt(itemSize) > BigInt(b.length - pos))
      throw new StateFormatError(
        `state binary: ${what} says ${n} entries of ${itemSize} bytes but only ${b.length - pos} bytes remain`,
      );
    return Number(n);
  };
  const safe = (v: bigint, what: string): number => {
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new StateFormatError(`state binary: ${what} ${v} is beyond 2^53 (not a reachable count)`);
    return Number(v);
  };

  const pages: [number, Uint8Array][] = [];
  const seen = new Set<number>();
  const pageCount = count('page count', l.word + PAGE_SIZE);
  for (let k = 0; k < pageCount; k++) {
    const index = word(`page ${k} index`);
    if (index >= 1n << BigInt(PAGE64_KEY_BITS))
      throw new StateFormatError(`state binary: page index ${index} out of range`);
    const i = Number(index);
    if (seen.has(i)) throw new StateFormatError(`state binary: duplicate page index ${i}`);
    seen.add(i);
    need(PAGE_SIZE, `page ${k}`);
    pages.push([i, b.subarray(pos, pos + PAGE_SIZE)]);
    pos += PAGE_SIZE;
  }
  const s = new Mips64State();
  s.version = version;
  s.wordBytes = l.word;
  need(32, 'preimageKey');
  s.preimageKey = b.slice(pos, pos + 32);
  pos += 32;
  s.preimageOffset = word('preimageOffset');
  s.heap = word('heap');
  s.llStatus = u8('llReservationStatus');
  s.llAddress = word('llAddress');
  s.llOwnerThread = word('llOwnerThread');
  s.exitCode = u8('exitCode');
  s.exited = bool('exited');
  s.step = safe(u64('step'), 'step');
  s.stepsSinceLastContextSwitch = safe(u64('stepsSinceLastContextSwitch'), 'stepsSinceLastContextSwitch');
  if (l.wakeup) s.wakeup = word('wakeup');
  s.traverseRight = bool('traverseRight');
  s.nextThreadId = word('nextThreadId');
  const ts = threadSize(l);
  for (const side of ['left', 'right'] as const) {
    const n = count(`${side} thread stack`, ts);
    const stack: Thread64[] = [];
    for (let k = 0; k < n; k++) {
      const what = `${side} thread ${k}`;
      const t = new Thread64(word(`${what} id`));
      t.exitCode = u8(`${what} exitCode`);
      t.exited = bool(`${what} exited`);
      if (l.futexVal !== 0) {
        const futexAddr = word(`${what} futexAddr`);
        need(l.futexVal, `${what} futexVal`);
        const futexVal = l.futexVal === 8 ? dv.getBigUint64(pos) : BigInt(dv.getUint32(pos));
        pos += l.futexVal;
        t.legacy = { futexAddr, futexVal, futexTimeoutStep: u64(`${what} futexTimeoutStep`) };
      }
      need(36 * l.word, `${what} registers`);
      for (let i = 0; i < 36; i++) {
        const dst = i < 4 ? t.cpu : t.regs;
        const j = (i < 4 ? i : i - 4) * 2;
        dst[j] = l.word === 8 ? dv.getInt32(pos) : 0;
        dst[j + 1] = dv.getInt32(pos + l.word - 4);
        pos += l.word;
      }
      stack.push(t);
    }
    s[side] = stack;
  }
  need(4, 'lastHint length');
  const hintLen = dv.getUint32(pos);
  pos += 4;
  need(hintLen, 'lastHint');
  s.lastHint = b.slice(pos, pos + hintLen);
  pos += hintLen;
  if (pos !== b.length) throw new StateFormatError(`state binary: ${b.length - pos} trailing bytes`);
  for (const [index, data] of pages) s.memory.setPageBytes(index, data);
  return s;
}

/** `multithreaded64-5 (8)` and the like, for messages. */
export function versionLabel(v: number): string {
  return isMtVersion(v) ? `${MT_VERSION_NAMES[v]} (${v})` : String(v);
}
