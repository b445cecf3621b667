/**
 * Span batches (delta/span-batches.md): `0x01 ++ prefix ++ payload` covering a run of
 * consecutive L2 blocks.
 *   prefix  = rel_timestamp(uvarint) ++ l1_origin_num(uvarint) ++ parent_check(20) ++ l1_origin_check(20)
 *   payload = block_count ++ origin_bits ++ block_tx_counts ++ txs
 *   txs     = contract_creation_bits ++ y_parity_bits ++ tx_sigs ++ tx_tos ++ tx_datas
 *             ++ tx_nonces ++ tx_gases ++ protected_bits
 * `RawSpanBatch` is the wire form (decoded exactly, re-encoded byte for byte); `deriveSpanBatch`
 * expands it into per-block elements with timestamps, L1 origin numbers and full transactions.
 * Element counts are capped at MAX_SPAN_BATCH_ELEMENT_COUNT before anything is allocated.
 * Trailing bytes after the last column are ignored, as op-node's reader ignores them.
 */

import { BitList, ByteReader, encodeUvarint, U64_MASK } from './byte-reader.js';
import { MAX_SPAN_BATCH_ELEMENT_COUNT } from './config.js';
import { BatchDecodeError, SpanBatchDeriveError } from './errors.js';
import {
  buildFullTransaction,
  LEGACY_TX_TYPE,
  SPAN_BATCH_TX_TYPES,
  type SpanBatchTxParts,
  splitTransaction,
} from './span-batch-tx.js';

export const SPAN_BATCH_TYPE = 1;
const CHECK_LENGTH = 20;
const ADDRESS_LENGTH = 20;
const SIG_PART_LENGTH = 32;

export interface SpanBatchTxs {
  readonly totalTxCount: number;
  readonly contractCreationBits: BitList;
  readonly yParityBits: BitList;
  readonly sigs: readonly { readonly r: Uint8Array; readonly s: Uint8Array }[];
  readonly tos: readonly Uint8Array[];
  readonly datas: readonly Uint8Array[];
  readonly nonces: readonly bigint[];
  readonly gases: readonly bigint[];
  readonly protectedBits: BitList;
  /** Recovered from `datas`: 0 for legacy, else the type byte. */
  readonly txTypes: readonly number[];
}

export interface RawSpanBatch {
  readonly relTimestamp: bigint;
  readonly l1OriginNum: bigint;
  readonly parentCheck: Uint8Array;
  readonly l1OriginCheck: Uint8Array;
  readonly blockCount: number;
  readonly originBits: BitList;
  readonly blockTxCounts: readonly number[];
  readonly txs: SpanBatchTxs;
}

function count(value: bigint, what: string): number {
  if (value > BigInt(MAX_SPAN_BATCH_ELEMENT_COUNT)) {
    throw new BatchDecodeError(`${what} ${value} exceeds the span batch limit of ${MAX_SPAN_BATCH_ELEMENT_COUNT}`);
  }
  return Number(value);
}

/** Reads one `tx_data`: an optional type byte then one RLP list, taken raw. */
function readTxData(r: ByteReader): { data: Uint8Array; txType: number } {
  const start = r.pos;
  const first = r.bytes(1, 'tx_data')[0]!;
  const txType = first <= 0x7f ? first : LEGACY_TX_TYPE;
  const headerAt = first <= 0x7f ? r.pos : start;
  r.pos = headerAt;
  const b = r.bytes(1, 'tx_data RLP prefix')[0]!;
  if (b < 0xc0) throw new BatchDecodeError('tx_data: RLP prefix must be a list');
  let length: number;
  if (b <= 0xf7) length = b - 0xc0;
  else {
    const lenBytes = r.bytes(b - 0xf7, 'tx_data RLP length');
    if (lenBytes[0] === 0) throw new BatchDecodeError('tx_data: RLP length has a leading zero');
    length = 0;
    for (const x of lenBytes) length = length * 256 + x;
    if (length < 56) throw new BatchDecodeError('tx_data: non-canonical RLP list length');
  }
  // op-node reads the list through an RLP stream limited to MAX_SPAN_BATCH_ELEMENT_COUNT bytes,
  // header included (the type byte is read before the stream starts).
  if (length > MAX_SPAN_BATCH_ELEMENT_COUNT - (r.pos - headerAt)) {
    throw new BatchDecodeError(`tx_data: list of ${length} bytes is too large`);
  }
  r.bytes(length, 'tx_data RLP payload');
  return { data: r.data.slice(start, r.pos), txType };
}

function decodeTxs(r: ByteReader, totalTxCount: number): SpanBatchTxs {
  const contractCreationBits = BitList.read(r, totalTxCount, 'contract_creation_bits');
  const yParityBits = BitList.read(r, totalTxCount, 'y_parity_bits');
  const sigs = [];
  for (let i = 0; i < totalTxCount; i++) {
    sigs.push({ r: r.bytes(SIG_PART_LENGTH, 'tx sig r').slice(), s: r.bytes(SIG_PART_LENGTH, 'tx sig s').slice() });
  }
  const creations = contractCreationBits.count();
  const tos = [];
  for (let i = 0; i < totalTxCount - creations; i++) tos.push(r.bytes(ADDRESS_LENGTH, 'tx to').slice());
  const datas = [];
  const txTypes = [];
  let legacy = 0;
  for (let i = 0; i < totalTxCount; i++) {
    const { data, txType } = readTxData(r);
    datas.push(data);
    txTypes.push(txType);
    if (txType === LEGACY_TX_TYPE) legacy++;
  }
  const nonces = [];
  for (let i = 0; i < totalTxCount; i++) nonces.push(r.uvarint('tx nonce'));
  const gases = [];
  for (let i = 0; i < totalTxCount; i++) gases.push(r.uvarint('tx gas'));
  const protectedBits = BitList.read(r, legacy, 'protected_bits');
  return { totalTxCount, contractCreationBits, yParityBits, sigs, tos, datas, nonces, gases, protectedBits, txTypes };
}

/** Decodes the content after the type byte. */
export function decodeRawSpanBatch(content: Uint8Array): RawSpanBatch {
  const r = new ByteReader(content);
  const relTimestamp = r.uvarint('rel_timestamp');
  const l1OriginNum = r.uvarint('l1_origin_num');
  const parentCheck = r.bytes(CHECK_LENGTH, 'parent_check').slice();
  const l1OriginCheck = r.bytes(CHECK_LENGTH, 'l1_origin_check').slice();
  const blockCount = count(r.uvarint('block_count'), 'block_count');
  if (blockCount === 0) throw new BatchDecodeError('span batch must not be empty');
  const originBits = BitList.read(r, blockCount, 'origin_bits');
  const blockTxCounts = [];
  let total = 0n;
  for (let i = 0; i < blockCount; i++) {
    const n = r.uvarint('block_tx_count');
    count(n, 'block_tx_count');
    blockTxCounts.push(Number(n));
    total += n;
  }
  const totalTxCount = count(total, 'total tx count');
  const txs = decodeTxs(r, totalTxCount);
  return { relTimestamp, l1OriginNum, parentCheck, l1OriginCheck, blockCount, originBits, blockTxCounts, txs };
}

/** The content after the type byte. */
export function encodeRawSpanBatch(batch: RawSpanBatch): Uint8Array {
  const out: number[] = [];
  const put = (b: Uint8Array) => {
    for (const x of b) out.push(x);
  };
  encodeUvarint(batch.relTimestamp, out);
  encodeUvarint(batch.l1OriginNum, out);
  put(batch.parentCheck);
  put(batch.l1OriginCheck);
  encodeUvarint(BigInt(batch.blockCount), out);
  put(batch.originBits.bytes);
  for (const n of batch.blockTxCounts) encodeUvarint(BigInt(n), out);
  const t = batch.txs;
  put(t.contractCreationBits.bytes);
  put(t.yParityBits.bytes);
  for (const sig of t.sigs) {
    put(sig.r);
    put(sig.s);
  }
  for (const to of t.tos) put(to);
  for (const d of t.datas) put(d);
  for (const n of t.nonces) encodeUvarint(n, out);
  for (const g of t.gases) encodeUvarint(g, out);
  put(t.protectedBits.bytes);
  return Uint8Array.from(out);
}

export interface SpanBatchElement {
  readonly timestamp: bigint;
  readonly epochNum: bigint;
  readonly transactions: readonly Uint8Array[];
}

export interface SpanBatch {
  readonly parentCheck: Uint8Array;
  readonly l1OriginCheck: Uint8Array;
  readonly elements: readonly SpanBatchElement[];
}

export interface SpanBatchParams {
  readonly blockTime: bigint;
  readonly l2GenesisTime: bigint;
  readonly l2ChainId: bigint;
}

/**
 * Expands a raw span batch (span-batches.md "How Derivation works with Span Batches"): block i
 * has timestamp `genesis + rel_timestamp + i·block_time`; the last block's L1 origin is
 * `l1_origin_num` and walking back each set origin bit (except block 0's) steps it down by one.
 * Arithmetic wraps at 2^64 as op-node's uint64 does.
 */
export function deriveSpanBatch(raw: RawSpanBatch, params: SpanBatchParams): SpanBatch {
  const t = raw.txs;
  const txs: Uint8Array[] = [];
  let toIndex = 0;
  let legacyIndex = 0;
  for (let i = 0; i < t.totalTxCount; i++) {
    const txType = t.txTypes[i]!;
    if (!SPAN_BATCH_TX_TYPES.includes(txType)) throw new SpanBatchDeriveError(`invalid transaction type ${txType}`);
    const creation = t.contractCreationBits.get(i);
    const to = creation ? undefined : t.tos[toIndex++];
    if (!creation && to === undefined) throw new SpanBatchDeriveError('not enough tx_tos');
    const isProtected = txType === LEGACY_TX_TYPE && t.protectedBits.get(legacyIndex++);
    const parts: SpanBatchTxParts = {
      txType,
      txData: t.datas[i]!,
      nonce: t.nonces[i]!,
      gas: t.gases[i]!,
      to,
      r: t.sigs[i]!.r,
      s: t.sigs[i]!.s,
      yParity: t.yParityBits.get(i),
      isProtected,
    };
    txs.push(buildFullTransaction(parts, params.l2ChainId));
  }
  const epochs: bigint[] = new Array(raw.blockCount);
  let origin = raw.l1OriginNum;
  for (let i = raw.blockCount - 1; i >= 0; i--) {
    epochs[i] = origin;
    if (i > 0 && raw.originBits.get(i)) origin = (origin - 1n) & U64_MASK;
  }
  const elements: SpanBatchElement[] = [];
  let next = 0;
  const start = params.l2GenesisTime + raw.relTimestamp;
  for (let i = 0; i < raw.blockCount; i++) {
    const n = raw.blockTxCounts[i]!;
    elements.push({
      timestamp: (start + params.blockTime * BigInt(i)) & U64_MASK,
      epochNum: epochs[i]!,
      transactions: txs.slice(next, next + n),
    });
    next += n;
  }
  return { parentCheck: raw.parentCheck, l1OriginCheck: raw.l1OriginCheck, elements };
}

export interface BuildSpanBatchParams extends SpanBatchParams {
  /** Hash of the L2 block before the first element (its first 20 bytes become parent_check). */
  readonly parentHash: Uint8Array;
  /** Hash of the last element's L1 origin (its first 20 bytes become l1_origin_check). */
  readonly l1OriginHash: Uint8Array;
  /** Whether the first element moved to a new L1 origin relative to its parent block. */
  readonly firstOriginChanged: boolean;
}

/** Builds the wire form from per-block elements (the batcher direction). */
export function buildRawSpanBatch(elements: readonly SpanBatchElement[], params: BuildSpanBatchParams): RawSpanBatch {
  if (elements.length === 0) throw new BatchDecodeError('span batch must not be empty');
  const parts = elements.flatMap((e) => e.transactions.map((tx) => splitTransaction(tx, params.l2ChainId)));
  const legacy = parts.filter((p) => p.txType === LEGACY_TX_TYPE);
  const txs: SpanBatchTxs = {
    totalTxCount: parts.length,
    contractCreationBits: BitList.fromBits(parts.map((p) => p.to === undefined)),
    yParityBits: BitList.fromBits(parts.map((p) => p.yParity)),
    sigs: parts.map((p) => ({ r: p.r, s: p.s })),
    tos: parts.flatMap((p) => (p.to === undefined ? [] : [p.to])),
    datas: parts.map((p) => p.txData),
    nonces: parts.map((p) => p.nonce),
    gases: parts.map((p) => p.gas),
    protectedBits: BitList.fromBits(legacy.map((p) => p.isProtected)),
    txTypes: parts.map((p) => p.txType),
  };
  return {
    relTimestamp: elements[0]!.timestamp - params.l2GenesisTime,
    l1OriginNum: elements[elements.length - 1]!.epochNum,
    parentCheck: params.parentHash.slice(0, CHECK_LENGTH),
    l1OriginCheck: params.l1OriginHash.slice(0, CHECK_LENGTH),
    blockCount: elements.length,
    originBits: BitList.fromBits(
      elements.map((e, i) => (i === 0 ? params.firstOriginChanged : e.epochNum !== elements[i - 1]!.epochNum)),
    ),
    blockTxCounts: elements.map((e) => e.transactions.length),
    txs,
  };
}
