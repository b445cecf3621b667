/**
 * A minimal WebAssembly assembler for the few hand-written kernels of the project (keccak-f1600
 * here, BLAKE2b's rounds in evm): the binary encodings of the WebAssembly core spec (§5) that
 * they use, and synchronous instantiation. Kernels are assembled from their definitions at
 * load time, so there is no toolchain and no binary blob in the repository.
 */

/** Opcodes and value types (WebAssembly core spec §5.3–5.4). */
export const WASM = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i32Load8U: 0x2d,
  i64Load32U: 0x35,
  i64Store: 0x37,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32GeU: 0x4f,
  i64Eqz: 0x50,
  i64Eq: 0x51,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrS: 0x87,
  i64ShrU: 0x88,
  i64Rotl: 0x89,
  i64Rotr: 0x8a,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
  /** Empty block type. */
  void: 0x40,
  i32: 0x7f,
  i64: 0x7e,
} as const;

/** The module preamble: magic and version 1. */
export const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;

/** Unsigned LEB128 (also valid signed LEB128 for non-negative values below 2^6 per last byte). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128, for i32.const and i64.const immediates. */
export function sleb(value: bigint | number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** A name (export names): its length, then its bytes (ASCII here). */
export function wasmName(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** `local.get`, `local.set` and `local.tee` of local `l`; an `i64.const`. */
export const localGet = (l: number): number[] => [WASM.localGet, ...uleb(l)];
export const localSet = (l: number): number[] => [WASM.localSet, ...uleb(l)];
export const localTee = (l: number): number[] => [WASM.localTee, ...uleb(l)];
export const i64Const = (v: number): number[] => [WASM.i64Const, ...sleb(v)];

/** A function body: its locals (count, type) and code, length-prefixed (core spec §5.5.13). */
export function funcBody(locals: [count: number, type: number][], code: number[]): number[] {
  const b = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, WASM.end];
  return [...uleb(b.length), ...b];
}

/**
 * A kernel's module: function types (each `0x60 params results`), every function's type index
 * and body in index order, one memory of `memoryPages` 64 KiB pages exported as "memory", the
 * functions exported under the names of `exports` (name → index), and active data segments
 * written into that memory at instantiation (constants such as round keys).
 */
export function memoryModule(
  types: number[][],
  funcTypes: readonly number[],
  memoryPages: number,
  exports: Readonly<Record<string, number>>,
  bodies: number[][],
  data: readonly { offset: number; bytes: readonly number[] }[] = [],
): Uint8Array {
  const named = Object.entries(exports).map(([name, index]) => [...wasmName(name), 0x00, ...uleb(index)]);
  // Data segment (core spec §5.5.14): memory 0, offset expression `i32.const offset; end`, bytes.
  const segments = data.map(({ offset, bytes }) => [
    0,
    WASM.i32Const,
    ...sleb(offset),
    WASM.end,
    ...vec(bytes.map((b) => [b])),
  ]);
  return Uint8Array.from([
    ...WASM_HEADER,
    ...section(1, vec(types)),
    ...section(3, vec(funcTypes.map((t) => uleb(t)))),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])),
    ...section(7, vec([[...wasmName('memory'), 0x02, 0], ...named])),
    ...section(10, vec(bodies)),
    ...(segments.length > 0 ? section(11, vec(segments)) : []),
  ]);
}

/**
 * The two WebAssembly constructors used, declared here: the client-side packages compile without
 * DOM or Node typings. The global is absent in engines without WebAssembly (QuickJS, which runs
 * the client inside the MIPS VM), so every kernel built with this assembler has a JS fallback.
 */
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { exports: unknown };
    }
  | undefined;

/** Whether this engine has WebAssembly (V8 does; QuickJS does not). */
export const HAS_WASM: boolean = typeof WebAssembly !== 'undefined';

/**
 * Compiles and instantiates `bytes` synchronously (no imports); returns its exports, or
 * `undefined` in an engine without WebAssembly (the caller falls back to JavaScript).
 */
export function instantiateWasm<T>(bytes: Uint8Array): T | undefined {
  if (typeof WebAssembly === 'undefined') return undefined;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as T;
}
