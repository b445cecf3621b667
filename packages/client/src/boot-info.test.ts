import { CUSTOM_CHAIN_ID as HOST_CUSTOM_CHAIN_ID } from '@faultline/host';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { CUSTOM_CHAIN_ID, readBootInfo } from './boot-info.js';
import { TestPreimageStore, testOracle } from './test-host.js';

const h = (b: number) => new Uint8Array(32).fill(b);

function baseStore(chainId: bigint): TestPreimageStore {
  return new TestPreimageStore()
    .setLocal(1, h(1))
    .setLocal(2, h(2))
    .setLocal(3, h(3))
    .setLocal(4, 1234n)
    .setLocal(5, chainId);
}

const chainConfigJson = {
  chainId: 901,
  homesteadBlock: 0,
  eip150Block: 0,
  eip155Block: 0,
  eip158Block: 0,
  byzantiumBlock: 0,
  constantinopleBlock: 0,
  petersburgBlock: 0,
  istanbulBlock: 0,
  muirGlacierBlock: 0,
  berlinBlock: 0,
  londonBlock: 0,
  mergeNetsplitBlock: 0,
  shanghaiTime: 0,
  cancunTime: 0,
  bedrockBlock: 0,
  regolithTime: 0,
  canyonTime: 0,
  deltaTime: 0,
  ecotoneTime: 0,
  terminalTotalDifficulty: 0,
  optimism: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
};
const rollupJson = {
  genesis: {
    l1: { hash: bytesToHex(h(0xa1)), number: 10 },
    l2: { hash: bytesToHex(h(0xb2)), number: 0 },
    l2_time: 1700000000,
    system_config: {
      batcherAddr: '0x1111111111111111111111111111111111111111',
      overhead: bytesToHex(h(0)),
      scalar: bytesToHex(h(0)),
      gasLimit: 30000000,
    },
  },
  block_time: 2,
  max_sequencer_drift: 600,
  seq_window_size: 3600,
  channel_timeout: 300,
  l1_chain_id: 900,
  l2_chain_id: 901,
  regolith_time: 0,
  canyon_time: 0,
  delta_time: 0,
  ecotone_time: 0,
  batch_inbox_address: '0xff00000000000000000000000000000000000901',
  deposit_contract_address: '0x2222222222222222222222222222222222222222',
  l1_system_config_address: '0x3333333333333333333333333333333333333333',
};

describe('readBootInfo', () => {
  it('reads keys 1-5 and takes a known chain config from the built-in table (no keys 6/7 asked)', () => {
    const store = baseStore(10n);
    const boot = readBootInfo(testOracle(store));
    expect(boot.l1Head).toEqual(h(1));
    expect(boot.agreedOutputRoot).toEqual(h(2));
    expect(boot.claimedOutputRoot).toEqual(h(3));
    expect(boot.claimBlockNumber).toBe(1234n);
    expect(boot.l2ChainId).toBe(10n);
    expect(boot.rollup.l2ChainId).toBe(10n);
    expect(bytesToHex(boot.rollup.batchInboxAddress)).toBe('0xff00000000000000000000000000000000000010');
    expect(store.gets().map((k) => Number(BigInt(k) & 0xffn))).toEqual([1, 2, 3, 4, 5]);
    expect(store.hints()).toEqual([]);
  });

  it('reads the chain config (key 6) and rollup config (key 7) for the custom chain id', () => {
    expect(CUSTOM_CHAIN_ID).toBe(HOST_CUSTOM_CHAIN_ID);
    const store = baseStore(CUSTOM_CHAIN_ID)
      .setLocal(6, utf8ToBytes(JSON.stringify(chainConfigJson)))
      .setLocal(7, utf8ToBytes(JSON.stringify(rollupJson)));
    const boot = readBootInfo(testOracle(store));
    expect(boot.chainConfig.chainId).toBe(901n);
    expect(boot.rollup.l2ChainId).toBe(901n);
    expect(boot.rollup.genesis.l2.hash).toEqual(h(0xb2));
    expect(boot.rollup.hardforks.ecotone).toBe(0n);
    // No EIP-1559 section in the rollup file: taken from the chain config's `optimism`.
    expect(boot.rollup.eip1559.denominatorCanyon).toBe(250n);
  });

  it('rejects an unknown chain id, a short value and bad custom JSON with exact messages', () => {
    expect(() => readBootInfo(testOracle(baseStore(12345n)))).toThrow(
      'unknown L2 chain id 12345 (no built-in config; use the custom-chain id)',
    );
    const short = baseStore(10n).setLocal(1, hexToBytes('0x1234'));
    expect(() => readBootInfo(testOracle(short))).toThrow('boot key 1 (l1Head): expected 32 bytes, got 2');
    const bad = baseStore(CUSTOM_CHAIN_ID).setLocal(6, utf8ToBytes('{not json')).setLocal(7, utf8ToBytes('{}'));
    expect(() => readBootInfo(testOracle(bad))).toThrow(/boot key 6 \(l2ChainConfig\): not UTF-8 JSON/);
  });

  it('fails on a missing key instead of inventing a value', () => {
    const store = new TestPreimageStore().setLocal(1, h(1));
    expect(() => readBootInfo(testOracle(store))).toThrow(/channel closed/);
  });
});
