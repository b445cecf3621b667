import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { identity, ripemd160, sha256 } from './linear.js';

const abc = new TextEncoder().encode('abc');

describe('linear-cost precompiles', () => {
  it('SHA256 of "abc" (FIPS 180-2 example) for 60 + 12 gas', () => {
    expect(sha256.run(abc, 72)).toEqual({
      status: 'success',
      gasUsed: 72,
      output: hexToBytes('0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'),
    });
  });

  it('RIPEMD160 of "abc" (RIPEMD-160 paper example), left-padded, for 600 + 120 gas', () => {
    expect(ripemd160.run(abc, 720)).toEqual({
      status: 'success',
      gasUsed: 720,
      output: hexToBytes('0x0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc'),
    });
  });

  it('IDENTITY returns a copy that does not alias the input', () => {
    const input = Uint8Array.of(1, 2, 3);
    const result = identity.run(input, 18);
    expect(result).toEqual({ status: 'success', gasUsed: 18, output: Uint8Array.of(1, 2, 3) });
    input[0] = 9;
    expect(result.status === 'success' && result.output[0]).toBe(1);
  });

  it.each([
    [0, 15, 60, 600],
    [1, 18, 72, 720],
    [32, 18, 72, 720],
    [33, 21, 84, 840],
    [64, 21, 84, 840],
  ])('charges per started word: %i bytes', (length, identityGas, shaGas, ripemdGas) => {
    const input = new Uint8Array(length);
    expect(identity.run(input, identityGas)).toMatchObject({ status: 'success', gasUsed: identityGas });
    expect(sha256.run(input, shaGas)).toMatchObject({ status: 'success', gasUsed: shaGas });
    expect(ripemd160.run(input, ripemdGas)).toMatchObject({ status: 'success', gasUsed: ripemdGas });
    for (const [p, gas] of [
      [identity, identityGas],
      [sha256, shaGas],
      [ripemd160, ripemdGas],
    ] as const) {
      expect(p.run(input, gas - 1)).toEqual({ status: 'failure', reason: 'out of gas' });
    }
  });
});
