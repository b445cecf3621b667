/**
 * Targets of batcher data, from the outside in: frames (`parseFrames`), channels (zlib and
 * brotli, bombs included, through the bounded decompressor and the batch reader), singular and
 * span batches, blob decoding, and the frame queue → channel bank / Holocene assembler →
 * channel reader stages fed a hostile L1 chain. Malformed batcher data must end as a typed
 * `DeriveError` from the pure functions and must never throw out of a stage at all.
 */
import { brotliCompressSync, deflateSync, inflateSync, constants as zc } from 'node:zlib';
import {
  BatchReader,
  BLOB_SIZE,
  buildRawSpanBatch,
  CHANNEL_VERSION_BROTLI,
  ChannelReaderStage,
  ChannelStage,
  type DeriveConfig,
  DeriveError,
  decodeBatch,
  decodeBlobData,
  decodeRawSpanBatch,
  decompressChannel,
  deriveSpanBatch,
  encodeBatch,
  encodeBatcherData,
  encodeBlobData,
  encodeRawSpanBatch,
  type Frame,
  FrameQueue,
  type L1BlockRef,
  type L1DataSource,
  maxChannelBankSize,
  type Pull,
  parseFrames,
} from '@faultline/derive';
import {
  BaseError,
  concatBytes,
  equalBytes,
  hexToBytes,
  RlpError,
  type RlpItem,
  rlpDecode,
  rlpEncode,
} from '@faultline/primitives';
import { decodeTransaction, TransactionError } from '@faultline/protocol';
import { havoc, INTERESTING_32, type MutateContext, setField } from '../mutate.js';
import { mutateRlp } from '../mutate-rlp.js';
import type { Rng } from '../rng.js';
import { fixtureBytes, konaFixtures } from '../seeds.js';
import { InputShapeError, type Target } from '../target.js';

const PARAMS = { blockTime: 2n, l2GenesisTime: 1_700_000_000n, l2ChainId: 10n };

const FORKS_ALL = { regolith: 0n, canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n } as const;

/** Fork schedules picked by a flag byte: Bedrock only, Fjord/Granite, Holocene, Holocene mid-run. */
function configFor(flags: number): DeriveConfig {
  const forks = [{}, FORKS_ALL, { ...FORKS_ALL, holocene: 0n }, { ...FORKS_ALL, holocene: 1_000_000_120n }][flags & 3]!;
  return {
    ...PARAMS,
    seqWindowSize: 3600n,
    channelTimeout: 300n,
    maxSequencerDrift: 600n,
    batchInboxAddress: new Uint8Array(20).fill(0xff),
    forks,
  };
}

// ---- seeds ----

/** Non-deposit transactions of the kona fixtures (what a batcher posts). */
function batcherTransactions(): Uint8Array[] {
  return konaFixtures()
    .flatMap((f) => f.transactions)
    .filter((t) => t[0] !== 0x7e)
    .slice(0, 40);
}

function singularBatches(): Uint8Array[] {
  const txs = batcherTransactions();
  const out: Uint8Array[] = [];
  for (let i = 0; i < 6; i++) {
    out.push(
      encodeBatch({
        type: 0,
        batch: {
          parentHash: new Uint8Array(32).fill(i),
          epochNum: 20_000_000n + BigInt(i),
          epochHash: new Uint8Array(32).fill(0xa0 + i),
          timestamp: PARAMS.l2GenesisTime + BigInt(2 * i),
          transactions: txs.slice(i * 3, i * 3 + i),
        },
      }),
    );
  }
  return out;
}

function spanBatches(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const raw = fixtureBytes('kona-derive-batch-data', 'raw_span_batch.bin');
  if (raw) out.push(concatBytes(Uint8Array.of(1), raw));
  const txs = batcherTransactions();
  for (let blocks = 1; blocks <= 4; blocks++) {
    const elements = Array.from({ length: blocks }, (_, i) => ({
      timestamp: PARAMS.l2GenesisTime + 100n + BigInt(2 * i),
      epochNum: 1000n + BigInt(i >> 1),
      transactions: txs.slice(i * 2, i * 2 + blocks),
    }));
    try {
      const batch = buildRawSpanBatch(elements, {
        ...PARAMS,
        parentHash: new Uint8Array(32).fill(blocks),
        l1OriginHash: new Uint8Array(32).fill(0xb0),
        firstOriginChanged: blocks % 2 === 0,
      });
      out.push(encodeBatch({ type: 1, batch }));
    } catch (e) {
      if (!(e instanceof BaseError)) throw e;
    }
  }
  return out;
}

/** Channels as batchers write them: rlp strings of batches, zlib or `0x01 ++ brotli`. */
function compressChannel(batches: readonly Uint8Array[], brotli: boolean, level = 9): Uint8Array {
  const body = concatBytes(...batches.map((b) => rlpEncode(b)));
  if (!brotli) return new Uint8Array(deflateSync(body, { level }));
  const compressed = brotliCompressSync(body, { params: { [zc.BROTLI_PARAM_QUALITY]: Math.min(level, 11) } });
  return concatBytes(Uint8Array.of(CHANNEL_VERSION_BROTLI), compressed);
}

function channelSeeds(): Uint8Array[] {
  const singles = singularBatches();
  const spans = spanBatches();
  const out = [
    compressChannel(singles.slice(0, 3), false),
    compressChannel(singles.slice(3), true),
    compressChannel(spans.slice(0, 2), false),
    compressChannel(spans.slice(1), true),
    // Bombs: megabytes of zeros behind a few kilobytes, for both algorithms (past every limit
    // but the real ones, which the flags pick for one case in four).
    new Uint8Array(deflateSync(new Uint8Array(2 << 20))),
    compressChannel([new Uint8Array(3 << 20)], true, 5),
  ];
  const hex = fixtureBytes('kona-derive-batch-data', 'batch.hex');
  if (hex) out.push(hexToBytes(`0x${new TextDecoder().decode(hex).trim()}`).subarray(0, 64 << 10));
  return out;
}

/** A few L1 calldata items: the kona batcher transaction's frames and generated ones. */
function batcherDataSeeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const raw = fixtureBytes('kona-derive-batch-data', 'raw_batcher_tx.bin');
  if (raw) {
    const tx = decodeTransaction(raw);
    if ('data' in tx) out.push(tx.data.subarray(0, 16 << 10));
  }
  const channels = channelSeeds().slice(0, 4);
  channels.forEach((ch, c) => {
    const id = new Uint8Array(16).fill(c + 1);
    const third = Math.ceil(ch.length / 3);
    const frames: Frame[] = [0, 1, 2].map((n) => ({
      channelId: id,
      number: n,
      data: ch.subarray(n * third, (n + 1) * third),
      isLast: n === 2,
    }));
    out.push(encodeBatcherData(frames));
    out.push(encodeBatcherData([frames[2]!, frames[0]!]), encodeBatcherData([frames[1]!]));
  });
  return out;
}

// ---- structure-aware mutators ----

/** Frame fields (derivation.md "Frame Format") set to edge values; the data is left as it is. */
function mutateFrames(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined {
  let frames: Frame[];
  try {
    frames = parseFrames(input);
  } catch {
    return undefined;
  }
  const out = encodeBatcherData(rng.oneIn(4) ? [...frames, ...frames.slice(0, 1 + rng.int(frames.length))] : frames);
  // Offsets of each frame's number / length / is_last in the re-encoded data.
  const fields: [number, number][] = [];
  let p = 1;
  for (const f of frames) {
    fields.push([p + 16, 2], [p + 18, 4], [p + 22 + f.data.length, 1]);
    p += 23 + f.data.length;
  }
  const rounds = 1 + rng.int(3);
  for (let i = 0; i < rounds && fields.length > 0; i++) {
    const [at, size] = rng.pick(fields);
    setField(out, at, size, rng.oneIn(2) ? rng.pick(INTERESTING_32) : rng.int(2 ** (8 * size)));
  }
  if (rng.oneIn(8)) out[0] = rng.pick([1, 0xff, 0x7f]);
  return out.length > ctx.maxLength ? havoc(out, rng, ctx) : out;
}

/** Decompress, mutate the batches, compress again (so the damage is inside a valid stream). */
function mutateChannel(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array | undefined {
  let body: Uint8Array;
  try {
    body = new Uint8Array(inflateSync(input, { maxOutputLength: 1 << 20 }));
  } catch {
    return undefined;
  }
  let mutated: Uint8Array;
  try {
    const first = rlpDecode(body.subarray(0, body.length)) as Uint8Array;
    const batch = (rng.oneIn(2) ? mutateRlp(first.subarray(1), rng, ctx) : havoc(first, rng, ctx)) ?? first;
    mutated = rlpEncode(rng.oneIn(3) ? batch : concatBytes(first.subarray(0, 1), batch));
  } catch {
    mutated = havoc(body, rng, { ...ctx, maxLength: Math.max(ctx.maxLength, body.length + 64) });
  }
  if (rng.oneIn(8)) mutated = concatBytes(mutated, mutated);
  return recompress(mutated, rng);
}

function recompress(body: Uint8Array, rng: Rng): Uint8Array {
  if (rng.oneIn(3)) {
    const c = brotliCompressSync(body, { params: { [zc.BROTLI_PARAM_QUALITY]: rng.oneIn(16) ? 11 : rng.int(6) } });
    return concatBytes(Uint8Array.of(CHANNEL_VERSION_BROTLI), c);
  }
  return new Uint8Array(deflateSync(body, { level: rng.int(10) }));
}

// ---- targets ----

export const framesTarget: Target = {
  name: 'frames',
  about: 'parseFrames (version, frame headers, lengths, is_last) + re-encode (derive)',
  maxLength: 64 << 10,
  errors: [DeriveError],
  seeds: batcherDataSeeds,
  mutate: mutateFrames,
  run(input) {
    const frames = parseFrames(input);
    if (!equalBytes(encodeBatcherData(frames), input))
      throw new Error('frames: parsed data re-encodes to different bytes');
  },
  ciCases: 3000,
};

/**
 * RLP byte limits: small ones keep a bomb cheap (the bound is the same code at any size); the last
 * is the spec's MAX_RLP_BYTES_PER_CHANNEL (Bedrock 10,000,000, Fjord 100,000,000).
 */
const limitFor = (flags: number) => [4096, 65_536, 1 << 20, flags & 1 ? 100_000_000 : 10_000_000][(flags >> 1) & 3]!;

/** `flags ++ channel`: bit 0 Fjord (brotli allowed), bits 1-2 pick the RLP byte limit. */
export const channelTarget: Target = {
  name: 'channel',
  about: 'decompressChannel (zlib/brotli, bombs, bounded) + BatchReader + decodeBatch + deriveSpanBatch (derive)',
  maxLength: 128 << 10,
  errors: [DeriveError],
  seeds: () => channelSeeds().map((c, i) => concatBytes(Uint8Array.of(i === 4 ? 0x06 : i === 5 ? 0x03 : 0x01), c)),
  mutate(input, rng, ctx) {
    const inner = mutateChannel(input.subarray(1), rng, ctx);
    if (inner === undefined) return undefined;
    return concatBytes(Uint8Array.of(rng.oneIn(8) ? rng.u32() & 0xff : (input[0] ?? 0)), inner);
  },
  run(input) {
    if (input.length === 0) throw new InputShapeError('no flags byte');
    const flags = input[0]!;
    const limit = limitFor(flags);
    const r = decompressChannel(input.subarray(1), limit, (flags & 1) === 1);
    if (r.data.length > limit) throw new Error(`channel: ${r.data.length} bytes out of a ${limit}-byte limit`);
    if (r.error !== undefined && !(r.error instanceof DeriveError)) throw r.error;
    const reader = new BatchReader(r.data, limit, r.error);
    for (let i = 0; i < 10_000; i++) {
      const next = reader.next();
      if (next.kind === 'eof') {
        // A channel that ends early says why (a value, not a throw): count it as that refusal.
        if (next.error !== undefined) throw next.error;
        return;
      }
      if (next.batch.type === 1) {
        try {
          deriveSpanBatch(next.batch.batch, PARAMS);
        } catch (e) {
          if (!(e instanceof DeriveError)) throw e;
        }
      }
    }
  },
  ciCases: 100,
};

export const singularBatchTarget: Target = {
  name: 'singular-batch',
  about: 'decodeBatch of type 0 (strict five-field RLP, u64s, 32-byte hashes) + re-encode (derive)',
  maxLength: 16 << 10,
  errors: [DeriveError],
  seeds: singularBatches,
  mutate: (input, rng, ctx) => mutateRlp(input, rng, ctx, [0, 1, 2]),
  run(input) {
    const b = decodeBatch(input);
    if (b.type === 0 && !equalBytes(encodeBatch(b), input))
      throw new Error('singular batch: decoded batch re-encodes to different bytes');
    if (b.type === 1) deriveSpanBatch(b.batch, PARAMS);
  },
  ciCases: 2000,
};

/** Span-batch fields are uvarints and bit lists: mutate the bytes near the front harder. */
function mutateSpan(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array {
  const out = havoc(input, rng, ctx);
  if (rng.oneIn(3) && out.length > 2) {
    const at = 1 + rng.int(Math.min(out.length - 1, 64));
    const varint = rng.pick([
      [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
      [0xff, 0xff, 0xff, 0x0f],
      [0x00],
      [0x80, 0x00],
      [0x81, 0x80, 0x80, 0x80, 0x04],
    ]);
    return concatBytes(out.subarray(0, at), Uint8Array.from(varint), out.subarray(at + (rng.oneIn(2) ? 1 : 0)));
  }
  return out;
}

export const spanBatchTarget: Target = {
  name: 'span-batch',
  about: 'decodeBatch of type 1 + re-encode idempotence + deriveSpanBatch + every rebuilt tx decoded (derive)',
  maxLength: 64 << 10,
  errors: [DeriveError, TransactionError],
  seeds: spanBatches,
  mutate: mutateSpan,
  run(input) {
    const b = decodeBatch(input);
    if (b.type !== 1) return;
    const once = encodeRawSpanBatch(b.batch);
    const twice = encodeRawSpanBatch(decodeRawSpanBatch(once));
    if (!equalBytes(once, twice)) throw new Error('span batch: encode(decode(x)) is not a fixed point');
    const span = deriveSpanBatch(b.batch, PARAMS);
    for (const el of span.elements) for (const tx of el.transactions) decodeTransaction(tx);
  },
  ciCases: 1500,
};

export const blobTarget: Target = {
  name: 'blob',
  about: 'decodeBlobData (4096 field elements, version, length, trailing data) (derive)',
  maxLength: BLOB_SIZE + 64,
  errors: [DeriveError],
  seeds: () => [
    encodeBlobData(Uint8Array.of(1, 2, 3)),
    encodeBlobData(new Uint8Array(50_000).fill(7)),
    encodeBlobData(new Uint8Array(0)),
  ],
  mutate(input, rng) {
    const out = input.slice();
    const rounds = 1 + rng.int(4);
    for (let i = 0; i < rounds; i++) {
      // The encoding's moving parts: the header bytes of field element 0 and the high bytes of each element.
      const at = rng.oneIn(2) ? rng.int(5) : 32 * rng.int(out.length >> 5);
      if (at < out.length) out[at] = rng.pick([0, 1, 0x3f, 0x40, 0x80, 0xff, rng.u32() & 0xff]);
    }
    return out;
  },
  run(input) {
    const data = decodeBlobData(input);
    if (!equalBytes(decodeBlobData(encodeBlobData(data)), data))
      throw new Error('blob: decoded data does not survive encode + decode');
  },
  ciCases: 200,
};

// ---- the stages ----

/**
 * Hostile L1 chain: `rlp([flags, [delta_seconds, [data, …]], …])` — each L1 block's timestamp
 * advances by `delta_seconds` (≥ 1) and its batcher data items are served in order.
 */
class HostileL1 implements L1DataSource {
  private block = 0;
  private item = 0;
  private ref: L1BlockRef;

  constructor(private readonly blocks: { delta: bigint; data: Uint8Array[] }[]) {
    this.ref = { number: 1_000n, timestamp: 1_000_000_000n, hash: new Uint8Array(32) };
  }

  origin(): L1BlockRef {
    return this.ref;
  }

  nextData(): Pull<Uint8Array> {
    const items = this.blocks[this.block]?.data ?? [];
    if (this.item < items.length) return { kind: 'value', value: items[this.item++]! };
    return { kind: 'eof' };
  }

  /** Moves to the next L1 block; false at the end. */
  advance(): boolean {
    if (++this.block >= this.blocks.length) return false;
    this.item = 0;
    const delta = this.blocks[this.block]!.delta;
    this.ref = {
      number: this.ref.number + 1n,
      timestamp: this.ref.timestamp + delta,
      hash: new Uint8Array(32).fill(this.block & 0xff),
    };
    return true;
  }

  reset(): void {}
}

/** Reads the chain leniently: anything that is not `[delta, [data, …]]` is an empty block. */
function parseHostileL1(input: Uint8Array): { flags: number; blocks: { delta: bigint; data: Uint8Array[] }[] } {
  let item: RlpItem;
  try {
    item = rlpDecode(input);
  } catch (e) {
    if (e instanceof RlpError) throw new InputShapeError(`not an L1 chain: ${e.shortMessage}`);
    throw e;
  }
  if (!Array.isArray(item) || item.length === 0) throw new InputShapeError('not an L1 chain');
  const head = item[0]!;
  const flags = head instanceof Uint8Array && head.length > 0 ? head[0]! : 0;
  const blocks = item.slice(1).map((b) => {
    const delta = Array.isArray(b) && b[0] instanceof Uint8Array && b[0].length > 0 ? b[0][0]! * 8 : 12;
    const items = Array.isArray(b) && Array.isArray(b[1]) ? b[1] : [];
    return {
      delta: BigInt(Math.max(1, delta)),
      data: items.map((d) => (d instanceof Uint8Array ? d : new Uint8Array(0))),
    };
  });
  return { flags, blocks };
}

function l1ChainSeeds(): Uint8Array[] {
  const data = batcherDataSeeds();
  const out: Uint8Array[] = [];
  for (let flags = 0; flags < 4; flags++) {
    const blocks = [
      [Uint8Array.of(12), [data[1] ?? new Uint8Array(0)]],
      [Uint8Array.of(12), data.slice(2, 4)],
      [Uint8Array.of(100), data.slice(0, 1)],
      [Uint8Array.of(12), data.slice(4, 8)],
    ];
    out.push(rlpEncode([Uint8Array.of(flags), ...blocks] as never));
  }
  return out;
}

/**
 * `version 0` then `n` empty frames: all in channel 0 (all-zero bytes), or each opening a channel
 * of its own (a 4-byte counter in the id), unclosed or closed at once.
 */
function manyEmptyFrames(n: number, distinct: boolean, last: boolean): Uint8Array {
  const out = new Uint8Array(1 + 23 * n);
  for (let i = 0, p = 1; i < n; i++, p += 23) {
    if (distinct) setField(out, p + 12, 4, i + 1);
    if (last) out[p + 22] = 1;
  }
  return out;
}

export const deriveStagesTarget: Target = {
  name: 'derive-stages',
  about:
    'FrameQueue → ChannelStage (channel bank / Holocene assembler) → ChannelReaderStage over a hostile L1 chain (derive)',
  maxLength: 4 << 20,
  errors: [InputShapeError],
  seeds: l1ChainSeeds,
  havocOdds: 16,
  mutate(input, rng, ctx) {
    // Mostly mutate one batcher data item as frames; sometimes the chain's shape.
    if (rng.oneIn(3)) return mutateRlp(input, rng, ctx);
    let item: RlpItem;
    try {
      item = rlpDecode(input);
    } catch {
      return undefined;
    }
    if (!Array.isArray(item)) return undefined;
    const blocks = item
      .slice(1)
      .filter((b): b is RlpItem[] => Array.isArray(b) && Array.isArray(b[1]) && (b[1] as RlpItem[]).length > 0);
    if (blocks.length === 0) return undefined;
    const items = rng.pick(blocks)[1] as RlpItem[];
    const k = rng.int(items.length);
    const old = items[k] instanceof Uint8Array ? (items[k] as Uint8Array) : new Uint8Array(0);
    // Now and then a calldata item of many empty frames: all-zero bytes are cheap L1 gas (4, or
    // 10 under EIP-7623's floor), so one L1 transaction can carry ~100k frames.
    items[k] = rng.oneIn(64)
      ? manyEmptyFrames(rng.pick([1_000, 60_000, 140_000]), rng.oneIn(2), rng.oneIn(3))
      : (mutateFrames(old, rng, ctx) ?? havoc(old, rng, ctx));
    if (rng.oneIn(6)) items.push(items[k]!);
    return rlpEncode(item as never);
  },
  run(input) {
    const { flags, blocks } = parseHostileL1(input);
    const config = configFor(flags);
    const l1 = new HostileL1(blocks);
    const channels = new ChannelStage(config, new FrameQueue(config, l1));
    const reader = new ChannelReaderStage(config, channels);
    const bankLimit = maxChannelBankSize(config, l1.origin().timestamp);
    // Every pull consumes an item, a frame (≥ 23 bytes) or a batch, or moves a stage on: a chain
    // that needs more pulls than this per input byte is a stage that stopped making progress.
    const maxPulls = 10_000 + 4 * input.length;
    for (let pulls = 0; pulls < maxPulls; pulls++) {
      const r = reader.nextBatch();
      if (r.kind === 'eof' && !l1.advance()) return;
      const bank = (channels as unknown as { bank: { size: number } }).bank;
      if (bank.size > bankLimit) throw new Error(`channel bank holds ${bank.size} bytes, above ${bankLimit}`);
    }
    throw new Error(`derive stages: ${maxPulls} pulls without reaching the end of the L1 chain`);
  },
  ciCases: 200,
};
