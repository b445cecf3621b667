/**
 * Jovian and Karst block building on a synthetic state: the DA footprint of user transactions
 * (header `blobGasUsed`, the gas-limit bound), the 17-byte extraData with the attributes' minimum
 * base fee, the base fee clamped to the parent's minimum, the ×100 operator fee, the activation
 * block that takes deposits only; Karst's Osaka rules (CLZ, the 2^24 gas cap for user
 * transactions). Expected values are computed from the spec formulas by hand.
 */
import { bigIntToBytes, bytesToHex, concatBytes, hexToBytes, keccak256, sha256 } from '@faultline/primitives';
import {
  BEACON_ROOTS_ADDRESS,
  type Eip1559Transaction,
  encodeTransaction,
  type Header,
  HISTORY_STORAGE_ADDRESS,
  type OpPayloadAttributes,
  PREDEPLOYS,
  type RollupConfig,
  signingHash,
} from '@faultline/protocol';
import { stateFromAlloc } from '@faultline/state';
import { EMPTY_TRIE_ROOT } from '@faultline/trie';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { buildBlock } from './block-builder.js';
import { daUsageEstimate } from './da-footprint.js';
import { flzCompressLen } from './fastlz.js';
import { encodeJovianExtraData } from './holocene-params.js';
import { KeccakStore } from './keccak-store.js';
import { FEE_VAULTS } from './op-fees.js';

const KEY = keccak256(new TextEncoder().encode('faultline/executor/jovian-test'));
const SENDER = keccak256(secp256k1.getPublicKey(KEY, false).subarray(1)).subarray(12);
const TO = hexToBytes('0x00000000000000000000000000000000000bbbbb');
const DA_SCALAR = 400n;
const OPERATOR_SCALAR = 7n;
const OPERATOR_CONSTANT = 1_000n;

/** L1Block slot 8: daFootprintGasScalar [18,20), operatorFeeScalar [20,24), operatorFeeConstant [24,32). */
const SLOT8 = concatBytes(
  new Uint8Array(18),
  bigIntToBytes(DA_SCALAR, 2),
  bigIntToBytes(OPERATOR_SCALAR, 4),
  bigIntToBytes(OPERATOR_CONSTANT, 8),
);

/** SSTORE(0, CLZ(CALLDATALOAD(0))): 0x5f 0x35 0x1e 0x5f 0x55 0x00 (EIP-7939 CLZ = 0x1e). */
const CLZ_STORE = '0x5f351e5f5500';
const CLZ_CONTRACT = '0x00000000000000000000000000000000000c1c1c';

function witness() {
  const alloc = {
    [CLZ_CONTRACT]: { code: CLZ_STORE },
    [bytesToHex(BEACON_ROOTS_ADDRESS)]: { code: '0x00', nonce: 1 },
    [bytesToHex(HISTORY_STORAGE_ADDRESS)]: { code: '0x00', nonce: 1 },
    [bytesToHex(PREDEPLOYS.l2ToL1MessagePasser)]: { code: '0x00', nonce: 1 },
    [bytesToHex(PREDEPLOYS.l1Block)]: { code: '0x00', storage: { '0x8': bytesToHex(SLOT8) } },
    [bytesToHex(SENDER)]: { balance: `0x${(10n ** 18n).toString(16)}` },
  };
  const commit = stateFromAlloc(alloc).commitNodes();
  const store = new KeccakStore();
  for (const [h, v] of [...commit.nodes, ...commit.codes]) store.put(h, v);
  return { root: commit.root, store };
}

function rollup(jovian: bigint, karst?: bigint): RollupConfig {
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
    hardforks: {
      ...(karst === undefined ? {} : { karst }),
      bedrock: 0n,
      regolith: 0n,
      canyon: 0n,
      ecotone: 0n,
      fjord: 0n,
      granite: 0n,
      holocene: 0n,
      isthmus: 0n,
      jovian,
    },
    batchInboxAddress: zero,
    depositContractAddress: zero,
    l1SystemConfigAddress: zero,
    eip1559: { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n },
  };
}

function parent(stateRoot: Uint8Array, extra: Partial<Header> = {}): Header {
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
    gasUsed: 0n,
    timestamp: 100n,
    extraData: encodeJovianExtraData({ denominator: 250n, elasticity: 6n }, 5_000n),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 1000n,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
    requestsHash: sha256(new Uint8Array(0)),
    ...extra,
  };
}

function userTx(nonce: bigint, data: Uint8Array): Uint8Array {
  const unsigned: Eip1559Transaction = {
    type: 0x02,
    chainId: 901n,
    nonce,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 100_000n,
    gasLimit: 100_000n,
    to: TO,
    value: 1n,
    data,
    accessList: [],
    yParity: 0n,
    r: 0n,
    s: 0n,
  };
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(signingHash(unsigned), KEY, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  return encodeTransaction({ ...unsigned, yParity: BigInt(sig.recovery ?? 0), r: sig.r, s: sig.s });
}

const l1Info = encodeTransaction({
  type: 0x7e,
  sourceHash: new Uint8Array(32).fill(3),
  from: hexToBytes('0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001'),
  to: hexToBytes('0x00000000000000000000000000000000000ccccc'),
  mint: 0n,
  value: 0n,
  gasLimit: 100_000n,
  isSystemTx: false,
  data: new Uint8Array(0),
});

function attributes(txs: Uint8Array[], extra: Partial<OpPayloadAttributes> = {}): OpPayloadAttributes {
  return {
    timestamp: 102n,
    prevRandao: new Uint8Array(32),
    suggestedFeeRecipient: PREDEPLOYS.sequencerFeeVault,
    transactions: [l1Info, ...txs],
    noTxPool: true,
    gasLimit: 30_000_000n,
    withdrawals: [],
    parentBeaconBlockRoot: new Uint8Array(32),
    eip1559Params: new Uint8Array(8),
    minBaseFee: 2_000n,
    ...extra,
  };
}

function deposit(to: string, gasLimit: bigint, data: Uint8Array): Uint8Array {
  return encodeTransaction({
    type: 0x7e,
    sourceHash: new Uint8Array(32).fill(4),
    from: hexToBytes('0x00000000000000000000000000000000000aaaaa'),
    to: hexToBytes(to),
    mint: 0n,
    value: 0n,
    gasLimit,
    isSystemTx: false,
    data,
  });
}

const noise = (n: number) => {
  let x = 0x9e3779b9;
  return new Uint8Array(n).map(() => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
};

describe('buildBlock under Jovian', () => {
  it('sums the DA footprint into blobGasUsed, writes extraData v1 and clamps the base fee to the minimum', () => {
    const { root, store } = witness();
    const txs = [userTx(0n, new Uint8Array(0)), userTx(1n, noise(600))];
    const block = buildBlock({
      rollup: rollup(0n),
      parent: parent(root),
      attributes: attributes(txs),
      nodes: store,
      code: store,
    });
    const footprints = txs.map((t) => daUsageEstimate(BigInt(flzCompressLen(t))) * DA_SCALAR);
    expect(footprints[0]).toBe(100n * 400n); // a plain transfer is under the 100-byte floor
    expect(footprints[1]).toBeGreaterThan(40_000n);
    expect(block.outcomes.map((o) => o.daFootprint)).toEqual([undefined, ...footprints]);
    expect(block.header.blobGasUsed).toBe(footprints[0]! + footprints[1]!);
    expect(block.header.excessBlobGas).toBe(0n);
    // Parent used 0 of a 5M target: 1000 − 1000/250 = 996, clamped to the parent's minimum 5,000.
    expect(block.header.baseFeePerGas).toBe(5_000n);
    // extraData: v1, Canyon defaults (250, 6) for all-zero eip1559Params, minBaseFee 2,000 = 0x7d0.
    expect(bytesToHex(block.header.extraData)).toBe('0x01000000fa0000000600000000000007d0');
  });

  it('charges the operator fee as gasUsed · scalar · 100 + constant', () => {
    const { root, store } = witness();
    const block = buildBlock({
      rollup: rollup(0n),
      parent: parent(root),
      attributes: attributes([userTx(0n, new Uint8Array(0))]),
      nodes: store,
      code: store,
    });
    // 21,000 · 7 · 100 + 1,000 (the Isthmus formula would give 21,000 · 7 / 1e6 + 1,000 = 1,000).
    expect(block.state.getAccount(FEE_VAULTS.operatorFee)?.balance).toBe(14_701_000n);
  });

  it('refuses a block whose DA footprint exceeds its gas limit', () => {
    const { root, store } = witness();
    const txs = [userTx(0n, noise(1000)), userTx(1n, noise(1000))];
    const first = daUsageEstimate(BigInt(flzCompressLen(txs[0]!))) * DA_SCALAR;
    // Room for the first transaction's footprint (and everyone's gas), not for the second's.
    const gasLimit = first + 50_000n;
    expect(gasLimit).toBeGreaterThan(100_000n + 100_000n + 100_000n);
    expect(() =>
      buildBlock({
        rollup: rollup(0n),
        parent: parent(root, { gasLimit }),
        attributes: attributes(txs, { gasLimit }),
        nodes: store,
        code: store,
      }),
    ).toThrow(/transaction 2: DA footprint \d+ exceeds the 50000 left in the block/);
  });

  it('takes deposits only in the Jovian activation block, and needs minBaseFee there', () => {
    const { root, store } = witness();
    const isthmusParent = parent(root, { extraData: hexToBytes('0x00000000fa00000006') });
    const build = (txs: Uint8Array[], extra: Partial<OpPayloadAttributes> = {}) =>
      buildBlock({
        rollup: rollup(102n),
        parent: isthmusParent,
        attributes: attributes(txs, extra),
        nodes: store,
        code: store,
      });
    expect(() => build([userTx(0n, new Uint8Array(0))])).toThrow(
      /transaction 1: a fork activation block takes no user transactions/,
    );
    const { minBaseFee: _, ...noMin } = attributes([]);
    expect(() =>
      buildBlock({ rollup: rollup(102n), parent: isthmusParent, attributes: noMin, nodes: store, code: store }),
    ).toThrow(/minBaseFee: required from Jovian on/);
    const block = build([]);
    expect(block.header.blobGasUsed).toBe(0n);
    // Parent is Isthmus: the Holocene rule, no minimum (1000 − 1000·5M/5M/250 = 996).
    expect(block.header.baseFeePerGas).toBe(996n);
  });
});

describe('buildBlock under Karst (Osaka rules on L2)', () => {
  it('runs CLZ (EIP-7939), which is an invalid opcode before Karst', () => {
    const { root, store } = witness();
    const word = new Uint8Array(32);
    word[2] = 0x01; // 0x0001…: 23 leading zero bits
    const txs = [deposit(CLZ_CONTRACT, 100_000n, word)];
    const karst = buildBlock({
      rollup: rollup(0n, 0n),
      parent: parent(root),
      attributes: attributes(txs),
      nodes: store,
      code: store,
    });
    expect(karst.outcomes[1]!.success).toBe(true);
    expect(karst.state.getStorage(CLZ_CONTRACT, 0n)).toBe(23n);
    const jovian = buildBlock({
      rollup: rollup(0n),
      parent: parent(root),
      attributes: attributes(txs),
      nodes: store,
      code: store,
    });
    expect(jovian.outcomes[1]!.success).toBe(false);
    expect(jovian.state.getStorage(CLZ_CONTRACT, 0n)).toBe(0n);
  });

  it('caps user transactions at 2^24 gas (EIP-7825) but not deposits', () => {
    const { root, store } = witness();
    const big = (1n << 24n) + 1n;
    const bigDeposit = [deposit(CLZ_CONTRACT, big, new Uint8Array(32))];
    const ok = buildBlock({
      rollup: rollup(0n, 0n),
      parent: parent(root),
      attributes: attributes(bigDeposit),
      nodes: store,
      code: store,
    });
    expect(ok.outcomes[1]!.success).toBe(true);
    const unsigned: Eip1559Transaction = {
      type: 0x02,
      chainId: 901n,
      nonce: 0n,
      maxPriorityFeePerGas: 1n,
      maxFeePerGas: 100_000n,
      gasLimit: big,
      to: TO,
      value: 1n,
      data: new Uint8Array(0),
      accessList: [],
      yParity: 0n,
      r: 0n,
      s: 0n,
    };
    const sig = secp256k1.Signature.fromBytes(
      secp256k1.sign(signingHash(unsigned), KEY, { prehash: false, format: 'recovered' }),
      'recovered',
    );
    const user = encodeTransaction({ ...unsigned, yParity: BigInt(sig.recovery ?? 0), r: sig.r, s: sig.s });
    const build = (karst?: bigint) =>
      buildBlock({
        rollup: rollup(0n, karst),
        parent: parent(root),
        attributes: attributes([user]),
        nodes: store,
        code: store,
      });
    expect(() => build(0n)).toThrow(/transaction 1: GAS_LIMIT_EXCEEDS_MAXIMUM/);
    expect(build().outcomes[1]!.success).toBe(true); // Jovian (Prague rules): no cap
  });
});
