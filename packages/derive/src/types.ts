/**
 * Block references derivation works with: an L1 block (number, hash, timestamp) and an L2 block
 * that also knows its L1 origin (op-node `eth.L1BlockRef` / `eth.L2BlockRef`). Hashes are 32 bytes.
 */
export interface BlockId {
  readonly hash: Uint8Array;
  readonly number: bigint;
}

export interface L1BlockRef extends BlockId {
  readonly timestamp: bigint;
}

export interface L2BlockRef extends BlockId {
  readonly timestamp: bigint;
  readonly l1Origin: BlockId;
}
