/**
 * 0x05 MODEXP (EIP-198): `base^exp mod m` over arbitrary-length big-endian integers. Input is
 * three 32-byte lengths (Blen, Elen, Mlen) followed by the operands, zero-padded past the end of
 * the input; the output is exactly Mlen bytes. Lengths are 256-bit, so the gas requirement is
 * computed in bigint before anything is read: an absurd length only ever means "out of gas".
 *
 * Three pricing eras, selected by the table builder:
 * - EIP-198 (Byzantium): mult_complexity(max(Blen, Mlen)) · max(adjExpLen, 1) / 20
 * - EIP-2565 (Berlin): max(200, ceil(max(Blen, Mlen)/8)² · max(adjExpLen, 1) / 3)
 * - EIP-7883 (Osaka): max(500, mc · max(adjExpLen', 1)) with mc = 16 up to 32 bytes and
 *   2·words² above, and a 16× (instead of 8×) weight on exponent bytes past the first 32;
 *   plus EIP-7823: any length above 1024 bytes is an error.
 */
import {
  failure,
  OUT_OF_GAS_RESULT,
  type Precompile,
  type PrecompileResult,
  readBigInt,
  success,
  writeBigInt,
} from './types.js';

export type ModexpPricing = 'eip198' | 'eip2565' | 'eip7883';

/** EIP-7823 upper bound on each of Blen, Elen and Mlen (Osaka). */
export const EIP7823_MAX_LENGTH = 1024n;

const HEADER_LENGTH = 96;
const EMPTY = new Uint8Array(0);

interface ModexpHeader {
  baseLength: bigint;
  exponentLength: bigint;
  modulusLength: bigint;
}

function readHeader(input: Uint8Array): ModexpHeader {
  return {
    baseLength: readBigInt(input, 0, 32),
    exponentLength: readBigInt(input, 32, 32),
    modulusLength: readBigInt(input, 64, 32),
  };
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/**
 * The first (up to) 32 bytes of the exponent as an integer. The exponent starts after the base,
 * so a base longer than the input means the head is all zero padding.
 */
function exponentHead(input: Uint8Array, header: ModexpHeader): bigint {
  const start = BigInt(HEADER_LENGTH) + header.baseLength;
  if (start >= BigInt(input.length)) return 0n;
  const headLength = header.exponentLength < 32n ? Number(header.exponentLength) : 32;
  return readBigInt(input, Number(start), headLength);
}

/** EIP-198 "adjusted exponent length"; `multiplier` is 8 (EIP-198/2565) or 16 (EIP-7883). */
function adjustedExponentLength(input: Uint8Array, header: ModexpHeader, multiplier: bigint): bigint {
  const head = exponentHead(input, header);
  const headBits = head === 0n ? 0n : BigInt(bitLength(head) - 1);
  if (header.exponentLength <= 32n) return headBits;
  return multiplier * (header.exponentLength - 32n) + headBits;
}

function eip198MultComplexity(x: bigint): bigint {
  if (x <= 64n) return x * x;
  if (x <= 1024n) return (x * x) / 4n + 96n * x - 3072n;
  return (x * x) / 16n + 480n * x - 199680n;
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Gas required for `input` under `pricing`; bigint because lengths are 256-bit. */
export function modexpGas(input: Uint8Array, pricing: ModexpPricing): bigint {
  const header = readHeader(input);
  const maxLength = maxBig(header.baseLength, header.modulusLength);
  switch (pricing) {
    case 'eip198': {
      const iterations = maxBig(adjustedExponentLength(input, header, 8n), 1n);
      return (eip198MultComplexity(maxLength) * iterations) / 20n;
    }
    case 'eip2565': {
      const words = (maxLength + 7n) / 8n;
      const iterations = maxBig(adjustedExponentLength(input, header, 8n), 1n);
      return maxBig(200n, (words * words * iterations) / 3n);
    }
    case 'eip7883': {
      const words = (maxLength + 7n) / 8n;
      const complexity = maxLength <= 32n ? 16n : 2n * words * words;
      const iterations = maxBig(adjustedExponentLength(input, header, 16n), 1n);
      return maxBig(500n, complexity * iterations);
    }
  }
}

/** base^exponent mod modulus with a 4-bit fixed window; modulus > 1. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const b = base % modulus;
  if (exponent === 0n) return 1n;
  if (b === 0n) return 0n;
  if (b === 1n) return 1n;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * b) % modulus);
  const hex = exponent.toString(16);
  let acc = table[Number.parseInt(hex[0], 16)];
  for (let i = 1; i < hex.length; i++) {
    acc = (acc * acc) % modulus;
    acc = (acc * acc) % modulus;
    acc = (acc * acc) % modulus;
    acc = (acc * acc) % modulus;
    const nibble = Number.parseInt(hex[i], 16);
    if (nibble !== 0) acc = (acc * table[nibble]) % modulus;
  }
  return acc;
}

function execute(input: Uint8Array, header: ModexpHeader): Uint8Array {
  if (header.modulusLength === 0n) return EMPTY;
  // With Mlen ≥ 1 every pricing era charges at least linearly in Blen and Elen, so once the gas
  // check has passed all three lengths are safe integers.
  const baseLength = Number(header.baseLength);
  const exponentLength = Number(header.exponentLength);
  const modulusLength = Number(header.modulusLength);
  const output = new Uint8Array(modulusLength);
  const modulus = readBigInt(input, HEADER_LENGTH + baseLength + exponentLength, modulusLength);
  if (modulus <= 1n) return output; // x mod 1 = 0, and a zero modulus yields zero by definition
  const base = readBigInt(input, HEADER_LENGTH, baseLength);
  const exponent = readBigInt(input, HEADER_LENGTH + baseLength, exponentLength);
  writeBigInt(output, 0, modulusLength, modPow(base, exponent, modulus));
  return output;
}

export function createModexp(pricing: ModexpPricing): Precompile {
  return {
    name: 'MODEXP',
    run(input: Uint8Array, gasLimit: number): PrecompileResult {
      const gas = modexpGas(input, pricing);
      if (gas > BigInt(gasLimit)) return OUT_OF_GAS_RESULT;
      const header = readHeader(input);
      if (
        pricing === 'eip7883' &&
        (header.baseLength > EIP7823_MAX_LENGTH ||
          header.exponentLength > EIP7823_MAX_LENGTH ||
          header.modulusLength > EIP7823_MAX_LENGTH)
      ) {
        return failure('modexp: operand length exceeds 1024 bytes (EIP-7823)');
      }
      return success(Number(gas), execute(input, header));
    },
  };
}
