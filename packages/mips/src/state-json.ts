/**
 * `state.json` of the state.json-era Cannon (op-program ≤ v1.3): memory pages as
 * base64(zlib(4096 bytes)), the other fields as numbers / 0x-hex. Both directions work on
 * bytes and chunks so that multi-GiB states never become one JavaScript string (V8 caps strings
 * at ~512 MiB; notes §g.3): the encoder yields one small string per page, the decoder scans the
 * memory array in the raw bytes and only `JSON.parse`s the small scalar fields. Also reads the
 * short-lived (2024-06-18) variant that nested pc/nextPC/lo/hi in `"cpu"`.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { base64DecodeAscii, base64Encode } from './base64.js';
import { PAGE_SIZE } from './constants.js';
import { StateFormatError } from './errors.js';
import { MipsState } from './state.js';

const Q = 0x22; // "
const BACKSLASH = 0x5c;
const decoder = new TextDecoder();

/** Yields the JSON text of `s` in pieces (one per page plus a head and tail). */
export function* encodeStateJson(s: MipsState): Generator<string> {
  yield '{"memory":[';
  const page = new Uint8Array(PAGE_SIZE);
  let first = true;
  for (const i of s.memory.pageIndices()) {
    const data = base64Encode(deflateSync(s.memory.pageBytes(i, page)));
    yield `${first ? '' : ','}{"index":${i},"data":"${data}"}`;
    first = false;
  }
  const regs = Array.from(s.registers, (r) => r >>> 0);
  const tail: Record<string, unknown> = {
    preimageKey: bytesToHex(s.preimageKey),
    preimageOffset: s.preimageOffset >>> 0,
    pc: s.pc >>> 0,
    nextPC: s.nextPC >>> 0,
    lo: s.lo >>> 0,
    hi: s.hi >>> 0,
    heap: s.heap >>> 0,
    exit: s.exitCode,
    exited: s.exited,
    step: s.step,
    registers: regs,
  };
  if (s.lastHint.length > 0) tail.lastHint = bytesToHex(s.lastHint);
  yield `],${JSON.stringify(tail).slice(1)}`;
}

class Scanner {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  ws(): void {
    const b = this.b;
    while (
      this.pos < b.length &&
      (b[this.pos] === 0x20 || b[this.pos] === 0x0a || b[this.pos] === 0x0d || b[this.pos] === 0x09)
    )
      this.pos++;
  }
  peek(): number {
    this.ws();
    return this.b[this.pos] ?? -1;
  }
  expect(c: number): void {
    if (this.peek() !== c)
      throw new StateFormatError(`state json: expected '${String.fromCharCode(c)}' at byte ${this.pos}`);
    this.pos++;
  }
  /** Returns [start, end) of a JSON string's content (escapes left in place). */
  stringSpan(): [number, number] {
    this.expect(Q);
    const start = this.pos;
    const b = this.b;
    while (this.pos < b.length && b[this.pos] !== Q) this.pos += b[this.pos] === BACKSLASH ? 2 : 1;
    if (this.pos >= b.length) throw new StateFormatError('state json: unterminated string');
    return [start, this.pos++];
  }
  string(): string {
    const [a, e] = this.stringSpan();
    return JSON.parse(`"${decoder.decode(this.b.subarray(a, e))}"`);
  }
  /** Skips any value and returns its [start, end). */
  valueSpan(): [number, number] {
    this.ws();
    const start = this.pos;
    const b = this.b;
    const c0 = b[this.pos];
    if (c0 === Q) {
      this.stringSpan();
      return [start, this.pos];
    }
    if (c0 === 0x7b || c0 === 0x5b) {
      let depth = 0;
      do {
        const c = b[this.pos];
        if (c === undefined) throw new StateFormatError('state json: unexpected end of input');
        if (c === Q) {
          this.stringSpan();
          continue;
        }
        if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) depth--;
        this.pos++;
      } while (depth > 0);
      return [start, this.pos];
    }
    for (;;) {
      const c = b[this.pos];
      if (
        c === undefined ||
        c === 0x2c ||
        c === 0x7d ||
        c === 0x5d ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      )
        break;
      this.pos++;
    }
    if (this.pos === start) throw new StateFormatError(`state json: expected a value at byte ${start}`);
    return [start, this.pos];
  }
  value(): unknown {
    const [a, e] = this.valueSpan();
    return JSON.parse(decoder.decode(this.b.subarray(a, e)));
  }
}

function u32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new StateFormatError(`state json: ${what}: expected a uint32, got ${JSON.stringify(v)}`);
  return v;
}

function readMemory(sc: Scanner, s: MipsState): void {
  sc.expect(0x5b);
  if (sc.peek() === 0x5d) {
    sc.pos++;
    return;
  }
  for (;;) {
    sc.expect(0x7b);
    let index: number | undefined;
    let data: Uint8Array | undefined;
    for (;;) {
      const key = sc.string();
      sc.expect(0x3a);
      if (key === 'index') index = u32(sc.value(), 'memory.index');
      else if (key === 'data') {
        const [a, e] = sc.stringSpan();
        const page = new Uint8Array(inflateSync(base64DecodeAscii(sc.b.subarray(a, e))));
        if (page.length !== PAGE_SIZE)
          throw new StateFormatError(`state json: page: expected ${PAGE_SIZE} bytes, got ${page.length}`);
        data = page;
      } else sc.valueSpan();
      if (sc.peek() === 0x2c) sc.pos++;
      else break;
    }
    sc.expect(0x7d);
    if (index === undefined || data === undefined)
      throw new StateFormatError('state json: memory entry needs index and data');
    if (index >= 1 << 20) throw new StateFormatError(`state json: page index ${index} out of range`);
    s.memory.setPageBytes(index, data);
    if (sc.peek() === 0x2c) sc.pos++;
    else break;
  }
  sc.expect(0x5d);
}

/** Parses `state.json` bytes (top-level or `cpu`-nested schema). */
export function decodeStateJson(bytes: Uint8Array): MipsState {
  const s = new MipsState();
  const sc = new Scanner(bytes);
  const f: Record<string, unknown> = {};
  sc.expect(0x7b);
  if (sc.peek() !== 0x7d) {
    for (;;) {
      const key = sc.string();
      sc.expect(0x3a);
      if (key === 'memory') readMemory(sc, s);
      else f[key] = sc.value();
      if (sc.peek() === 0x2c) sc.pos++;
      else break;
    }
  }
  sc.expect(0x7d);
  const cpu = (f.cpu ?? f) as Record<string, unknown>;
  if (typeof f.preimageKey === 'string') s.preimageKey = hexToBytes(f.preimageKey, 32);
  s.preimageOffset = u32(f.preimageOffset ?? 0, 'preimageOffset');
  s.pc = u32(cpu.pc ?? 0, 'pc');
  s.nextPC = u32(cpu.nextPC ?? 0, 'nextPC');
  s.lo = u32(cpu.lo ?? 0, 'lo');
  s.hi = u32(cpu.hi ?? 0, 'hi');
  s.heap = u32(f.heap ?? 0, 'heap');
  const exit = f.exit ?? 0;
  if (typeof exit !== 'number' || exit < 0 || exit > 255)
    throw new StateFormatError(`state json: exit: expected a uint8, got ${JSON.stringify(exit)}`);
  s.exitCode = exit;
  s.exited = f.exited === true;
  const step = f.step ?? 0;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw new StateFormatError(`state json: step: expected a uint64, got ${JSON.stringify(step)}`);
  s.step = step;
  const regs = f.registers ?? [];
  if (!Array.isArray(regs) || regs.length > 32)
    throw new StateFormatError('state json: registers: expected at most 32 entries');
  regs.forEach((r, i) => {
    s.registers[i] = u32(r, `registers[${i}]`) | 0;
  });
  if (typeof f.lastHint === 'string') s.lastHint = hexToBytes(f.lastHint);
  return s;
}
