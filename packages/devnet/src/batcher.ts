/**
 * The batcher: every L2 block the sequencer builds is posted to L1 in order, as channels
 * (derivation.md "Channel Format": the RLP batches compressed — zlib, or from Fjord brotli behind
 * the channel version byte 0x01) cut into frames (≤ 100 kB each), one frame per calldata
 * transaction from the batcher key to the batch inbox. A channel carries one span batch over the
 * new blocks or one singular batch per block (`kind`, default alternating), compressed with zlib
 * or — once Fjord is active — brotli (`compression`, default alternating too: span/zlib,
 * singular/zlib, span/brotli, singular/brotli, …), so every path of the channel reader is
 * exercised by a devnet that runs a few L1 blocks. The node's safe head moves only when the verifier derives the blocks back from L1.
 * Blobs are not used: see the package README on anvil's blob transactions.
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, constants, deflateSync } from 'node:zlib';
import {
  buildRawSpanBatch,
  CHANNEL_VERSION_BROTLI,
  encodeBatch,
  encodeBatcherData,
  type Frame,
} from '@faultline/derive';
import { BaseError, concatBytes, equalBytes, rlpEncode } from '@faultline/primitives';
import { isOpHardforkActive } from '@faultline/protocol';
import type { L1Block, L1Client, Wallet } from './l1-client.js';
import type { L2Block } from './l2/chain.js';
import type { L2Node } from './l2/node.js';

export class BatcherError extends BaseError {
  override name = 'BatcherError' as const;
}

export type BatchKind = 'span' | 'singular';
export type Compression = 'zlib' | 'brotli';

const MAX_FRAME_DATA = 100_000;

const userTxs = (b: L2Block) => b.transactions.filter((t) => t[0] !== 0x7e);

/** The compressed channel of `blocks` (which follow `parent`). */
export function encodeChannel(
  blocks: readonly L2Block[],
  parent: L2Block,
  kind: BatchKind,
  compression: Compression,
  node: Pick<L2Node, 'rollup'>,
): Uint8Array {
  let rlp: Uint8Array;
  if (kind === 'singular') {
    rlp = concatBytes(
      ...blocks.map((b) =>
        rlpEncode(
          encodeBatch({
            type: 0,
            batch: {
              parentHash: b.header.parentHash,
              epochNum: b.ref.l1Origin.number,
              epochHash: b.ref.l1Origin.hash,
              timestamp: b.header.timestamp,
              transactions: userTxs(b),
            },
          }),
        ),
      ),
    );
  } else {
    const rollup = node.rollup;
    const raw = buildRawSpanBatch(
      blocks.map((b) => ({ timestamp: b.header.timestamp, epochNum: b.ref.l1Origin.number, transactions: userTxs(b) })),
      {
        blockTime: rollup.blockTime,
        l2GenesisTime: rollup.genesis.l2Time,
        l2ChainId: rollup.l2ChainId,
        parentHash: parent.hash,
        l1OriginHash: blocks.at(-1)!.ref.l1Origin.hash,
        firstOriginChanged: !equalBytes(parent.ref.l1Origin.hash, blocks[0]!.ref.l1Origin.hash),
      },
    );
    rlp = rlpEncode(encodeBatch({ type: 1, batch: raw }));
  }
  if (compression === 'zlib') return new Uint8Array(deflateSync(rlp));
  const brotli = brotliCompressSync(rlp, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
  return concatBytes(Uint8Array.of(CHANNEL_VERSION_BROTLI), new Uint8Array(brotli));
}

export function framesOf(channelId: Uint8Array, data: Uint8Array): Frame[] {
  const count = Math.max(1, Math.ceil(data.length / MAX_FRAME_DATA));
  return Array.from({ length: count }, (_, i) => ({
    channelId,
    number: i,
    data: data.subarray(i * MAX_FRAME_DATA, Math.min(data.length, (i + 1) * MAX_FRAME_DATA)),
    isLast: i === count - 1,
  }));
}

interface InFlight {
  txs: string[];
  upTo: bigint;
}

export interface BatcherOptions {
  l1: L1Client;
  wallet: Wallet;
  node: L2Node;
  inbox: string;
  /** Batch kind; default: alternate span and singular channels. */
  kind?: BatchKind | 'alternate';
  /** Channel compression; default: zlib and brotli in turns of two channels once Fjord is active. */
  compression?: Compression | 'alternate';
  log?: (line: string) => void;
}

export class Batcher {
  private submitted = 0n;
  private inFlight: InFlight[] = [];
  private channels = 0;
  /** L1 block in which each channel's last transaction was mined, with its last L2 block. */
  readonly confirmed: { upTo: bigint; l1Block: bigint }[] = [];
  /** Channels posted, for status. */
  readonly posted: { kind: BatchKind; compression: Compression; blocks: [bigint, bigint]; frames: number }[] = [];

  constructor(private readonly options: BatcherOptions) {}

  /** Posts the blocks built since the last post as one channel; the txs land in the next L1 block. */
  async post(): Promise<void> {
    const { node, l1, wallet } = this.options;
    const head = node.chain.head.header.number;
    if (head <= this.submitted) return;
    const blocks = node.chain.blocks.slice(Number(this.submitted) + 1, Number(head) + 1);
    const parent = node.chain.byNumber(this.submitted)!;
    const kindOpt = this.options.kind ?? 'alternate';
    const kind: BatchKind = kindOpt === 'alternate' ? (this.channels % 2 === 0 ? 'span' : 'singular') : kindOpt;
    const compression = this.compressionFor(blocks.at(-1)!.header.timestamp);
    const channel = encodeChannel(blocks, parent, kind, compression, node);
    const frames = framesOf(new Uint8Array(randomBytes(16)), channel);
    const txs: string[] = [];
    for (const frame of frames) {
      const data = encodeBatcherData([frame]);
      // EIP-7623 floor: up to 40 gas per calldata byte.
      const gas = 21_000n + 40n * BigInt(data.length) + 10_000n;
      txs.push(await wallet.send(l1, { to: this.options.inbox, data, gas }));
    }
    this.channels++;
    this.posted.push({ kind, compression, blocks: [this.submitted + 1n, head], frames: frames.length });
    this.options.log?.(
      `batcher: L2 blocks ${this.submitted + 1n}..${head} as a ${kind} batch (${compression}, ${frames.length} frame${frames.length > 1 ? 's' : ''})`,
    );
    this.inFlight.push({ txs, upTo: head });
    this.submitted = head;
  }

  /**
   * The compression of the next channel. Derivation accepts brotli from Fjord on, judged at the
   * L1 block that includes the channel (derivation.md, "Channel Format"); that block comes after
   * the channel's last L2 block, so Fjord active at its timestamp is active there too.
   */
  private compressionFor(lastL2Timestamp: bigint): Compression {
    const opt = this.options.compression ?? 'alternate';
    if (opt !== 'alternate') return opt;
    const fjord = isOpHardforkActive(this.options.node.rollup.hardforks, 'fjord', lastL2Timestamp);
    return fjord && Math.floor(this.channels / 2) % 2 === 1 ? 'brotli' : 'zlib';
  }

  /** After `block` is mined: records the channels whose transactions all succeeded (a failed one is an error). */
  async confirm(block: L1Block): Promise<void> {
    const { l1 } = this.options;
    while (this.inFlight.length > 0) {
      const first = this.inFlight[0]!;
      const receipts = await Promise.all(first.txs.map((h) => l1.receipt(h)));
      if (receipts.some((r) => r === null)) return;
      if (receipts.some((r) => r!.status !== '0x1'))
        throw new BatcherError(`batcher: a batch transaction for L2 blocks up to ${first.upTo} failed on L1`);
      this.confirmed.push({ upTo: first.upTo, l1Block: block.header.number });
      this.inFlight.shift();
    }
  }
}
