/**
 * The L2 node's JSON-RPC answers against the Ethereum JSON-RPC spec (execution-apis
 * `schemas/block.yaml`, `transaction.yaml`, `receipt.yaml`, `witness.yaml`; EIP-1474 error codes;
 * EIP-1186 proofs) and against what a consumer does with them: the host's own parsers rebuild
 * each header, transaction and receipt list and must reproduce the block hash, the transaction
 * hashes and the receipts root; proofs verify against the state root; a block rebuilt from nothing
 * but its execution witness has the same hash. The chain is built in-process: an L2 genesis, two
 * L1 blocks (the second with a real-shaped portal deposit log) and a signed user transaction.
 */
import { buildBlock } from '@faultline/executor';
import { receiptFromJson, transactionFromJson } from '@faultline/host';
import { bytesToHex, concatBytes, hexToBytes, keccak256 } from '@faultline/primitives';
import {
  encodeHeader,
  encodeTransaction,
  headerFromJson,
  headerHash,
  payloadAttributesToJson,
  receiptsRoot,
} from '@faultline/protocol';
import { type CodeSource, decodeAccount } from '@faultline/state';
import { type NodeSource, verifyProof } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { fixture, L1_BLOCK, RECIPIENT, USER } from '../../test-fixtures/chain.js';
import type { L2Node } from './node.js';
import { handleBody, handleRpc } from './rpc-server.js';

type Json = Record<string, unknown>;
const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const data = (n?: number) => (n === undefined ? /^0x([0-9a-f]{2})*$/ : new RegExp(`^0x[0-9a-f]{${2 * n}}$`));
const call = (node: L2Node, method: string, params: unknown[] = []) => {
  const r = handleRpc(node, { jsonrpc: '2.0', id: 7, method, params });
  if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  expect(r.id).toBe(7);
  return r.result as Json & Json[];
};

const BLOCK_REQUIRED = [
  'parentHash',
  'sha3Uncles',
  'miner',
  'stateRoot',
  'transactionsRoot',
  'receiptsRoot',
  'logsBloom',
  'number',
  'gasLimit',
  'gasUsed',
  'timestamp',
  'extraData',
  'mixHash',
  'nonce',
  'size',
  'transactions',
  'uncles',
];
const RECEIPT_REQUIRED = [
  'blockHash',
  'blockNumber',
  'from',
  'cumulativeGasUsed',
  'gasUsed',
  'logs',
  'logsBloom',
  'transactionHash',
  'transactionIndex',
  'effectiveGasPrice',
];

describe('L2 node JSON-RPC', () => {
  const { node, chain, txHash, raw } = fixture();
  // The first block of epoch 11 holds the L1-info deposit and the user deposit.
  const depositBlock = chain.blocks.find((b) => b.ref.l1Origin.number === 11n)!;

  it('eth_chainId, eth_blockNumber: quantities', () => {
    expect(call(node, 'eth_chainId')).toBe('0x385');
    expect(call(node, 'eth_blockNumber')).toBe(`0x${chain.head.header.number.toString(16)}`);
  });

  it('blocks: spec fields, hex formats; the header re-hashes and full transactions re-encode to their hashes', () => {
    for (const b of chain.blocks) {
      const hashes = call(node, 'eth_getBlockByNumber', [`0x${b.header.number.toString(16)}`, false]);
      for (const k of BLOCK_REQUIRED) expect(hashes, k).toHaveProperty(k);
      expect(hashes.number).toMatch(QUANTITY);
      expect(hashes.hash).toMatch(data(32));
      expect(hashes.logsBloom).toMatch(data(256));
      expect(hashes.nonce).toMatch(data(8));
      expect(hashes.miner).toMatch(data(20));
      expect(bytesToHex(headerHash(headerFromJson(hashes)))).toBe(hashes.hash);
      const full = call(node, 'eth_getBlockByHash', [hashes.hash, true]);
      const txs = full.transactions as Json[];
      expect(txs.map((t) => t.hash)).toEqual(hashes.transactions);
      for (const t of txs) {
        expect(bytesToHex(keccak256(encodeTransaction(transactionFromJson(t))))).toBe(t.hash);
        expect(t.blockHash).toBe(hashes.hash);
      }
    }
    expect(call(node, 'eth_getBlockByNumber', ['0xffff', false])).toBeNull();
    expect(call(node, 'eth_getBlockByNumber', ['safe', false]).number).toBe('0x3');
    expect(call(node, 'eth_getBlockByNumber', ['finalized', false]).number).toBe('0x0');
  });

  it('receipts: spec fields; rebuilt they give the header receipts root; deposits carry depositNonce', () => {
    const b = depositBlock;
    const list = call(node, 'eth_getBlockReceipts', [`0x${b.header.number.toString(16)}`]) as unknown as Json[];
    expect(list.length).toBe(b.transactions.length);
    for (const r of list) {
      for (const k of RECEIPT_REQUIRED) expect(r, k).toHaveProperty(k);
      expect(r.status).toMatch(/^0x[01]$/);
    }
    expect(receiptsRoot(list.map((r, i) => receiptFromJson(r, `r${i}`)))).toEqual(b.header.receiptsRoot);
    const deposit = list[1]!;
    expect(deposit.type).toBe('0x7e');
    expect(deposit.depositNonce).toMatch(QUANTITY);
    expect((deposit.logs as Json[]).length).toBe(0);
    const user = call(node, 'eth_getTransactionReceipt', [txHash]);
    expect(user).toMatchObject({ status: '0x1', from: USER.address, to: RECIPIENT, gasUsed: '0x5208', type: '0x2' });
    expect(user.effectiveGasPrice).toMatch(QUANTITY);
    expect(user.l1Fee).toMatch(QUANTITY);
    expect(call(node, 'eth_getTransactionReceipt', [bytesToHex(new Uint8Array(32))])).toBeNull();
  });

  it('transactions by hash: the user transaction and the deposit with its OP fields', () => {
    const tx = call(node, 'eth_getTransactionByHash', [txHash]);
    expect(tx).toMatchObject({ from: USER.address, nonce: '0x0', type: '0x2', value: '0x38d7ea4c68000' });
    expect(bytesToHex(encodeTransaction(transactionFromJson(tx)))).toBe(bytesToHex(raw));
    const block = call(node, 'eth_getBlockByHash', [bytesToHex(depositBlock.hash), true]);
    const dep = (block.transactions as Json[])[1]!;
    expect(dep).toMatchObject({ type: '0x7e', mint: '0x29a2241af62c0000', isSystemTx: false, from: USER.address });
    expect(dep.sourceHash).toMatch(data(32));
  });

  it('state: balance, nonce, code, storage; eth_getProof verifies against the state root (EIP-1186)', () => {
    expect(BigInt(call(node, 'eth_getBalance', [RECIPIENT, 'latest']) as unknown as string)).toBe(
      3n * 10n ** 18n + 10n ** 15n,
    );
    // The user transaction, then the deposit from the same address (deposits bump the nonce too).
    expect(call(node, 'eth_getTransactionCount', [USER.address, 'latest'])).toBe('0x2');
    expect(call(node, 'eth_getTransactionCount', [USER.address, '0x0'])).toBe('0x0');
    expect(call(node, 'eth_getCode', [L1_BLOCK, 'latest'])).toMatch(/^0x60/);
    expect(call(node, 'eth_getStorageAt', [L1_BLOCK, '0x0', 'latest'])).toMatch(data(32));
    const proof = call(node, 'eth_getProof', [L1_BLOCK, ['0x0'], { blockHash: bytesToHex(chain.head.hash) }]);
    const stateRoot = chain.head.header.stateRoot;
    const leaf = verifyProof(
      stateRoot,
      keccak256(hexToBytes(L1_BLOCK)),
      (proof.accountProof as string[]).map((n) => hexToBytes(n)),
    );
    expect(bytesToHex(decodeAccount(leaf!).storageRoot)).toBe(proof.storageHash);
    const sp = (proof.storageProof as Json[])[0]!;
    expect(sp.key).toBe(bytesToHex(new Uint8Array(32)));
    const slot = verifyProof(
      hexToBytes(proof.storageHash as string),
      keccak256(new Uint8Array(32)),
      (sp.proof as string[]).map((n) => hexToBytes(n)),
    );
    expect(slot).toBeDefined();
  });

  it('eth_call and eth_estimateGas', () => {
    // L1Block.number(): the head's L1 origin.
    const out = call(node, 'eth_call', [
      { to: L1_BLOCK, data: bytesToHex(keccak256(new TextEncoder().encode('number()')).subarray(0, 4)) },
      'latest',
    ]);
    expect(BigInt(out as unknown as string)).toBe(11n);
    expect(call(node, 'eth_estimateGas', [{ from: USER.address, to: RECIPIENT, value: '0x1' }])).toBe('0x5208');
  });

  it('witness endpoints: sorted state and codes, the parent header last; the block rebuilds from the witness alone', () => {
    const n = depositBlock.header.number;
    const w = call(node, 'debug_executionWitness', [`0x${n.toString(16)}`]);
    const state = w.state as string[];
    expect([...state].sort()).toEqual(state);
    const headers = w.headers as string[];
    expect(headers.at(-1)).toBe(bytesToHex(encodeHeader(chain.byNumber(n - 1n)!.header)));
    const store = new Map<string, Uint8Array>();
    for (const item of [...state, ...(w.codes as string[])])
      store.set(bytesToHex(keccak256(hexToBytes(item))), hexToBytes(item));
    const source: NodeSource & CodeSource = { get: (h) => store.get(bytesToHex(h)) };
    const rebuilt = buildBlock({
      rollup: chain.rollup,
      parent: chain.byNumber(n - 1n)!.header,
      attributes: depositBlock.attributes!,
      nodes: source,
      code: source,
    });
    expect(rebuilt.hash).toEqual(depositBlock.hash);
    const viaPayload = call(node, 'debug_executePayload', [
      bytesToHex(chain.byNumber(n - 1n)!.hash),
      JSON.parse(JSON.stringify(payloadAttributesToJson(depositBlock.attributes!))),
    ]);
    expect(viaPayload).toEqual(w);
    const greedy = { ...payloadAttributesToJson(depositBlock.attributes!), gasLimit: '0xffffffffffff' };
    const refused = handleRpc(node, {
      jsonrpc: '2.0',
      id: 1,
      method: 'debug_executePayload',
      params: [bytesToHex(chain.byNumber(n - 1n)!.hash), greedy],
    });
    expect(refused.error).toEqual({
      code: -32602,
      message: 'invalid params: payloadAttributes.gasLimit: 281474976710655 above 60000000',
    });
  });

  it('optimism_outputAtBlock and optimism_syncStatus (op-node shapes)', () => {
    const out = call(node, 'optimism_outputAtBlock', ['0x4']);
    const b = chain.byNumber(4n)!;
    const root = keccak256(
      concatBytes(
        new Uint8Array(32),
        hexToBytes(out.stateRoot as string),
        hexToBytes(out.withdrawalStorageRoot as string),
        b.hash,
      ),
    );
    expect(out.outputRoot).toBe(bytesToHex(root));
    expect(out.version).toBe(bytesToHex(new Uint8Array(32)));
    expect(out.blockRef).toMatchObject({ number: 4, hash: bytesToHex(b.hash), l1origin: { number: 10 } });
    const sync = call(node, 'optimism_syncStatus');
    expect(sync).toMatchObject({ safe_l2: { number: 3 }, unsafe_l2: { number: Number(chain.head.header.number) } });
  });

  it('bad input: JSON-RPC error codes with one-line messages, never a stack', () => {
    const err = (body: string) => {
      const r = handleBody(node, body) as { error?: { code: number; message: string } };
      return r.error!;
    };
    expect(err('{not json').code).toBe(-32700);
    expect(err('[]').code).toBe(-32600);
    expect(err('{"jsonrpc":"1.0","id":1,"method":"eth_chainId"}').code).toBe(-32600);
    expect(err('{"jsonrpc":"2.0","id":1,"method":"debug_dbGet","params":[]}').code).toBe(-32601);
    expect(err('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":{}}').code).toBe(-32602);
    const badAddress = err('{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["0x1234","latest"]}');
    expect(badAddress).toEqual({ code: -32602, message: 'invalid params: address: expected 20 bytes, got 2' });
    expect(err('{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["0x01",false]}').code).toBe(-32602);
    expect(err('{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["latest"]}').message).toMatch(
      /missing full/,
    );
    const replay = err(`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["${bytesToHex(raw)}"]}`);
    expect(replay.code).toBe(-32003);
    expect(replay.message).toMatch(/nonce 0 of 0x[0-9a-f]{40}: expected 2/);
    const junk = err('{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x02c0"]}');
    expect(junk.code).toBe(-32003);
    expect(junk.message).not.toMatch(/\n|at /);
    const batch = handleBody(
      node,
      '[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"nope"}]',
    );
    expect(Array.isArray(batch) && batch.map((r) => r.error?.code ?? r.result)).toEqual(['0x385', -32601]);
  });

  it('eth_sendRawTransaction: the transaction hash (DATA, 32 bytes) = keccak256 of the raw bytes; the same bytes again are refused', () => {
    const nonce = BigInt(call(node, 'eth_getTransactionCount', [USER.address, 'latest']) as unknown as string);
    const next = USER.signTransaction({
      chainId: 901n,
      nonce,
      to: RECIPIENT,
      value: 1n,
      data: new Uint8Array(0),
      gas: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1000n,
    });
    const hash = call(node, 'eth_sendRawTransaction', [bytesToHex(next)]) as unknown as string;
    expect(hash).toMatch(data(32));
    expect(hash).toBe(bytesToHex(keccak256(next)));
    const again = handleRpc(node, {
      jsonrpc: '2.0',
      id: 8,
      method: 'eth_sendRawTransaction',
      params: [bytesToHex(next)],
    });
    expect(again.error?.code).toBe(-32003);
  });
});
