/**
 * Singular (v0) batches (derivation.md "Batch Format"): `0x00 ++ rlp([parent_hash, epoch_number,
 * epoch_hash, timestamp, transaction_list])`, one per L2 block; transactions are opaque
 * EIP-2718 byte strings. Decoding is as strict as go-ethereum's RLP decoder into the Go struct:
 * exactly five fields, 32-byte hashes, canonical u64 integers.
 */
import { type RlpItem, rlpBytes, rlpDecode, rlpEncode, rlpList, rlpUint } from '@faultline/primitives';
import { BatchDecodeError } from './errors.js';

export const SINGULAR_BATCH_TYPE = 0;
const U64_MAX = (1n << 64n) - 1n;

export interface SingularBatch {
  readonly parentHash: Uint8Array;
  readonly epochNum: bigint;
  readonly epochHash: Uint8Array;
  readonly timestamp: bigint;
  readonly transactions: readonly Uint8Array[];
}

function hash(item: RlpItem | undefined, what: string): Uint8Array {
  const b = rlpBytes(item, what);
  if (b.length !== 32) throw new BatchDecodeError(`${what}: expected 32 bytes, got ${b.length}`);
  return b;
}

function u64(item: RlpItem | undefined, what: string): bigint {
  const bytes = rlpBytes(item, what);
  if (bytes.length > 8) throw new BatchDecodeError(`${what}: ${bytes.length} bytes is too large for a u64`);
  const v = rlpUint(item, what);
  if (v > U64_MAX) throw new BatchDecodeError(`${what}: too large for a u64`);
  return v;
}

/** Decodes the content after the type byte. */
export function decodeSingularBatch(content: Uint8Array): SingularBatch {
  try {
    const fields = rlpList(rlpDecode(content), 'singular batch');
    if (fields.length !== 5) throw new BatchDecodeError(`singular batch: expected 5 fields, got ${fields.length}`);
    return {
      parentHash: hash(fields[0], 'parent_hash'),
      epochNum: u64(fields[1], 'epoch_number'),
      epochHash: hash(fields[2], 'epoch_hash'),
      timestamp: u64(fields[3], 'timestamp'),
      transactions: rlpList(fields[4], 'transaction_list').map((t, i) => rlpBytes(t, `transaction ${i}`)),
    };
  } catch (e) {
    if (e instanceof BatchDecodeError) throw e;
    throw new BatchDecodeError(`invalid singular batch: ${(e as Error).message}`, { cause: e });
  }
}

/** The content after the type byte. */
export function encodeSingularBatchContent(batch: SingularBatch): Uint8Array {
  return rlpEncode([batch.parentHash, batch.epochNum, batch.epochHash, batch.timestamp, [...batch.transactions]]);
}
