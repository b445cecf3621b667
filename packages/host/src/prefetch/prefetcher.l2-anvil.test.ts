/**
 * L2 hints against a REAL anvil in OP mode (`--network optimism`): a block holding an OP
 * deposit (0x7E) and an EIP-1559 transaction. The deposit's bytes and its receipt's
 * depositNonce/depositReceiptVersion must be rebuilt exactly for the roots to match.
 */

import { formatHint, keccakKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, rlpEncode, u64ToBytes } from '@faultline/primitives';
import { decodeReceipt, decodeTransaction, transactionHash } from '@faultline/protocol';
import { Trie } from '@faultline/trie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Anvil, DEV_ADDRESSES, startAnvil } from '../../test-fixtures/anvil.js';
import { MemoryKv } from '../kv/memory-kv.js';
import { BeaconClient } from '../rpc/beacon-client.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { HINT_HANDLERS, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';

type Json = Record<string, unknown>;
const CHAIN_ID = 901n;

let anvil: Anvil;
let block: Json;
const store = new MemoryKv();
let prefetcher: Prefetcher<Sources>;

beforeAll(async () => {
  anvil = await startAnvil(['--network', 'optimism', '--chain-id', String(CHAIN_ID)]);
  await anvil.rpc('evm_setAutomine', [false]);
  await anvil.rpc('eth_sendTransaction', [
    {
      from: DEV_ADDRESSES[0],
      to: DEV_ADDRESSES[1],
      value: '0x1',
      type: '0x7e',
      sourceHash: `0x${'ab'.repeat(32)}`,
      mint: '0x10',
      isSystemTx: false,
      gas: '0x30000',
    },
  ]);
  await anvil.rpc('eth_sendTransaction', [
    {
      from: DEV_ADDRESSES[2],
      to: DEV_ADDRESSES[1],
      value: '0x2',
      maxFeePerGas: '0x174876e800',
      maxPriorityFeePerGas: '0x1',
      type: '0x2',
    },
  ]);
  await anvil.rpc('evm_mine');
  block = await anvil.rpc<Json>('eth_getBlockByNumber', ['latest', false]);
  const rpc = new RpcClient(anvil.url, 'L2');
  prefetcher = new Prefetcher<Sources>({
    store,
    sources: { l1: rpc, l2: rpc, beacon: new BeaconClient(anvil.url), l2Head: hexToBytes(block.hash as string) },
    handlers: HINT_HANDLERS,
  });
}, 60_000);

afterAll(() => anvil?.stop());

const source = { get: (hash: Uint8Array) => store.get(keccakKey(hash)) };
const withChainId = (hash: Uint8Array) => concatBytes(hash, u64ToBytes(CHAIN_ID));

describe('L2 hints against anvil --network optimism', () => {
  it('l2-transactions: deposit + 1559 tx trie from JSON matches transactionsRoot', async () => {
    const hash = hexToBytes(block.hash as string);
    prefetcher.hint(formatHint('l2-transactions', hash));
    await prefetcher.fetchFor(keccakKey(hash));
    const trie = Trie.open(hexToBytes(block.transactionsRoot as string), source);
    const txs = [0, 1].map((i) => decodeTransaction(trie.get(rlpEncode(i))!));
    expect(txs.map((t) => t.type).sort((a, b) => a - b)).toEqual([0x02, 0x7e]);
    expect(txs.map((t) => bytesToHex(transactionHash(t)))).toEqual(block.transactions);
  });

  it('l2-receipts (with the interop chain-id suffix): deposit receipt fields round-trip', async () => {
    const hash = hexToBytes(block.hash as string);
    prefetcher.hint(formatHint('l2-receipts', withChainId(hash)));
    await prefetcher.fetchFor(keccakKey(hash));
    const trie = Trie.open(hexToBytes(block.receiptsRoot as string), source);
    const receipts = [0, 1].map((i) => decodeReceipt(trie.get(rlpEncode(i))!));
    const deposit = receipts.find((r) => r.type === 0x7e)!;
    expect(deposit.depositReceiptVersion).toBe(1n);
    expect(deposit.depositNonce).toBeDefined();
  });
});
