/**
 * The pull interface the derivation stages share (derivation.md "L2 Chain Derivation Pipeline":
 * data is pulled from the innermost stage, each stage pulling from the one outside it). A pull
 * returns a value, `eof` — nothing more until the L1 origin advances (op-node `io.EOF`) — or
 * `progress` — the stage did internal work without producing anything yet, pull again
 * (op-node `NotEnoughData`). Every stage reports the L1 block it is processing (`origin()`),
 * which is the outermost stage's, and can be `reset()` to an empty state.
 */
import type { L1BlockRef } from './types.js';

export type Pull<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'eof' }
  | { readonly kind: 'progress' };

export const EOF = { kind: 'eof' } as const;
export const PROGRESS = { kind: 'progress' } as const;

export function value<T>(v: T): Pull<T> {
  return { kind: 'value', value: v };
}

export interface Stage {
  /** The L1 block whose data the stage is currently processing. */
  origin(): L1BlockRef;
  reset(): void;
}

/**
 * L1 traversal + retrieval, provided by the driver (it needs the L1 oracle and blob fetching):
 * the batcher data items of the current L1 block in order — calldata, or blobs already run
 * through `decodeBlobData` — then `eof` until the driver advances to the next L1 block.
 */
export interface L1DataSource extends Stage {
  nextData(): Pull<Uint8Array>;
}
