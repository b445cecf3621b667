/**
 * `state.json` of the state.json-era Cannon (op-program ≤ v1.3): memory pages as
 * base64(zlib(4096 bytes)), the other fields as numbers / 0x-hex. Both directions work on
 * bytes and chunks so that multi-GiB states never become one JavaScript string (V8 caps strings
 * at ~512 MiB; notes §g.3): the encoder yields one small string per page, the decoder scans the
 * memory array in the raw bytes and only `JSON.parse`s the small scalar fields. Also reads the
 * short-lived (2024-06-18) variant that nested pc/nextPC/lo/hi in `"cpu"`.
 *
 * Every field Cannon writes is required (Go would zero a missing one, but a file without them —
 * a meta.json, a proof, `{}` — is not a state, and running it would run an all-zero VM);
 * `lastHint` is optional (`omitempty`). Input is untrusted: every failure is a
 * `StateFormatError`, a page must inflate to exactly 4096 bytes (inflation stops there, so a
 * zlib bomb costs nothing), and the state is allocated only at the first page that checks out.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { BaseError, bytesToHex, hexToBytes } from '@faultline/primitives';
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
    return parseJson(`"${decoder.decode(this.b.subarray(a, e))}"`, a - 1) as string;
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
    return parseJson(decoder.decode(this.b.subarray(a, e)), a);
  }
}

/** `JSON.parse` of one small value; its SyntaxError becomes a `StateFormatError` at `at`. */
function parseJson(text: string, at: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StateFormatError(`state json: invalid JSON value at byte ${at}`, { cause: e });
  }
}

function u32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new StateFormatError(`state json: ${what}: expected a uint32, got ${JSON.stringify(v)}`);
  return v;
}

function hexField(v: unknown, what: string, size?: number): Uint8Array {
  if (typeof v !== 'string') throw new StateFormatError(`state json: ${what}: expected a 0x-hex string`);
  try {
    return hexToBytes(v, size);
  } catch (e) {
    throw new StateFormatError(`state json: ${what}: ${e instanceof BaseError ? e.shortMessage : String(e)}`);
  }
}

/** base64(zlib(page)) → the 4096-byte page; inflation is capped at one page. */
function pageData(text: Uint8Array, entry: number): Uint8Array {
  let page: Uint8Array;
  try {
    page = new Uint8Array(inflateSync(base64DecodeAscii(text), { maxOutputLength: PAGE_SIZE }));
  } catch (e) {
    const why = e instanceof BaseError ? e.shortMessage : (e as Error).message;
    throw new StateFormatError(`state json: memory entry ${entry}: data is not base64(zlib(4096 bytes)): ${why}`, {
      cause: e,
    });
  }
  if (page.length !== PAGE_SIZE)
    throw new StateFormatError(`state json: memory entry ${entry}: expected ${PAGE_SIZE} bytes, got ${page.length}`);
  return page;
}

/**
 * Reads the `memory` array, handing each page to `onPage` as soon as it is checked (a multi-GiB
 * state is never held twice); duplicate indices are refused, as Cannon does.
 */
function readMemory(sc: Scanner, onPage: (index: number, data: Uint8Array) => void): void {
  const seen = new Set<number>();
  sc.expect(0x5b);
  if (sc.peek() === 0x5d) {
    sc.pos++;
    return;
  }
  for (let entry = 0; ; entry++) {
    sc.expect(0x7b);
    let index: number | undefined;
    let data: Uint8Array | undefined;
    for (;;) {
      const key = sc.string();
      sc.expect(0x3a);
      if (key === 'index') index = u32(sc.value(), `memory entry ${entry}: index`);
      else if (key === 'data') {
        const [a, e] = sc.stringSpan();
        data = pageData(sc.b.subarray(a, e), entry);
      } else sc.valueSpan();
      if (sc.peek() === 0x2c) sc.pos++;
      else break;
    }
    sc.expect(0x7d);
    if (index === undefined || data === undefined)
      throw new StateFormatError(`state json: memory entry ${entry} needs index and data`);
    if (index >= 1 << 20) throw new StateFormatError(`state json: page index ${index} out of range`);
    if (seen.has(index)) throw new StateFormatError(`state json: duplicate page index ${index}`);
    seen.add(index);
    onPage(index, data);
    if (sc.peek() === 0x2c) sc.pos++;
    else break;
  }
  sc.expect(0x5d);
}

/** Fields Cannon writes for every state (`pc`…`hi` may sit in `cpu`); `lastHint` is optional. */
const REQUIRED = ['preimageKey', 'preimageOffset', 'heap', 'exit', 'exited', 'step', 'registers'] as const;
const CPU_FIELDS = ['pc', 'nextPC', 'lo', 'hi'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields of a checked state.json other than its pages. */
interface StateJsonFields {
  preimageKey: Uint8Array;
  preimageOffset: number;
  pc: number;
  nextPC: number;
  lo: number;
  hi: number;
  heap: number;
  exit: number;
  exited: boolean;
  step: number;
  registers: number[];
  lastHint: Uint8Array;
}

/**
 * Parses and checks `state.json` bytes (top-level or `cpu`-nested schema), handing each checked
 * page to `onPage` as it is read; returns the other fields, checked.
 */
function readStateJson(bytes: Uint8Array, onPage: (index: number, data: Uint8Array) => void): StateJsonFields {
  const sc = new Scanner(bytes);
  const f: Record<string, unknown> = {};
  let memory = false;
  sc.expect(0x7b);
  if (sc.peek() !== 0x7d) {
    for (;;) {
      const key = sc.string();
      sc.expect(0x3a);
      if (key === 'memory') {
        if (memory) throw new StateFormatError('state json: duplicate field "memory"');
        memory = true;
        readMemory(sc, onPage);
      } else f[key] = sc.value();
      if (sc.peek() === 0x2c) sc.pos++;
      else break;
    }
  }
  sc.expect(0x7d);
  sc.ws();
  if (sc.pos !== bytes.length)
    throw new StateFormatError(`state json: unexpected data after the object at byte ${sc.pos}`);

  if (f.cpu !== undefined && !isObject(f.cpu)) throw new StateFormatError('state json: cpu: expected an object');
  const cpu = (f.cpu ?? f) as Record<string, unknown>;
  const missing = [
    ...(memory ? [] : ['memory']),
    ...REQUIRED.filter((k) => f[k] === undefined),
    ...CPU_FIELDS.filter((k) => cpu[k] === undefined).map((k) => (f.cpu === undefined ? k : `cpu.${k}`)),
  ];
  if (missing.length > 0)
    throw new StateFormatError(
      `state json: not a VM state: missing required field${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}`,
    );

  const preimageKey = hexField(f.preimageKey, 'preimageKey', 32);
  const exit = f.exit;
  if (typeof exit !== 'number' || !Number.isInteger(exit) || exit < 0 || exit > 255)
    throw new StateFormatError(`state json: exit: expected a uint8, got ${JSON.stringify(exit)}`);
  if (typeof f.exited !== 'boolean')
    throw new StateFormatError(`state json: exited: expected true or false, got ${JSON.stringify(f.exited)}`);
  const step = f.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw new StateFormatError(`state json: step: expected a uint64, got ${JSON.stringify(step)}`);
  const regs = f.registers;
  // `[]` is what Go writes for an all-zero register file in some test data; it decodes to zeros.
  if (!Array.isArray(regs) || regs.length > 32)
    throw new StateFormatError('state json: registers: expected an array of at most 32 entries');
  return {
    preimageKey,
    exit,
    exited: f.exited,
    step,
    registers: regs.map((r, i) => u32(r, `registers[${i}]`) | 0),
    preimageOffset: u32(f.preimageOffset, 'preimageOffset'),
    pc: u32(cpu.pc, 'pc'),
    nextPC: u32(cpu.nextPC, 'nextPC'),
    lo: u32(cpu.lo, 'lo'),
    hi: u32(cpu.hi, 'hi'),
    heap: u32(f.heap, 'heap'),
    lastHint: f.lastHint === undefined ? new Uint8Array(0) : hexField(f.lastHint, 'lastHint'),
  };
}

/**
 * Every check `decodeStateJson` makes, pages inflated and checked included, without building the
 * state (whose memory tables cost a few MiB): for validating a file cheaply, and for the fuzzer.
 */
export function checkStateJson(bytes: Uint8Array): void {
  readStateJson(bytes, () => {});
}

/** Parses `state.json` bytes (top-level or `cpu`-nested schema). */
export function decodeStateJson(bytes: Uint8Array): MipsState {
  // The state (a few MiB of memory tables) is made at the first valid page or after all checks,
  // so input rejected before that costs nothing.
  let state: MipsState | undefined;
  const f = readStateJson(bytes, (index, data) => {
    state ??= new MipsState();
    state.memory.setPageBytes(index, data);
  });
  const s = state ?? new MipsState();
  s.preimageKey = f.preimageKey;
  s.preimageOffset = f.preimageOffset;
  s.pc = f.pc;
  s.nextPC = f.nextPC;
  s.lo = f.lo;
  s.hi = f.hi;
  s.heap = f.heap;
  s.exitCode = f.exit;
  s.exited = f.exited;
  s.step = f.step;
  s.registers.set(f.registers);
  s.lastHint = f.lastHint;
  return s;
}
