/**
 * Seeded generator of mostly-valid EVM programs for differential testing. A program is a
 * sequence of stack-neutral fragments (each pushes its own arguments and disposes of its result
 * with POP, SSTORE or MSTORE, so fragments compose and the final storage/memory reflect what was
 * computed): arithmetic on boundary values, environment and block reads, memory and copies,
 * storage and transient storage, KECCAK256, LOGs, forward jumps over junk to real JUMPDESTs,
 * small bounded loops, DUP/SWAP, calls of every kind to self / other contracts / EOAs / missing
 * accounts / precompiles (some with well-formed inputs), CREATE/CREATE2 of generated init code,
 * and a terminal (STOP, RETURN, REVERT, INVALID, SELFDESTRUCT, or falling off the end).
 * `mutate` then applies random byte edits. Everything is driven by `Rng` (xorshift32), so one
 * seed reproduces one program exactly.
 */

/** Deterministic 32-bit xorshift PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
  bigint(bits: number): bigint {
    let v = 0n;
    for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(this.next());
    return v & ((1n << BigInt(bits)) - 1n);
  }
}

/** Per-case seed derived from a run seed and a case index (splitmix-style mixing). */
export function caseSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export interface ProgramOptions {
  /** The executing contract's own address (calls to self). */
  self: string;
  /** Other accounts with code, EOAs, missing addresses: call and inspection targets. */
  targets: readonly string[];
  /** Precompile addresses active at the fork. */
  precompiles: readonly string[];
  /** Enables PUSH0, MCOPY, TSTORE/TLOAD, BLOBHASH, BLOBBASEFEE (Cancun programs). */
  cancun: boolean;
  /** Number of fragments (default 6–20). */
  fragments?: number;
  /**
   * Probability that a memory offset or size is absurd (2^32 … 2^256-1: must run out of gas,
   * never wrap; with size 0 it must cost nothing). Default 0.004.
   */
  edgeRate?: number;
  /**
   * false: no CALL-family fragments (for scenarios with gas above 2^52, where recursion would
   * never run out of gas). Default true.
   */
  calls?: boolean;
  /** Nesting depth for generated init code (CREATE inside init code). */
  depth?: number;
}

const MAX_U256 = (1n << 256n) - 1n;
const BOUNDARY: readonly bigint[] = [
  0n,
  1n,
  2n,
  3n,
  7n,
  8n,
  31n,
  32n,
  33n,
  0xffn,
  0x100n,
  0x7fn,
  0x80n,
  (1n << 63n) - 1n,
  1n << 64n,
  1n << 128n,
  (1n << 255n) - 1n,
  1n << 255n,
  MAX_U256 - 1n,
  MAX_U256,
];
/** Memory offsets / sizes: mostly small, sometimes word-misaligned, rarely absurd (must OOG). */
const SMALL_OFFSETS: readonly number[] = [0, 0, 1, 31, 32, 64, 100, 256, 1000, 4096];
const HUGE: readonly bigint[] = [1n << 32n, 1n << 53n, 1n << 64n, MAX_U256];

// Opcode bytes (Yellow Paper appendix H + later EIPs).
const OP = {
  STOP: 0x00,
  ADD: 0x01,
  LT: 0x10,
  ISZERO: 0x15,
  NOT: 0x19,
  SUB: 0x03,
  KECCAK256: 0x20,
  BALANCE: 0x31,
  CALLDATALOAD: 0x35,
  CALLDATACOPY: 0x37,
  CODECOPY: 0x39,
  EXTCODESIZE: 0x3b,
  EXTCODECOPY: 0x3c,
  RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e,
  EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40,
  BLOBHASH: 0x49,
  POP: 0x50,
  MLOAD: 0x51,
  MSTORE: 0x52,
  MSTORE8: 0x53,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMP: 0x56,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  TLOAD: 0x5c,
  TSTORE: 0x5d,
  MCOPY: 0x5e,
  PUSH0: 0x5f,
  PUSH1: 0x60,
  PUSH2: 0x61,
  DUP1: 0x80,
  SWAP1: 0x90,
  LOG0: 0xa0,
  CREATE: 0xf0,
  CALL: 0xf1,
  CALLCODE: 0xf2,
  RETURN: 0xf3,
  DELEGATECALL: 0xf4,
  CREATE2: 0xf5,
  STATICCALL: 0xfa,
  REVERT: 0xfd,
  INVALID: 0xfe,
  SELFDESTRUCT: 0xff,
} as const;

/** Binary, unary and ternary pure operations: [opcode, inputs]. */
const PURE_OPS: readonly (readonly [number, number])[] = [
  [0x01, 2],
  [0x02, 2],
  [0x03, 2],
  [0x04, 2],
  [0x05, 2],
  [0x06, 2],
  [0x07, 2],
  [0x08, 3],
  [0x09, 3],
  [0x0a, 2],
  [0x0b, 2],
  [0x10, 2],
  [0x11, 2],
  [0x12, 2],
  [0x13, 2],
  [0x14, 2],
  [0x15, 1],
  [0x16, 2],
  [0x17, 2],
  [0x18, 2],
  [0x19, 1],
  [0x1a, 2],
  [0x1b, 2],
  [0x1c, 2],
  [0x1d, 2],
];
/** Zero-input environment / block reads. */
const ENV_OPS: readonly number[] = [
  0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x3d, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x58, 0x59, 0x5a,
];
const CANCUN_ENV_OPS: readonly number[] = [0x4a];

class Builder {
  readonly code: number[] = [];
  private readonly fixups: { at: number; label: number }[] = [];
  private readonly labels: number[] = [];

  op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b & 0xff);
    return this;
  }

  /** PUSH of `v` using the minimal width (PUSH0 when allowed), or a random wider one. */
  push(v: bigint | number, rng: Rng, cancun: boolean): this {
    let x = BigInt(v);
    if (x < 0n) x = 0n;
    if (x > MAX_U256) x &= MAX_U256;
    let len = 0;
    for (let t = x; t > 0n; t >>= 8n) len++;
    if (len === 0 && cancun && rng.chance(0.7)) return this.op(OP.PUSH0);
    if (len === 0) len = 1;
    if (len < 32 && rng.chance(0.1)) len += 1 + rng.int(32 - len);
    this.op(OP.PUSH1 + len - 1);
    for (let i = len - 1; i >= 0; i--) this.code.push(Number((x >> BigInt(8 * i)) & 0xffn));
    return this;
  }

  newLabel(): number {
    this.labels.push(-1);
    return this.labels.length - 1;
  }

  pushLabel(label: number): this {
    this.op(OP.PUSH2);
    this.fixups.push({ at: this.code.length, label });
    return this.op(0, 0);
  }

  place(label: number): this {
    this.labels[label] = this.code.length;
    return this.op(OP.JUMPDEST);
  }

  finish(): Uint8Array {
    for (const f of this.fixups) {
      const target = this.labels[f.label]!;
      this.code[f.at] = (target >> 8) & 0xff;
      this.code[f.at + 1] = target & 0xff;
    }
    return Uint8Array.from(this.code);
  }
}

function addrValue(a: string): bigint {
  return BigInt(a);
}

class Generator {
  private readonly b = new Builder();
  constructor(
    private readonly rng: Rng,
    private readonly o: ProgramOptions,
  ) {}

  private push(v: bigint | number): void {
    this.b.push(v, this.rng, this.o.cancun);
  }

  /** PUSH `arg`, then `op`. */
  private with(arg: bigint | number, op: number): void {
    this.push(arg);
    this.b.op(op);
  }

  private value(): bigint {
    const r = this.rng;
    const k = r.int(10);
    if (k < 5) return r.pick(BOUNDARY);
    if (k < 8) return BigInt(r.int(300));
    return r.bigint(256);
  }

  private offset(): bigint {
    return this.rng.chance(this.o.edgeRate ?? 0.004)
      ? this.rng.pick(HUGE)
      : BigInt(this.rng.pick(SMALL_OFFSETS) + this.rng.int(40));
  }

  private size(): bigint {
    if (this.rng.chance(this.o.edgeRate ?? 0.004)) return this.rng.pick(HUGE);
    return BigInt(this.rng.pick([0, 1, 4, 20, 32, 64, 96, 200]));
  }

  private slot(): bigint {
    return this.rng.chance(0.9) ? BigInt(this.rng.int(8)) : this.value();
  }

  private address(): bigint {
    const r = this.rng;
    const k = r.int(10);
    if (k < 1) return addrValue(this.o.self);
    if (k < 4 && this.o.precompiles.length > 0) return addrValue(r.pick(this.o.precompiles));
    if (k < 9 && this.o.targets.length > 0) return addrValue(r.pick(this.o.targets));
    return r.bigint(160);
  }

  /** Disposes of the value on top of the stack. */
  private sink(): void {
    const k = this.rng.int(10);
    if (k < 2) this.b.op(OP.POP);
    else if (k < 6) {
      this.push(this.slot());
      this.b.op(OP.SSTORE);
    } else {
      this.push(BigInt(this.rng.int(8) * 32));
      this.b.op(OP.MSTORE);
    }
  }

  private pure(): void {
    const [op, n] = this.rng.pick(PURE_OPS);
    for (let i = 0; i < n; i++) this.push(this.value());
    this.b.op(op);
    this.sink();
  }

  private env(): void {
    const ops = this.o.cancun ? [...ENV_OPS, ...CANCUN_ENV_OPS] : ENV_OPS;
    this.b.op(this.rng.pick(ops));
    this.sink();
  }

  private read(): void {
    const r = this.rng;
    const k = r.int(9);
    if (k === 0) this.with(this.address(), OP.BALANCE);
    else if (k === 1) this.with(this.address(), OP.EXTCODESIZE);
    else if (k === 2) this.with(this.address(), OP.EXTCODEHASH);
    else if (k === 3) this.with(this.rng.chance(0.5) ? BigInt(r.int(70)) : this.value(), OP.CALLDATALOAD);
    else if (k === 4) this.with(this.rng.chance(0.5) ? BigInt(r.int(1100)) : this.value(), OP.BLOCKHASH);
    else if (k === 5) this.with(this.slot(), OP.SLOAD);
    else if (k === 6 && this.o.cancun) this.with(this.slot(), OP.TLOAD);
    else if (k === 7 && this.o.cancun) this.with(r.int(3), OP.BLOBHASH);
    else this.with(this.offset(), OP.MLOAD);
    this.sink();
  }

  private write(): void {
    const r = this.rng;
    const k = r.int(4);
    this.push(r.chance(0.3) ? 0n : this.value());
    if (k === 0 && this.o.cancun) this.with(this.slot(), OP.TSTORE);
    else if (k === 1) this.with(this.offset(), OP.MSTORE8);
    else if (k === 2) this.with(this.offset(), OP.MSTORE);
    else this.with(this.slot(), OP.SSTORE);
  }

  private copy(): void {
    const r = this.rng;
    const k = r.int(6);
    this.push(this.size());
    this.push(r.chance(0.8) ? BigInt(r.int(100)) : this.value());
    this.push(this.offset());
    if (k === 0) this.b.op(OP.CALLDATACOPY);
    else if (k === 1) this.b.op(OP.CODECOPY);
    else if (k === 2) {
      // Mostly in bounds: (dest, 0, RETURNDATASIZE); EIP-211 halts on reads past the end.
      if (this.rng.chance(0.8)) {
        this.b.op(OP.POP, OP.POP, OP.POP, OP.RETURNDATASIZE, OP.PUSH1, 0);
        this.push(this.offset());
      }
      this.b.op(OP.RETURNDATACOPY);
    } else if (k === 3 && this.o.cancun) this.b.op(OP.MCOPY);
    else if (k === 4) this.with(this.address(), OP.EXTCODECOPY);
    else {
      // KECCAK256(offset, size): drop the source operand first.
      this.b.op(OP.SWAP1, OP.POP, OP.KECCAK256);
      this.sink();
    }
  }

  private log(): void {
    const n = this.rng.int(5);
    for (let i = 0; i < n; i++) this.push(this.value());
    this.push(this.size());
    this.push(this.offset());
    this.b.op(OP.LOG0 + n);
  }

  private stackOps(): void {
    const n = 1 + this.rng.int(16);
    const swap = this.rng.chance(0.5);
    const depth = swap ? n + 1 : n;
    for (let i = 0; i < depth; i++) this.push(this.value());
    this.b.op((swap ? OP.SWAP1 : OP.DUP1) + n - 1);
    this.sink();
    for (let i = 0; i < n; i++) this.b.op(OP.POP);
  }

  private jump(): void {
    const b = this.b;
    const label = b.newLabel();
    if (this.rng.chance(0.5)) {
      b.pushLabel(label).op(OP.JUMP);
    } else {
      this.push(this.rng.chance(0.85) ? BigInt(1 + this.rng.int(3)) : 0n);
      b.pushLabel(label).op(OP.JUMPI);
    }
    // Junk the jump skips: whole random instructions (a PUSH keeps its full immediate, so the
    // label is never swallowed as push data), sometimes a JUMPDEST hidden inside PUSH data.
    for (let n = this.rng.int(4); n > 0; n--) {
      const op = this.rng.int(256);
      b.op(op);
      if (op >= OP.PUSH1 && op < OP.PUSH1 + 32) b.op(...this.rng.bytes(op - OP.PUSH1 + 1));
    }
    if (this.rng.chance(0.3)) b.op(OP.PUSH2, OP.JUMPDEST, OP.JUMPDEST);
    b.place(label);
  }

  private loop(): void {
    const b = this.b;
    const label = b.newLabel();
    this.push(1 + this.rng.int(4));
    b.place(label);
    this.fragment(false);
    // counter - 1; loop while non-zero.
    b.op(OP.PUSH1, 1, OP.SWAP1, OP.SUB, OP.DUP1);
    b.pushLabel(label).op(OP.JUMPI, OP.POP);
  }

  /** Writes `data` to memory at `at` with MSTOREs (32-byte chunks, last one right-padded). */
  private storeBytes(data: Uint8Array, at: number): void {
    for (let i = 0; i < data.length; i += 32) {
      let w = 0n;
      for (let j = 0; j < 32; j++) w = (w << 8n) | BigInt(data[i + j] ?? 0);
      this.push(w);
      this.push(at + i);
      this.b.op(OP.MSTORE);
    }
  }

  /** A well-formed (or nearly) precompile input in memory at `at`; returns its length. */
  private precompileInput(target: bigint, at: number): number {
    const r = this.rng;
    const n = Number(target);
    const word = (v: bigint) => {
      const out = new Uint8Array(32);
      for (let i = 31, x = v; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
      return out;
    };
    let data: Uint8Array;
    if (n === 5) {
      // MODEXP: three lengths then base, exponent, modulus.
      const [bl, el, ml] = [r.int(40), r.int(40), r.int(40)];
      data = new Uint8Array(96 + bl + el + ml);
      data.set(word(BigInt(bl)), 0);
      data.set(word(BigInt(el)), 32);
      data.set(word(BigInt(ml)), 64);
      data.set(r.bytes(bl + el + ml), 96);
    } else if (n === 9) {
      // BLAKE2F: rounds (4 bytes), h (64), m (128), t (16), final flag (1) = 213 bytes.
      data = r.bytes(213);
      data.set([0, 0, 0, r.int(20)], 0);
      data[212] = r.int(3) === 2 ? 2 : r.int(2);
      if (r.chance(0.1)) data = data.subarray(0, 212);
    } else if (n === 6 || n === 7) {
      // BN254 add / mul with the generator (1, 2) and the point at infinity.
      data = new Uint8Array(128);
      const g1 = Uint8Array.from([...word(1n), ...word(2n)]);
      if (r.chance(0.5)) data.set(g1, 0);
      if (n === 6 && r.chance(0.5)) data.set(g1, 64);
      if (n === 7) data.set(word(this.value()), 64);
    } else if (n === 1) {
      // ECRECOVER: hash, v ∈ {27, 28} (sometimes not), r, s.
      data = r.bytes(128);
      data.set(word(r.chance(0.8) ? BigInt(27 + r.int(2)) : this.value()), 32);
    } else if (n >= 0x0b && n <= 0x11) {
      // EIP-2537: exact lengths (k pairs for MSM / pairing); all-zero encodes the point at
      // infinity (valid), random bytes are off-field (invalid), both must agree.
      const k = 1 + r.int(3);
      const len = [256, 160 * k, 512, 288 * k, 384 * k, 64, 128][n - 0x0b]!;
      data = r.chance(0.5) ? new Uint8Array(len) : r.bytes(len);
      if (n === 0x10 || n === 0x11) for (let i = 0; i < len; i += 64) data.fill(0, i, i + 17);
      if (r.chance(0.1)) data = data.subarray(0, len - 1);
    } else data = r.bytes(r.pick([0, 32, 64, 128, 192, 213]));
    this.storeBytes(data, at);
    return data.length;
  }

  private call(): void {
    const r = this.rng;
    const kind = r.pick([OP.CALL, OP.CALL, OP.CALLCODE, OP.DELEGATECALL, OP.STATICCALL]);
    const target = this.address();
    const at = r.pick([0, 64, 128]);
    let inLen: bigint = this.size();
    if (target < 0x200n && target !== 0n && r.chance(0.7)) inLen = BigInt(this.precompileInput(target, at));
    this.push(r.chance(0.7) ? BigInt(r.pick([0, 32, 64])) : this.size()); // retLength
    this.push(this.offset()); // retOffset
    this.push(inLen); // argsLength
    this.push(at); // argsOffset
    if (kind === OP.CALL || kind === OP.CALLCODE) this.push(r.chance(0.7) ? 0n : BigInt(r.int(1000)));
    this.push(target);
    // GAS: forward everything (EIP-150 caps it at 63/64); rare, since self-calls then recurse deep.
    if (r.chance(0.04)) this.b.op(0x5a);
    else this.push(r.chance(0.01) ? MAX_U256 : r.pick([0n, 100n, 2300n, 5000n, 30000n, 100000n]));
    this.b.op(kind);
    this.sink();
    if (r.chance(0.3)) {
      this.b.op(OP.RETURNDATASIZE);
      this.sink();
    }
  }

  /** Init code: either "copy a generated runtime and return it" or a generated program. */
  private initcode(): Uint8Array {
    const r = this.rng;
    const depth = (this.o.depth ?? 0) + 1;
    const k = r.int(10);
    if (k < 5) {
      const runtime = r.chance(0.1)
        ? Uint8Array.of(0xef, ...r.bytes(r.int(4)))
        : generateProgram(r, { ...this.o, fragments: 1 + r.int(5), depth });
      // PUSH2 len DUP1 PUSH2 start PUSH1 0 CODECOPY PUSH1 0 RETURN <runtime>
      const head = [OP.PUSH2, 0, 0, OP.DUP1, OP.PUSH2, 0, 0, OP.PUSH1, 0, OP.CODECOPY, OP.PUSH1, 0, OP.RETURN];
      const len = runtime.length;
      head[1] = len >> 8;
      head[2] = len & 0xff;
      head[5] = head.length >> 8;
      head[6] = head.length & 0xff;
      return Uint8Array.from([...head, ...runtime]);
    }
    if (k < 6) {
      // Returns `size` bytes of zero memory: exercises EIP-170 (24,576) and the deposit cost.
      const size = r.pick([0, 1, 24576, 24577]);
      return Uint8Array.of(OP.PUSH2, size >> 8, size & 0xff, OP.PUSH1, 0, OP.RETURN);
    }
    return generateProgram(r, { ...this.o, fragments: 1 + r.int(4), depth });
  }

  private create(): void {
    if ((this.o.depth ?? 0) >= 2) {
      this.pure();
      return;
    }
    const r = this.rng;
    const init = this.initcode();
    const at = 0;
    this.storeBytes(init, at);
    const create2 = r.chance(0.5);
    if (create2) this.push(r.chance(0.5) ? BigInt(r.int(3)) : this.value()); // salt
    this.push(r.chance(5 * (this.o.edgeRate ?? 0.004)) ? this.rng.pick(HUGE) : BigInt(init.length));
    this.push(at);
    this.push(r.chance(0.8) ? 0n : BigInt(r.int(1000)));
    this.b.op(create2 ? OP.CREATE2 : OP.CREATE);
    if (r.chance(0.5)) {
      // Call the new contract (address 0 when the create failed): its runtime code may
      // SELFDESTRUCT, which EIP-6780 honours only for contracts created in the same tx.
      this.push(32); // retLength
      this.push(0); // retOffset
      this.push(this.size()); // argsLength
      this.push(0); // argsOffset
      this.push(r.chance(0.8) ? 0n : BigInt(r.int(100))); // value
      this.b.op(OP.DUP1 + 5); // DUP6: the created address
      this.push(r.pick([5000n, 50000n, 100000n]));
      this.b.op(OP.CALL);
      this.sink();
    }
    this.sink();
  }

  fragment(allowNesting: boolean): void {
    const r = this.rng;
    const k = r.int(100);
    if (k < 18) this.pure();
    else if (k < 28) this.env();
    else if (k < 40) this.read();
    else if (k < 52) this.write();
    else if (k < 60) this.copy();
    else if (k < 65) this.log();
    else if (k < 70) this.stackOps();
    else if (k < 76) this.jump();
    else if (k < 79 && allowNesting) this.loop();
    else if (k < 92 && this.o.calls !== false) this.call();
    else if (k < 98) this.create();
    else this.pure();
  }

  terminal(): void {
    const r = this.rng;
    const k = r.int(20);
    if (k < 3) this.b.op(OP.STOP);
    else if (k < 10) {
      // Usually the 256 bytes the MSTORE sinks wrote, so computed values become observable.
      if (r.chance(0.7)) {
        this.push(256);
        this.push(0);
      } else {
        this.push(this.size());
        this.push(r.chance(0.9) ? BigInt(r.int(128)) : this.offset());
      }
      this.b.op(OP.RETURN);
    } else if (k < 14) {
      this.push(this.size());
      this.with(BigInt(r.int(128)), OP.REVERT);
    } else if (k < 15) this.b.op(OP.INVALID);
    else if (k < 16) this.with(this.address(), OP.SELFDESTRUCT);
    // else: fall off the end (implicit STOP)
  }

  program(): Uint8Array {
    const n = this.o.fragments ?? 6 + this.rng.int(15);
    for (let i = 0; i < n; i++) this.fragment(true);
    this.terminal();
    return this.b.finish();
  }
}

/** A mostly-valid random program (see the file comment). */
export function generateProgram(rng: Rng, options: ProgramOptions): Uint8Array {
  return new Generator(rng, options).program();
}

/** 1–`maxEdits` random byte edits: overwrite, insert, delete, or duplicate a short run. */
export function mutate(rng: Rng, code: Uint8Array, maxEdits = 3): Uint8Array {
  const out = Array.from(code);
  const edits = 1 + rng.int(maxEdits);
  for (let e = 0; e < edits; e++) {
    const at = out.length === 0 ? 0 : rng.int(out.length);
    const k = rng.int(4);
    if (k === 0 && out.length > 0) out[at] = rng.int(256);
    else if (k === 1) out.splice(at, 0, rng.int(256));
    else if (k === 2 && out.length > 0) out.splice(at, 1);
    else {
      const len = 1 + rng.int(8);
      out.splice(at, 0, ...out.slice(at, at + len));
    }
  }
  return Uint8Array.from(out);
}

/** `0x`-hex of a program (for failure reports). */
export function programHex(code: Uint8Array): string {
  let s = '0x';
  for (const b of code) s += b.toString(16).padStart(2, '0');
  return s;
}
