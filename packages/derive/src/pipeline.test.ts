/**
 * The pull stages composed (L1 data → frames → channels → batches → singular batches) and driven
 * the way a client would: pull until `eof`, then move L1 on by one block.
 */
import { deflateSync } from 'node:zlib';
import { concatBytes, rlpEncode } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from './batch.js';
import { BatchQueue, BatchStage, type SingularBatchSource } from './batch-queue.js';
import type { SafeChainSource } from './batch-validity.js';
import { ChannelReaderStage } from './channel-reader-stage.js';
import { ChannelStage } from './channel-stage.js';
import type { DeriveForks } from './config.js';
import { DeriveResetError } from './errors.js';
import { encodeBatcherData, type Frame } from './frame.js';
import { FrameQueue } from './frame-queue.js';
import type { SingularBatch } from './singular-batch.js';
import { EOF, type L1DataSource, type Pull, value } from './stage.js';
import { chanId, l1, testConfig } from './test-helpers.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

const L1 = (n: number) => l1(n, 1200 + 12 * (n - 100));
const l2hash = (n: number) => new Uint8Array(32).fill(0x80 + n);
const GENESIS: L2BlockRef = {
  number: 0n,
  timestamp: 1200n,
  hash: l2hash(0),
  l1Origin: { number: 100n, hash: L1(100).hash },
};
const TX = new Uint8Array([0x02, 0xc1, 0x05]);

class MockL1 implements L1DataSource {
  private i = 0;
  private j = 0;
  constructor(readonly blocks: { ref: L1BlockRef; data: Uint8Array[] }[]) {}
  origin(): L1BlockRef {
    return this.blocks[this.i]!.ref;
  }
  nextData(): Pull<Uint8Array> {
    const b = this.blocks[this.i]!;
    return this.j < b.data.length ? value(b.data[this.j++]!) : EOF;
  }
  advance(): boolean {
    if (this.i + 1 >= this.blocks.length) return false;
    this.i++;
    this.j = 0;
    return true;
  }
  reset(): void {}
}

const noChain: SafeChainSource = { l2BlockByNumber: () => undefined, l2TransactionsByNumber: () => undefined };

function pipeline(forks: DeriveForks, blocks: { ref: L1BlockRef; data: Uint8Array[] }[], holocene: boolean) {
  const config = testConfig({ seqWindowSize: 4n, forks });
  const l1src = new MockL1(blocks);
  const reader = new ChannelReaderStage(config, new ChannelStage(config, new FrameQueue(config, l1src)));
  const stage: SingularBatchSource = holocene
    ? new BatchStage(config, reader, noChain)
    : new BatchQueue(config, reader, noChain);
  return { l1src, stage };
}

/** Drives the stages to the end of L1; returns the blocks built (timestamp, epoch, tx count). */
function drive(p: ReturnType<typeof pipeline>): [number, number, number][] {
  let safe = GENESIS;
  const built: [number, number, number][] = [];
  for (let steps = 0; steps < 5000; steps++) {
    const r = p.stage.nextBatch(safe);
    if (r.kind === 'value') {
      const b = r.value.batch;
      expect(b.parentHash).toEqual(safe.hash);
      const number = safe.number + 1n;
      safe = {
        number,
        timestamp: b.timestamp,
        hash: l2hash(Number(number)),
        l1Origin: { number: b.epochNum, hash: b.epochHash },
      };
      built.push([Number(b.timestamp), Number(b.epochNum), b.transactions.length]);
    } else if (r.kind === 'eof' && !p.l1src.advance()) break;
  }
  return built;
}

const batch = (n: number, epoch: number, txs = [TX]): SingularBatch => ({
  parentHash: l2hash(n - 1),
  epochNum: BigInt(epoch),
  epochHash: L1(epoch).hash,
  timestamp: BigInt(1200 + 2 * n),
  transactions: txs,
});

function channel(batches: SingularBatch[]): Uint8Array {
  return new Uint8Array(deflateSync(concatBytes(...batches.map((b) => rlpEncode(encodeBatch({ type: 0, batch: b }))))));
}

function frames(id: number, data: Uint8Array, parts: number): Frame[] {
  const size = Math.ceil(data.length / parts);
  return Array.from({ length: parts }, (_, k) => ({
    channelId: chanId(id),
    number: k,
    data: data.subarray(k * size, (k + 1) * size),
    isLast: k === parts - 1,
  }));
}

const ALL: DeriveForks = { canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n };
const HOLOCENE: DeriveForks = { ...ALL, holocene: 0n };
const blocksFrom = (from: number, to: number, data: Record<number, Uint8Array[]> = {}) =>
  Array.from({ length: to - from + 1 }, (_, k) => ({ ref: L1(from + k), data: data[from + k] ?? [] }));

for (const [name, forks, holocene] of [
  ['pre-Holocene batch queue', ALL, false],
  ['Holocene batch stage', HOLOCENE, true],
] as const) {
  describe(`pipeline: ${name}`, () => {
    it('derives the batches of a channel spread over two L1 blocks', () => {
      const [a, b] = frames(1, channel([batch(1, 100), batch(2, 100), batch(3, 100)]), 2);
      const p = pipeline(
        forks,
        blocksFrom(100, 102, { 101: [encodeBatcherData([a!])], 102: [encodeBatcherData([b!])] }),
        holocene,
      );
      expect(drive(p)).toEqual([
        [1202, 100, 1],
        [1204, 100, 1],
        [1206, 100, 1],
      ]);
    });

    it('with no batcher data, fills the chain with deposit-only blocks as sequencing windows expire', () => {
      const p = pipeline(forks, blocksFrom(100, 105), holocene);
      // Window 4: epoch 100 expires at L1 104 → blocks up to the next L1 time (1212) keep origin 100;
      // epoch 101 expires at L1 105 → its first block takes origin 101, then up to 1224.
      const want: [number, number, number][] = [];
      for (let t = 1202; t <= 1210; t += 2) want.push([t, 100, 0]);
      for (let t = 1212; t <= 1222; t += 2) want.push([t, 101, 0]);
      expect(drive(p)).toEqual(want);
    });

    it('skips malformed batcher data and an invalid batch', () => {
      const bad = { ...batch(2, 100), parentHash: l2hash(9) };
      const data = {
        101: [new Uint8Array([0, 1, 2, 3]), encodeBatcherData(frames(1, channel([batch(1, 100), bad]), 1))],
        102: [encodeBatcherData(frames(2, channel([batch(2, 100)]), 1))],
      };
      expect(drive(pipeline(forks, blocksFrom(100, 102, data), holocene))).toEqual([
        [1202, 100, 1],
        [1204, 100, 1],
      ]);
    });
  });
}

describe('pipeline differences across Holocene', () => {
  it('a batch ahead of the safe head waits in the pre-Holocene queue but is dropped under Holocene', () => {
    const data = {
      101: [encodeBatcherData(frames(1, channel([batch(2, 100)]), 1))],
      102: [encodeBatcherData(frames(2, channel([batch(1, 100)]), 1))],
    };
    expect(drive(pipeline(ALL, blocksFrom(100, 102, data), false))).toEqual([
      [1202, 100, 1],
      [1204, 100, 1],
    ]);
    expect(drive(pipeline(HOLOCENE, blocksFrom(100, 102, data), true))).toEqual([[1202, 100, 1]]);
  });

  it('frames out of order are reassembled before Holocene and dropped under Holocene', () => {
    const [a, b] = frames(1, channel([batch(1, 100)]), 2);
    const data = { 101: [encodeBatcherData([b!]), encodeBatcherData([a!])] };
    expect(drive(pipeline(ALL, blocksFrom(100, 101, data), false))).toEqual([[1202, 100, 1]]);
    expect(drive(pipeline(HOLOCENE, blocksFrom(100, 101, data), true))).toEqual([]);
  });
});

describe('BatchStage consistency', () => {
  it('a safe head whose L1 origin is not on the traversed L1 chain is a reset error', () => {
    const p = pipeline(HOLOCENE, blocksFrom(100, 102), true);
    const forked: L2BlockRef = { ...GENESIS, l1Origin: { number: 100n, hash: new Uint8Array(32).fill(0xee) } };
    const pull = () => {
      for (let i = 0; i < 50; i++) {
        const r = p.stage.nextBatch(forked);
        if (r.kind === 'eof' && !p.l1src.advance()) return;
      }
    };
    expect(pull).toThrow(DeriveResetError);
  });
});
