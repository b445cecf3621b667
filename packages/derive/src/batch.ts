/**
 * A batch as it appears in a channel: an RLP byte string whose first byte is the batch type
 * (derivation.md "Batch Format"): 0 singular, 1 span. Unknown types and malformed contents make
 * the batch invalid.
 */
import { BatchDecodeError } from './errors.js';
import {
  decodeSingularBatch,
  encodeSingularBatchContent,
  SINGULAR_BATCH_TYPE,
  type SingularBatch,
} from './singular-batch.js';
import { decodeRawSpanBatch, encodeRawSpanBatch, type RawSpanBatch, SPAN_BATCH_TYPE } from './span-batch.js';

export type Batch =
  | { readonly type: typeof SINGULAR_BATCH_TYPE; readonly batch: SingularBatch }
  | { readonly type: typeof SPAN_BATCH_TYPE; readonly batch: RawSpanBatch };

/** `batch_type ++ content` → typed batch. */
export function decodeBatch(data: Uint8Array): Batch {
  if (data.length === 0) throw new BatchDecodeError('batch is empty');
  const content = data.subarray(1);
  switch (data[0]) {
    case SINGULAR_BATCH_TYPE:
      return { type: SINGULAR_BATCH_TYPE, batch: decodeSingularBatch(content) };
    case SPAN_BATCH_TYPE:
      return { type: SPAN_BATCH_TYPE, batch: decodeRawSpanBatch(content) };
    default:
      throw new BatchDecodeError(`unknown batch type ${data[0]}`);
  }
}

/** Typed batch → `batch_type ++ content` (wrap it with `rlpEncode` to put it in a channel). */
export function encodeBatch(batch: Batch): Uint8Array {
  const content =
    batch.type === SINGULAR_BATCH_TYPE ? encodeSingularBatchContent(batch.batch) : encodeRawSpanBatch(batch.batch);
  const out = new Uint8Array(1 + content.length);
  out[0] = batch.type;
  out.set(content, 1);
  return out;
}
