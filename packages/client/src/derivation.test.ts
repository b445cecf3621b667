/**
 * Derivation of a new L2 block from L1 batcher data, entirely through the pre-image oracle: a
 * custom chain (boot keys 6/7) whose batcher is the test key, an L1 block carrying a singular
 * batch in a zlib channel, and the agreed L2 genesis state. The derived block must follow the
 * spec independently of our code: parent, number, time, and a transactions root holding exactly
 * the L1-info deposit built from the L1 origin (deposits.md).
 */
import { encodeBatch, encodeBatcherData } from '@faultline/derive';
import { bytesToHex, padLeft, rlpEncode, utf8ToBytes } from '@faultline/primitives';
import { encodeTransaction, type Header, l1InfoDepositTx } from '@faultline/protocol';
import { orderedTrieRoot } from '@faultline/trie';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CUSTOM_CHAIN_ID } from './boot-info.js';
import { opDeriver } from './op-deriver.js';
import { runProgram } from './program.js';
import {
  customChainJson,
  putHeader,
  putL2Block,
  putOrderedTrie,
  signedLegacyTx,
  TEST_SENDER,
  testHeader,
} from './test-chain.js';
import { serveFromStore, TestPreimageStore } from './test-host.js';

const INBOX = new Uint8Array(20).fill(0xfe);

function setup() {
  const store = new TestPreimageStore();
  const b0 = putL2Block(store, 0n);
  const t0 = b0.header.timestamp;
  const batch = {
    parentHash: b0.hash,
    epochNum: 100n,
    epochHash: new Uint8Array(32), // filled below once L1 block 100 exists
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
  return { store, b0, l1, l1Headers, t0 };
}

describe('derivation through the oracle', () => {
  it('derives and executes L2 block 1 from a batch in L1 block 101; the claim is checked on the built block', () => {
    const { store, b0, l1, l1Headers, t0 } = setup();
    store.setLocal(3, new Uint8Array(32).fill(0x55));
    let built: { header: Header; hash: Uint8Array } | undefined;
    const outcome = runProgram(serveFromStore(store), {
      deriver: (ctx) => {
        const inner = opDeriver(ctx);
        return {
          deriveUntil: (target) => {
            const safe = inner.deriveUntil(target);
            built = ctx.l2.head();
            return safe;
          },
        };
      },
    });
    expect(built).toBeDefined();
    const header = built!.header;
    expect(header.number).toBe(1n);
    expect(header.parentHash).toEqual(b0.hash);
    expect(header.timestamp).toBe(t0 + 2n);
    // deposits.md: the block holds only the L1-info deposit of origin 100, sequence number 1
    // (the epoch started at genesis), with the genesis system config's batcher, overhead, scalar.
    const info = l1InfoDepositTx(
      {
        format: 'bedrock',
        number: 100n,
        timestamp: l1Headers[0]!.timestamp,
        baseFee: 5n,
        blockHash: l1[0]!,
        sequenceNumber: 1n,
        batcherHash: padLeft(TEST_SENDER, 32),
        l1FeeOverhead: 188n,
        l1FeeScalar: 0x0a6fe0n,
      },
      true,
    );
    expect(header.transactionsRoot).toEqual(orderedTrieRoot([encodeTransaction(info)]));
    expect(outcome.kind).toBe('invalid');
    // The same run with the claim set to what was computed is valid; a tampered one stays invalid.
    const computed = outcome.kind === 'invalid' ? outcome.computed : new Uint8Array(32);
    const again = setup();
    again.store.setLocal(3, computed);
    expect(runProgram(serveFromStore(again.store), { deriver: opDeriver })).toEqual({ kind: 'valid' });
  });
});
