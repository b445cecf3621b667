/**
 * Test support: a custom chain (boot keys 6/7) whose batcher is the test key, L1 blocks 100..102
 * with a singular batch (zlib channel, one frame) in block 101, and the agreed L2 genesis block —
 * every pre-image in a `TestPreimageStore`. Boot keys 1, 2, 4-7 are set; key 3 (the claim) is the
 * caller's. Not exported from the package index.
 */
import { encodeBatch, encodeBatcherData } from '@faultline/derive';
import { bytesToHex, padLeft, rlpEncode, utf8ToBytes } from '@faultline/primitives';
import type { Header } from '@faultline/protocol';
import { zlibSync } from 'fflate';
import { CUSTOM_CHAIN_ID } from './boot-info.js';
import {
  customChainJson,
  putHeader,
  putL2Block,
  putOrderedTrie,
  signedLegacyTx,
  TEST_SENDER,
  testHeader,
} from './test-chain.js';
import { TestPreimageStore } from './test-host.js';

const INBOX = new Uint8Array(20).fill(0xfe);

export function derivationScenario() {
  const store = new TestPreimageStore();
  const b0 = putL2Block(store, 0n);
  const t0 = b0.header.timestamp;
  const batch = {
    parentHash: b0.hash,
    epochNum: 100n,
    epochHash: new Uint8Array(32) as Uint8Array, // filled below once L1 block 100 exists
    timestamp: t0 + 2n,
    transactions: [] as Uint8Array[],
  };
  const l1Headers: Header[] = [];
  const l1: Uint8Array[] = [];
  let parent: Uint8Array = new Uint8Array(32);
  for (let n = 100n; n <= 102n; n++) {
    let txs: Uint8Array[] = [];
    if (n === 101n) {
      batch.epochHash = l1[0]!;
      const channel = zlibSync(rlpEncode(encodeBatch({ type: 0, batch })));
      const frame = { channelId: new Uint8Array(16).fill(9), number: 0, data: channel, isLast: true };
      txs = [signedLegacyTx(0n, INBOX, encodeBatcherData([frame]))];
    }
    const header = testHeader({
      number: n,
      parentHash: parent,
      timestamp: t0 - 10n + (n - 100n) * 12n,
      baseFeePerGas: 5n,
      transactionsRoot: putOrderedTrie(store, txs),
    });
    l1Headers.push(header);
    parent = putHeader(store, header);
    l1.push(parent);
  }
  const { chainConfigJson, rollupJson } = customChainJson(
    {
      genesis: {
        l1: { hash: bytesToHex(l1[0]!), number: 100 },
        l2: { hash: bytesToHex(b0.hash), number: 0 },
        l2_time: Number(t0),
        system_config: {
          batcherAddr: bytesToHex(TEST_SENDER),
          overhead: bytesToHex(padLeft(new Uint8Array([188]), 32)),
          scalar: bytesToHex(padLeft(new Uint8Array([0x0a, 0x6f, 0xe0]), 32)),
          gasLimit: 30_000_000,
        },
      },
      batch_inbox_address: bytesToHex(INBOX),
      ecotone_time: undefined,
    },
    { cancunTime: undefined },
  );
  store.setLocal(1, l1[2]!);
  store.setLocal(2, b0.outputRoot);
  store.setLocal(4, 1n);
  store.setLocal(5, CUSTOM_CHAIN_ID);
  store.setLocal(6, utf8ToBytes(JSON.stringify(chainConfigJson)));
  store.setLocal(7, utf8ToBytes(JSON.stringify(rollupJson)));
  return { store, b0, l1, l1Headers, t0, chainConfigJson, rollupJson };
}
