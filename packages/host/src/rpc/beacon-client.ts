/**
 * The two beacon-API blob endpoints the host can use: `GET /eth/v1/beacon/blob_sidecars/{id}`
 * (commitments + proofs; deprecated in newer clients) and `GET /eth/v1/beacon/blobs/{id}`
 * (blobs only, optionally filtered by `versioned_hashes`). A node answering 404/410 for one
 * is asked the other. `id` is a slot (or, on anvil, the EL block number; environment-notes §1.1).
 */
import { hexToBytes } from '@faultline/primitives';
import { RpcError } from './rpc-client.js';

export interface BlobSidecar {
  index: number;
  blob: Uint8Array;
  kzgCommitment?: Uint8Array;
  kzgProof?: Uint8Array;
}

export class BeaconClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
  ) {}

  private async get(path: string): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${this.url.replace(/\/$/, '')}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new RpcError('beacon', path, `request failed: ${(e as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  /** Genesis time and seconds per slot, to turn an L1 timestamp into a slot. */
  async genesisTime(): Promise<bigint | undefined> {
    const r = await this.get('/eth/v1/beacon/genesis');
    const t = (r.json as { data?: { genesis_time?: string } } | undefined)?.data?.genesis_time;
    return r.status === 200 && t !== undefined ? BigInt(t) : undefined;
  }

  /** `SECONDS_PER_SLOT` from the node's spec, or undefined when the endpoint is missing (anvil). */
  async secondsPerSlot(): Promise<bigint | undefined> {
    const r = await this.get('/eth/v1/config/spec');
    const v = (r.json as { data?: { SECONDS_PER_SLOT?: string } } | undefined)?.data?.SECONDS_PER_SLOT;
    return r.status === 200 && v !== undefined ? BigInt(v) : undefined;
  }

  /**
   * The beacon block id for an execution timestamp: the slot `(timestamp - genesis) / slotTime`
   * (op-program's L1BeaconClient) when the node publishes genesis and spec; otherwise undefined.
   */
  async slotAt(timestamp: bigint): Promise<bigint | undefined> {
    const [genesis, perSlot] = await Promise.all([this.genesisTime(), this.secondsPerSlot()]);
    if (genesis === undefined || perSlot === undefined || perSlot === 0n || timestamp < genesis) return undefined;
    return (timestamp - genesis) / perSlot;
  }

  /** Blobs of a block: sidecars when the node serves them, otherwise plain blobs. */
  async blobs(id: string, versionedHashes: string[] = []): Promise<BlobSidecar[]> {
    const side = await this.get(`/eth/v1/beacon/blob_sidecars/${id}`);
    if (side.status === 200) {
      const data = (side.json as { data: { index: string; blob: string; kzg_commitment: string; kzg_proof: string }[] })
        .data;
      return data.map((s) => ({
        index: Number(s.index),
        blob: hexToBytes(s.blob),
        kzgCommitment: hexToBytes(s.kzg_commitment, 48),
        kzgProof: hexToBytes(s.kzg_proof, 48),
      }));
    }
    const q = versionedHashes.length ? `?${versionedHashes.map((h) => `versioned_hashes=${h}`).join('&')}` : '';
    const plain = await this.get(`/eth/v1/beacon/blobs/${id}${q}`);
    if (plain.status !== 200) {
      throw new RpcError(
        'beacon',
        `blobs/${id}`,
        `HTTP ${side.status} for blob_sidecars and ${plain.status} for blobs`,
      );
    }
    const list = (plain.json as { data: string[] }).data;
    return list.map((b, index) => ({ index, blob: hexToBytes(b) }));
  }
}
