/**
 * Typed trie failures. A missing node is not a bug in the trie: it means the `NodeSource` (a
 * database, a pre-image oracle, a proof) does not hold a node the walk needed, so the error
 * carries the hash for the caller to fetch (op-program hints `l2-state-node <hash>` then retries).
 */
import { BaseError, bytesToHex } from '@faultline/primitives';

/** A node referenced by hash is not in the `NodeSource`. */
export class MissingNodeError extends BaseError {
  override name = 'MissingNodeError' as const;
  constructor(readonly hash: Uint8Array) {
    super(`trie: missing node ${bytesToHex(hash)}`);
  }
}

/** Bytes that should be a trie node are not a valid node encoding (Yellow Paper appendix D). */
export class InvalidNodeError extends BaseError {
  override name = 'InvalidNodeError' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`trie: invalid node: ${reason}`, options);
  }
}

/** A Merkle proof does not connect the key to the root (missing, extra-hash or malformed node). */
export class InvalidProofError extends BaseError {
  override name = 'InvalidProofError' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`trie: invalid proof: ${reason}`, options);
  }
}
