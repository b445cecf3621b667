import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { AbiError, type AbiParam, decodeAbi, encodeAbi, selectorOf, signatureOf } from './abi.js';

const words = (...w: string[]) => `0x${w.map((x) => x.padStart(64, '0')).join('')}`;

describe('ABI encoding (Solidity ABI spec, "Examples")', () => {
  it('static arguments: baz(uint32,bool)', () => {
    const params: AbiParam[] = [{ type: 'uint32' }, { type: 'bool' }];
    expect(bytesToHex(selectorOf(signatureOf('baz', params)))).toBe('0xcdcd77c0');
    expect(bytesToHex(encodeAbi(params, [69n, true]))).toBe(words('45', '1'));
  });

  it('dynamic arguments: sam(bytes,bool,uint256[]) with "dave", true, [1,2,3]', () => {
    const params: AbiParam[] = [{ type: 'bytes' }, { type: 'bool' }, { type: 'uint256[]' }];
    expect(bytesToHex(selectorOf(signatureOf('sam', params)))).toBe('0xa5643bf2');
    const enc = encodeAbi(params, [new TextEncoder().encode('dave'), true, [1n, 2n, 3n]]);
    const dave = '6461766500000000000000000000000000000000000000000000000000000000';
    expect(bytesToHex(enc)).toBe(words('60', '1', 'a0', '4', dave, '3', '1', '2', '3'));
    expect(decodeAbi(params, enc)).toEqual([new TextEncoder().encode('dave'), true, [1n, 2n, 3n]]);
  });

  it('tuples with dynamic members round-trip, and signatures spell tuples as (…)', () => {
    const params: AbiParam[] = [
      {
        type: 'tuple[]',
        components: [
          { name: 'gameType', type: 'uint32' },
          { name: 'outputRoot', type: 'tuple', components: [{ type: 'bytes32' }, { type: 'uint256' }] },
        ],
      },
      { type: 'string' },
      { type: 'int8' },
    ];
    expect(signatureOf('initialize', params)).toBe('initialize((uint32,(bytes32,uint256))[],string,int8)');
    const root = new Uint8Array(32).fill(7);
    const values = [[[0n, [root, 5n]]], 'héllo', -3n];
    expect(decodeAbi(params, encodeAbi(params, values))).toEqual(values);
  });

  it('addresses decode to lower-case hex; bad input is an AbiError naming the path', () => {
    const addr = '0x00000000000000000000000000000000000000aa';
    expect(decodeAbi([{ type: 'address' }], encodeAbi([{ type: 'address' }], [addr]))).toEqual([addr]);
    expect(() => encodeAbi([{ name: 'x', type: 'uint8' }], [256n])).toThrow(/args\.x: uint8: 256 out of range/);
    expect(() => decodeAbi([{ type: 'bool' }], hexToBytes(words('2')))).toThrow(AbiError);
    expect(() => decodeAbi([{ type: 'address' }], hexToBytes(words('1'.repeat(41))))).toThrow(/non-zero padding/);
    expect(() => decodeAbi([{ type: 'bytes' }], hexToBytes(words('20', '40')))).toThrow(/past the end/);
    expect(() => decodeAbi([{ type: 'uint256' }], new Uint8Array(31))).toThrow(/data ends at 31 bytes/);
  });
});
