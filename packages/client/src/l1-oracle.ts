/**
 * The L1 chain as the client sees it, entirely through pre-images (op-program
 * `client/l1/oracle.go`): headers by hash (`l1-block-header` + keccak key of the hash),
 * transactions and receipts by walking the block's tries (`l1-transactions` / `l1-receipts`,
 * then one keccak get per node) and blobs (`l1-blob`: the KZG commitment under the sha256 key of
 * the versioned hash, then 4096 field elements under blob keys, checked against the commitment
 * before use). Headers, transaction and receipt lists are kept in small LRU caches: derivation
 * asks for the same block more than once.
 */
import { blobKey, HINT_TYPES, keccakKey, sha256Key } from '@faultline/preimage';
import { bytesToHex, concatBytes, equalBytes, sha256, u64ToBytes } from '@faultline/primitives';
import { decodeHeader, decodeReceipt, type Header, type Receipt } from '@faultline/protocol';
import { type BlobCommitter, defaultBlobCommitter } from './blob-committer.js';
import { BYTES_PER_FIELD_ELEMENT, blobEvaluationPoints, FIELD_ELEMENTS_PER_BLOB } from './blob-points.js';
import { OracleDataError } from './errors.js';
import type { HintedOracle } from './hinted-oracle.js';
import { LruCache } from './lru-cache.js';
import { OracleNodeSource, readOrderedTrie } from './oracle-trie.js';

const HEADER_CACHE = 1000;
const BODY_CACHE = 100;
const KZG_COMMITMENT_BYTES = 48;
/** EIP-4844 VERSIONED_HASH_VERSION_KZG: byte 0 of every blob versioned hash. */
const VERSIONED_HASH_VERSION_KZG = 0x01;

export interface BlobRef {
  /** Versioned hash of the blob (EIP-4844: 0x01 ++ sha256(commitment)[1:]). */
  versionedHash: Uint8Array;
  /** Index of the blob among all blobs of the L1 block. */
  index: number;
}

export class L1Oracle {
  private readonly headers = new LruCache<string, Header>(HEADER_CACHE);
  private readonly txs = new LruCache<string, Uint8Array[]>(BODY_CACHE);
  private readonly rcpts = new LruCache<string, Receipt[]>(BODY_CACHE);
  private readonly nodes: OracleNodeSource;

  constructor(
    private readonly oracle: HintedOracle,
    private readonly committer: BlobCommitter = defaultBlobCommitter(),
  ) {
    this.nodes = new OracleNodeSource(oracle);
  }

  headerByHash(hash: Uint8Array): Header {
    const id = bytesToHex(hash);
    const cached = this.headers.get(id);
    if (cached) return cached;
    const rlp = this.oracle.fetch(HINT_TYPES.l1BlockHeader, hash, keccakKey(hash));
    let header: Header;
    try {
      header = decodeHeader(rlp);
    } catch (e) {
      throw new OracleDataError(`L1 header ${id}: ${(e as Error).message}`, { cause: e });
    }
    this.headers.set(id, header);
    return header;
  }

  /** The block's transactions in their EIP-2718 encoding. */
  transactions(blockHash: Uint8Array): Uint8Array[] {
    const id = bytesToHex(blockHash);
    const cached = this.txs.get(id);
    if (cached) return cached;
    const header = this.headerByHash(blockHash);
    this.oracle.hints.hint(HINT_TYPES.l1Transactions, blockHash);
    const txs = readOrderedTrie(header.transactionsRoot, this.nodes);
    this.txs.set(id, txs);
    return txs;
  }

  receipts(blockHash: Uint8Array): Receipt[] {
    const id = bytesToHex(blockHash);
    const cached = this.rcpts.get(id);
    if (cached) return cached;
    const header = this.headerByHash(blockHash);
    this.oracle.hints.hint(HINT_TYPES.l1Receipts, blockHash);
    const receipts = readOrderedTrie(header.receiptsRoot, this.nodes).map((r, i) => {
      try {
        return decodeReceipt(r);
      } catch (e) {
        throw new OracleDataError(`L1 block ${id} receipt ${i}: ${(e as Error).message}`, { cause: e });
      }
    });
    this.rcpts.set(id, receipts);
    return receipts;
  }

  /**
   * The 131072-byte blob. Hint data is versionedHash ++ u64 BE index ++ u64 BE L1 timestamp
   * (op-program Oct 2024 / kona: the host finds the beacon slot from the timestamp). Field
   * elements have no hash key, so the blob is trusted only once its recomputed KZG commitment
   * equals the commitment whose hash is the versioned hash (EIP-4844 `kzg_to_versioned_hash`;
   * op-program GetBlob panics otherwise).
   */
  blob(blockTimestamp: bigint, ref: BlobRef): Uint8Array {
    const id = bytesToHex(ref.versionedHash);
    if (ref.versionedHash[0] !== VERSIONED_HASH_VERSION_KZG) {
      throw new OracleDataError(`blob ${id}: versioned hash version ${ref.versionedHash[0]}, expected 1 (KZG)`);
    }
    const hint = concatBytes(ref.versionedHash, u64ToBytes(ref.index), u64ToBytes(blockTimestamp));
    const commitment = this.oracle.fetch(HINT_TYPES.l1Blob, hint, sha256Key(ref.versionedHash));
    if (commitment.length !== KZG_COMMITMENT_BYTES) {
      throw new OracleDataError(`blob commitment: expected ${KZG_COMMITMENT_BYTES} bytes, got ${commitment.length}`);
    }
    // The oracle client checks sha-256 keys too, but this one decides what the blob is bound to.
    if (!equalBytes(sha256(commitment).subarray(1), ref.versionedHash.subarray(1))) {
      throw new OracleDataError(`blob ${id}: the commitment served does not hash to the versioned hash`);
    }
    const blob = new Uint8Array(FIELD_ELEMENTS_PER_BLOB * BYTES_PER_FIELD_ELEMENT);
    const points = blobEvaluationPoints();
    for (let i = 0; i < FIELD_ELEMENTS_PER_BLOB; i++) {
      const element = this.oracle.get(blobKey(commitment, points[i]!));
      if (element.length !== BYTES_PER_FIELD_ELEMENT) {
        throw new OracleDataError(`blob field element ${i}: expected 32 bytes, got ${element.length}`);
      }
      blob.set(element, i * BYTES_PER_FIELD_ELEMENT);
    }
    let recomputed: Uint8Array;
    try {
      recomputed = this.committer.commitment(blob);
    } catch (e) {
      throw new OracleDataError(`blob ${id}: ${(e as Error).message}`, { cause: e });
    }
    if (!equalBytes(recomputed, commitment)) {
      throw new OracleDataError(
        `blob ${id}: field elements do not match the commitment (${bytesToHex(commitment)}, recomputed ${bytesToHex(recomputed)})`,
      );
    }
    return blob;
  }
}
