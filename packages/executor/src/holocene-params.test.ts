import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import {
  decodeHoloceneExtraData,
  decodeJovianExtraData,
  decodeOpExtraData,
  encodeHoloceneExtraData,
  encodeJovianExtraData,
  holoceneExtraDataFromAttributes,
  opBlockExtraData,
} from './holocene-params.js';

describe('Holocene extraData', () => {
  const canyon = { denominator: 250n, elasticity: 6n };
  it('encodes version 0 ++ u32 denominator ++ u32 elasticity', () => {
    expect(Array.from(encodeHoloceneExtraData({ denominator: 250n, elasticity: 6n }))).toEqual([
      0, 0, 0, 0, 250, 0, 0, 0, 6,
    ]);
  });
  it('validates length, version and a non-zero denominator', () => {
    expect(() => decodeHoloceneExtraData(new Uint8Array(8))).toThrow('holocene extraData: expected 9 bytes, got 8');
    expect(() => decodeHoloceneExtraData(Uint8Array.of(1, 0, 0, 0, 250, 0, 0, 0, 6))).toThrow(/unsupported version 1/);
    expect(() => decodeHoloceneExtraData(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 6))).toThrow(/denominator is zero/);
    expect(decodeHoloceneExtraData(Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0, 2))).toEqual({
      denominator: 256n,
      elasticity: 2n,
    });
  });
  it('is empty before Holocene and required after', () => {
    expect(opBlockExtraData('none', {}, canyon)).toEqual(new Uint8Array(0));
    expect(() => opBlockExtraData('none', { eip1559Params: new Uint8Array(8) }, canyon)).toThrow(
      /absent before Holocene/,
    );
    expect(() => opBlockExtraData('holocene', {}, canyon)).toThrow(/required from Holocene/);
    expect(opBlockExtraData('holocene', { eip1559Params: Uint8Array.of(0, 0, 0, 8, 0, 0, 0, 2) }, canyon)).toEqual(
      encodeHoloceneExtraData({ denominator: 8n, elasticity: 2n }),
    );
  });
  it('maps all-zero eip1559Params to the Canyon constants and rejects 0/x', () => {
    expect(holoceneExtraDataFromAttributes(new Uint8Array(8), canyon)).toEqual(encodeHoloceneExtraData(canyon));
    expect(() => holoceneExtraDataFromAttributes(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1), canyon)).toThrow(
      /zero denominator/,
    );
    expect(() => holoceneExtraDataFromAttributes(new Uint8Array(9), canyon)).toThrow(/expected 8 bytes, got 9/);
  });
});

describe('Jovian extraData (17 bytes: version 1, u32 denominator, u32 elasticity, u64 minBaseFee)', () => {
  const canyon = { denominator: 250n, elasticity: 6n };
  // The extraData of real OP Mainnet block 151,534,212 (Jovian era), from ../shared/fixtures/op-jovian-karst.
  const live = hexToBytes('0x01000000fa000000020000000000000000');

  it('decodes the live chain form', () => {
    expect(decodeJovianExtraData(live)).toEqual({ denominator: 250n, elasticity: 2n, minBaseFee: 0n });
    expect(decodeOpExtraData(live)).toEqual({ version: 1, denominator: 250n, elasticity: 2n, minBaseFee: 0n });
  });

  it('encodes the minimum base fee big-endian in bytes 9..17', () => {
    // 200,000 wei = 0x30d40 (Base mainnet's minBaseFee).
    expect(bytesToHex(encodeJovianExtraData(canyon, 200_000n))).toBe('0x01000000fa000000060000000000030d40');
    expect(() => encodeJovianExtraData(canyon, 1n << 64n)).toThrow(/not a u64/);
  });

  it('rejects a wrong length, a wrong version and a zero denominator', () => {
    expect(() => decodeJovianExtraData(live.subarray(0, 10))).toThrow('jovian extraData: expected 17 bytes, got 10');
    expect(() => decodeJovianExtraData(encodeHoloceneExtraData(canyon))).toThrow('expected 17 bytes, got 9');
    const v2 = live.slice();
    v2[0] = 2;
    expect(() => decodeJovianExtraData(v2)).toThrow(/unsupported version 2/);
    expect(() => decodeOpExtraData(v2)).toThrow(/unknown version 2/);
    expect(() => decodeJovianExtraData(hexToBytes('0x01000000000000000200000000000000ff'))).toThrow(
      /denominator is zero/,
    );
  });

  it('is built from eip1559Params plus minBaseFee from Jovian on, and minBaseFee is refused before', () => {
    const attrs = { eip1559Params: new Uint8Array(8), minBaseFee: 5_000_000n };
    expect(bytesToHex(opBlockExtraData('jovian', attrs, canyon))).toBe('0x01000000fa0000000600000000004c4b40');
    expect(() => opBlockExtraData('jovian', { eip1559Params: new Uint8Array(8) }, canyon)).toThrow(
      /minBaseFee: required from Jovian/,
    );
    expect(() => opBlockExtraData('holocene', attrs, canyon)).toThrow(/minBaseFee: must be absent before Jovian/);
  });
});
