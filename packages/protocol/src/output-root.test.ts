import { bytesToHex, concatBytes, keccak256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { decodeOutputV0, encodeOutputV0, outputRootV0 } from './output-root.js';

describe('output root v0', () => {
  const output = {
    stateRoot: new Uint8Array(32).fill(1),
    messagePasserStorageRoot: new Uint8Array(32).fill(2),
    blockHash: new Uint8Array(32).fill(3),
  };
  it('is keccak(0^32 ++ stateRoot ++ messagePasserStorageRoot ++ blockHash)', () => {
    const pre = concatBytes(new Uint8Array(32), output.stateRoot, output.messagePasserStorageRoot, output.blockHash);
    expect(bytesToHex(outputRootV0(output))).toBe(bytesToHex(keccak256(pre)));
    expect(decodeOutputV0(encodeOutputV0(output))).toEqual(output);
  });
  it('rejects wrong sizes and other versions', () => {
    expect(() => outputRootV0({ ...output, blockHash: new Uint8Array(31) })).toThrow(
      'blockHash: expected 32 bytes, got 31',
    );
    const pre = encodeOutputV0(output);
    pre[31] = 1;
    expect(() => decodeOutputV0(pre)).toThrow(/unsupported version/);
  });
});
