/**
 * The driver end to end over a synthetic L1 chain: batcher transactions with channels of
 * singular and span batches, deposit logs, sequencing-window expiry and Holocene activation,
 * with a fake `executeAttributes` that records what it is given.
 */
import { bytesToBigInt, equalBytes } from '@faultline/primitives';
import {
  decodeL1Info,
  decodeTransaction,
  type L1BlockInfo,
  type OpPayloadAttributes,
  type RollupConfig,
  userDepositSourceHash,
} from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import type { SafeHead } from './attributes.js';
import { DerivationFailedError, type DerivationInput, type ExecutionResult, runDerivation } from './driver.js';
import { FrameParseError } from './errors.js';
import type { SingularBatch } from './singular-batch.js';
import {
  BATCHER,
  batcherTx,
  blobBatcherTx,
  channelOf,
  depositLog,
  genesisSystemConfig,
  L2_GENESIS_TIME,
  l1Time,
  l2Hash,
  l2Tx,
  SyntheticL1,
  singular,
  span,
  testRollup,
} from './synthetic-chain.js';

const PRE_HOLOCENE = { regolith: 0n, canyon: 0n, delta: 0n, ecotone: 0n, fjord: 0n, granite: 0n };
const USER = new Uint8Array(20).fill(0x11);

function genesis(l1: SyntheticL1): SafeHead {
  return {
    hash: l2Hash(0n),
    number: 0n,
    timestamp: L2_GENESIS_TIME,
    l1Origin: { hash: l1.hash(100), number: 100n },
    sequenceNumber: 0n,
  };
}

function run(
  rollup: RollupConfig,
  l1: SyntheticL1,
  target: bigint,
  invalid: (attrs: OpPayloadAttributes, number: bigint) => boolean = () => false,
  start?: { head: SafeHead; systemConfig: DerivationInput['systemConfig'] },
) {
  const executed: { number: bigint; attrs: OpPayloadAttributes }[] = [];
  const executeAttributes = (attrs: OpPayloadAttributes, parent: SafeHead): ExecutionResult => {
    const number = parent.number + 1n;
    executed.push({ number, attrs });
    if (invalid(attrs, number)) return { status: 'invalid', reason: 'test says no' };
    return { status: 'valid', hash: l2Hash(number) };
  };
  const input: DerivationInput = {
    rollup,
    l1Source: l1,
    l2SafeHead: start?.head ?? genesis(l1),
    systemConfig: start?.systemConfig ?? genesisSystemConfig(rollup),
    executeAttributes,
    targetBlockNumber: target,
  };
  const result = runDerivation(input);
  // The blocks that made it into the chain: the last execution per number.
  const chain = new Map<bigint, OpPayloadAttributes>();
  for (const e of executed) chain.set(e.number, e.attrs);
  return { result, executed, chain };
}

const batch = (l1: SyntheticL1, n: number, epoch: number, txs: Uint8Array[] = []): SingularBatch => ({
  parentHash: l2Hash(BigInt(n - 1)),
  epochNum: BigInt(epoch),
  epochHash: l1.hash(epoch),
  timestamp: L2_GENESIS_TIME + 2n * BigInt(n),
  transactions: txs,
});

const info = (attrs: OpPayloadAttributes): L1BlockInfo => decodeL1Info(decodeTransaction(attrs.transactions[0]!).data);

describe('runDerivation: pre-Holocene, singular and span batches', () => {
  // L1 100 @1200, 101 @1212, 102 @1224 …; L2 block n @1200+2n. Blocks 1–5 have epoch 100,
  // block 6 (@1212) starts epoch 101, whose L1 block carries a user deposit.
  const build = (last = 104) => {
    const l1 = new SyntheticL1(last, {});
    const first = [1, 2, 3, 4, 5].map((n) => singular(batch(l1, n, 100, n === 2 ? [l2Tx(0n)] : [])));
    const sixth = singular(batch(l1, 6, 101, [l2Tx(1n), l2Tx(2n)]));
    const spanBatch = span(
      [7, 8, 9].map((n) => ({
        timestamp: L2_GENESIS_TIME + 2n * BigInt(n),
        epochNum: 101n,
        transactions: [l2Tx(BigInt(n))],
      })),
      l2Hash(6n),
      l1.hash(101),
      false,
    );
    const deposit = depositLog(USER, USER, 5n, 100_000n, new Uint8Array([1, 2, 3]));
    return new SyntheticL1(last, {
      101: { txs: [batcherTx(1, channelOf([...first, sixth]))], logs: [deposit] },
      102: { txs: [batcherTx(2, channelOf([spanBatch]))] },
    });
  };

  it('derives blocks 1–9 with the right attributes and stops at the target', () => {
    const l1 = build();
    const { result, chain } = run(testRollup(PRE_HOLOCENE), l1, 9n);
    expect(result.stop).toBe('target');
    expect(result.safeHead.number).toBe(9n);
    expect(result.safeHead.hash).toEqual(l2Hash(9n));
    expect(result.safeHead.l1Origin.number).toBe(101n);
    expect([...chain.keys()]).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    for (const [n, attrs] of chain) expect(attrs.timestamp).toBe(L2_GENESIS_TIME + 2n * n);
    // Sequence numbers: 1..5 in epoch 100 (genesis is its 0), then 0,1,2,3 in epoch 101.
    expect([...chain.values()].map((a) => info(a).sequenceNumber)).toEqual([1n, 2n, 3n, 4n, 5n, 0n, 1n, 2n, 3n]);
    expect(info(chain.get(5n)!).number).toBe(100n);
    expect(info(chain.get(6n)!).number).toBe(101n);
    expect(info(chain.get(6n)!).blockHash).toEqual(l1.hash(101));
    // The user deposit sits right after the L1-info deposit in epoch 101's first block only.
    const six = chain.get(6n)!.transactions.map(decodeTransaction);
    expect(six.map((t) => t.type)).toEqual([0x7e, 0x7e, 2, 2]);
    const dep = six[1]!;
    expect(dep.type === 0x7e && equalBytes(dep.sourceHash, userDepositSourceHash(l1.hash(101), 0n))).toBe(true);
    expect(dep.type === 0x7e && dep.mint).toBe(5n);
    expect(chain.get(7n)!.transactions.map((t) => t[0])).toEqual([0x7e, 2]);
    // prevRandao and the beacon root come from the epoch's L1 header.
    expect(chain.get(6n)!.prevRandao).toEqual(l1.headers[1]!.mixHash);
    expect(chain.get(6n)!.parentBeaconBlockRoot).toEqual(l1.headers[1]!.parentBeaconBlockRoot);
    expect(chain.get(1n)!.eip1559Params).toBeUndefined();
  });

  it('with a later target, fills the rest of L1 with deposit-only blocks as windows expire', () => {
    const { result, chain } = run(testRollup(PRE_HOLOCENE), build(106), 1000n);
    expect(result.stop).toBe('l1-exhausted');
    // Epoch 101 expires at L1 105: deposit-only blocks up to L1 102's time, then epoch 102's.
    expect(result.safeHead.number).toBeGreaterThan(9n);
    expect(result.safeHead.l1Origin.number).toBe(102n);
    for (const [n, attrs] of chain) if (n > 9n) expect(attrs.transactions.every((t) => t[0] === 0x7e)).toBe(true);
  });
});

describe('runDerivation: resuming from a later safe head', () => {
  it('derives the same blocks as one run from genesis (traversal starts a channel timeout back)', () => {
    const l1a = new SyntheticL1(104);
    const all = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => singular(batch(l1a, n, n < 6 ? 100 : 101, [l2Tx(BigInt(n))])));
    const content = {
      101: {
        txs: [batcherTx(1, channelOf(all.slice(0, 6)))],
        logs: [depositLog(USER, USER, 1n, 60_000n, new Uint8Array(0))],
      },
      102: { txs: [batcherTx(2, channelOf(all.slice(6)))] },
    };
    for (const forks of [PRE_HOLOCENE, { ...PRE_HOLOCENE, holocene: 0n }]) {
      const rollup = testRollup(forks);
      const whole = run(rollup, new SyntheticL1(104, content), 8n);
      const first = run(rollup, new SyntheticL1(104, content), 4n);
      expect(first.result.safeHead.number).toBe(4n);
      const start = { head: first.result.safeHead, systemConfig: first.result.systemConfig };
      const rest = run(rollup, new SyntheticL1(104, content), 8n, () => false, start);
      expect(rest.result.safeHead).toEqual(whole.result.safeHead);
      expect([...rest.chain.keys()]).toEqual([5n, 6n, 7n, 8n]);
      for (const n of [5n, 6n, 7n, 8n]) expect(rest.chain.get(n)).toEqual(whole.chain.get(n));
    }
  });
});

describe('runDerivation: sequencing-window expiry', () => {
  it('without batcher data produces deposit-only blocks, carrying the epoch deposit once', () => {
    const deposit = depositLog(USER, USER, 0n, 50_000n, new Uint8Array(0));
    const l1 = new SyntheticL1(106, { 101: { logs: [deposit] } });
    const { result, chain } = run(testRollup(PRE_HOLOCENE), l1, 1000n);
    expect(result.stop).toBe('l1-exhausted');
    // Window 4: epoch 100 expires at L1 104, epoch 101 at 105, epoch 102 at 106.
    expect(result.safeHead.l1Origin.number).toBe(102n);
    const all = [...chain.values()];
    expect(all.length).toBe(Number(result.safeHead.number));
    for (const a of all) expect(a.transactions.every((t) => t[0] === 0x7e)).toBe(true);
    const withDeposit = [...chain].filter(([, a]) => a.transactions.length === 2).map(([n]) => n);
    expect(withDeposit).toEqual([6n]);
    expect(info(chain.get(6n)!).sequenceNumber).toBe(0n);
  });
});

describe('runDerivation: Holocene', () => {
  it('activates mid-chain: eip1559Params from the activation block, span batch under Holocene', () => {
    // Holocene at L1/L2 time 1224 (L1 block 102, L2 block 12).
    const rollup = testRollup({ ...PRE_HOLOCENE, holocene: l1Time(102) });
    const l1a = new SyntheticL1(106);
    const first = [1, 2, 3, 4, 5].map((n) => singular(batch(l1a, n, 100)));
    const mid = [6, 7, 8, 9, 10, 11].map((n) => singular(batch(l1a, n, 101, [l2Tx(BigInt(n))])));
    const later = span(
      [12, 13, 14].map((n) => ({
        timestamp: L2_GENESIS_TIME + 2n * BigInt(n),
        epochNum: 102n,
        transactions: [l2Tx(BigInt(n))],
      })),
      l2Hash(11n),
      l1a.hash(102),
      true,
    );
    const l1 = new SyntheticL1(106, {
      101: { txs: [batcherTx(1, channelOf([...first, ...mid]))] },
      103: { txs: [batcherTx(2, channelOf([later]))] },
    });
    const { result, chain } = run(rollup, l1, 14n);
    expect(result.stop).toBe('target');
    expect(result.safeHead.number).toBe(14n);
    for (const [n, attrs] of chain) {
      if (n < 12n) expect(attrs.eip1559Params).toBeUndefined();
      else expect(attrs.eip1559Params).toEqual(new Uint8Array(8));
    }
    expect(info(chain.get(12n)!).number).toBe(102n);
    expect(chain.get(14n)!.transactions.map((t) => t[0])).toEqual([0x7e, 2]);
  });

  it('replaces an invalid payload by its deposit-only form and drops the rest of the channel', () => {
    const rollup = testRollup({ ...PRE_HOLOCENE, holocene: 0n });
    const l1a = new SyntheticL1(103);
    const batches = [1, 2, 3].map((n) => singular(batch(l1a, n, 100, [l2Tx(BigInt(n))])));
    const l1 = new SyntheticL1(103, { 101: { txs: [batcherTx(1, channelOf(batches))] } });
    const { result, executed, chain } = run(rollup, l1, 3n, (attrs, n) => n === 2n && attrs.transactions.length > 1);
    expect(executed.filter((e) => e.number === 2n).map((e) => e.attrs.transactions.length)).toEqual([2, 1]);
    expect(result.events.some((e) => e.kind === 'invalid-payload' && e.replaced)).toBe(true);
    expect(chain.get(1n)!.transactions.length).toBe(2);
    // Block 3's batch was in the flushed channel; with L1 ending before the window expires, stop.
    expect(result.safeHead.number).toBe(2n);
    expect(result.stop).toBe('l1-exhausted');
  });

  it('an invalid deposit-only payload is a derivation failure', () => {
    const rollup = testRollup({ ...PRE_HOLOCENE, holocene: 0n });
    const l1 = new SyntheticL1(106);
    expect(() => run(rollup, l1, 5n, () => true)).toThrow(DerivationFailedError);
  });
});

describe('runDerivation: pre-Holocene invalid payload', () => {
  it('drops the batch; the slot is filled by a later deposit-only block', () => {
    const l1a = new SyntheticL1(106);
    const batches = [1].map((n) => singular(batch(l1a, n, 100, [l2Tx(1n)])));
    const l1 = new SyntheticL1(106, { 101: { txs: [batcherTx(1, channelOf(batches))] } });
    const { result, chain } = run(testRollup(PRE_HOLOCENE), l1, 1n, (attrs) => attrs.transactions.length > 1);
    expect(result.safeHead.number).toBe(1n);
    expect(chain.get(1n)!.transactions.length).toBe(1);
    expect(result.events.some((e) => e.kind === 'invalid-payload' && !e.replaced)).toBe(true);
  });
});

describe('runDerivation: blobs', () => {
  it('reads channels from blobs after Ecotone, counting blob indices across the block', () => {
    const l1a = new SyntheticL1(103);
    const other = blobBatcherTx([7], [channelOf([])], new Uint8Array(20).fill(0x77));
    const ours = blobBatcherTx(
      [1, 2],
      [
        channelOf([1, 2].map((n) => singular(batch(l1a, n, 100, [l2Tx(BigInt(n))])))),
        channelOf([singular(batch(l1a, 3, 100))]),
      ],
    );
    const l1 = new SyntheticL1(103, { 101: { txs: [other.tx, ours.tx], blobs: [...other.blobs, ...ours.blobs] } });
    const { result, chain } = run(testRollup(PRE_HOLOCENE), l1, 3n);
    expect(result.stop).toBe('target');
    expect([...chain.values()].map((a) => a.transactions.length)).toEqual([2, 2, 1]);
  });
});

describe('runDerivation: resets', () => {
  it('an L1 chain that does not link up resets once, then fails (a proof cannot resolve it)', () => {
    class Broken extends SyntheticL1 {
      override nextBlock(block: Parameters<SyntheticL1['nextBlock']>[0]) {
        const next = super.nextBlock(block);
        return next && next.number === 102n ? { ...next, parentHash: new Uint8Array(32).fill(9) } : next;
      }
    }
    let error: unknown;
    try {
      run(testRollup(PRE_HOLOCENE), new Broken(106), 50n);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DerivationFailedError);
    expect((error as DerivationFailedError).shortMessage).toMatch(/unresolved reset/);
  });
});

describe('runDerivation: temporary errors', () => {
  class Flaky extends SyntheticL1 {
    failures: number;
    constructor(last: number, content: ConstructorParameters<typeof SyntheticL1>[1], failures: number) {
      super(last, content);
      this.failures = failures;
    }
    override transactions(block: Parameters<SyntheticL1['transactions']>[0]) {
      if (block.number === 101n && this.failures-- > 0) throw new FrameParseError('flaky source');
      return super.transactions(block);
    }
  }
  const content = (l1: SyntheticL1) => ({ 101: { txs: [batcherTx(1, channelOf([singular(batch(l1, 1, 100))]))] } });

  it('a passing temporary error is noted and derivation goes on', () => {
    const l1 = new Flaky(103, content(new SyntheticL1(103)), 1);
    const { result } = run(testRollup(PRE_HOLOCENE), l1, 1n);
    expect(result.safeHead.number).toBe(1n);
    expect(result.events.some((e) => e.kind === 'dropped')).toBe(true);
  });

  it('a temporary error that never clears ends derivation instead of looping', () => {
    const l1 = new Flaky(103, content(new SyntheticL1(103)), Number.POSITIVE_INFINITY);
    expect(() => run(testRollup(PRE_HOLOCENE), l1, 1n)).toThrow(/temporary errors in a row/);
  });
});

describe('runDerivation: batcher authentication and start-up', () => {
  it('ignores batcher data from another sender', () => {
    const l1a = new SyntheticL1(103);
    const stranger = new Uint8Array(20).fill(0x99);
    const l1 = new SyntheticL1(103, {
      101: { txs: [batcherTx(1, channelOf([singular(batch(l1a, 1, 100, [l2Tx(1n)]))]), stranger)] },
    });
    const { result } = run(testRollup(PRE_HOLOCENE), l1, 1n);
    expect(result.stop).toBe('l1-exhausted');
    expect(result.safeHead.number).toBe(0n);
    expect(bytesToBigInt(BATCHER)).not.toBe(bytesToBigInt(stranger));
  });

  it('returns at once when the safe head is already at the target', () => {
    const { result, executed } = run(testRollup(PRE_HOLOCENE), new SyntheticL1(101), 0n);
    expect(result.stop).toBe('target');
    expect(executed).toEqual([]);
  });
});
