import { bytesToHex, hexToBytes, sha256 } from '@faultline/primitives';
import {
  BEACON_ROOTS_ADDRESS,
  encodeTransaction,
  type Header,
  HISTORY_STORAGE_ADDRESS,
  headerHash,
  type OpPayloadAttributes,
  PREDEPLOYS,
  type RollupConfig,
} from '@faultline/protocol';
import { stateFromAlloc, TrieState } from '@faultline/state';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { buildBlock } from './block-builder.js';
import { encodeHoloceneExtraData } from './holocene-params.js';
import { KeccakStore } from './keccak-store.js';

const FROM = '0x00000000000000000000000000000000000aaaaa';
const TO = '0x00000000000000000000000000000000000bbbbb';
const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);
/** Stand-ins for the system contracts: SSTORE(TIMESTAMP, calldata[0]) and SSTORE(NUMBER-1, calldata[0]). */
const BEACON_STANDIN = '0x600035425500';
const HISTORY_STANDIN = '0x60003560014303550000';

const alloc = {
  [bytesToHex(BEACON_ROOTS_ADDRESS)]: { code: BEACON_STANDIN, nonce: 1 },
  [bytesToHex(HISTORY_STORAGE_ADDRESS)]: { code: HISTORY_STANDIN, nonce: 1 },
  [MESSAGE_PASSER]: { code: '0x00', storage: { '0x0': 5 } },
};

function witness(): { root: Uint8Array; store: KeccakStore } {
  const commit = stateFromAlloc(alloc).commitNodes();
  const store = new KeccakStore();
  for (const [h, v] of [...commit.nodes, ...commit.codes]) store.put(h, v);
  return { root: commit.root, store };
}

function rollup(hardforks: RollupConfig['hardforks']): RollupConfig {
  const zero = new Uint8Array(20);
  return {
    genesis: {
      l1: { hash: new Uint8Array(32), number: 0n },
      l2: { hash: new Uint8Array(32), number: 0n },
      l2Time: 0n,
      systemConfig: {
        batcherAddress: zero,
        overhead: new Uint8Array(32),
        scalar: new Uint8Array(32),
        gasLimit: 30_000_000n,
      },
    },
    blockTime: 2n,
    maxSequencerDrift: 600n,
    seqWindowSize: 3600n,
    channelTimeout: 300n,
    graniteChannelTimeout: 50n,
    l1ChainId: 1n,
    l2ChainId: 901n,
    hardforks,
    batchInboxAddress: zero,
    depositContractAddress: zero,
    l1SystemConfigAddress: zero,
    eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
  };
}

function parent(stateRoot: Uint8Array, extra: Partial<Header>): Header {
  return {
    parentHash: new Uint8Array(32).fill(9),
    ommersHash: new Uint8Array(32),
    beneficiary: new Uint8Array(20),
    stateRoot,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 9n,
    gasLimit: 30_000_000n,
    gasUsed: 5_000_000n,
    timestamp: 100n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 1000n,
    ...extra,
  };
}

const deposit = encodeTransaction({
  type: 0x7e,
  sourceHash: new Uint8Array(32).fill(3),
  from: hexToBytes(FROM),
  to: hexToBytes(TO),
  mint: 1000n,
  value: 10n,
  gasLimit: 100_000n,
  isSystemTx: false,
  data: new Uint8Array(0),
});

function attributes(extra: Partial<OpPayloadAttributes>): OpPayloadAttributes {
  return {
    timestamp: 102n,
    prevRandao: new Uint8Array(32).fill(7),
    suggestedFeeRecipient: PREDEPLOYS.sequencerFeeVault,
    transactions: [deposit],
    noTxPool: true,
    gasLimit: 30_000_000n,
    ...extra,
  };
}

describe('buildBlock (synthetic chain)', () => {
  it('Isthmus: system calls, deposit receipt fields, withdrawals root, requests hash, Holocene extraData', () => {
    const { root, store } = witness();
    const beaconRoot = new Uint8Array(32).fill(0x11);
    const p = parent(root, {
      extraData: encodeHoloceneExtraData({ denominator: 250n, elasticity: 6n }),
      withdrawalsRoot: EMPTY_TRIE_ROOT,
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: new Uint8Array(32),
      requestsHash: sha256(new Uint8Array(0)),
    });
    const block = buildBlock({
      rollup: rollup({ bedrock: 0n, isthmus: 0n }),
      parent: p,
      attributes: attributes({ parentBeaconBlockRoot: beaconRoot, eip1559Params: new Uint8Array(8), withdrawals: [] }),
      nodes: store,
      code: store,
    });
    const h = block.header;
    expect(h.number).toBe(10n);
    expect(h.parentHash).toEqual(headerHash(p));
    expect(h.baseFeePerGas).toBe(1000n); // parent used exactly its 5M target
    expect(bytesToHex(h.extraData)).toBe('0x00000000fa00000006'); // zero params → Canyon defaults
    expect(h.gasUsed).toBe(21_000n);
    expect(h.blobGasUsed).toBe(0n);
    expect(h.excessBlobGas).toBe(0n);
    expect(h.parentBeaconBlockRoot).toEqual(beaconRoot);
    expect(bytesToHex(h.requestsHash!)).toBe('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(h.withdrawalsRoot).toEqual(
      new TrieState({ root, nodes: store, code: store }).getStorageRoot(MESSAGE_PASSER),
    );
    expect(h.withdrawalsRoot).not.toEqual(EMPTY_TRIE_ROOT);
    expect(block.hash).toEqual(headerHash(h));

    const s = block.state;
    expect(s.getStorage(bytesToHex(BEACON_ROOTS_ADDRESS), 102n)).toBe(BigInt(bytesToHex(beaconRoot)));
    expect(s.getStorage(bytesToHex(HISTORY_STORAGE_ADDRESS), 9n)).toBe(BigInt(bytesToHex(headerHash(p))));
    expect(s.getAccount(FROM)).toMatchObject({ nonce: 1n, balance: 990n });
    expect(s.getAccount(TO)?.balance).toBe(10n);
    expect(block.receipts[0]).toMatchObject({
      type: 0x7e,
      status: true,
      cumulativeGasUsed: 21_000n,
      depositNonce: 0n,
      depositReceiptVersion: 1n,
    });
  });

  it('Canyon (pre-Ecotone): Canyon base-fee denominator, empty withdrawals root, no blob or beacon fields', () => {
    const { root, store } = witness();
    const block = buildBlock({
      rollup: rollup({ bedrock: 0n, regolith: 0n, canyon: 0n }),
      parent: parent(root, { gasUsed: 10_000_000n, withdrawalsRoot: EMPTY_TRIE_ROOT }),
      attributes: attributes({ withdrawals: [] }),
      nodes: store,
      code: store,
    });
    const h = block.header;
    // 1000 + 1000 × (10M − 5M) / 5M / 250 = 1004
    expect(h.baseFeePerGas).toBe(1004n);
    expect(h.extraData).toEqual(new Uint8Array(0));
    expect(h.withdrawalsRoot).toEqual(EMPTY_TRIE_ROOT);
    expect(h.blobGasUsed).toBeUndefined();
    expect(h.parentBeaconBlockRoot).toBeUndefined();
    expect(h.requestsHash).toBeUndefined();
    // no EIP-4788 call before Ecotone
    expect(block.state.getStorage(bytesToHex(BEACON_ROOTS_ADDRESS), 102n)).toBe(0n);
  });

  it('refuses a transaction whose gas limit does not fit in the block', () => {
    const { root, store } = witness();
    expect(() =>
      buildBlock({
        rollup: rollup({ bedrock: 0n, regolith: 0n, canyon: 0n }),
        parent: parent(root, { withdrawalsRoot: EMPTY_TRIE_ROOT }),
        attributes: attributes({ withdrawals: [], gasLimit: 50_000n }),
        nodes: store,
        code: store,
      }),
    ).toThrow(/transaction 0: gas limit 100000 exceeds the gas left in the block/);
  });

  it('refuses withdrawals in the attributes', () => {
    const { root, store } = witness();
    const withdrawals = [{ index: 0n, validatorIndex: 0n, address: new Uint8Array(20), amount: 1n }];
    expect(() =>
      buildBlock({
        rollup: rollup({ bedrock: 0n, regolith: 0n, canyon: 0n }),
        parent: parent(root, { withdrawalsRoot: EMPTY_TRIE_ROOT }),
        attributes: attributes({ withdrawals }),
        nodes: store,
        code: store,
      }),
    ).toThrow(/withdrawals must be empty/);
  });

  it('Bedrock: a 150M-gas system deposit is outside the gas pool, uses no gas, and its receipt has no nonce', () => {
    const { root, store } = witness();
    const system = encodeTransaction({
      type: 0x7e,
      sourceHash: new Uint8Array(32).fill(4),
      from: hexToBytes(FROM),
      to: hexToBytes(TO),
      mint: 0n,
      value: 0n,
      gasLimit: 150_000_000n,
      isSystemTx: true,
      data: new Uint8Array(0),
    });
    const block = buildBlock({
      rollup: rollup({ bedrock: 0n }),
      parent: parent(root, {}),
      attributes: attributes({ transactions: [system, deposit] }),
      nodes: store,
      code: store,
    });
    expect(block.outcomes.map((o) => o.gasUsed)).toEqual([0n, 100_000n]);
    expect(block.header.gasUsed).toBe(100_000n);
    expect(block.receipts[0]!.depositNonce).toBeUndefined();
    expect(block.header.withdrawalsRoot).toBeUndefined();
  });
});
