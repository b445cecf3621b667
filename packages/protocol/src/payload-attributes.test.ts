import { readFileSync } from 'node:fs';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import {
  type OpPayloadAttributes,
  parsePayloadAttributes,
  payloadAttributesToJson,
  validatePayloadAttributes,
} from './payload-attributes.js';
import { parseRollupConfig } from './rollup-config.js';

const p = fixturePath('kona-exec-op-mainnet-132795025', 'fixture.json');

describe.runIf(p)('payload attributes of a real OP Mainnet block', () => {
  const fx = p ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
  it('parses the kona fixture attributes and finds them valid for Holocene', () => {
    const attrs = parsePayloadAttributes(fx.executing_payload);
    expect(attrs.transactions.length).toBe(18);
    expect(attrs.gasLimit).toBe(60_000_000n);
    expect(Array.from(attrs.eip1559Params!)).toEqual([0, 0, 0, 0xfa, 0, 0, 0, 6]);
    // kona's fixture omits the (empty) withdrawals list; an engine API request carries it
    const rollup = parseRollupConfig(fx.rollup_config);
    expect(() => validatePayloadAttributes(attrs, rollup)).toThrow(/withdrawals must be present/);
    validatePayloadAttributes({ ...attrs, withdrawals: [] }, rollup);
  });
  it('rejects attributes missing Holocene or Ecotone fields', () => {
    const rollup = parseRollupConfig(fx.rollup_config);
    const attrs = { ...parsePayloadAttributes(fx.executing_payload), withdrawals: [] };
    const { eip1559Params, ...noParams } = attrs;
    expect(eip1559Params).toBeDefined();
    expect(() => validatePayloadAttributes(noParams, rollup)).toThrow(/eip1559Params/);
    const { parentBeaconBlockRoot, ...noRoot } = attrs;
    expect(parentBeaconBlockRoot).toBeDefined();
    expect(() => validatePayloadAttributes(noRoot, rollup)).toThrow(/parentBeaconBlockRoot/);
  });
  it('names the malformed field', () => {
    expect(() => parsePayloadAttributes({ ...fx.executing_payload, prevRandao: '0x00' })).toThrow(
      'payload attributes: prevRandao: hex: expected 32 bytes, got 1',
    );
  });
  it('carries minBaseFee exactly from Jovian on (u64 wei)', () => {
    const rollup = parseRollupConfig(fx.rollup_config);
    const jovian = { ...rollup, hardforks: { ...rollup.hardforks, jovian: 0n } };
    const attrs = { ...parsePayloadAttributes({ ...fx.executing_payload, minBaseFee: '0x30d40' }), withdrawals: [] };
    expect(attrs.minBaseFee).toBe(200_000n);
    validatePayloadAttributes(attrs, jovian);
    expect(() => validatePayloadAttributes(attrs, rollup)).toThrow(/minBaseFee must be set exactly from Jovian on/);
    const { minBaseFee: _, ...without } = attrs;
    expect(() => validatePayloadAttributes(without, jovian)).toThrow(/minBaseFee/);
    expect(() => parsePayloadAttributes({ ...fx.executing_payload, minBaseFee: '0x10000000000000000' })).toThrow(
      'payload attributes: minBaseFee: exceeds u64',
    );
  });
});

describe('payload attributes JSON', () => {
  it('round-trips through payloadAttributesToJson (the l2-payload-witness hint form)', () => {
    const attrs: OpPayloadAttributes = {
      timestamp: 1_700_000_002n,
      prevRandao: new Uint8Array(32).fill(1),
      suggestedFeeRecipient: new Uint8Array(20).fill(2),
      withdrawals: [],
      parentBeaconBlockRoot: new Uint8Array(32).fill(3),
      transactions: [Uint8Array.of(0x7e, 1, 2), Uint8Array.of(2, 0xc0)],
      noTxPool: true,
      gasLimit: 30_000_000n,
      eip1559Params: new Uint8Array(8),
      minBaseFee: 7n,
    };
    const json = payloadAttributesToJson(attrs);
    expect(json.timestamp).toBe('0x6553f102');
    expect(json.transactions).toEqual(['0x7e0102', '0x02c0']);
    expect(parsePayloadAttributes(JSON.parse(JSON.stringify(json)))).toEqual(attrs);
  });
});
