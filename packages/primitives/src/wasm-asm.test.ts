/** LEB128 encodings against the worked examples of the DWARF/WebAssembly specs. */
import { describe, expect, it } from 'vitest';
import { sleb, uleb } from './wasm-asm.js';

describe('LEB128', () => {
  it('encodes unsigned values', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });
  it('encodes signed values, with the sign bit of the last byte', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1n)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});
