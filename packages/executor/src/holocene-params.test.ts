import { describe, expect, it } from 'vitest';
import {
  decodeHoloceneExtraData,
  encodeHoloceneExtraData,
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
    expect(opBlockExtraData(false, undefined, canyon)).toEqual(new Uint8Array(0));
    expect(() => opBlockExtraData(false, new Uint8Array(8), canyon)).toThrow(/absent before Holocene/);
    expect(() => opBlockExtraData(true, undefined, canyon)).toThrow(/required from Holocene/);
    expect(opBlockExtraData(true, Uint8Array.of(0, 0, 0, 8, 0, 0, 0, 2), canyon)).toEqual(
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
