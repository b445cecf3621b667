import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { CALL, type EvmConfig, STATUS_HALT, STATUS_REVERT, STATUS_SUCCESS } from './context.js';
import { Evm } from './evm.js';
import type { Fork } from './fork.js';
import { precompileTable } from './precompiles/index.js';
import { MemoryState } from './state-test/memory-state.js';
import { WorldState } from './world-state.js';

const CONTRACT = '0x00000000000000000000000000000000000000c0';
const CALLER = '0x00000000000000000000000000000000000000ca';
const OTHER = '0x00000000000000000000000000000000000000b0';

function setup(code: string, fork: Fork = 'Prague', extra: Record<string, string> = {}) {
  const state = new MemoryState();
  state.setAccount(CONTRACT, 1n, 0n, hexToBytes(code), new Map());
  state.setAccount(CALLER, 0n, 10n ** 18n, new Uint8Array(0), new Map());
  for (const [a, c] of Object.entries(extra)) state.setAccount(a, 1n, 0n, hexToBytes(c), new Map());
  const world = new WorldState(state);
  const config: EvmConfig = {
    fork,
    precompiles: precompileTable(fork),
    block: {
      number: 10n,
      timestamp: 1n,
      coinbase: OTHER,
      gasLimit: 30_000_000n,
      baseFee: 7n,
      prevRandao: 0n,
      blobBaseFee: 1n,
      chainId: 1n,
    },
  };
  const evm = new Evm(config, world);
  world.warmAddress(CALLER);
  world.warmAddress(CONTRACT);
  return { evm, world };
}

function run(code: string, gas = 1_000_000, fork: Fork = 'Prague', extra: Record<string, string> = {}) {
  const { evm, world } = setup(code, fork, extra);
  const r = evm.call(CALL, CALLER, CONTRACT, CONTRACT, 0n, new Uint8Array(0), gas, false, 1);
  return { r, world };
}

describe('interpreter', () => {
  it('computes with 256-bit wrap-around and returns memory', () => {
    // PUSH1 1, PUSH1 0, SUB (0 - 1 = 2^256-1), PUSH1 0, MSTORE, RETURN 32 bytes
    const { r } = run('0x6001600003600052602060' + '00f3');
    expect(r.status).toBe(STATUS_SUCCESS);
    expect([...r.output]).toEqual(new Array(32).fill(0xff));
  });

  it('SDIV/SMOD follow two-complement semantics', () => {
    // -8 SDIV 3 = -2 ; store at 0 and return
    const minus8 = 'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8';
    const { r } = run(`0x6003 7f${minus8} 05 600052 60206000f3`.replaceAll(' ', ''));
    expect(r.output[31]).toBe(0xfe);
    expect(r.output[0]).toBe(0xff);
  });

  it('rejects jumps into PUSH data', () => {
    // PUSH1 3, JUMP, PUSH1 0x5b (the 0x5b at pc 3 is data)
    const { r } = run('0x600356605b');
    expect(r.status).toBe(STATUS_HALT);
    expect(r.error).toBe('invalid jump destination');
    expect(r.gasLeft).toBe(0);
  });

  it('charges quadratic memory expansion exactly', () => {
    // MSTORE8 at offset 1023 → 32 words: 3*32 + 32*32/512 = 98, plus 3+3+3 for the ops.
    const gas = 100_000;
    const { r } = run('0x60006103ff53', gas);
    expect(gas - r.gasLeft).toBe(3 + 3 + 3 + 98);
  });

  it('reverts storage writes and keeps the remaining gas on REVERT', () => {
    // SSTORE(0, 1); REVERT(0, 0)
    const { r, world } = run('0x600160005560006000fd');
    expect(r.status).toBe(STATUS_REVERT);
    expect(r.gasLeft).toBeGreaterThan(0);
    expect(world.getStorage(CONTRACT, 0n)).toBe(0n);
  });

  it('enforces write protection under STATICCALL', () => {
    // contract: STATICCALL(gas, OTHER, 0,0,0,0) ; store result at slot 1
    const callee = '0x6001600055'; // SSTORE(0, 1)
    const code = `0x6000600060006000 73${OTHER.slice(2)} 5a fa 600155`.replaceAll(' ', '');
    const { r, world } = run(code, 1_000_000, 'Prague', { [OTHER]: callee });
    expect(r.status).toBe(STATUS_SUCCESS);
    expect(world.getStorage(CONTRACT, 1n)).toBe(0n); // the static call failed
    expect(world.getStorage(OTHER, 0n)).toBe(0n);
  });

  it('passes at most all but 1/64 of the gas to a callee (EIP-150)', () => {
    // callee: GAS, PUSH1 0, SSTORE → records the gas it received (minus GAS's own 2)
    const callee = '0x5a600055';
    const code = `0x6000600060006000600073${OTHER.slice(2)}5af1`;
    const gas = 1_000_000;
    const { world } = run(code, gas, 'Prague', { [OTHER]: callee });
    const before = gas - 5 * 3 - 3 - 2 - 2600; // 5 PUSH1, PUSH20, GAS, CALL to a cold account
    const given = before - Math.floor(before / 64);
    expect(world.getStorage(OTHER, 0n)).toBe(BigInt(given - 2));
  });

  it('PUSH0 is invalid before Shanghai', () => {
    expect(run('0x5f', 100, 'Paris').r.error).toMatch(/invalid opcode/);
    expect(run('0x5f', 100, 'Shanghai').r.status).toBe(STATUS_SUCCESS);
  });
});
