/**
 * Turns the new blocks of a validated span batch into singular batches (op-node
 * `SpanBatch.GetSingularBatches`): blocks at or before the safe head are skipped, and each L1
 * origin hash is looked up among the known L1 blocks. `parentHash` is left zero: the batch stage
 * sets it to the safe head hash as each block is built on the previous one.
 */
import { DeriveCriticalError } from './errors.js';
import type { SingularBatch } from './singular-batch.js';
import type { SpanBatch } from './span-batch.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

const ZERO_HASH = new Uint8Array(32);

export function spanBatchToSingularBatches(
  batch: SpanBatch,
  l1Origins: readonly L1BlockRef[],
  safeHead: L2BlockRef,
): SingularBatch[] {
  const out: SingularBatch[] = [];
  let originIdx = 0;
  for (const el of batch.elements) {
    if (el.timestamp <= safeHead.timestamp) continue;
    let found: L1BlockRef | undefined;
    for (let i = originIdx; i < l1Origins.length; i++) {
      if (l1Origins[i]!.number === el.epochNum) {
        found = l1Origins[i];
        originIdx = i;
        break;
      }
    }
    // A validated span batch always has its origins in view; anything else is a pipeline bug.
    if (!found) throw new DeriveCriticalError(`no L1 origin known for epoch ${el.epochNum}`);
    out.push({
      parentHash: ZERO_HASH,
      epochNum: el.epochNum,
      epochHash: found.hash,
      timestamp: el.timestamp,
      transactions: el.transactions,
    });
  }
  return out;
}
