import { precompileTable } from '@faultline/evm';
import { precompileKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, sha256, u64ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { acceleratePrecompiles } from './precompile-overlay.js';
import { TestPreimageStore, testOracle } from './test-host.js';

const ECRECOVER = '0x0000000000000000000000000000000000000001';
const PAIRING = '0x0000000000000000000000000000000000000008';
const POINT_EVAL = '0x000000000000000000000000000000000000000a';
const cancun = precompileTable('Cancun');

function word(n: bigint): Uint8Array {
  return hexToBytes(`0x${n.toString(16).padStart(64, '0')}`);
}

describe('acceleratePrecompiles', () => {
  it('asks the host for ecrecover with the right-padded input and the gas in the key and hint', () => {
    const store = new TestPreimageStore();
    // A well-formed (hash, v=27, r, s): passes the local checks, so the host is asked.
    const input = concatBytes(new Uint8Array(32).fill(7), word(27n), word(5n), word(9n));
    const hostResult = cancun.get(ECRECOVER)!.run(input, 3000);
    const hostOutput = hostResult.status === 'success' ? hostResult.output : new Uint8Array(0);
    const addr = hexToBytes(ECRECOVER);
    const key = precompileKey(addr, 3000, input);
    store.set(key, concatBytes(new Uint8Array([1]), hostOutput));
    const table = acceleratePrecompiles(cancun, testOracle(store), { granite: true });
    // Trailing bytes beyond 128 are cut; a short input is padded (here: exact).
    const r = table.get(ECRECOVER)!.run(input, 5000);
    expect(r).toEqual({ status: 'success', gasUsed: 3000, output: hostOutput });
    expect(store.log).toEqual([
      `hint l1-precompile-v2 ${bytesToHex(concatBytes(addr, u64ToBytes(3000), input))}`,
      `get ${bytesToHex(key)}`,
    ]);
  });

  it('answers malformed ecrecover input locally with empty success (v not 27/28, high bytes of v, r = 0, s ≥ n)', () => {
    const store = new TestPreimageStore();
    const table = acceleratePrecompiles(cancun, testOracle(store), { granite: true });
    const hash = new Uint8Array(32).fill(7);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const bad = [
      concatBytes(hash, word(29n), word(5n), word(9n)),
      concatBytes(hash, word((1n << 8n) + 27n), word(5n), word(9n)),
      concatBytes(hash, word(27n), word(0n), word(9n)),
      concatBytes(hash, word(28n), word(5n), word(n)),
      hash, // padded with zeros: v = 0
    ];
    for (const input of bad) {
      expect(table.get(ECRECOVER)!.run(input, 3000)).toEqual({
        status: 'success',
        gasUsed: 3000,
        output: new Uint8Array(0),
      });
    }
    expect(store.log).toEqual([]);
  });

  it('charges gas before anything: too little gas fails without asking the host', () => {
    const store = new TestPreimageStore();
    const table = acceleratePrecompiles(cancun, testOracle(store), { granite: true });
    const input = concatBytes(new Uint8Array(32), word(27n), word(5n), word(9n));
    expect(table.get(ECRECOVER)!.run(input, 2999)).toEqual({ status: 'failure', reason: 'out of gas' });
    expect(table.get(PAIRING)!.run(new Uint8Array(192), 45_000 + 33_999).status).toBe('failure');
    expect(store.log).toEqual([]);
  });

  it('checks pairing length (multiple of 192, Granite cap) locally and maps a host failure to a failed call', () => {
    const store = new TestPreimageStore();
    const oracle = testOracle(store);
    const granite = acceleratePrecompiles(cancun, oracle, { granite: true });
    expect(granite.get(PAIRING)!.run(new Uint8Array(191), 1e9)).toEqual({
      status: 'failure',
      reason: 'bad elliptic curve pairing input',
    });
    const big = new Uint8Array(192 * 587); // 112704 > 112687
    expect(granite.get(PAIRING)!.run(big, 1e9)).toEqual({
      status: 'failure',
      reason: 'bad elliptic curve pairing input size',
    });
    expect(store.log).toEqual([]);
    const input = new Uint8Array(192).fill(1);
    store.set(precompileKey(hexToBytes(PAIRING), 79_000, input), new Uint8Array([0]));
    expect(granite.get(PAIRING)!.run(input, 100_000)).toEqual({
      status: 'failure',
      reason: 'bn256Pairing: rejected by the pre-image oracle',
    });
    expect(store.hints()).toHaveLength(1);
  });

  it('checks the KZG input length and versioned hash locally; keeps 0x0a absent before Cancun', () => {
    const store = new TestPreimageStore();
    const table = acceleratePrecompiles(cancun, testOracle(store), { granite: true });
    expect(table.get(POINT_EVAL)!.run(new Uint8Array(191), 50_000)).toEqual({
      status: 'failure',
      reason: 'invalid input length',
    });
    const commitment = new Uint8Array(48).fill(3);
    const vh = sha256(commitment);
    vh[0] = 1;
    const wrong = concatBytes(new Uint8Array(32).fill(9), new Uint8Array(64), commitment, new Uint8Array(48));
    expect(table.get(POINT_EVAL)!.run(wrong, 50_000)).toEqual({
      status: 'failure',
      reason: 'mismatched versioned hash',
    });
    expect(store.log).toEqual([]);
    const right = concatBytes(vh, new Uint8Array(64), commitment, new Uint8Array(48));
    const out = new Uint8Array(64).fill(5);
    store.set(precompileKey(hexToBytes(POINT_EVAL), 50_000, right), concatBytes(new Uint8Array([1]), out));
    expect(table.get(POINT_EVAL)!.run(right, 60_000)).toEqual({ status: 'success', gasUsed: 50_000, output: out });
    const shanghai = acceleratePrecompiles(precompileTable('Shanghai'), testOracle(store), { granite: true });
    expect(shanghai.has(POINT_EVAL)).toBe(false);
    expect(shanghai.get(ECRECOVER)!.name).toMatch(/oracle/);
  });

  it('treats an answer without a 0/1 status byte as a fatal oracle error', () => {
    const store = new TestPreimageStore();
    const input = new Uint8Array(192).fill(1);
    store.set(precompileKey(hexToBytes(PAIRING), 79_000, input), new Uint8Array([2, 0]));
    const table = acceleratePrecompiles(cancun, testOracle(store), { granite: true });
    expect(() => table.get(PAIRING)!.run(input, 100_000)).toThrow(
      `precompile ${PAIRING} answer: expected status byte 0 or 1, got 2`,
    );
  });
});
