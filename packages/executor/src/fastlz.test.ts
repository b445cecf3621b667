import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { flzCompressLen } from './fastlz.js';

// Vectors of op-geth's core/types/rollup_cost_test.go (TestFlzCompressLen), repeated verbatim by
// other OP clients (Besu's FastLzTest): empty, 1000 × 0x01, 1000 × 0x00, an empty legacy tx and
// a real EIP-1559 contract call.
const EMPTY_TX = '0xdd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080';
const CONTRACT_CALL_TX =
  '0x02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8cc2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000000003c1e5000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec06449cb922b93b6a12744e';

describe('FastLZ compressed length', () => {
  it.each([
    ['empty', new Uint8Array(0), 0],
    ['1000 ones', new Uint8Array(1000).fill(1), 21],
    ['1000 zeros', new Uint8Array(1000), 21],
    ['empty legacy tx', hexToBytes(EMPTY_TX), 31],
    ['EIP-1559 contract call', hexToBytes(CONTRACT_CALL_TX), 202],
  ])('%s', (_name, input, expected) => {
    expect(flzCompressLen(input)).toBe(expected);
  });

  it('short inputs are all literals: n bytes cost n + 1 (one run header)', () => {
    for (let n = 1; n < 13; n++) expect(flzCompressLen(new Uint8Array(n).fill(7))).toBe(n + 1);
  });

  it('input without any repeated 3-byte window is all literals: 33 bytes per 32-byte run', () => {
    const data = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(flzCompressLen(data)).toBe(8 * 33);
  });
});
