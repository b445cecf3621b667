/**
 * The host's L2 state hints against the devnet's L2 node, which serves what op-reth serves to a
 * fault-proof host — `eth_getProof`, `eth_getCode`, the execution witnesses — and no `debug_dbGet`
 * (issue 16 item 6). A node the client asks for by hash alone is reached by the proof of a key
 * under its path, code by `eth_getCode` of an account proven to have it. Every value is
 * read back the way the client reads it, by walking the tries from the header's state root.
 */
import { HINT_HANDLERS, KONA_HINT_HANDLERS, MemoryKv, Prefetcher, RpcClient, type Sources } from '@faultline/host';
import { formatHint, keccakKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, hexToBytes, keccak256, rlpDecode, u64ToBytes } from '@faultline/primitives';
import { decodeAccount } from '@faultline/state';
import { bytesToNibbles, SecureTrie } from '@faultline/trie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, L1_BLOCK } from '../../test-fixtures/chain.js';
import { type RpcServer, startRpcServer } from './rpc-server.js';

type Json = Record<string, unknown>;

let server: RpcServer;
let head: Json;
const { node } = fixture();

beforeAll(async () => {
  server = await startRpcServer(node);
  head = await new RpcClient(server.url, 'L2').call<Json>('eth_getBlockByNumber', ['latest', false]);
});
afterAll(() => server?.close());

/** A host prefetcher on the devnet node; `called` lists the methods it used. */
function host(handlers = HINT_HANDLERS) {
  const called: string[] = [];
  const l2 = new (class extends RpcClient {
    override async call<T>(method: string, params: unknown[]): Promise<T> {
      called.push(method);
      return super.call<T>(method, params);
    }
  })(server.url, 'L2');
  const store = new MemoryKv();
  const sources: Sources = { l1: l2, l2, beacon: undefined, l2Head: hexToBytes(head.hash as string) };
  const prefetcher = new Prefetcher<Sources>({ store, sources, handlers, retries: 0 });
  const run = async (type: string, data: Uint8Array, key: Uint8Array) => {
    prefetcher.hint(formatHint(type, data));
    await prefetcher.fetchFor(key);
  };
  const read = { get: (h: Uint8Array) => store.get(keccakKey(h)) };
  return { store, run, read, called };
}

const stateRoot = () => hexToBytes(head.stateRoot as string);

describe('standard-RPC host against the devnet L2 node (no debug_dbGet)', () => {
  it('l2-account-proof with a slot: the account and its storage read from the state root', async () => {
    const { run, read, called } = host();
    const address = hexToBytes(L1_BLOCK);
    const slot = new Uint8Array(32); // L1Block.number lives in slot 0
    await run('l2-account-proof', concatBytes(hexToBytes(head.hash as string), address, slot), keccakKey(stateRoot()));
    const account = decodeAccount(SecureTrie.open(stateRoot(), read).get(address)!);
    const expected = await new RpcClient(server.url, 'L2').call<string>('eth_getStorageAt', [
      L1_BLOCK,
      '0x0',
      head.hash,
    ]);
    const value = SecureTrie.open(account.storageRoot, read).get(slot);
    expect(BigInt(bytesToHex(rlpDecode(value!) as Uint8Array))).toBe(BigInt(expected));
    expect(called).toEqual(['eth_getProof']);
  });

  it('l2-state-node off every fetched path: one proof of a key searched for under its path fetches it', async () => {
    const { store, run, read, called } = host();
    await run(
      'l2-account-proof',
      concatBytes(hexToBytes(head.hash as string), hexToBytes(L1_BLOCK)),
      keccakKey(stateRoot()),
    );
    // A child the proof only referenced, of the deepest branch on L1Block's path that has one.
    const path = bytesToNibbles(keccak256(hexToBytes(L1_BLOCK)));
    let depth = 0;
    let target: Uint8Array | undefined;
    for (let nodeHash = stateRoot(); ; depth++) {
      const items = rlpDecode(read.get(nodeHash)!) as Uint8Array[];
      if (items.length !== 17) break;
      const sibling = items.find((c, i) => i < 16 && i !== path[depth] && c.length === 32 && read.get(c) === undefined);
      if (sibling) target = sibling;
      const next = items[path[depth]!]!;
      if (next.length !== 32 || !read.get(next)) break;
      nodeHash = next;
    }
    expect(target).toBeDefined();
    const before = store.size;
    await run('l2-state-node', target!, keccakKey(target!));
    expect(bytesToHex(keccak256(read.get(target!)!))).toBe(bytesToHex(target!));
    expect(store.size).toBeGreaterThan(before);
    expect(called).toEqual(['eth_getProof', 'eth_getProof']);
  });

  it('l2-code: eth_getCode of the account just proven, checked against the code hash', async () => {
    const { run, read, called } = host();
    await run(
      'l2-account-proof',
      concatBytes(hexToBytes(head.hash as string), hexToBytes(L1_BLOCK)),
      keccakKey(stateRoot()),
    );
    const { codeHash } = decodeAccount(SecureTrie.open(stateRoot(), read).get(hexToBytes(L1_BLOCK))!);
    await run('l2-code', codeHash, keccakKey(codeHash));
    expect(bytesToHex(keccak256(read.get(codeHash)!))).toBe(bytesToHex(codeHash));
    expect(called).toEqual(['eth_getProof', 'eth_getCode']);
  });

  it('kona: l2-account-storage-proof by block number', async () => {
    const { run, read } = host(KONA_HINT_HANDLERS);
    const number = u64ToBytes(BigInt(head.number as string));
    const slot = new Uint8Array(32);
    const proof = await new RpcClient(server.url, 'L2').call<Json>('eth_getProof', [L1_BLOCK, [], head.hash]);
    const storageRoot = hexToBytes(proof.storageHash as string);
    await run('l2-account-storage-proof', concatBytes(number, hexToBytes(L1_BLOCK), slot), keccakKey(storageRoot));
    expect(SecureTrie.open(storageRoot, read).get(slot)).toBeDefined();
    expect(decodeAccount(SecureTrie.open(stateRoot(), read).get(hexToBytes(L1_BLOCK))!).storageRoot).toEqual(
      storageRoot,
    );
  });

  it('a node no fetched proof referenced: one line naming the missing debug_dbGet and what to send', async () => {
    const { run } = host();
    const unknown = keccak256(Uint8Array.of(1, 2, 3));
    await expect(run('l2-state-node', unknown, keccakKey(unknown))).rejects.toThrow(
      `L2 state node ${bytesToHex(unknown)}: no proof the host fetched references it (send l2-account-proof / l2-account-storage-proof first), and the node has no debug_dbGet`,
    );
  });
});
