/**
 * The two beacon-API blob endpoints the host can use: `GET /eth/v1/beacon/blobs/{id}` (Fusaka's
 * endpoint: blobs only, filtered by `versioned_hashes`; asked first) and
 * `GET /eth/v1/beacon/blob_sidecars/{id}` (commitments + proofs; deprecated since, and gone once
 * PeerDAS stores columns instead of sidecars). A node that answers anything but 200 for the first
 * is asked the second. Neither answer is trusted: the caller recomputes every commitment. `id` is
 * a slot (or, on anvil, the EL block number; environment-notes §1.1).
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

  /** Blobs of a block, and which endpoint served them: plain blobs when the node has them, else sidecars. */
  async blobs(id: string, versionedHashes: string[] = []): Promise<{ endpoint: string; blobs: BlobSidecar[] }> {
    const query = versionedHashes.length ? `?${versionedHashes.map((h) => `versioned_hashes=${h}`).join('&')}` : '';
    const plain = await this.get(`/eth/v1/beacon/blobs/${id}${query}`);
    if (plain.status === 200) {
      const list = (plain.json as { data?: unknown } | undefined)?.data;
      if (!Array.isArray(list)) throw new RpcError('beacon', `blobs/${id}`, 'answer has no data list');
      return { endpoint: `blobs/${id}`, blobs: list.map((b, index) => ({ index, blob: blobBytes(b, `blobs/${id}`) })) };
    }
    const side = await this.get(`/eth/v1/beacon/blob_sidecars/${id}`);
    if (side.status !== 200) {
      throw new RpcError(
        'beacon',
        `blobs/${id}`,
        `HTTP ${plain.status} for blobs and ${side.status} for blob_sidecars`,
      );
    }
    const data = (side.json as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) throw new RpcError('beacon', `blob_sidecars/${id}`, 'answer has no data list');
    const where = `blob_sidecars/${id}`;
    return {
      endpoint: where,
      blobs: (data as { index?: string; blob?: unknown; kzg_commitment?: unknown; kzg_proof?: unknown }[]).map(
        (s, i) => ({
          index: Number(s?.index ?? i),
          blob: blobBytes(s?.blob, where),
          kzgCommitment: fixedBytes(s?.kzg_commitment, 48, `${where} kzg_commitment`),
          kzgProof: fixedBytes(s?.kzg_proof, 48, `${where} kzg_proof`),
        }),
      ),
    };
  }
}

const BYTES_PER_BLOB = 131_072;

function fixedBytes(v: unknown, size: number, what: string): Uint8Array {
  try {
    return hexToBytes(String(v), size);
  } catch (e) {
    throw new RpcError('beacon', what, (e as { shortMessage?: string }).shortMessage ?? String(e));
  }
}

function blobBytes(v: unknown, where: string): Uint8Array {
  return fixedBytes(v, BYTES_PER_BLOB, `${where} blob`);
}
