/**
 * WebAssembly translation for `MipsVM.run`: hot blocks become WebAssembly code — regions of a few
 * blocks each, which branch among their blocks and chain into other regions with tail calls
 * (`jit-wasm-code.ts`) — so control passes from block to block without returning to JavaScript; the run loop enters a chain through `enter` and gets it back
 * when a block is not translated yet, the step budget runs out, or an instruction needs the
 * interpreter.
 *
 * Why not JavaScript functions (`jit.ts`): on compiled C of the QuickJS kind (~7 instructions a
 * block) the return to the dispatcher — a megamorphic call, register loads and write-backs —
 * cost ~50–70 ns, as much as interpreting the block, and TurboFan needed ~0.1–0.5 ms of CPU
 * per guest instruction. A chained WebAssembly block costs ~5–10 ns to enter (each tail call
 * is its own call site, so branch prediction works per block) and compiles (Liftoff) in a few
 * microseconds.
 *
 * Guest memory: linear memory holds a page table (2^20 entries) and page frames. A page of the
 * state's `Memory` is *adopted* the first time translated code touches it: its words are copied
 * into a frame and the page table of `Memory` (`dirs`) is pointed at a view of that frame, so
 * the interpreter, the Merkle tree and the serializers see the very same words the translated
 * code reads and writes. The memory is shared (a SharedArrayBuffer), which never moves or
 * detaches when it grows, so the views stay valid. Unallocated pages map to a read-only zero
 * frame. A page-table entry is writable only while the page is dirty (its hashes will be
 * recomputed) and holds no translated code; any other store leaves the chain before the store,
 * the interpreter performs it (marking the page, or dropping translations), and the page is
 * mapped again. Dirty flags are cleared only by Merkle hashing between runs, so writable
 * entries are checked again at the start of every run.
 *
 * One context per `Memory` (machines over the same memory share it: a page can be adopted
 * only once).
 */
import { PAGE_ADDR_SIZE, PAGE_WORDS } from './constants.js';
import {
  BLOCK_TYPE,
  type BlockShape,
  emitRegion,
  entryBody,
  LAYOUT,
  type Place,
  REGION_TYPE,
  scanBlock,
} from './jit-wasm-code.js';
import type { Memory } from './memory.js';
import { ZERO_PAGE } from './memory.js';

/** The parts of the WebAssembly JS API used here (the project compiles without DOM typings). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmTable {
  readonly length: number;
  grow(delta: number, value?: unknown): number;
  set(index: number, value: unknown): void;
}
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Table: new (d: { element: 'anyfunc'; initial: number }, value?: unknown) => WasmTable;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

const WASM_PAGE = 65536;
/** Linear memory limit (4 GiB); frames beyond it are not adopted (those pages stay interpreted). */
const MAX_WASM_PAGES = 65536;
/** Memory grows by this many WebAssembly pages (64 MiB) at a time: growing updates every instance. */
const GROW_STEP = 1024;
const TABLE_STEP = 1024;
const HT_SIZE = 1 << LAYOUT.HT_BITS;
/** Most blocks in one region function (see `compile`). */
const REGION_SIZE = 8;

/** A growing byte buffer (module bytes are assembled without per-byte array pushes). */
class Bytes {
  buf: Uint8Array;
  len = 0;
  constructor(size = 1024) {
    this.buf = new Uint8Array(size);
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }
  bytes(src: ArrayLike<number>): void {
    this.room(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }
  leb(n: number): void {
    let v = n >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
  }
  str(s: string): void {
    this.leb(s.length);
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
  }
  /** A section: id, then the size of what `body` writes, then those bytes. */
  section(id: number, body: (b: Bytes) => void): void {
    const inner = new Bytes();
    body(inner);
    this.byte(id);
    this.leb(inner.len);
    this.bytes(inner.buf.subarray(0, inner.len));
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Module header, the types — 0: a block's entry (budget i32) -> i32, 1: a region (budget i32,
 * index i32) -> i32 — and the imports of the table and the memory.
 */
function preamble(out: Bytes): void {
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  out.section(1, (b) => b.bytes([2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]));
  out.section(2, (b) => {
    b.byte(3);
    b.str('e');
    b.str('t');
    b.bytes([0x01, 0x70, 0x00, 0x00]); // table 0: funcref, min 0 (block entries by slot)
    b.str('e');
    b.str('r');
    b.bytes([0x01, 0x70, 0x00, 0x00]); // table 1: funcref, min 0 (region functions by number)
    b.str('e');
    b.str('m');
    b.bytes([0x02, 0x03, 0x00]); // memory: shared, min 0, max
    b.leb(MAX_WASM_PAGES);
  });
}

export class WasmJit {
  readonly memory: WasmMemory;
  readonly regs: Int32Array;
  private readonly table: WasmTable;
  /** Region functions by region number (register jumps call them with the block's index). */
  private readonly regionTable: WasmTable;
  private readonly stub: unknown;
  readonly enter: (slot: number, budget: number) => number;
  private readonly u32: Uint32Array;
  private frameTop = LAYOUT.FRAMES + 4096;
  /** Table slot of each pc a translated block refers to; `compiled` marks slots holding one. */
  private readonly slots = new Map<number, number>();
  private compiled = new Uint8Array(TABLE_STEP);
  /** Region (module) and index in it of the block in each compiled slot (hash-table entries). */
  private slotRegion = new Int32Array(TABLE_STEP);
  private slotIndex = new Int32Array(TABLE_STEP);
  /** Number of the next region (its index in `regionTable`; 0 names none). */
  private nextRegion = 1;
  private nextSlot = 0;
  /** `Memory.codeEpoch` the translations were made at. */
  epoch: number;
  private writable: number[] = [];
  /** Pages adopted into frames: the view `Memory` now holds for each. */
  private readonly adopted = new Map<number, Uint32Array>();
  private zeroMapped: number[] = [];
  private pageCount: number;
  /** Whether a hash-table entry was written since the table was last empty. */
  private hashed = false;
  /** Blocks translated, and guest instructions in them. */
  blocks = 0;
  instructions = 0;

  constructor(private readonly mem: Memory) {
    const initial = Math.ceil((LAYOUT.FRAMES + 4096 * 64) / WASM_PAGE);
    this.memory = new WebAssembly.Memory({ initial, maximum: MAX_WASM_PAGES, shared: true });
    this.u32 = new Uint32Array(this.memory.buffer, 0, LAYOUT.FRAMES / 4);
    this.regs = new Int32Array(this.memory.buffer, LAYOUT.REGS, 32);
    // The hash table needs no fill: its keys are stored xor 1, so zero memory is empty (LAYOUT.HT).
    this.table = new WebAssembly.Table({ element: 'anyfunc', initial: 0 });
    this.regionTable = new WebAssembly.Table({ element: 'anyfunc', initial: 0 });
    const rt = new WebAssembly.Instance(new WebAssembly.Module(runtime()), { e: { t: this.table } }).exports;
    this.stub = rt.stub;
    this.enter = rt.enter as (slot: number, budget: number) => number;
    this.epoch = mem.codeEpoch;
    this.pageCount = mem.pageCount;
  }

  get pc(): number {
    return this.u32[LAYOUT.PC >>> 2]!;
  }
  set pc(v: number) {
    this.u32[LAYOUT.PC >>> 2] = v;
  }
  get nextPC(): number {
    return this.u32[LAYOUT.NPC >>> 2]!;
  }
  set nextPC(v: number) {
    this.u32[LAYOUT.NPC >>> 2] = v;
  }
  get hi(): number {
    return this.u32[LAYOUT.HI >>> 2]!;
  }
  set hi(v: number) {
    this.u32[LAYOUT.HI >>> 2] = v;
  }
  get lo(): number {
    return this.u32[LAYOUT.LO >>> 2]!;
  }
  set lo(v: number) {
    this.u32[LAYOUT.LO >>> 2] = v;
  }

  /** The address of the load/store the last chain stopped before, or -1 (and clears it). */
  takeFault(): number {
    const u = this.u32;
    if (u[LAYOUT.FAULT >>> 2] === 0) return -1;
    u[LAYOUT.FAULT >>> 2] = 0;
    return u[LAYOUT.FAULT_ADDR >>> 2]!;
  }

  /** The table slot of the translated block at `pc`, or -1. */
  compiledSlot(pc: number): number {
    const s = this.slots.get(pc);
    return s !== undefined && this.compiled[s] === 1 ? s : -1;
  }

  /** Makes the translated block at `pc` (if any) the one its hash-table entry finds. */
  rehash(pc: number): void {
    const s = this.slots.get(pc);
    if (s === undefined || this.compiled[s] !== 1) return;
    this.hash(pc, s);
  }

  /** Points the hash-table entry of `pc` at the block in `slot`. */
  private hash(pc: number, slot: number): void {
    const h = (LAYOUT.HT >>> 2) + 4 * ((pc >>> 2) & (HT_SIZE - 1));
    this.u32[h] = pc ^ 1;
    this.hashed = true;
    this.u32[h + 1] = slot;
    this.u32[h + 2] = this.slotRegion[slot]!;
    this.u32[h + 3] = this.slotIndex[slot]!;
  }

  private slotOf(pc: number): number {
    let s = this.slots.get(pc);
    if (s === undefined) {
      s = this.nextSlot++;
      if (s >= this.table.length) {
        this.table.grow(TABLE_STEP, this.stub);
        if (this.compiled.length < this.table.length) {
          const c = new Uint8Array(this.table.length);
          c.set(this.compiled);
          this.compiled = c;
          const r = new Int32Array(this.table.length);
          r.set(this.slotRegion);
          this.slotRegion = r;
          const x = new Int32Array(this.table.length);
          x.set(this.slotIndex);
          this.slotIndex = x;
        }
      }
      this.slots.set(pc, s);
    }
    return s;
  }

  /** The block at `pc` as the translator sees it (no instructions: left to the interpreter). */
  shape(pc: number): BlockShape {
    const mem = this.mem;
    return scanBlock((a) => mem.getWord(a), pc);
  }

  /**
   * Translates `blocks` (each with at least one instruction) into one module: one region
   * function running all of them (`emitRegion`) and, per block, an entry function for its table
   * slot. Instantiating a module and installing its functions costs time proportional to the
   * number of instances already sharing the table (V8 updates each one's dispatch table), so
   * blocks are translated in batches, which also keeps control inside one region function for
   * longer. The pages their code is on become code pages (stores there leave the chain).
   */
  compile(blocks: BlockShape[]): void {
    const mem = this.mem;
    // Regions of up to REGION_SIZE blocks in address order (neighbours in the text mostly
    // belong to one guest function): TurboFan's time grows faster than a function's size.
    const sorted = [...blocks].sort((x, y) => x.pc - y.pc);
    const regions: BlockShape[][] = [];
    for (let i = 0; i < sorted.length; i += REGION_SIZE) regions.push(sorted.slice(i, i + REGION_SIZE));
    const places = new Map<number, Place>();
    for (let r = 0; r < regions.length; r++) {
      const blocksOf = regions[r]!;
      for (let i = 0; i < blocksOf.length; i++) places.set(blocksOf[i]!.pc, { fn: r, index: i });
    }
    const region0 = this.nextRegion;
    this.nextRegion += regions.length;
    const placeOf = (pc: number) => places.get(pc);
    const slotOf = (pc: number) => this.slotOf(pc);
    const bodies = regions.map((rb, r) => emitRegion(rb, slotOf, region0 + r, r, placeOf));
    const out = new Bytes();
    preamble(out);
    out.section(3, (b) => {
      b.leb(regions.length + sorted.length);
      for (let r = 0; r < regions.length; r++) b.byte(REGION_TYPE);
      for (let i = 0; i < sorted.length; i++) b.byte(BLOCK_TYPE);
    });
    out.section(7, (b) => {
      b.leb(sorted.length + regions.length);
      for (let i = 0; i < sorted.length; i++) {
        b.str(i.toString(36));
        b.byte(0x00);
        b.leb(regions.length + i);
      }
      for (let r = 0; r < regions.length; r++) {
        b.str(`r${r}`);
        b.byte(0x00);
        b.leb(r);
      }
    });
    out.section(10, (b) => {
      b.leb(regions.length + sorted.length);
      for (const body of bodies) {
        b.leb(body.length);
        b.bytes(body);
      }
      for (const { pc } of sorted) {
        const entry = entryBody(places.get(pc)!);
        b.leb(entry.length);
        b.bytes(entry);
      }
    });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(out.done()), {
      e: { t: this.table, r: this.regionTable, m: this.memory },
    });
    if (this.nextRegion > this.regionTable.length) {
      this.regionTable.grow(Math.max(TABLE_STEP, this.nextRegion - this.regionTable.length));
    }
    for (let r = 0; r < regions.length; r++) this.regionTable.set(region0 + r, inst.exports[`r${r}`]);
    for (let i = 0; i < sorted.length; i++) {
      const { pc, words } = sorted[i]!;
      const slot = this.slotOf(pc);
      const place = places.get(pc)!;
      this.table.set(slot, inst.exports[i.toString(36)]);
      this.compiled[slot] = 1;
      this.slotRegion[slot] = region0 + place.fn;
      this.slotIndex[slot] = place.index;
      // Register jumps find the block through the hash table (the last block hashed there wins).
      this.hash(pc, slot);
      for (let k = 0; k < words.length; k++) {
        const pi = ((pc + 4 * k) >>> 0) >>> PAGE_ADDR_SIZE;
        if (mem.code[pi] === 0) {
          mem.code[pi] = 1;
          this.unwritable(pi);
        }
      }
      this.blocks++;
      this.instructions += words.length;
    }
  }

  /** Forgets every translation (a page holding translated code was written). */
  drop(): void {
    this.slots.clear();
    for (let s = 0; s < this.nextSlot; s++) {
      if (this.compiled[s] === 1) this.table.set(s, this.stub);
      this.compiled[s] = 0;
    }
    // Slots are reused from 0: every slot a new translation refers to starts as the stub.
    this.nextSlot = 0;
    // Region numbers too: the entries naming them are gone with the hash table's.
    this.nextRegion = 1;
    // Cleared only if written: a VM's first run drops a table that is still all zero.
    if (this.hashed) this.u32.fill(0, LAYOUT.HT >>> 2, (LAYOUT.HT >>> 2) + 4 * HT_SIZE);
    this.hashed = false;
    this.epoch = this.mem.codeEpoch;
  }

  /** Clears the writable bit of page `pi` in the page table. */
  private unwritable(pi: number): void {
    const e = (LAYOUT.PT >>> 2) + pi;
    this.u32[e] = this.u32[e]! & ~LAYOUT.WRITABLE;
  }

  /**
   * Before a run: pages whose dirty flag was cleared (Merkle hashing) lose their writable bit,
   * and zero-mapped pages allocated since are mapped to their frames.
   */
  revalidate(): void {
    const dirty = this.mem.dirty;
    let keep = 0;
    for (const pi of this.writable) {
      if (dirty[pi] !== 0 && this.mem.code[pi] === 0) this.writable[keep++] = pi;
      else this.unwritable(pi);
    }
    this.writable.length = keep;
    this.checkAllocations();
  }

  /** Maps zero-mapped pages that have been allocated since they were mapped. */
  checkAllocations(): void {
    if (this.mem.pageCount === this.pageCount) return;
    this.pageCount = this.mem.pageCount;
    const list = this.zeroMapped;
    this.zeroMapped = [];
    for (const pi of list) this.map(pi);
  }

  /**
   * Maps page `pi` for translated code: adopts it (if allocated) into a frame, and makes its
   * entry writable when it is dirty and holds no translated code.
   */
  map(pi: number): void {
    const mem = this.mem;
    const e = (LAYOUT.PT >>> 2) + pi;
    const page = mem.dirs[pi >>> 10]![pi & 1023]!;
    if (page === ZERO_PAGE) {
      if (this.u32[e] !== LAYOUT.FRAMES) {
        this.u32[e] = LAYOUT.FRAMES;
        this.zeroMapped.push(pi);
      }
      return;
    }
    let view = this.adopted.get(pi);
    if (view !== page) {
      view = this.adopt(pi, page);
      if (view === undefined) return;
    }
    const frame = view.byteOffset;
    const writable = mem.dirty[pi] !== 0 && mem.code[pi] === 0;
    if (writable && (this.u32[e]! & LAYOUT.WRITABLE) === 0) this.writable.push(pi);
    this.u32[e] = frame | (writable ? LAYOUT.WRITABLE : 0);
  }

  /** Copies `page` into a new frame and points `Memory` at it; the frame's view (none if full). */
  private adopt(pi: number, page: Uint32Array): Uint32Array | undefined {
    const frame = this.frameTop;
    if (frame + 4096 > this.memory.buffer.byteLength) {
      const need = Math.ceil((frame + 4096 - this.memory.buffer.byteLength) / WASM_PAGE);
      const grow = Math.max(need, GROW_STEP);
      const current = this.memory.buffer.byteLength / WASM_PAGE;
      if (current + need > MAX_WASM_PAGES) return undefined;
      this.memory.grow(Math.min(grow, MAX_WASM_PAGES - current));
    }
    this.frameTop = frame + 4096;
    const view = new Uint32Array(this.memory.buffer, frame, PAGE_WORDS);
    view.set(page);
    this.mem.dirs[pi >>> 10]![pi & 1023] = view;
    this.adopted.set(pi, view);
    return view;
  }
}

/** The runtime module's bytes (stub and enter). */
function runtime(): Uint8Array {
  const out = new Bytes();
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  // types: 0 = (i32) -> i32 (blocks, stub), 1 = (i32, i32) -> i32 (enter)
  out.section(1, (b) => b.bytes([2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]));
  out.section(2, (b) => {
    b.byte(1);
    b.str('e');
    b.str('t');
    b.bytes([0x01, 0x70, 0x00, 0x00]);
  });
  out.section(3, (b) => b.bytes([2, 0, 1]));
  out.section(7, (b) => {
    b.byte(2);
    b.str('stub');
    b.bytes([0x00, 0x00]);
    b.str('enter');
    b.bytes([0x00, 0x01]);
  });
  // stub: local.get 0 ; enter: local.get 1 ; local.get 0 ; call_indirect type 0 table 0
  const stub = [0, 0x20, 0, 0x0b];
  const enter = [0, 0x20, 1, 0x20, 0, 0x11, 0, 0, 0x0b];
  out.section(10, (b) => b.bytes([2, stub.length, ...stub, enter.length, ...enter]));
  return out.done();
}

/**
 * Whether this engine runs the translations: WebAssembly with shared memory and tail calls
 * (a one-function module that imports a shared memory and ends in `return_call_indirect`
 * must validate).
 */
function wasmJitSupported(): boolean {
  const wasm = (globalThis as { WebAssembly?: { validate?: (b: Uint8Array) => boolean } }).WebAssembly;
  if (typeof wasm?.validate !== 'function') return false;
  const out = new Bytes();
  preamble(out);
  out.section(3, (b) => b.bytes([1, 0]));
  // local.get 0 ; i32.const 0 ; return_call_indirect type 0 table 0
  const body = [0, 0x20, 0, 0x41, 0, 0x13, 0, 0, 0x0b];
  out.section(10, (b) => b.bytes([1, body.length, ...body]));
  try {
    return wasm.validate(out.done());
  } catch {
    return false;
  }
}

export const HAS_WASM_JIT = wasmJitSupported();

const contexts = new WeakMap<Memory, WasmJit>();

/** The translation context of `mem` (made on first use). */
export function wasmJitFor(mem: Memory): WasmJit {
  let w = contexts.get(mem);
  if (w === undefined) {
    w = new WasmJit(mem);
    contexts.set(mem, w);
  }
  return w;
}
