/**
 * The prefetcher against a REAL anvil node: block A holds a legacy, an EIP-1559 and a contract
 * creation transaction, block B a blob transaction and another EIP-1559 one. Every hint's pre-images are then read back the way the
 * client reads them — by walking tries from the header's roots through the store — so a wrong
 * encoding, a missing node or a wrong key shows up as a failed lookup or a root mismatch.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blobKey, formatHint, keccakKey, precompileKey, sha256Key } from '@faultline/preimage';
import {
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  hexToBytes,
  keccak256,
  rlpDecode,
  rlpEncode,
  rlpList,
  u64ToBytes,
} from '@faultline/primitives';
import {
  decodeHeader,
  decodeReceipt,
  decodeTransaction,
  type Eip4844Transaction,
  encodeTransaction,
  signingHash,
  transactionHash,
} from '@faultline/protocol';
import { SecureTrie, Trie } from '@faultline/trie';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Anvil, DEV_ADDRESSES, DEV_KEYS, startAnvil } from '../../test-fixtures/anvil.js';
import { FileKv, preimagePath } from '../kv/file-kv.js';
import { LocalSource } from '../kv/local-source.js';
import { PreimageHost } from '../preimage-host.js';
import { BeaconClient } from '../rpc/beacon-client.js';
import { RpcClient, RpcError } from '../rpc/rpc-client.js';
import { BYTES_PER_BLOB, blobCommitment, blobEvaluationPoints, cKzg, versionedHash } from './blob.js';
import { HINT_HANDLERS, KONA_HINT_HANDLERS, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';
import { ProofIndex } from './proof-index.js';

type Json = Record<string, unknown>;

/** Sets slot 0 to 42 and deploys 1 byte of code (environment-notes §1.4 probe contract). */
const INIT_CODE = '0x602a6000556001601160003960016000f300';

let anvil: Anvil;
let block: Json;
let blobBlock: Json;
let blob: Uint8Array;
let blobVh: Uint8Array;
let contract: string;
let store: FileKv;
let datadir: string;
let prefetcher: Prefetcher<Sources>;
let sources: Sources;

async function signedBlobTx(
  chainId: bigint,
  nonce: bigint,
): Promise<{ raw: string; vh: Uint8Array; blob: Uint8Array }> {
  const b = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i < 4096; i++) b.set(keccak256(u64ToBytes(i)).subarray(0, 31), i * 32 + 1); // keep < BLS modulus
  const commitment = blobCommitment(b);
  const proof = new Uint8Array(
    (cKzg() as unknown as { computeBlobKzgProof(b: Uint8Array, c: Uint8Array): Uint8Array }).computeBlobKzgProof(
      b,
      commitment,
    ),
  );
  const vh = versionedHash(commitment);
  const tx: Eip4844Transaction = {
    type: 0x03,
    chainId,
    nonce,
    maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerGas: 100_000_000_000n,
    gasLimit: 50_000n,
    to: hexToBytes(DEV_ADDRESSES[0]),
    value: 1n,
    data: new Uint8Array(0),
    accessList: [],
    maxFeePerBlobGas: 100_000_000_000n,
    blobVersionedHashes: [vh],
    yParity: 0n,
    r: 0n,
    s: 0n,
  };
  const sig = secp256k1.sign(signingHash(tx), hexToBytes(DEV_KEYS[1]), { prehash: false, format: 'recovered' });
  tx.yParity = BigInt(sig[0]!);
  tx.r = bytesToBigInt(sig.subarray(1, 33));
  tx.s = bytesToBigInt(sig.subarray(33, 65));
  const body = rlpDecode(encodeTransaction(tx).subarray(1));
  // Network form (EIP-4844): 0x03 ++ rlp([tx_payload_body, blobs, commitments, proofs]).
  const wrapped = concatBytes(Uint8Array.of(3), rlpEncode([body as never, [b], [commitment], [proof]]));
  return { raw: bytesToHex(wrapped), vh, blob: b };
}

beforeAll(async () => {
  anvil = await startAnvil(['--hardfork', 'prague']);
  const chainId = BigInt(await anvil.rpc<string>('eth_chainId'));
  await anvil.rpc('evm_setAutomine', [false]);
  // One sender per transaction: anvil (1.7.1, automine off) drops a sender's later-nonce txs
  // from a manually mined block.
  const [from, , from2, from3] = DEV_ADDRESSES;
  await anvil.rpc('eth_sendTransaction', [
    { from, to: DEV_ADDRESSES[1], value: '0x1', gasPrice: '0x77359400', type: '0x0' },
  ]);
  await anvil.rpc('eth_sendTransaction', [
    {
      from: from2,
      to: DEV_ADDRESSES[1],
      value: '0x2',
      maxFeePerGas: '0x174876e800',
      maxPriorityFeePerGas: '0x1',
      type: '0x2',
    },
  ]);
  const deployHash = await anvil.rpc<string>('eth_sendTransaction', [{ from: from3, data: INIT_CODE, gas: '0x30000' }]);
  await anvil.rpc('evm_mine');
  block = await anvil.rpc<Json>('eth_getBlockByNumber', ['latest', false]);
  const b = await signedBlobTx(chainId, 0n);
  blob = b.blob;
  blobVh = b.vh;
  await anvil.rpc('eth_sendRawTransaction', [b.raw]);
  await anvil.rpc('eth_sendTransaction', [
    { from: from2, to: from, value: '0x3', maxFeePerGas: '0x174876e800', maxPriorityFeePerGas: '0x1', type: '0x2' },
  ]);
  await anvil.rpc('evm_mine');
  blobBlock = await anvil.rpc<Json>('eth_getBlockByNumber', ['latest', false]);
  contract = (
    (await anvil.rpc<Json>('eth_getTransactionReceipt', [deployHash])).contractAddress as string
  ).toLowerCase();
  datadir = mkdtempSync(join(tmpdir(), 'faultline-prefetch-'));
  store = new FileKv(datadir, 'directory');
  sources = {
    l1: new RpcClient(anvil.url, 'L1'),
    l2: new RpcClient(anvil.url, 'L2'),
    beacon: new BeaconClient(anvil.url),
    l2Head: hexToBytes(block.hash as string),
  };
  prefetcher = new Prefetcher<Sources>({ store, sources, handlers: HINT_HANDLERS });
}, 60_000);

afterAll(() => anvil?.stop());

/** An L2 client that refuses the debug namespace as op-reth without it would, and records what it was asked. */
function standardOnly(): { rpc: RpcClient; called: string[] } {
  const called: string[] = [];
  const rpc = new (class extends RpcClient {
    override async call<T>(method: string, params: unknown[]): Promise<T> {
      if (method.startsWith('debug_'))
        throw new RpcError('L2', method, `the method ${method} does not exist/is not available`, -32601);
      called.push(method);
      return super.call<T>(method, params);
    }
  })(anvil.url, 'L2');
  return { rpc, called };
}

async function run(type: string, data: Uint8Array, key: Uint8Array): Promise<void> {
  prefetcher.hint(formatHint(type, data));
  await prefetcher.fetchFor(key);
}

const source = { get: (hash: Uint8Array) => store.get(keccakKey(hash)) };

describe('prefetcher against anvil', () => {
  it('the blocks hold legacy, 1559, creation and blob transactions', async () => {
    const types = async (b: Json) =>
      ((await anvil.rpc<Json>('eth_getBlockByHash', [b.hash, true])).transactions as Json[]).map((t) => t.type).sort();
    expect(await types(block)).toEqual(['0x0', '0x2', '0x2']);
    expect(await types(blobBlock)).toEqual(['0x2', '0x3']);
  });

  it('l1-block-header: header RLP rebuilt from JSON, stored under its hash', async () => {
    const hash = hexToBytes(block.hash as string);
    await run('l1-block-header', hash, keccakKey(hash));
    const header = decodeHeader(store.get(keccakKey(hash))!);
    expect(header.number).toBe(BigInt(block.number as string));
    expect(bytesToHex(header.stateRoot)).toBe(block.stateRoot);
  });

  it('l1-transactions: every tx-trie node; walking from transactionsRoot yields the block txs', async () => {
    const hash = hexToBytes(block.hash as string);
    await run('l1-transactions', hash, keccakKey(hash));
    const trie = Trie.open(hexToBytes(block.transactionsRoot as string), source);
    const types: number[] = [];
    (block.transactions as string[]).forEach((txHash, i) => {
      const tx = decodeTransaction(trie.get(rlpEncode(i))!);
      types.push(tx.type);
      expect(bytesToHex(transactionHash(tx))).toBe(txHash);
    });
    expect(types.sort()).toEqual([0, 2, 2]);
  });

  it('l1-transactions on the blob block: anvil commits the blob sidecar into transactionsRoot, so the host refuses', async () => {
    // Consensus (EIP-4844) puts the blob tx in the tx trie WITHOUT its sidecar; anvil 1.7.1 hashes
    // the network form (with blobs). The host checks roots, so it reports instead of storing a
    // trie the header does not commit to.
    const hash = hexToBytes(blobBlock.hash as string);
    await expect(run('l1-transactions', hash, keccakKey(hash))).rejects.toThrow(
      `transactions trie rebuilt from JSON has root`,
    );
  });

  it.each([
    ['legacy/1559/creation block', () => block, 3],
    ['blob block', () => blobBlock, 2],
  ])(
    'l1-receipts (%s): every receipt-trie node; walking from receiptsRoot yields the receipts',
    async (_n, b, count) => {
      const hash = hexToBytes(b().hash as string);
      await run('l1-receipts', hash, keccakKey(hash));
      const trie = Trie.open(hexToBytes(b().receiptsRoot as string), source);
      let last = 0n;
      for (let i = 0; i < count; i++) {
        const r = decodeReceipt(trie.get(rlpEncode(i))!);
        expect(r.status).toBe(true);
        expect(r.cumulativeGasUsed > last).toBe(true);
        last = r.cumulativeGasUsed;
      }
      expect(trie.get(rlpEncode(count))).toBeUndefined();
    },
  );

  it('l2-account-proof: account and storage nodes, readable from stateRoot; code then by eth_getCode of its prover', async () => {
    const hash = hexToBytes(block.hash as string);
    const slot = new Uint8Array(32);
    const stateRoot = hexToBytes(block.stateRoot as string);
    // The proof is a bulk hint: the next miss (here the state root) runs it.
    await run('l2-account-proof', concatBytes(hash, hexToBytes(contract), slot), keccakKey(stateRoot));
    const state = SecureTrie.open(stateRoot, source);
    const account = rlpList(rlpDecode(state.get(hexToBytes(contract))!), 'account');
    const storage = SecureTrie.open(account[2] as Uint8Array, source);
    expect(bytesToBigInt(rlpDecode(storage.get(slot)!) as Uint8Array)).toBe(42n);
    // No standard method looks code up by hash: the account just proven has it.
    const codeHash = account[3] as Uint8Array;
    expect(store.get(keccakKey(codeHash))).toBeUndefined();
    await run('l2-code', codeHash, keccakKey(codeHash));
    const code = store.get(keccakKey(codeHash));
    expect(bytesToHex(code!)).toBe(await anvil.rpc<string>('eth_getCode', [contract, 'latest']));
  });

  it('kona forms: l2-account-proof (u64 number ‖ address) and l2-account-storage-proof (‖ slot), no debug method', async () => {
    const { rpc, called } = standardOnly();
    const fresh = new FileKv(mkdtempSync(join(tmpdir(), 'faultline-kona-')), 'file');
    const p = new Prefetcher<Sources>({
      store: fresh,
      sources: { ...sources, l2: rpc, index: new ProofIndex() },
      handlers: HINT_HANDLERS,
    });
    const stateRoot = hexToBytes(block.stateRoot as string);
    const number = u64ToBytes(BigInt(block.number as string));
    const slot = new Uint8Array(32);
    p.hint(formatHint('l2-account-proof', concatBytes(number, hexToBytes(DEV_ADDRESSES[3]))));
    await p.fetchFor(keccakKey(stateRoot));
    const read = { get: (h: Uint8Array) => fresh.get(keccakKey(h)) };
    const account = rlpList(rlpDecode(SecureTrie.open(stateRoot, read).get(hexToBytes(DEV_ADDRESSES[3]))!), 'account');
    expect(bytesToBigInt(account[0] as Uint8Array)).toBe(1n); // it sent the creation transaction
    p.hint(formatHint('l2-account-storage-proof', concatBytes(number, hexToBytes(contract), slot)));
    const { storageHash } = await anvil.rpc<Json>('eth_getProof', [contract, [], block.hash]);
    const storageRoot = hexToBytes(storageHash as string);
    await p.fetchFor(keccakKey(storageRoot));
    const contractAccount = rlpList(rlpDecode(SecureTrie.open(stateRoot, read).get(hexToBytes(contract))!), 'account');
    expect(contractAccount[2]).toEqual(storageRoot);
    expect(bytesToBigInt(rlpDecode(SecureTrie.open(storageRoot, read).get(slot)!) as Uint8Array)).toBe(42n);
    expect(called.filter((m) => m !== 'eth_getProof')).toEqual([]);
  });

  it('l2-state-node: a node a proof passed by is fetched by the proof of a key under its path, no debug method', async () => {
    const { rpc, called } = standardOnly();
    const fresh = new FileKv(mkdtempSync(join(tmpdir(), 'faultline-sibling-')), 'file');
    const index = new ProofIndex();
    const p = new Prefetcher<Sources>({
      store: fresh,
      sources: { ...sources, l2: rpc, index },
      handlers: HINT_HANDLERS,
    });
    const stateRoot = hexToBytes(block.stateRoot as string);
    p.hint(formatHint('l2-account-proof', concatBytes(hexToBytes(block.hash as string), hexToBytes(contract))));
    await p.fetchFor(keccakKey(stateRoot));
    // The root is a branch (anvil's dev accounts, the contract): its other children are only referenced.
    const root = rlpDecode(fresh.get(keccakKey(stateRoot))!) as Uint8Array[];
    expect(root).toHaveLength(17);
    const sibling = root.slice(0, 16).find((c) => c.length === 32 && fresh.get(keccakKey(c)) === undefined);
    expect(sibling).toBeDefined();
    expect(index.node(sibling!)?.path).toEqual(Uint8Array.of(root.indexOf(sibling!)));
    p.hint(formatHint('l2-state-node', sibling!));
    await p.fetchFor(keccakKey(sibling!));
    expect(bytesToHex(keccak256(fresh.get(keccakKey(sibling!))!))).toBe(bytesToHex(sibling!));
    expect(called).toEqual(['eth_getProof', 'eth_getProof']);
  });

  it('l2-code: code by hash through debug_codeByHash (anvil has it; there is no standard lookup by hash)', async () => {
    const code = hexToBytes(await anvil.rpc<string>('eth_getCode', [contract, 'latest']));
    const fresh = new FileKv(mkdtempSync(join(tmpdir(), 'faultline-code-')), 'file');
    // A fresh index: no proven account points the host at eth_getCode.
    const p = new Prefetcher<Sources>({
      store: fresh,
      sources: { ...sources, index: new ProofIndex() },
      handlers: HINT_HANDLERS,
    });
    p.hint(formatHint('l2-code', keccak256(code)));
    await p.fetchFor(keccakKey(keccak256(code)));
    expect(fresh.get(keccakKey(keccak256(code)))).toEqual(code);
  });

  it('l2-state-node / l2-code: an unknown hash without debug methods names what is missing and what to send', async () => {
    const { rpc } = standardOnly();
    const p = new Prefetcher<Sources>({
      store: new FileKv(mkdtempSync(join(tmpdir(), 'faultline-none-')), 'file'),
      sources: { ...sources, l2: rpc, index: new ProofIndex() },
      handlers: HINT_HANDLERS,
      retries: 0,
    });
    const node = new Uint8Array(32).fill(0xab);
    p.hint(formatHint('l2-state-node', node));
    await expect(p.fetchFor(keccakKey(node))).rejects.toThrow(
      'L2 state node 0xabababababababababababababababababababababababababababababababab: no proof the host fetched references it (send l2-account-proof / l2-account-storage-proof first), and the node has no debug_dbGet',
    );
    p.hint(formatHint('l2-code', node));
    await expect(p.fetchFor(keccakKey(node))).rejects.toThrow(
      /^L2 code 0xabab\S+: no account the host proved has this code hash \(send l2-account-proof first\), and the node has no debug_codeByHash; the node has no debug_dbGet$/,
    );
  });

  it('l1-blob: commitment under the versioned hash, 4096 field elements under bit-reversed roots', async () => {
    const data = concatBytes(blobVh, u64ToBytes(0), u64ToBytes(BigInt(blobBlock.timestamp as string)));
    await run('l1-blob', data, sha256Key(blobVh));
    const commitment = store.get(sha256Key(blobVh))!;
    expect(bytesToHex(versionedHash(commitment))).toBe(bytesToHex(blobVh));
    const zs = blobEvaluationPoints();
    const rebuilt = new Uint8Array(BYTES_PER_BLOB);
    for (let i = 0; i < 4096; i++) rebuilt.set(store.get(blobKey(commitment, zs[i]!))!, i * 32);
    expect(bytesToHex(keccak256(rebuilt))).toBe(bytesToHex(keccak256(blob)));
    expect(store.get(keccakKey(keccak256(concatBytes(commitment, zs[7]!))))).toEqual(concatBytes(commitment, zs[7]!));
  });

  it('l2-output: OutputV0 at --l2.head; a different root is refused', async () => {
    const head = hexToBytes(block.hash as string);
    const proof = await anvil.rpc<Json>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], block.hash]);
    const output = concatBytes(
      new Uint8Array(32),
      hexToBytes(block.stateRoot as string),
      hexToBytes(proof.storageHash as string),
      head,
    );
    const root = keccak256(output);
    await run('l2-output', root, keccakKey(root));
    expect(store.get(keccakKey(root))).toEqual(output);
    // kona's name for the same request.
    const fresh = new FileKv(mkdtempSync(join(tmpdir(), 'faultline-output-')), 'file');
    const kona = new Prefetcher<Sources>({ store: fresh, sources, handlers: KONA_HINT_HANDLERS });
    kona.hint(formatHint('starting-l2-output', root));
    await kona.fetchFor(keccakKey(root));
    expect(fresh.get(keccakKey(root))).toEqual(output);
    await expect(run('l2-output', new Uint8Array(32).fill(9), keccakKey(new Uint8Array(32)))).rejects.toThrow(
      /output root at --l2.head is 0x[0-9a-f]{64}, but the client asked for 0x0909/,
    );
  });

  it('l1-precompile-v2: ecrecover computed locally, status ++ output under the precompile key', async () => {
    const msg = keccak256(new TextEncoder().encode('faultline'));
    const sig = secp256k1.sign(msg, hexToBytes(DEV_KEYS[0]), { prehash: false, format: 'recovered' });
    const input = concatBytes(msg, new Uint8Array(31), Uint8Array.of(27 + sig[0]!), sig.subarray(1, 65));
    const address = hexToBytes('0x0000000000000000000000000000000000000001');
    const data = concatBytes(address, u64ToBytes(3000), input);
    const key = precompileKey(address, 3000, input);
    await run('l1-precompile-v2', data, key);
    const value = store.get(key)!;
    expect(value[0]).toBe(1);
    expect(bytesToHex(value.subarray(13))).toBe(DEV_ADDRESSES[0]);
  });

  it('wrote an op-program "directory" datadir: <4 hex>/<60 hex>.txt', () => {
    const hash = hexToBytes(block.hash as string);
    const dirs = readdirSync(datadir).filter((d) => !d.includes('.'));
    expect(dirs.every((d) => /^0[2-6][0-9a-f]{2}$/.test(d))).toBe(true);
    const path = preimagePath(datadir, 'directory', keccakKey(hash));
    expect(path).toBe(join(datadir, `02${bytesToHex(hash).slice(4, 6)}`, `${bytesToHex(hash).slice(6)}.txt`));
    expect(readdirSync(join(datadir, `02${bytesToHex(hash).slice(4, 6)}`))).toContain(
      `${bytesToHex(hash).slice(6)}.txt`,
    );
  });

  it('CLI end to end: --exec client online into an lmdb datadir, then offline from it', async () => {
    const bin = fileURLToPath(new URL('../../../cli/bin/faultline.mjs', import.meta.url));
    const client = fileURLToPath(new URL('../../test-fixtures/echo-client.ts', import.meta.url));
    const lmdbDir = mkdtempSync(join(tmpdir(), 'faultline-lmdb-'));
    // The echo client hints l1-block-header <claim> and reads keccak(claim): with a block hash
    // as the claim, the host must fetch that header over RPC.
    const common = [
      bin,
      'host',
      '--network',
      '10',
      '--datadir',
      lmdbDir,
      '--data.format',
      'lmdb',
      '--progress',
      '0',
      '--l1.head',
      block.hash as string,
      '--l2.head',
      block.hash as string,
      '--l2.outputroot',
      block.hash as string,
      '--l2.claim',
      block.hash as string,
      '--l2.blocknumber',
      '1',
      '--exec',
      `${process.execPath} --import tsx ${client}`,
      // JSON lines: the verdict is checked by level, message and fields, not by a timestamped
      // terminal line (the CLI's logger, packages/cli/src/log.ts).
      '--log.format',
      'json',
    ];
    const run = (extra: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...common, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    // Header RLP text does not start with "valid": the client's exit 1 is passed through.
    // Every stderr line is one JSON log record; the last one is the host's verdict.
    const verdict = (stderr: string) => {
      const records = stderr
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      const { t, ...rest } = records.at(-1) as Json;
      expect(Number.isNaN(Date.parse(t as string))).toBe(false);
      return rest;
    };
    const expected = { lvl: 'info', msg: 'host: client exited with 1: claim invalid', claim: block.hash, block: '1' };
    const online = await run(['--l1', anvil.url, '--l2', anvil.url, '--l1.beacon', anvil.url]);
    expect(online.code).toBe(1);
    expect(verdict(online.stderr)).toEqual(expected);
    const offline = await run([]);
    expect(offline.code).toBe(1);
    expect(verdict(offline.stderr)).toEqual(expected);
  });

  it('through PreimageHost: a missing key runs the last hint, then is served', async () => {
    const other = await anvil.rpc<Json>('eth_getBlockByNumber', ['0x0', false]);
    const hash = hexToBytes(other.hash as string);
    const host = new PreimageHost({
      store,
      local: new LocalSource({
        l1Head: hash,
        l2OutputRoot: hash,
        l2Claim: hash,
        l2ClaimBlockNumber: 1n,
        l2ChainId: 10n,
      }),
      fetcher: prefetcher,
    });
    host.hint(formatHint('l1-block-header', hash));
    const rlp = await host.get(keccakKey(hash));
    expect(bytesToHex(keccak256(rlp))).toBe(other.hash);
  });
});
