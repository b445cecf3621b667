import { describe, expect, it } from 'vitest';
import {
  type BatchContext,
  checkBatch,
  checkSingularBatch,
  checkSpanBatch,
  type SafeChainSource,
} from './batch-validity.js';
import type { DeriveForks } from './config.js';
import type { SingularBatch } from './singular-batch.js';
import type { SpanBatch, SpanBatchElement } from './span-batch.js';
import { l1, testConfig } from './test-helpers.js';
import type { L1BlockRef, L2BlockRef } from './types.js';

// L1: block n has timestamp 1200 + 12·(n − 100). Safe head: L2 block 50 at t=1210, origin L1 100.
const L1 = (n: number, ts = 1200 + 12 * (n - 100)) => l1(n, ts);
const l2hash = (n: number) => new Uint8Array(32).fill(0x80 | n);
const l2 = (n: number, ts: number, origin: L1BlockRef): L2BlockRef => ({
  number: BigInt(n),
  timestamp: BigInt(ts),
  hash: l2hash(n),
  l1Origin: { number: origin.number, hash: origin.hash },
});
const SAFE = l2(50, 1210, L1(100));
const TX = new Uint8Array([0x02, 0xc0]);

function ctx(
  o: { forks?: DeriveForks; l1Blocks?: L1BlockRef[]; inclusion?: number; safe?: L2BlockRef } = {},
): BatchContext {
  return {
    config: testConfig({ seqWindowSize: 10n, maxSequencerDrift: 600n, forks: o.forks ?? {} }),
    l1Blocks: o.l1Blocks ?? [L1(100), L1(101)],
    safeHead: o.safe ?? SAFE,
    inclusionBlock: L1(o.inclusion ?? 105),
  };
}

const batch = (o: Partial<SingularBatch> = {}): SingularBatch => ({
  parentHash: SAFE.hash,
  epochNum: 100n,
  epochHash: L1(100).hash,
  timestamp: 1212n,
  transactions: [TX],
  ...o,
});

describe('checkSingularBatch', () => {
  const HOLOCENE = { holocene: 0n };
  const cases: [string, BatchContext, SingularBatch, string][] = [
    ['a valid batch', ctx(), batch(), 'accept'],
    ['no L1 blocks', ctx({ l1Blocks: [] }), batch(), 'undecided'],
    ['a future timestamp', ctx(), batch({ timestamp: 1214n }), 'future'],
    ['a future timestamp under Holocene', ctx({ forks: HOLOCENE }), batch({ timestamp: 1214n }), 'drop'],
    ['an old timestamp', ctx(), batch({ timestamp: 1210n }), 'drop'],
    ['an old timestamp under Holocene', ctx({ forks: HOLOCENE }), batch({ timestamp: 1210n }), 'past'],
    ['a wrong parent hash', ctx(), batch({ parentHash: l2hash(49) }), 'drop'],
    ['inclusion at the window edge', ctx({ inclusion: 110 }), batch(), 'accept'],
    ['inclusion past the sequencing window', ctx({ inclusion: 111 }), batch(), 'drop'],
    ['an epoch older than the safe head origin', ctx(), batch({ epochNum: 99n, epochHash: L1(99).hash }), 'drop'],
    [
      'the next epoch, unknown yet',
      ctx({ l1Blocks: [L1(100)] }),
      batch({ epochNum: 101n, epochHash: L1(101).hash }),
      'undecided',
    ],
    ['the next epoch', ctx(), batch({ epochNum: 101n, epochHash: L1(101).hash }), 'accept'],
    ['an epoch two ahead', ctx(), batch({ epochNum: 102n, epochHash: L1(102).hash }), 'drop'],
    ['a wrong epoch hash', ctx(), batch({ epochHash: L1(101).hash }), 'drop'],
    [
      'a timestamp before its L1 origin',
      ctx({ l1Blocks: [L1(100), L1(101, 1213)] }),
      batch({ epochNum: 101n, epochHash: L1(101, 1213).hash }),
      'drop',
    ],
    ['an empty transaction', ctx(), batch({ transactions: [new Uint8Array(0)] }), 'drop'],
    ['a deposit transaction', ctx(), batch({ transactions: [new Uint8Array([0x7e, 0xc0])] }), 'drop'],
    ['a SetCode transaction before Isthmus', ctx(), batch({ transactions: [new Uint8Array([4, 0xc0])] }), 'drop'],
    [
      'a SetCode transaction from Isthmus',
      ctx({ forks: { isthmus: 0n } }),
      batch({ transactions: [new Uint8Array([4, 0xc0])] }),
      'accept',
    ],
    ['user transactions in the Jovian activation block', ctx({ forks: { jovian: 1211n } }), batch(), 'drop'],
    ['an empty Jovian activation block', ctx({ forks: { jovian: 1211n } }), batch({ transactions: [] }), 'accept'],
    ['transactions after the Jovian activation block', ctx({ forks: { jovian: 1000n } }), batch(), 'accept'],
    ['user transactions in the Karst activation block', ctx({ forks: { jovian: 0n, karst: 1211n } }), batch(), 'drop'],
    ['user transactions in the Lagoon activation block', ctx({ forks: { karst: 0n, lagoon: 1211n } }), batch(), 'drop'],
    ['transactions after the Karst activation block', ctx({ forks: { karst: 1000n } }), batch(), 'accept'],
    [
      'a Lagoon post-exec transaction (0x7d) before Lagoon',
      ctx({ forks: { karst: 0n } }),
      batch({ transactions: [new Uint8Array([0x7d, 0xc0])] }),
      'drop',
    ],
  ];
  for (const [name, c, b, want] of cases) it(`${name} → ${want}`, () => expect(checkSingularBatch(c, b)).toBe(want));

  describe('sequencer drift (origin at t=1200, drift 600 → max 1800)', () => {
    const safe = l2(345, 1800, L1(100));
    const late = (txs: Uint8Array[]) => batch({ parentHash: safe.hash, timestamp: 1802n, transactions: txs });
    it('transactions past the drift → drop', () => {
      expect(checkSingularBatch(ctx({ safe, l1Blocks: [L1(100), L1(101, 1900)] }), late([TX]))).toBe('drop');
    });
    it('an empty batch without the next origin known → undecided', () => {
      expect(checkSingularBatch(ctx({ safe, l1Blocks: [L1(100)] }), late([]))).toBe('undecided');
    });
    it('an empty batch that could have adopted the next origin → drop', () => {
      expect(checkSingularBatch(ctx({ safe, l1Blocks: [L1(100), L1(101, 1802)] }), late([]))).toBe('drop');
    });
    it('an empty batch while the next origin is still ahead → accept', () => {
      expect(checkSingularBatch(ctx({ safe, l1Blocks: [L1(100), L1(101, 1803)] }), late([]))).toBe('accept');
    });
    it('Fjord raises the drift to 1800 s', () => {
      const c = ctx({ safe, l1Blocks: [L1(100), L1(101, 1900)], forks: { fjord: 0n } });
      expect(checkSingularBatch(c, late([TX]))).toBe('accept');
    });
  });
});

// ---- span batches ----
const ORIGINS = [L1(100), L1(101), L1(102)];
const el = (ts: number, epoch: number, txs: Uint8Array[] = [TX]): SpanBatchElement => ({
  timestamp: BigInt(ts),
  epochNum: BigInt(epoch),
  transactions: txs,
});
const span = (elements: SpanBatchElement[], o: { parent?: Uint8Array; originCheck?: Uint8Array } = {}): SpanBatch => ({
  parentCheck: (o.parent ?? SAFE.hash).subarray(0, 20),
  l1OriginCheck: (o.originCheck ?? L1(Number(elements[elements.length - 1]!.epochNum)).hash).subarray(0, 20),
  elements,
});
const DELTA = { delta: 0n };
const sctx = (o: Parameters<typeof ctx>[0] = {}) => ctx({ l1Blocks: ORIGINS, forks: DELTA, ...o });

// Safe chain: blocks 48..50 at t = 1206..1210, all with origin L1 100 and one deposit + TX.
const DEPOSIT = new Uint8Array([0x7e, 0xc1, 0x01]);
const chain: SafeChainSource = {
  l2BlockByNumber: (n) => (n >= 47n && n <= 50n ? l2(Number(n), 1210 - 2 * (50 - Number(n)), L1(100)) : undefined),
  l2TransactionsByNumber: (n) => (n >= 47n && n <= 50n ? [DEPOSIT, TX] : undefined),
};

describe('checkSpanBatch', () => {
  const good = span([el(1212, 100), el(1214, 100), el(1216, 101)]);
  const cases: [string, BatchContext, SpanBatch, string][] = [
    ['a valid span', sctx(), good, 'accept'],
    ['before Delta', sctx({ forks: {} }), good, 'drop'],
    ['a start after the next timestamp', sctx(), span([el(1214, 100)]), 'future'],
    [
      'a start after the next timestamp under Holocene',
      sctx({ forks: { ...DELTA, holocene: 0n } }),
      span([el(1214, 100)]),
      'drop',
    ],
    ['no new block', sctx(), span([el(1208, 100), el(1210, 100)], { parent: l2hash(48) }), 'drop'],
    [
      'no new block under Holocene',
      sctx({ forks: { ...DELTA, holocene: 0n } }),
      span([el(1208, 100), el(1210, 100)], { parent: l2hash(48) }),
      'past',
    ],
    ['a wrong parent check', sctx(), span([el(1212, 100)], { parent: l2hash(7) }), 'drop'],
    ['a wrong L1 origin check', sctx(), span([el(1212, 100)], { originCheck: L1(99).hash }), 'drop'],
    [
      'an end origin not known yet',
      sctx(),
      span([el(1212, 100), el(1214, 101), el(1216, 102), el(1218, 103)]),
      'undecided',
    ],
    ['a start epoch two ahead', sctx(), span([el(1212, 102)]), 'drop'],
    ['inclusion past the window', sctx({ inclusion: 111 }), good, 'drop'],
    ['a deposit in a new block', sctx(), span([el(1212, 100, [DEPOSIT])]), 'drop'],
    ['a block before its L1 origin time', sctx({ l1Blocks: [L1(100), L1(101, 1300)] }), span([el(1212, 101)]), 'drop'],
  ];
  for (const [name, c, b, want] of cases) it(`${name} → ${want}`, () => expect(checkSpanBatch(c, b, chain)).toBe(want));

  describe('overlap with the safe chain', () => {
    const overlapping = (txs49: Uint8Array[], epoch49 = 100) =>
      span([el(1208, 100), el(1210, epoch49, txs49), el(1212, 100)], { parent: l2hash(48) });
    it('matching overlapped blocks (deposits ignored) → accept', () => {
      expect(checkSpanBatch(sctx(), overlapping([TX]), chain)).toBe('accept');
    });
    it('a different transaction in an overlapped block → drop', () => {
      expect(checkSpanBatch(sctx(), overlapping([new Uint8Array([2, 0xc1, 5])]), chain)).toBe('drop');
    });
    it('a different L1 origin in an overlapped block → drop', () => {
      expect(checkSpanBatch(sctx(), overlapping([TX], 101), chain)).toBe('drop');
    });
    it('the safe chain not available → undecided', () => {
      const none: SafeChainSource = { l2BlockByNumber: () => undefined, l2TransactionsByNumber: () => undefined };
      expect(checkSpanBatch(sctx(), overlapping([TX]), none)).toBe('undecided');
    });
    it('a start misaligned with the block time → drop', () => {
      expect(checkSpanBatch(sctx(), span([el(1209, 100), el(1211, 100), el(1213, 100)]), chain)).toBe('drop');
    });
  });

  it('Holocene: checkBatch only applies the prefix rules to span batches', () => {
    const withDeposit = span([el(1212, 100, [DEPOSIT])]);
    expect(checkBatch(sctx(), { type: 1, batch: withDeposit }, chain)).toBe('drop');
    expect(checkBatch(sctx({ forks: { ...DELTA, holocene: 0n } }), { type: 1, batch: withDeposit }, chain)).toBe(
      'accept',
    );
  });
});
