import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { decodeL1Info, encodeL1Info, type L1BlockInfo, l1InfoDepositTx, l1InfoFormatAt } from './l1-info.js';
import { isOpHardforkActive } from './op-hardforks.js';
import { parseRollupConfig } from './rollup-config.js';
import { decodeTransaction, encodeTransaction, isDeposit } from './transaction.js';

const NAMES = [
  'kona-exec-op-mainnet-132795025',
  'kona-exec-op-sepolia-22880574',
  'kona-exec-op-sepolia-26207963',
  'kona-exec-unichain-mainnet-10311000',
];

describe('L1-info deposit of real blocks (kona fixtures)', () => {
  for (const name of NAMES) {
    const p = fixturePath(name, 'fixture.json');
    it.runIf(p)(`${name}: decodes, and rebuilding the deposit from its fields gives the same bytes`, () => {
      const fx = JSON.parse(readFileSync(p!, 'utf8'));
      const raw = hexToBytes(fx.executing_payload.transactions[0]);
      const tx = decodeTransaction(raw);
      if (!isDeposit(tx)) throw new Error('first transaction is not a deposit');
      const info = decodeL1Info(tx.data);
      const rollup = parseRollupConfig(fx.rollup_config);
      const ts = BigInt(fx.executing_payload.timestamp);
      expect(info.format).toBe(l1InfoFormatAt(rollup.hardforks, ts, rollup.blockTime));
      expect(info.format).toBe('ecotone');
      const rebuilt = l1InfoDepositTx(info, isOpHardforkActive(rollup.hardforks, 'regolith', ts));
      expect(bytesToHex(encodeTransaction(rebuilt))).toBe(bytesToHex(raw));
    });
  }
});

describe('L1-info calldata forms', () => {
  const common = {
    number: 17_422_590n,
    timestamp: 1_686_068_903n,
    baseFee: 1_000_000_000n,
    blockHash: hexToBytes(`0x${'11'.repeat(32)}`),
    sequenceNumber: 4n,
    batcherHash: hexToBytes(`0x${'00'.repeat(12)}${'22'.repeat(20)}`),
  };
  const infos: L1BlockInfo[] = [
    { format: 'bedrock', ...common, l1FeeOverhead: 188n, l1FeeScalar: 684_000n },
    { format: 'ecotone', ...common, baseFeeScalar: 5227, blobBaseFeeScalar: 1_014_213, blobBaseFee: 1n },
    {
      format: 'isthmus',
      ...common,
      baseFeeScalar: 5227,
      blobBaseFeeScalar: 1_014_213,
      blobBaseFee: 7n,
      operatorFeeScalar: 3,
      operatorFeeConstant: 1_000n,
    },
    {
      format: 'jovian',
      ...common,
      baseFeeScalar: 5227,
      blobBaseFeeScalar: 1_014_213,
      blobBaseFee: 7n,
      operatorFeeScalar: 3,
      operatorFeeConstant: 1_000n,
      daFootprintGasScalar: 312,
    },
  ];

  it.each(infos.map((i) => [i.format, i] as const))('%s round-trips', (_f, info) => {
    expect(decodeL1Info(encodeL1Info(info))).toEqual(info);
  });

  it('lays out the Bedrock ABI words and the packed Isthmus tail at the spec offsets', () => {
    const bedrock = encodeL1Info(infos[0]!);
    expect(bedrock.length).toBe(260);
    expect(bytesToHex(bedrock.subarray(0, 4))).toBe('0x015d8eb9');
    expect(bedrock[4 + 4 * 32 + 31]).toBe(4); // sequenceNumber: 5th word
    const isthmus = encodeL1Info(infos[2]!);
    expect(isthmus.length).toBe(176);
    expect(bytesToHex(isthmus.subarray(0, 4))).toBe('0x098999be');
    expect(bytesToHex(isthmus.subarray(164, 176))).toBe('0x0000000300000000000003e8');
  });

  it('appends the u16 DA footprint scalar at bytes 176-177 under selector 0x3db6be2b (jovian/l1-attributes.md)', () => {
    const jovian = encodeL1Info(infos[3]!);
    expect(jovian.length).toBe(178);
    expect(bytesToHex(jovian.subarray(0, 4))).toBe('0x3db6be2b');
    // The Isthmus body is unchanged apart from the selector.
    expect(bytesToHex(jovian.subarray(4, 176))).toBe(bytesToHex(encodeL1Info(infos[2]!).subarray(4, 176)));
    expect(bytesToHex(jovian.subarray(176))).toBe('0x0138'); // 312
    expect(() => decodeL1Info(jovian.subarray(0, 177))).toThrow(
      'l1 info: jovian calldata: expected 178 bytes, got 177',
    );
  });

  it('rejects a wrong length and an unknown selector', () => {
    const ecotone = encodeL1Info(infos[1]!);
    expect(() => decodeL1Info(ecotone.subarray(0, 163))).toThrow(
      'l1 info: ecotone calldata: expected 164 bytes, got 163',
    );
    expect(() => decodeL1Info(Uint8Array.of(1, 2, 3, 4))).toThrow(/unknown selector/);
  });

  it('uses the previous form on a fork activation block', () => {
    const times = { bedrock: 0n, ecotone: 100n, isthmus: 200n };
    expect(l1InfoFormatAt(times, 98n, 2n)).toBe('bedrock');
    expect(l1InfoFormatAt(times, 100n, 2n)).toBe('bedrock');
    expect(l1InfoFormatAt(times, 102n, 2n)).toBe('ecotone');
    expect(l1InfoFormatAt(times, 200n, 2n)).toBe('ecotone');
    expect(l1InfoFormatAt(times, 202n, 2n)).toBe('isthmus');
    const jovian = { ...times, jovian: 300n };
    expect(l1InfoFormatAt(jovian, 300n, 2n)).toBe('isthmus'); // the activation block still calls Isthmus
    expect(l1InfoFormatAt(jovian, 302n, 2n)).toBe('jovian');
    expect(l1InfoFormatAt({ ...jovian, isthmus: 0n, jovian: 0n }, 2n, 2n)).toBe('jovian'); // active at genesis
  });
});
