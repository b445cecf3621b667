import { CUSTOM_CHAIN_ID as HOST_CUSTOM_CHAIN_ID } from '@faultline/host';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { CUSTOM_CHAIN_ID, readBootInfo } from './boot-info.js';
import { customChainJson } from './test-chain.js';
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

const { chainConfigJson, rollupJson } = customChainJson();

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

  it("reads kona's numbering: key 6 the rollup config (kona JSON), key 7 the L1 chain config", () => {
    const l1 = {
      chainId: 900,
      cancunTime: 0,
      pragueTime: 100,
      bpo1Time: 200,
      blobSchedule: { bpo1: { target: 10, max: 15, baseFeeUpdateFraction: 8346193 } },
    };
    const konaRollup = utf8ToBytes(
      JSON.stringify({
        ...rollupJson,
        chain_op_config: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
      }),
    );
    const store = baseStore(901n)
      .setLocal(6, konaRollup)
      .setLocal(7, utf8ToBytes(JSON.stringify(l1)));
    const boot = readBootInfo(testOracle(store));
    expect(boot.rollup.l2ChainId).toBe(901n);
    expect(boot.rollup.l1ChainConfig?.times.bpo1Time).toBe(200n);
    expect(boot.rollup.l1ChainConfig?.blobSchedule?.bpo1?.baseFeeUpdateFraction).toBe(8_346_193n);
    expect(boot.chainConfig.chainId).toBe(901n);
    // A kona rollup config for another chain than key 5 names is refused.
    const wrong = baseStore(902n).setLocal(6, konaRollup).setLocal(7, utf8ToBytes('{}'));
    expect(() => readBootInfo(testOracle(wrong))).toThrow(
      'boot key 6 (kona rollup config): chain id 901, boot key 5 says 902',
    );
  });

  it('rejects an unknown chain id, a short value and bad custom JSON with exact messages', () => {
    const unknown = baseStore(12345n).setLocal(6, utf8ToBytes(JSON.stringify(chainConfigJson)));
    expect(() => readBootInfo(testOracle(unknown))).toThrow(
      "unknown L2 chain id 12345 (no built-in config; use the custom-chain id, or kona's rollup config under key 6)",
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
