import { bytesToHex } from '@faultline/primitives';
import { caseSeed, Rng } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { compileBlock } from './block-compiler.js';
import { CALL, type EvmConfig, type StepInfo } from './context.js';
import { Evm } from './evm.js';
import { jumpTable } from './jump-table.js';
import { analyzeCode } from './jumpdest.js';
import { OPCODES } from './opcodes.js';
import { precompileTable } from './precompiles/index.js';
import { MemoryState } from './state-test/memory-state.js';
import { WorldState } from './world-state.js';

const CONTRACT = '0x00000000000000000000000000000000000000c0';
const CALLER = '0x00000000000000000000000000000000000000ca';

function execute(code: Uint8Array, gas: number, compileThreshold: number, trace?: StepInfo[]) {
  const state = new MemoryState();
  state.setAccount(CONTRACT, 1n, 0n, code, new Map());
  state.setAccount(CALLER, 0n, 10n ** 18n, new Uint8Array(0), new Map());
  const world = new WorldState(state);
  const config: EvmConfig = {
    fork: 'Prague',
    precompiles: precompileTable('Prague'),
    block: {
      number: 10n,
      timestamp: 1n,
      coinbase: CALLER,
      gasLimit: 30_000_000n,
      baseFee: 7n,
      prevRandao: 0n,
      blobBaseFee: 1n,
      chainId: 1n,
    },
    compileThreshold,
    tracer: trace === undefined ? undefined : { step: (s) => trace.push({ ...s, stack: [...s.stack] }) },
  };
  const evm = new Evm(config, world);
  world.warmAddress(CALLER);
  world.warmAddress(CONTRACT);
  const input = Uint8Array.of(1, 2, 3, 0xff, 0x80);
  const r = evm.call(CALL, CALLER, CONTRACT, CONTRACT, 12345n, input, gas, false, 1);
  return { status: r.status, gasLeft: r.gasLeft, output: bytesToHex(r.output), error: r.error };
}

const INTERESTING: bigint[] = [
  0n,
  1n,
  2n,
  31n,
  32n,
  255n,
  256n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n,
  2n ** 64n - 1n,
  2n ** 255n,
  2n ** 256n - 1n,
  2n ** 256n - 2n ** 32n,
];

function push(out: number[], v: bigint): void {
  const hex = v.toString(16);
  const n = Math.max(1, Math.ceil(hex.length / 2));
  out.push(0x5f + n);
  for (let i = n - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
}

/** Every opcode the block compiler takes, except PUSH (generated with chosen values). */
const BODY_OPS = [
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
  0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x30, 0x32, 0x33, 0x34, 0x35, 0x36, 0x38, 0x3a, 0x3d, 0x41, 0x42, 0x43, 0x44, 0x45,
  0x46, 0x47, 0x48, 0x4a, 0x50, 0x58, 0x59, 0x5b, 0x5f, 0x80, 0x81, 0x82, 0x83, 0x8f, 0x90, 0x91, 0x92, 0x9f,
];

/**
 * Compilable instructions (operands of every size; memory accesses inside, just past and far
 * past current memory; forward JUMP/JUMPI to valid, invalid and computed destinations), then
 * the stack stored to memory and returned.
 */
function program(rng: Rng): Uint8Array {
  const out: number[] = [];
  /** Positions of PUSH2 immediates still waiting for the next JUMPDEST. */
  let pending: number[] = [];
  let depth = 0;
  const len = 1 + rng.int(80);
  for (let i = 0; i < len; i++) {
    const r = rng.int(12);
    if (r === 10 && depth >= 2) {
      // A jump: to the next JUMPDEST placed below, to a PUSH immediate (invalid), or to
      // whatever the stack holds (computed).
      const how = rng.int(8);
      if (how < 6) {
        out.push(0x61, 0, 0);
        pending.push(out.length - 2);
      } else if (how === 6) out.push(0x61, 0, 1);
      else out.push(0x80);
      const jump = rng.chance(0.3) ? 0x56 : 0x57;
      out.push(jump);
      depth -= jump === 0x56 ? 0 : 1;
      continue;
    }
    if (r === 11 && pending.length > 0) {
      const here = out.length;
      for (const at of pending) {
        out[at] = here >> 8;
        out[at + 1] = here & 0xff;
      }
      pending = [];
      out.push(0x5b);
      continue;
    }
    if (r < 3 || depth < 3) {
      push(out, rng.chance(0.7) ? rng.pick(INTERESTING) + BigInt(rng.int(3)) : rng.bigint(1 + rng.int(256)));
      depth++;
    } else if (r === 3) {
      // MLOAD/MSTORE at an offset in memory, just past it, or far past it (out of gas).
      const offset = rng.pick([0, 32, 33, 64 + rng.int(200), 1000 + rng.int(4000), 2 ** 33]);
      push(out, BigInt(offset));
      if (rng.chance(0.5)) {
        out.push(0x51);
        depth++;
      } else {
        out.push(0x52);
        depth--;
      }
    } else {
      let op = rng.pick(BODY_OPS);
      // Mostly valid stack use; an underflow now and then.
      if (OPCODES[op]!.stackIn > depth && rng.chance(0.9)) op = 0x5f;
      out.push(op);
      depth += OPCODES[op]!.stackOut - OPCODES[op]!.stackIn;
    }
    depth = Math.max(0, depth);
  }
  const here = out.length;
  for (const at of pending) {
    out[at] = here >> 8;
    out[at + 1] = here & 0xff;
  }
  out.push(0x5b);
  // Dump the stack at 0x4000.., then return it with the memory size.
  const dump = Math.min(depth, 20);
  for (let i = 0; i < dump; i++) {
    push(out, BigInt(0x4000 + 32 * i));
    out.push(0x52);
  }
  out.push(0x59, 0x61, 0x40, 0x00 + 0x20 * dump, 0x52); // MSIZE at 0x4000 + 32·dump
  push(out, BigInt(32 * (dump + 1)));
  push(out, 0x4000n);
  out.push(0xf3);
  return Uint8Array.from(out);
}

describe('block compiler', () => {
  it('compiles a straight run and reports its gas and stack bounds', () => {
    // PUSH1 2, PUSH1 3, ADD, DUP2, SWAP1, POP, SLOAD
    const code = Uint8Array.of(0x60, 2, 0x60, 3, 0x01, 0x81, 0x90, 0x50, 0x54);
    const table = jumpTable('Prague');
    const b = compileBlock(code, analyzeCode(code), 0, table)!;
    expect(b.gas).toBe(3 + 3 + 3 + 3 + 3 + 2);
    expect(b.minSp).toBe(1); // DUP2 after the sum reads one entry value
    expect(b.maxSp).toBe(1024 - 2);
    expect(compileBlock(code, analyzeCode(code), 8, table)).toBeUndefined();
  });

  it('computes exactly what the interpreter computes: status, gas, output (2,000 random runs)', () => {
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const rng = new Rng(caseSeed(0xb10c, i));
      const code = program(rng);
      const full = execute(code, 1_000_000, Number.POSITIVE_INFINITY);
      // At the gas used and just below it, so out-of-gas lands inside blocks and expansions.
      const used = 1_000_000 - full.gasLeft;
      for (const gas of [1_000_000, used, used - 1, Math.max(0, used - 1 - rng.int(100))]) {
        const interpreted = gas === 1_000_000 ? full : execute(code, gas, Number.POSITIVE_INFINITY);
        const compiled = execute(code, gas, 0);
        expect(compiled, `case ${i} gas ${gas} code ${bytesToHex(code)}`).toEqual(interpreted);
        compared++;
      }
    }
    expect(compared).toBe(8000);
  });

  it('follows constant jumps without unrolling loops', () => {
    // n = 300; do { n -= 1 } while (n != 0) via JUMPI back, then a JUMP forward over an
    // INVALID to the return; and an endless JUMPDEST/JUMP loop that runs out of gas.
    const countdown = Uint8Array.of(
      0x61,
      0x01,
      0x2c, // PUSH2 300
      0x5b, // 3: JUMPDEST
      0x60,
      1,
      0x90,
      0x03, // PUSH1 1, SWAP1, SUB
      0x80,
      0x60,
      3,
      0x57, // DUP1, PUSH1 3, JUMPI
      0x60,
      17,
      0x56, // PUSH1 17, JUMP
      0xfe,
      0xfe, // INVALID ×2
      0x5b, // 17: JUMPDEST
      0x58,
      0x60,
      0,
      0x52,
      0x60,
      32,
      0x60,
      0,
      0xf3, // PC, MSTORE at 0, RETURN 32 bytes
    );
    const endless = Uint8Array.of(0x5b, 0x60, 0, 0x56);
    for (const code of [countdown, endless]) {
      for (const gas of [100_000, 5_000, 3_333]) {
        expect(execute(code, gas, 0)).toEqual(execute(code, gas, Number.POSITIVE_INFINITY));
      }
    }
    expect(execute(countdown, 100_000, 0).output).toBe(`0x${'00'.repeat(31)}12`);
  });

  it('never runs blocks while tracing: every instruction is a step', () => {
    const code = Uint8Array.of(0x60, 2, 0x60, 3, 0x01, 0x80, 0x02, 0x60, 0, 0x52, 0x60, 32, 0x60, 0, 0xf3);
    const traced: StepInfo[] = [];
    const interpreted: StepInfo[] = [];
    expect(execute(code, 100_000, 0, traced)).toEqual(execute(code, 100_000, Number.POSITIVE_INFINITY, interpreted));
    expect(traced.map((s) => s.pc)).toEqual([0, 2, 4, 5, 6, 7, 9, 10, 12, 14]);
    expect(traced).toEqual(interpreted);
  });
});
