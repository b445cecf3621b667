/**
 * The Frontier precompiles whose price is linear in the input size (yellow paper appendix E):
 * 0x02 SHA256 (60 + 12/word), 0x03 RIPEMD160 (600 + 120/word, digest left-padded to a word)
 * and 0x04 IDENTITY (15 + 3/word). They accept any input and never fail except for gas.
 */

import { sha256 as primitivesSha256 } from '@faultline/primitives';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';
import { OUT_OF_GAS_RESULT, type Precompile, type PrecompileResult, success, wordCount } from './types.js';

interface LinearPricing {
  readonly base: number;
  readonly perWord: number;
}

export const SHA256_PRICING: LinearPricing = { base: 60, perWord: 12 };
export const RIPEMD160_PRICING: LinearPricing = { base: 600, perWord: 120 };
export const IDENTITY_PRICING: LinearPricing = { base: 15, perWord: 3 };

export function linearGas(pricing: LinearPricing, inputLength: number): number {
  return pricing.base + pricing.perWord * wordCount(inputLength);
}

function linearPrecompile(
  name: string,
  pricing: LinearPricing,
  compute: (input: Uint8Array) => Uint8Array,
): Precompile {
  return {
    name,
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      const gas = linearGas(pricing, input.length);
      if (gas > gasLimit) return OUT_OF_GAS_RESULT;
      return success(gas, compute(input));
    },
  };
}

export const sha256: Precompile = linearPrecompile('SHA256', SHA256_PRICING, primitivesSha256);

export const ripemd160: Precompile = linearPrecompile('RIPEMD160', RIPEMD160_PRICING, (input) => {
  const word = new Uint8Array(32);
  word.set(nobleRipemd160(input), 12);
  return word;
});

// The output must not alias the caller's buffer: the interpreter may later write into the
// memory the input was sliced from.
export const identity: Precompile = linearPrecompile('IDENTITY', IDENTITY_PRICING, (input) => input.slice());
