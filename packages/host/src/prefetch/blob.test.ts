/**
 * Blob evaluation points (checked against c-kzg), and the `blob_sidecars` path of l1-blob,
 * which anvil cannot exercise (it answers 410 there; environment-notes §1.1): a small HTTP
 * server plays the L1 node and a beacon node serving sidecars with commitments. One file, so
 * c-kzg's trusted setup (seconds to load) is paid once.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { blobKey, sha256Key } from '@faultline/preimage';
import { bytesToHex, concatBytes, keccak256, u64ToBytes } from '@faultline/primitives';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryKv } from '../kv/memory-kv.js';
import { BeaconClient } from '../rpc/beacon-client.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { BLS_MODULUS, BYTES_PER_BLOB, blobCommitment, blobEvaluationPoints, cKzg, versionedHash } from './blob.js';
import { HINT_HANDLERS, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';

describe('blob evaluation points', () => {
  it('are distinct 4096th roots of unity', () => {
    const zs = blobEvaluationPoints();
    expect(zs.length).toBe(4096);
    expect(new Set(zs.map((z) => Buffer.from(z).toString('hex'))).size).toBe(4096);
    const z5 = BigInt(`0x${Buffer.from(zs[5]!).toString('hex')}`);
    let p = 1n;
    let base = z5;
    let e = 4096n;
    while (e > 0n) {
      if (e & 1n) p = (p * base) % BLS_MODULUS;
      base = (base * base) % BLS_MODULUS;
      e >>= 1n;
    }
    expect(p).toBe(1n);
  });

  it('evaluating the blob polynomial at z_i gives field element i (checked by c-kzg)', () => {
    cKzg();
    // One point, chosen so that bit reversal matters (6 ↔ 1536); each proof costs seconds.
    const ckzg = createRequire(import.meta.url)('c-kzg') as {
      computeKzgProof(blob: Uint8Array, z: Uint8Array): [Uint8Array, Uint8Array];
    };
    const blob = new Uint8Array(BYTES_PER_BLOB);
    for (let i = 0; i < 4096; i++) {
      blob[i * 32 + 31] = (i * 7) & 0xff;
      blob[i * 32 + 30] = i >> 8;
    }
    expect(blobCommitment(blob).length).toBe(48);
    const zs = blobEvaluationPoints();
    for (const i of [6]) {
      const [, y] = ckzg.computeKzgProof(blob, zs[i]!);
      expect(Buffer.from(y).toString('hex')).toBe(Buffer.from(blob.subarray(i * 32, i * 32 + 32)).toString('hex'));
    }
  });
});

const SECONDS_PER_BLOCK = 20;
const BLOB_BLOCK = 5;

function makeBlob(seed: number): Uint8Array {
  const b = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i < 4096; i++) b.set(keccak256(u64ToBytes(i + seed * 10_000)).subarray(0, 31), i * 32 + 1);
  return b;
}

let server: Server | undefined;
afterEach(() => server?.close());

/** With `beaconSpec`, the fake beacon publishes genesis + SECONDS_PER_SLOT and serves by slot. */
async function serve(sidecar: { blob: Uint8Array; commitment: Uint8Array }, beaconSpec = false): Promise<string> {
  const GENESIS = 40;
  const SLOT = 12;
  const id = beaconSpec ? (BLOB_BLOCK * SECONDS_PER_BLOCK - GENESIS) / SLOT : BLOB_BLOCK;
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST') {
      const { id, params } = JSON.parse(body) as { id: number; params: [string] };
      const n = params[0] === 'latest' ? 9 : Number(params[0]);
      const result = { number: `0x${n.toString(16)}`, timestamp: `0x${(n * SECONDS_PER_BLOCK).toString(16)}` };
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    } else if (beaconSpec && req.url === '/eth/v1/beacon/genesis') {
      res.end(JSON.stringify({ data: { genesis_time: String(GENESIS) } }));
    } else if (beaconSpec && req.url === '/eth/v1/config/spec') {
      res.end(JSON.stringify({ data: { SECONDS_PER_SLOT: String(SLOT) } }));
    } else if (req.url === `/eth/v1/beacon/blob_sidecars/${id}`) {
      const data = [
        {
          index: '0',
          blob: bytesToHex(sidecar.blob),
          kzg_commitment: bytesToHex(sidecar.commitment),
          kzg_proof: bytesToHex(new Uint8Array(48)),
        },
      ];
      res.end(JSON.stringify({ data }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
}

function prefetcherFor(url: string, store: MemoryKv) {
  const sources: Sources = {
    l1: new RpcClient(url, 'L1'),
    l2: new RpcClient(url, 'L2'),
    beacon: new BeaconClient(url),
    l2Head: new Uint8Array(32),
  };
  return new Prefetcher<Sources>({ store, sources, handlers: HINT_HANDLERS, retries: 0 });
}

const hintData = (vh: Uint8Array) => concatBytes(vh, u64ToBytes(0), u64ToBytes(BigInt(BLOB_BLOCK * SECONDS_PER_BLOCK)));

describe('l1-blob from beacon blob_sidecars', () => {
  it('stores the commitment and the field elements of the matching sidecar', async () => {
    const blob = makeBlob(1);
    const commitment = blobCommitment(blob);
    const store = new MemoryKv();
    const p = prefetcherFor(await serve({ blob, commitment }), store);
    const vh = versionedHash(commitment);
    p.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await p.fetchFor(sha256Key(vh));
    expect(store.get(sha256Key(vh))).toEqual(commitment);
    const z = blobEvaluationPoints();
    expect(store.get(blobKey(commitment, z[4095]!))).toEqual(blob.subarray(4095 * 32));
  });

  it('asks for the slot (genesis + SECONDS_PER_SLOT) when the beacon publishes its spec', async () => {
    const blob = makeBlob(4);
    const commitment = blobCommitment(blob);
    const store = new MemoryKv();
    const p = prefetcherFor(await serve({ blob, commitment }, true), store);
    const vh = versionedHash(commitment);
    p.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await p.fetchFor(sha256Key(vh));
    expect(store.get(sha256Key(vh))).toEqual(commitment);
  });

  it('refuses a sidecar whose blob does not reproduce its commitment', async () => {
    const commitment = blobCommitment(makeBlob(2));
    const store = new MemoryKv();
    const p = prefetcherFor(await serve({ blob: makeBlob(3), commitment }), store);
    const vh = versionedHash(commitment);
    p.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await expect(p.fetchFor(sha256Key(vh))).rejects.toThrow('beacon blob 0 does not match its KZG commitment');
    expect(store.size).toBe(0);
  });
});
