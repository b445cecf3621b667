/**
 * `l2-payload-witness` in both programs' forms and its fallbacks, against a small JSON-RPC server
 * that plays an L2 node with or without the debug methods; and the hint lengths both programs
 * use. Account, storage, node and code hints against a real node are in `prefetcher.anvil.test.ts`.
 */
import { createServer, type Server } from 'node:http';
import { formatHint, HINT_TYPES, keccakKeyOf } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryKv } from '../kv/memory-kv.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { HINT_HANDLERS, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';

const PARENT = `0x${'11'.repeat(32)}`;
const ATTRIBUTES = { timestamp: '0x10', transactions: [] };
const NODE = hexToBytes(`0xf8${'22'.repeat(40)}`);
const CODE = hexToBytes('0x6001600055');
const KEY = hexToBytes(`0x${'33'.repeat(20)}`);
const WITNESS = { state: [bytesToHex(NODE)], codes: [bytesToHex(CODE)], keys: [bytesToHex(KEY)] };

let server: Server | undefined;
afterEach(() => server?.close());

/** A node answering the methods in `methods` (result or error); every other method is -32601. */
async function node(methods: Record<string, (params: unknown[]) => unknown>) {
  const calls: { method: string; params: unknown[] }[] = [];
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
    calls.push({ method, params });
    const answer = methods[method];
    const reply = answer
      ? { jsonrpc: '2.0', id, result: answer(params) }
      : {
          jsonrpc: '2.0',
          id,
          error: { code: -32601, message: `the method ${method} does not exist/is not available` },
        };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
  const store = new MemoryKv();
  const rpc = new RpcClient(url, 'L2');
  const sources: Sources = { l1: rpc, l2: rpc, beacon: undefined, l2Head: new Uint8Array(32) };
  // No proactive hints: each test decides when the witness is fetched.
  const prefetcher = new Prefetcher<Sources>({ store, sources, handlers: HINT_HANDLERS, retries: 0, proactive: [] });
  const run = async (type: string, data: Uint8Array, key = keccakKeyOf(NODE)) => {
    prefetcher.hint(formatHint(type, data));
    await prefetcher.fetchFor(key);
  };
  return { calls, store, run };
}

const opProgramForm = () => utf8ToBytes(JSON.stringify({ parentBlockHash: PARENT, payloadAttributes: ATTRIBUTES }));
const konaForm = () => concatBytes(hexToBytes(PARENT), utf8ToBytes(JSON.stringify(ATTRIBUTES)));

describe('l2-payload-witness', () => {
  it.each([
    ['op-program JSON', opProgramForm],
    ['kona parent hash ‖ JSON', konaForm],
  ])(
    '%s: debug_executePayload(parent, attributes); nodes, codes and keys stored by their own hash',
    async (_f, form) => {
      const { calls, store, run } = await node({ debug_executePayload: () => WITNESS });
      await run(HINT_TYPES.l2PayloadWitness, form());
      expect(calls).toEqual([{ method: 'debug_executePayload', params: [PARENT, ATTRIBUTES] }]);
      for (const v of [NODE, CODE, KEY]) expect(store.get(keccakKeyOf(v))).toEqual(v);
    },
  );

  it('a witness keyed by hash (geth’s map form) is stored by the values’ own hashes, whatever its keys say', async () => {
    const { store, run } = await node({
      debug_executePayload: () => ({ state: { [`0x${'00'.repeat(32)}`]: bytesToHex(NODE) } }),
    });
    await run(HINT_TYPES.l2PayloadWitness, opProgramForm());
    expect(store.get(keccakKeyOf(NODE))).toEqual(NODE);
    expect(store.size).toBe(1);
  });

  it('without debug_executePayload: the witness of the block after the parent (debug_executionWitness)', async () => {
    const { calls, store, run } = await node({
      eth_getBlockByHash: () => ({ hash: PARENT, number: '0x41' }),
      debug_executionWitness: () => WITNESS,
    });
    await run(HINT_TYPES.l2PayloadWitness, opProgramForm());
    expect(calls.map((c) => c.method)).toEqual([
      'debug_executePayload',
      'eth_getBlockByHash',
      'debug_executionWitness',
    ]);
    expect(calls[2]!.params).toEqual(['0x42']);
    expect(store.get(keccakKeyOf(CODE))).toEqual(CODE);
  });

  it('a node with neither witness method: one line naming both', async () => {
    const { run } = await node({ eth_getBlockByHash: () => ({ hash: PARENT, number: '0x41' }) });
    await expect(run(HINT_TYPES.l2PayloadWitness, konaForm())).rejects.toThrow(
      'execution witness: the node has no debug_executePayload; the node has no debug_executionWitness',
    );
  });

  it.each([
    ['not JSON', utf8ToBytes('{nope')],
    ['neither JSON nor a parent hash followed by JSON', new Uint8Array(40)],
    ['JSON without parentBlockHash', utf8ToBytes('{"payloadAttributes":{}}')],
  ])('refuses a hint that is %s, without calling the node', async (_w, data) => {
    const { calls, run } = await node({});
    await expect(run(HINT_TYPES.l2PayloadWitness, data)).rejects.toThrow(/^l2-payload-witness: /);
    expect(calls).toEqual([]);
  });
});

describe('L2 state hint lengths (op-program and kona forms)', () => {
  it.each([
    [HINT_TYPES.l2AccountProof, 27, /expected 28 \(kona\) or ≥ 52 bytes, got 27/],
    [HINT_TYPES.l2AccountProof, 52 + 31, /31 bytes after the address are not whole slots/],
    [HINT_TYPES.l2AccountStorageProof, 59, /expected 60 bytes, got 59/],
    [HINT_TYPES.l2StateNode, 33, /expected 32 or 40 bytes, got 33/],
    [HINT_TYPES.l2Code, 31, /expected 32 or 40 bytes, got 31/],
    [HINT_TYPES.startingL2Output, 20, /expected 32 or 40 bytes, got 20/],
  ])('%s of %i bytes is refused before any call', async (type, length, message) => {
    const { calls, run } = await node({});
    await expect(run(type, new Uint8Array(length))).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });
});
