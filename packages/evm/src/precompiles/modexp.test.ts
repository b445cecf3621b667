import { bigIntToBytes, concatBytes } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createModexp, modexpGas, modPow } from './modexp.js';

function modexpInput(base: Uint8Array, exponent: Uint8Array, modulus: Uint8Array): Uint8Array {
  return concatBytes(
    bigIntToBytes(BigInt(base.length)),
    bigIntToBytes(BigInt(exponent.length)),
    bigIntToBytes(BigInt(modulus.length)),
    base,
    exponent,
    modulus,
  );
}

function header(baseLength: bigint, exponentLength: bigint, modulusLength: bigint): Uint8Array {
  return concatBytes(bigIntToBytes(baseLength), bigIntToBytes(exponentLength), bigIntToBytes(modulusLength));
}

// EIP-198 example 1: 3^(p-1) mod p for the secp256k1 field prime p, a Fermat test (= 1).
const SECP_P = 2n ** 256n - 2n ** 32n - 977n;
const fermat = modexpInput(Uint8Array.of(3), bigIntToBytes(SECP_P - 1n), bigIntToBytes(SECP_P));

const byzantium = createModexp('eip198');
const berlin = createModexp('eip2565');
const osaka = createModexp('eip7883');

describe('modexp', () => {
  it('prices the EIP-198 example in all three eras (formulas from EIP-198, EIP-2565, EIP-7883)', () => {
    // adjusted exponent length = 255; max(Blen, Mlen) = 32
    expect(modexpGas(fermat, 'eip198')).toBe((32n * 32n * 255n) / 20n);
    expect(modexpGas(fermat, 'eip2565')).toBe((4n * 4n * 255n) / 3n);
    expect(modexpGas(fermat, 'eip7883')).toBe(16n * 255n);
  });

  it('computes the Fermat test and pads the result to Mlen', () => {
    const result = byzantium.run(fermat, 13056);
    expect(result).toEqual({ status: 'success', gasUsed: 13056, output: bigIntToBytes(1n) });
  });

  it('returns Mlen zero bytes for a zero modulus and nothing for Mlen = 0', () => {
    expect(berlin.run(modexpInput(Uint8Array.of(5), Uint8Array.of(3), Uint8Array.of(0, 0)), 200)).toEqual({
      status: 'success',
      gasUsed: 200,
      output: new Uint8Array(2),
    });
    expect(berlin.run(modexpInput(Uint8Array.of(5), Uint8Array.of(3), new Uint8Array(0)), 200)).toEqual({
      status: 'success',
      gasUsed: 200,
      output: new Uint8Array(0),
    });
  });

  it('reads operands past the end of the input as zeros', () => {
    // base = 2, exponent = 0x0300 (declared 2 bytes, only the first given), modulus absent → zero
    const input = concatBytes(header(1n, 2n, 1n), Uint8Array.of(2, 3));
    expect(berlin.run(input, 1000)).toMatchObject({ status: 'success', output: Uint8Array.of(0) });
    const withModulus = concatBytes(header(1n, 1n, 1n), Uint8Array.of(2, 10, 255));
    expect(berlin.run(withModulus, 1000)).toMatchObject({ output: Uint8Array.of(1024 % 255) });
  });

  it('keeps gas beyond 2^53 exact and fails fast with out of gas', () => {
    const huge = header(2n ** 255n, 1n, 1n);
    expect(modexpGas(huge, 'eip2565') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    for (const p of [byzantium, berlin, osaka]) {
      expect(p.run(huge, Number.MAX_SAFE_INTEGER)).toEqual({ status: 'failure', reason: 'out of gas' });
    }
  });

  it('charges nothing (EIP-198) or the floor (EIP-2565) when Blen = Mlen = 0, whatever Elen is', () => {
    const input = header(0n, 2n ** 200n, 0n);
    expect(byzantium.run(input, 0)).toEqual({ status: 'success', gasUsed: 0, output: new Uint8Array(0) });
    expect(berlin.run(input, 200)).toEqual({ status: 'success', gasUsed: 200, output: new Uint8Array(0) });
    expect(osaka.run(input, Number.MAX_SAFE_INTEGER)).toEqual({ status: 'failure', reason: 'out of gas' });
  });

  it('rejects operands longer than 1024 bytes from Osaka (EIP-7823) but not before', () => {
    const input = modexpInput(new Uint8Array(1025), Uint8Array.of(1), Uint8Array.of(7));
    expect(osaka.run(input, 10_000_000)).toMatchObject({ status: 'failure' });
    expect(berlin.run(input, 10_000_000)).toMatchObject({ status: 'success', output: Uint8Array.of(0) });
    const atLimit = modexpInput(new Uint8Array(1024), Uint8Array.of(1), Uint8Array.of(7));
    expect(osaka.run(atLimit, 10_000_000)).toMatchObject({ status: 'success', output: Uint8Array.of(0) });
  });

  it('fails one gas short of the requirement in every era', () => {
    for (const [p, era] of [
      [byzantium, 'eip198'],
      [berlin, 'eip2565'],
      [osaka, 'eip7883'],
    ] as const) {
      const gas = Number(modexpGas(fermat, era));
      expect(p.run(fermat, gas - 1)).toEqual({ status: 'failure', reason: 'out of gas' });
      expect(p.run(fermat, gas)).toMatchObject({ status: 'success', gasUsed: gas });
    }
  });

  it('modPow agrees with repeated multiplication', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 2n ** 70n), fc.integer({ min: 0, max: 300 }), fc.bigInt(2n, 2n ** 70n), (b, e, m) => {
        let expected = 1n % m;
        for (let i = 0; i < e; i++) expected = (expected * b) % m;
        expect(modPow(b, BigInt(e), m)).toBe(expected);
      }),
    );
  });
});
