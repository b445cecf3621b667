/**
 * Blob evaluation points (checked against c-kzg), and the beacon paths of l1-blob — Fusaka's
 * `blobs` and the older `blob_sidecars`, which anvil cannot exercise (it answers 410 there;
 * environment-notes §1.1): a small HTTP server plays the L1 node and a beacon node. One file, so
 * c-kzg's trusted setup (seconds to load) is paid once.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { blobKey, keccakKey, sha256Key } from '@faultline/preimage';
import { bytesToHex, concatBytes, keccak256, u64ToBytes } from '@faultline/primitives';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryKv } from '../kv/memory-kv.js';
import { BeaconClient } from '../rpc/beacon-client.js';
import { RpcClient } from '../rpc/rpc-client.js';
import {
  BLS_MODULUS,
  BlobMismatchError,
  BYTES_PER_BLOB,
  blobCommitment,
  blobEvaluationPoints,
  cKzg,
  konaBlobProofKey,
  versionedHash,
} from './blob.js';
import { HINT_HANDLERS, KONA_HINT_HANDLERS, type Sources } from './hint-handlers.js';
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

/** Beacon paths the fake node was asked for, in order. */
let asked: string[] = [];

/**
 * With `beaconSpec`, the fake beacon publishes genesis + SECONDS_PER_SLOT and serves by slot.
 * With `plain`, it serves those blobs at `/eth/v1/beacon/blobs/{id}` (Fusaka), else answers 404 there.
 */
async function serve(
  sidecar: { blob: Uint8Array; commitment: Uint8Array },
  beaconSpec = false,
  plain?: Uint8Array[],
): Promise<string> {
  asked = [];
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
    } else if (plain && req.url?.startsWith(`/eth/v1/beacon/blobs/${id}`)) {
      asked.push(req.url);
      res.end(JSON.stringify({ data: plain.map(bytesToHex) }));
    } else if (req.url === `/eth/v1/beacon/blob_sidecars/${id}`) {
      asked.push(req.url);
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
      if (req.url?.startsWith('/eth/v1/beacon/blob')) asked.push(req.url);
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
}

function prefetcherFor(url: string, store: MemoryKv, handlers = HINT_HANDLERS) {
  const sources: Sources = {
    l1: new RpcClient(url, 'L1'),
    l2: new RpcClient(url, 'L2'),
    beacon: new BeaconClient(url),
    l2Head: new Uint8Array(32),
  };
  return new Prefetcher<Sources>({ store, sources, handlers, retries: 0 });
}

const hintData = (vh: Uint8Array) => concatBytes(vh, u64ToBytes(0), u64ToBytes(BigInt(BLOB_BLOCK * SECONDS_PER_BLOCK)));

describe('l1-blob from the beacon API', () => {
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
    // /blobs was asked first (404 here), with the versioned hash as a filter.
    expect(asked).toEqual([
      `/eth/v1/beacon/blobs/${BLOB_BLOCK}?versioned_hashes=${bytesToHex(vh)}`,
      `/eth/v1/beacon/blob_sidecars/${BLOB_BLOCK}`,
    ]);
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

  it('/eth/v1/beacon/blobs (no commitments served): the commitment is computed here, sidecars never asked', async () => {
    const blob = makeBlob(5);
    const commitment = blobCommitment(blob);
    const store = new MemoryKv();
    // The node also has sidecars, with a wrong commitment: they must not be consulted.
    const p = prefetcherFor(
      await serve({ blob, commitment: blobCommitment(makeBlob(6)) }, false, [makeBlob(6), blob]),
      store,
    );
    const vh = versionedHash(commitment);
    p.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await p.fetchFor(sha256Key(vh));
    expect(store.get(sha256Key(vh))).toEqual(commitment);
    expect(store.get(blobKey(commitment, blobEvaluationPoints()[0]!))).toEqual(blob.subarray(0, 32));
    expect(asked).toEqual([`/eth/v1/beacon/blobs/${BLOB_BLOCK}?versioned_hashes=${bytesToHex(vh)}`]);
  });

  it('a served blob that does not commit to the versioned hash asked for is refused (BlobMismatchError), nothing stored', async () => {
    const wanted = versionedHash(blobCommitment(makeBlob(7)));
    const store = new MemoryKv();
    const other = makeBlob(8);
    const p = prefetcherFor(await serve({ blob: other, commitment: blobCommitment(other) }, false, [other]), store);
    p.hint(`l1-blob ${bytesToHex(hintData(wanted))}`);
    const err = await p.fetchFor(sha256Key(wanted)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BlobMismatchError);
    expect((err as Error).message).toBe(
      `beacon blobs/${BLOB_BLOCK} served 1 blob(s), none with versioned hash ${bytesToHex(wanted)} (the first commits to ${bytesToHex(versionedHash(blobCommitment(other)))})`,
    );
    expect(store.size).toBe(0);
  });

  it('kona: l1-blob also stores the blob’s KZG proof as element 4096, which c-kzg verifies', async () => {
    const blob = makeBlob(9);
    const commitment = blobCommitment(blob);
    const store = new MemoryKv();
    const p = prefetcherFor(await serve({ blob, commitment }, false, [blob]), store, KONA_HINT_HANDLERS);
    const vh = versionedHash(commitment);
    p.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await p.fetchFor(sha256Key(vh));
    const { key, preimage } = konaBlobProofKey(commitment);
    // 48 bytes commitment ‖ the first 24 bytes of the last evaluation point ‖ u64 BE 4096.
    expect(preimage).toHaveLength(80);
    expect(preimage.subarray(0, 48)).toEqual(commitment);
    expect(preimage.subarray(48, 72)).toEqual(blobEvaluationPoints()[4095]!.subarray(0, 24));
    expect(preimage.subarray(72)).toEqual(u64ToBytes(4096));
    expect(store.get(keccakKey(keccak256(preimage)))).toEqual(preimage);
    const proof = store.get(key)!;
    expect(proof).toHaveLength(48);
    const ckzg = cKzg() as unknown as { verifyBlobKzgProof(b: Uint8Array, c: Uint8Array, p: Uint8Array): boolean };
    expect(ckzg.verifyBlobKzgProof(blob, commitment, proof)).toBe(true);
    // op-program's table stores no such element.
    const opStore = new MemoryKv();
    const op = prefetcherFor(await serve({ blob, commitment }, false, [blob]), opStore);
    op.hint(`l1-blob ${bytesToHex(hintData(vh))}`);
    await op.fetchFor(sha256Key(vh));
    expect(opStore.get(key)).toBeUndefined();
  });
});
