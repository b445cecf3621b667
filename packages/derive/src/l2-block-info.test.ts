/**
 * Reading the safe head and its system config back from an L2 block: the inverse of what the
 * attributes builder put into the block's L1-attributes deposit and header.
 */
import { bigIntToBytes, concatBytes, hexToBytes } from '@faultline/primitives';
import { type Header, parseNutBundle, type RollupConfig } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { buildPayloadAttributes } from './attributes.js';
import { DeriveCriticalError } from './errors.js';
import { safeHeadFromBlock, systemConfigFromBlock } from './l2-block-info.js';
import { genesisSystemConfig, l2Hash, l2Tx, SyntheticL1, testRollup } from './synthetic-chain.js';
import type { SystemConfig } from './system-config.js';

const l1 = new SyntheticL1(102);

function l2Header(number: bigint, timestamp: bigint, gasLimit: bigint, extraData: Uint8Array): Header {
  return { ...l1.headers[0]!, number, timestamp, gasLimit, extraData };
}

function roundTrip(
  rollup: RollupConfig,
  sys: SystemConfig,
  timestamp: bigint,
  extraData: Uint8Array = new Uint8Array(0),
) {
  const attrs = buildPayloadAttributes({
    rollup,
    systemConfig: sys,
    l1Origin: { hash: l1.hash(101), header: l1.headers[1]! },
    sequenceNumber: 2n,
    timestamp,
    userDeposits: [],
    transactions: [l2Tx(0n)],
  });
  const header = l2Header(7n, timestamp, sys.gasLimit, extraData);
  return {
    head: safeHeadFromBlock(rollup, header, l2Hash(7n), attrs.transactions[0]),
    config: systemConfigFromBlock(rollup, header, attrs.transactions[0]),
  };
}

describe('safeHeadFromBlock / systemConfigFromBlock', () => {
  it('Bedrock: origin, sequence number and the raw overhead/scalar words come back', () => {
    const rollup = testRollup({ regolith: 0n });
    const sys = { ...genesisSystemConfig(rollup), gasLimit: 25_000_000n, scalar: bigIntToBytes(684_000n, 32) };
    const { head, config } = roundTrip(rollup, sys, 1214n);
    expect(head).toEqual({
      hash: l2Hash(7n),
      number: 7n,
      timestamp: 1214n,
      l1Origin: { hash: l1.hash(101), number: 101n },
      sequenceNumber: 2n,
    });
    expect(config).toEqual(sys);
  });

  it('Holocene + Isthmus: scalars, EIP-1559 params (extraData) and operator fee come back', () => {
    const rollup = testRollup({ ecotone: 0n, holocene: 0n, isthmus: 0n });
    const eip1559Params = hexToBytes('0x000000fa00000006');
    const operatorFeeParams = concatBytes(new Uint8Array(20), bigIntToBytes(9n, 4), bigIntToBytes(77n, 8));
    // After Ecotone the overhead is unused and reads back as zero (op-node PayloadToSystemConfig).
    const overhead = new Uint8Array(32);
    const sys = { ...genesisSystemConfig(rollup), overhead, eip1559Params, operatorFeeParams };
    const extraData: Uint8Array = concatBytes(new Uint8Array([0]), eip1559Params);
    const { config } = roundTrip(rollup, sys, 1214n, extraData);
    expect(config).toEqual(sys);
  });

  it('Jovian: minBaseFee (extraData v1) and the DA footprint scalar (L1-info) come back; 0 reads back as 400', () => {
    const rollup = testRollup({ ecotone: 0n, holocene: 0n, isthmus: 0n, jovian: 0n });
    const eip1559Params = hexToBytes('0x000000fa00000002');
    const operatorFeeParams = concatBytes(new Uint8Array(20), bigIntToBytes(9n, 4), bigIntToBytes(77n, 8));
    const base = { ...genesisSystemConfig(rollup), overhead: new Uint8Array(32), eip1559Params, operatorFeeParams };
    const sys = { ...base, minBaseFee: 200_000n, daFootprintGasScalar: 312n };
    const extraData = concatBytes(new Uint8Array([1]), eip1559Params, bigIntToBytes(200_000n, 8));
    expect(roundTrip(rollup, sys, 1214n, extraData).config).toEqual(sys);
    // The L1-info deposit carries the effective scalar (jovian/l1-attributes.md), so 0 comes back as 400.
    const zero = { ...sys, daFootprintGasScalar: 0n };
    expect(roundTrip(rollup, zero, 1214n, extraData).config.daFootprintGasScalar).toBe(400n);
    // A Jovian header with the Holocene form is refused.
    expect(() => roundTrip(rollup, sys, 1214n, concatBytes(new Uint8Array([0]), eip1559Params))).toThrow(
      /invalid Jovian extraData/,
    );
  });

  it('Karst activation block: its upgrade gas is stripped from the gas limit read back, unless kept', () => {
    const bundle = parseNutBundle({
      metadata: { version: '1.0.0' },
      transactions: [{ intent: 'A', from: `0x${'42'.repeat(20)}`, to: null, data: '0x00', gasLimit: 1_000_000 }],
    });
    const forks = { ecotone: 0n, holocene: 0n, isthmus: 0n, jovian: 0n, karst: 1214n };
    const rollup = { ...testRollup(forks), nutBundles: { karst: bundle } };
    const eip1559Params = hexToBytes('0x000000fa00000002');
    const sys = { ...genesisSystemConfig(rollup), overhead: new Uint8Array(32), eip1559Params };
    const extraData = concatBytes(new Uint8Array([1]), eip1559Params, new Uint8Array(8));
    const attrs = buildPayloadAttributes({
      rollup,
      systemConfig: sys,
      l1Origin: { hash: l1.hash(101), header: l1.headers[1]! },
      sequenceNumber: 2n,
      timestamp: 1214n,
      userDeposits: [],
      transactions: [],
    });
    expect(attrs.gasLimit).toBe(sys.gasLimit + 1_000_000n);
    const header = l2Header(7n, 1214n, attrs.gasLimit, extraData);
    expect(systemConfigFromBlock(rollup, header, attrs.transactions[0]).gasLimit).toBe(sys.gasLimit);
    const kept = { ...rollup, keepKarstUpgradeGas: true };
    expect(systemConfigFromBlock(kept, header, attrs.transactions[0]).gasLimit).toBe(sys.gasLimit + 1_000_000n);
  });

  it('the genesis block maps to the rollup genesis; a block without the L1-info deposit is refused', () => {
    const rollup = testRollup({});
    const genesis = l2Header(0n, 1200n, 30_000_000n, new Uint8Array(0));
    expect(safeHeadFromBlock(rollup, genesis, l2Hash(0n), undefined).l1Origin).toEqual(rollup.genesis.l1);
    expect(systemConfigFromBlock(rollup, genesis, undefined)).toEqual(genesisSystemConfig(rollup));
    const block = l2Header(3n, 1206n, 30_000_000n, new Uint8Array(0));
    expect(() => safeHeadFromBlock(rollup, block, l2Hash(3n), l2Tx(0n))).toThrow(DeriveCriticalError);
    expect(() => safeHeadFromBlock(rollup, block, l2Hash(3n), undefined)).toThrow(DeriveCriticalError);
  });
});
