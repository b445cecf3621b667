import { localKey } from '@faultline/preimage';
import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { CUSTOM_CHAIN_ID, LocalSource } from './local-source.js';

const boot = {
  l1Head: new Uint8Array(32).fill(1),
  l2OutputRoot: new Uint8Array(32).fill(2),
  l2Claim: new Uint8Array(32).fill(3),
  l2ClaimBlockNumber: 0x1234n,
  l2ChainConfig: new Uint8Array([0x7b, 0x7d]),
  rollupConfig: new Uint8Array([0x5b, 0x5d]),
};

describe('LocalSource (boot keys)', () => {
  it('answers keys 1-5; 4 and 5 as uint64 big-endian', () => {
    const s = new LocalSource({ ...boot, l2ChainId: 10n });
    expect(s.get(localKey(1))).toEqual(boot.l1Head);
    expect(s.get(localKey(2))).toEqual(boot.l2OutputRoot);
    expect(s.get(localKey(3))).toEqual(boot.l2Claim);
    expect(bytesToHex(s.get(localKey(4))!)).toBe('0x0000000000001234');
    expect(bytesToHex(s.get(localKey(5))!)).toBe('0x000000000000000a');
  });

  it('serves configs (keys 6/7) only for the custom-chain marker', () => {
    expect(new LocalSource({ ...boot, l2ChainId: 10n }).get(localKey(6))).toBeUndefined();
    const custom = new LocalSource({ ...boot, l2ChainId: CUSTOM_CHAIN_ID });
    expect(bytesToHex(custom.get(localKey(5))!)).toBe('0xffffffffffffffff');
    expect(custom.get(localKey(6))).toEqual(boot.l2ChainConfig);
    expect(custom.get(localKey(7))).toEqual(boot.rollupConfig);
    expect(custom.get(localKey(8))).toBeUndefined();
  });

  it("serves kona's numbering when asked: 6 the rollup config, 7 the L1 chain config, under the real chain id", () => {
    const l1ChainConfig = new Uint8Array([0x7b, 0x31, 0x7d]);
    const kona = new LocalSource({ ...boot, l2ChainId: 901n, l1ChainConfig, program: 'kona' });
    expect(bytesToHex(kona.get(localKey(5))!)).toBe('0x0000000000000385');
    expect(kona.get(localKey(6))).toEqual(boot.rollupConfig);
    expect(kona.get(localKey(7))).toEqual(l1ChainConfig);
    // A built-in chain (no configs given) gets none.
    const { rollupConfig: _, ...known } = boot;
    expect(new LocalSource({ ...known, l2ChainId: 10n, program: 'kona' }).get(localKey(6))).toBeUndefined();
  });
});
