/**
 * Test support: small chains built with the real encoders (protocol headers/txs/receipts, trie
 * ordered tries, state from an alloc) and written into a `TestPreimageStore` as keccak
 * pre-images, the way a host would serve them. Not exported from the package index.
 */
import { bytesToHex, keccak256, rlpEncode } from '@faultline/primitives';
import {
  encodeHeader,
  encodeOutputV0,
  encodeTransaction,
  type Header,
  headerHash,
  type LegacyTransaction,
  PREDEPLOYS,
  signingHash,
} from '@faultline/protocol';
import { type GenesisAlloc, stateFromAlloc } from '@faultline/state';
import { orderedTrie } from '@faultline/trie';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { TestPreimageStore } from './test-host.js';

const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);

export const EMPTY_OMMERS = keccak256(rlpEncode([]));

export function testHeader(overrides: Partial<Header> = {}): Header {
  return {
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_OMMERS,
    beneficiary: new Uint8Array(20),
    stateRoot: new Uint8Array(32),
    transactionsRoot: orderedTrie([]).root(),
    receiptsRoot: orderedTrie([]).root(),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 0n,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 1_700_000_000n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 1_000_000_000n,
    ...overrides,
  };
}

/** Stores the header under its hash's keccak key; returns the hash. */
export function putHeader(store: TestPreimageStore, header: Header): Uint8Array {
  store.putKeccak(encodeHeader(header));
  return headerHash(header);
}

/** Stores every node of the ordered trie of `items`; returns its root. */
export function putOrderedTrie(store: TestPreimageStore, items: Uint8Array[]): Uint8Array {
  const trie = orderedTrie(items);
  const { root, nodes } = trie.commit();
  for (const [, encoded] of nodes) store.putKeccak(encoded);
  return root;
}

export const TEST_KEY = new Uint8Array(32).fill(0x42);
export const TEST_SENDER = keccak256(secp256k1.getPublicKey(TEST_KEY, false).subarray(1)).subarray(12);

/** A pre-EIP-155 legacy transaction signed by `TEST_KEY`. */
export function signedLegacyTx(nonce: bigint, to: Uint8Array, data: Uint8Array): Uint8Array {
  const unsigned: LegacyTransaction = {
    type: 0x00,
    nonce,
    gasPrice: 1n,
    gasLimit: 100_000n,
    to,
    value: 0n,
    data,
    v: 27n,
    r: 1n,
    s: 1n,
  };
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(signingHash(unsigned), TEST_KEY, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  return encodeTransaction({ ...unsigned, v: 27n + BigInt(sig.recovery!), r: sig.r, s: sig.s });
}

export interface TestL2Block {
  header: Header;
  hash: Uint8Array;
  outputRoot: Uint8Array;
  messagePasserStorageRoot: Uint8Array;
}

/**
 * An L2 block whose state holds `alloc` plus a message-passer storage slot, with every state
 * node, the header and the OutputV0 pre-image in the store.
 */
export function putL2Block(
  store: TestPreimageStore,
  number: bigint,
  options: { parentHash?: Uint8Array; alloc?: GenesisAlloc; transactions?: Uint8Array[] } = {},
): TestL2Block {
  const alloc = options.alloc ?? {};
  const state = stateFromAlloc({
    ...alloc,
    [MESSAGE_PASSER]: {
      storage: { '0x1': `0x${(0xabcdn + number).toString(16)}` },
    },
  });
  const { root, nodes } = state.commitNodes();
  for (const [, encoded] of nodes) store.putKeccak(encoded);
  const messagePasserStorageRoot = state.getStorageRoot(MESSAGE_PASSER);
  const header = testHeader({
    number,
    stateRoot: root,
    timestamp: 1_700_000_000n + number * 2n,
    ...(options.parentHash ? { parentHash: options.parentHash } : {}),
    ...(options.transactions ? { transactionsRoot: putOrderedTrie(store, options.transactions) } : {}),
  });
  const hash = putHeader(store, header);
  const output = store.putKeccak(encodeOutputV0({ stateRoot: root, messagePasserStorageRoot, blockHash: hash }));
  return { header, hash, outputRoot: keccak256(output), messagePasserStorageRoot };
}

/** op-geth chain config and op-node rollup JSON of a custom chain 901 (Regolith..Delta at 0; Ecotone at 0 unless overridden). */
export function customChainJson(
  rollupOverrides: Record<string, unknown> = {},
  chainOverrides: Record<string, unknown> = {},
) {
  const h = (b: number) => new Uint8Array(32).fill(b);
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

  return {
    chainConfigJson: { ...chainConfigJson, ...chainOverrides },
    rollupJson: { ...rollupJson, ...rollupOverrides },
  };
}
