import { describe, expect, it } from 'vitest';
import { FORKS, type Fork } from '../fork.js';
import { PRECOMPILE_ADDRESSES as A, precompileAddress, precompileTable } from './index.js';

function addresses(fork: Fork, optimism?: Parameters<typeof precompileTable>[1]): number[] {
  return [...precompileTable(fork, optimism).keys()].map((a) => Number.parseInt(a, 16));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('precompileTable', () => {
  it('has the addresses each fork introduced', () => {
    const expected: Partial<Record<Fork, number[]>> = {
      Frontier: range(1, 4),
      SpuriousDragon: range(1, 4),
      Byzantium: range(1, 8),
      Istanbul: range(1, 9),
      London: range(1, 9),
      Cancun: range(1, 10),
      Prague: range(1, 0x11),
      Osaka: [...range(1, 0x11), 0x100],
    };
    for (const [fork, list] of Object.entries(expected)) expect(addresses(fork as Fork), fork).toEqual(list);
  });

  it('keys are lower-case 0x-prefixed 20-byte addresses', () => {
    for (const fork of FORKS) {
      for (const key of precompileTable(fork).keys()) expect(key).toMatch(/^0x[0-9a-f]{40}$/);
    }
    expect(precompileAddress(0x100)).toBe('0x0000000000000000000000000000000000000100');
  });

  it('reprices per fork: bn254 at Istanbul, modexp at Berlin and Osaka', () => {
    const g = (fork: Fork, address: string, input: Uint8Array) => {
      const r = precompileTable(fork).get(address)?.run(input, 1e9);
      return r?.status === 'success' ? r.gasUsed : undefined;
    };
    expect(g('Byzantium', A.BN254_ADD, new Uint8Array(0))).toBe(500);
    expect(g('Istanbul', A.BN254_ADD, new Uint8Array(0))).toBe(150);
    const modexp = new Uint8Array(96); // all lengths zero
    expect(g('Byzantium', A.MODEXP, modexp)).toBe(0);
    expect(g('Berlin', A.MODEXP, modexp)).toBe(200);
    expect(g('Osaka', A.MODEXP, modexp)).toBe(500);
  });

  it('adds P256VERIFY from OP Fjord at the RIP-7212 price; Osaka prices it per EIP-7951', () => {
    expect(addresses('Cancun', { optimism: { fjord: true } })).toEqual([...range(1, 10), 0x100]);
    const fjord = precompileTable('Cancun', { optimism: { fjord: true } }).get(A.P256VERIFY);
    expect(fjord?.run(new Uint8Array(0), 1e9)).toMatchObject({ gasUsed: 3450 });
    const karst = precompileTable('Osaka', { optimism: { fjord: true, karst: true } }).get(A.P256VERIFY);
    expect(karst?.run(new Uint8Array(0), 1e9)).toMatchObject({ gasUsed: 6900 });
    expect(addresses('Cancun', { optimism: {} })).toEqual(range(1, 10));
  });

  it('applies the latest OP input cap: Granite, then Jovian, then Karst for bn254 pairing', () => {
    const rejects = (rules: object, fork: Fork, address: string, length: number) =>
      precompileTable(fork, { optimism: rules }).get(address)?.run(new Uint8Array(length), Number.MAX_SAFE_INTEGER)
        .status === 'failure';
    // 430 pairs = 82,560 bytes: over Jovian's 81,984, under Granite's 112,687
    expect(rejects({ fjord: true, granite: true }, 'Cancun', A.BN254_PAIRING, 430 * 192)).toBe(false);
    expect(rejects({ granite: true, jovian: true }, 'Prague', A.BN254_PAIRING, 430 * 192)).toBe(true);
    expect(rejects({}, 'Prague', A.BN254_PAIRING, 600 * 192)).toBe(false);
    expect(rejects({ granite: true }, 'Prague', A.BN254_PAIRING, 600 * 192)).toBe(true);
    // 301 pairs: over Karst's 57,600
    expect(rejects({ jovian: true }, 'Osaka', A.BN254_PAIRING, 301 * 192)).toBe(false);
    expect(rejects({ jovian: true, karst: true }, 'Osaka', A.BN254_PAIRING, 301 * 192)).toBe(true);
  });

  it('caches one immutable table per fork and rule set', () => {
    expect(precompileTable('Prague')).toBe(precompileTable('Prague'));
    expect(precompileTable('Prague', { optimism: { isthmus: true } })).not.toBe(precompileTable('Prague'));
  });
});
