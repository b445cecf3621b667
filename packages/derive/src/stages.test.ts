/** Stage-level behaviour not covered by the end-to-end pipeline tests. */
import { deflateSync } from 'node:zlib';
import { concatBytes, rlpEncode } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from './batch.js';
import { BitList } from './byte-reader.js';
import { ChannelReaderStage } from './channel-reader-stage.js';
import { type ChannelSource, ChannelStage } from './channel-stage.js';
import type { DeriveForks } from './config.js';
import type { Frame } from './frame.js';
import type { FrameSource } from './frame-queue.js';
import type { RawSpanBatch } from './span-batch.js';
import { EOF, type Pull, value } from './stage.js';
import { frame, l1, testConfig } from './test-helpers.js';
import type { L1BlockRef } from './types.js';

class Frames implements FrameSource {
  queue: Frame[] = [];
  at: L1BlockRef = l1(1, 100);
  origin(): L1BlockRef {
    return this.at;
  }
  nextFrame(): Pull<Frame> {
    const f = this.queue.shift();
    return f ? value(f) : EOF;
  }
  reset(): void {}
}

function drain(stage: ChannelStage): string[] {
  const out: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = stage.nextChannel();
    if (r.kind === 'eof') break;
    if (r.kind === 'value') out.push(new TextDecoder().decode(r.value));
  }
  return out;
}

describe('ChannelStage', () => {
  it('crossing Holocene discards channels buffered before it', () => {
    const frames = new Frames();
    const stage = new ChannelStage(testConfig({ forks: { holocene: 200n } }), frames);
    frames.queue.push(frame(1, 0, 'a'));
    expect(drain(stage)).toEqual([]);
    frames.at = l1(2, 200);
    frames.queue.push(frame(1, 1, 'b', true), frame(2, 0, 'new', true));
    expect(drain(stage)).toEqual(['new']);
  });

  it('before Holocene a timed-out channel is dropped and reading continues', () => {
    const frames = new Frames();
    const stage = new ChannelStage(testConfig({ channelTimeout: 2n }), frames);
    frames.queue.push(frame(1, 0, 'stale'), frame(2, 0, 'x'));
    expect(drain(stage)).toEqual([]);
    frames.at = l1(5, 160);
    frames.queue.push(frame(2, 1, 'y', true));
    expect(drain(stage)).toEqual([]);
    const late = new ChannelStage(testConfig({ channelTimeout: 10n }), frames);
    frames.queue.push(frame(3, 0, 'p'), frame(4, 0, 'q', true), frame(3, 1, 'r', true));
    expect(drain(late)).toEqual(['pr', 'q']);
  });
});

class Channels implements ChannelSource {
  queue: Uint8Array[] = [];
  constructor(readonly at: L1BlockRef) {}
  origin(): L1BlockRef {
    return this.at;
  }
  nextChannel(): Pull<Uint8Array> {
    const c = this.queue.shift();
    return c ? value(c) : EOF;
  }
  reset(): void {}
}

const singular = (n: number) =>
  rlpEncode(
    encodeBatch({
      type: 0,
      batch: {
        parentHash: new Uint8Array(32),
        epochNum: BigInt(n),
        epochHash: new Uint8Array(32),
        timestamp: BigInt(n),
        transactions: [],
      },
    }),
  );

/** A one-block span batch whose single tx has an unknown type (decodes, cannot be derived). */
function badSpan(): Uint8Array {
  const raw: RawSpanBatch = {
    relTimestamp: 0n,
    l1OriginNum: 1n,
    parentCheck: new Uint8Array(20),
    l1OriginCheck: new Uint8Array(20),
    blockCount: 1,
    originBits: BitList.zero(1),
    blockTxCounts: [1],
    txs: {
      totalTxCount: 1,
      contractCreationBits: BitList.zero(1),
      yParityBits: BitList.zero(1),
      sigs: [{ r: new Uint8Array(32), s: new Uint8Array(32) }],
      tos: [new Uint8Array(20)],
      datas: [new Uint8Array([0x05, 0xc0])],
      nonces: [0n],
      gases: [0n],
      protectedBits: BitList.zero(0),
      txTypes: [5],
    },
  };
  return rlpEncode(encodeBatch({ type: 1, batch: raw }));
}

function readAll(forks: DeriveForks, parts: Uint8Array[]): string[] {
  const src = new Channels(l1(1, 100));
  src.queue.push(new Uint8Array(deflateSync(concatBytes(...parts))));
  const stage = new ChannelReaderStage(testConfig({ forks }), src);
  const out: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = stage.nextBatch();
    if (r.kind === 'eof') break;
    if (r.kind === 'value') out.push(`${r.value.type}:${r.value.type === 0 ? r.value.batch.epochNum : 'span'}`);
  }
  return out;
}

describe('ChannelReaderStage', () => {
  it('skips a span batch whose transactions cannot be rebuilt, and keeps reading the channel', () => {
    expect(readAll({ delta: 0n }, [singular(1), badSpan(), singular(2)])).toEqual(['0:1', '0:2']);
  });

  it('skips span batches read before Delta', () => {
    expect(readAll({}, [badSpan(), singular(3)])).toEqual(['0:3']);
  });

  it('flushChannel drops the rest of the channel', () => {
    const src = new Channels(l1(1, 100));
    src.queue.push(new Uint8Array(deflateSync(concatBytes(singular(1), singular(2)))));
    src.queue.push(new Uint8Array(deflateSync(singular(3))));
    const stage = new ChannelReaderStage(testConfig(), src);
    const first = stage.nextBatch();
    expect(first.kind === 'value' && first.value.type === 0 && first.value.batch.epochNum).toBe(1n);
    stage.flushChannel();
    const next = stage.nextBatch();
    expect(next.kind === 'value' && next.value.type === 0 && next.value.batch.epochNum).toBe(3n);
  });
});
