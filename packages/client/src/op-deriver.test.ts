import { BlockBuildError } from '@faultline/executor';
import { ChannelClosedError, keccakKey } from '@faultline/preimage';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import {
  builtinChain,
  encodeTransaction,
  type L1BlockInfo,
  l1InfoDepositTx,
  type RollupConfig,
} from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { L2Chain } from './l2-chain.js';
import { L2Oracle } from './l2-oracle.js';
import { isOracleFailure, opDeriver } from './op-deriver.js';
import { runProgram } from './program.js';
import { startingPoint } from './safe-head.js';
import { putHeader, putL2Block, testHeader } from './test-chain.js';
import { serveFromStore, TestPreimageStore, testOracle } from './test-host.js';

const mainnet = builtinChain(10n)!.rollup;
const BATCHER = hexToBytes('0x6887246668a3b87f54deb3b94ba47a6f63f32985');

function bedrockInfo(l1Hash: Uint8Array, l1Number: bigint, seq: bigint): L1BlockInfo {
  return {
    format: 'bedrock',
    number: l1Number,
    timestamp: 1_699_999_000n,
    baseFee: 7n,
    blockHash: l1Hash,
    sequenceNumber: seq,
    batcherHash: new Uint8Array([...new Uint8Array(12), ...BATCHER]),
    l1FeeOverhead: 188n,
    l1FeeScalar: 684_000n,
  };
}

/** L1 blocks 100..105 (origin 100), L2 blocks 1..3 whose first tx is the L1-info deposit. */
function setup(store: TestPreimageStore) {
  const l1: Uint8Array[] = [];
  let parent: Uint8Array = new Uint8Array(32);
  for (let n = 100n; n <= 105n; n++) {
    parent = putHeader(
      store,
      testHeader({ number: n, parentHash: parent, timestamp: 1_699_999_000n + (n - 100n) * 12n }),
    );
    l1.push(parent);
  }
  const deposit = (seq: bigint) => encodeTransaction(l1InfoDepositTx(bedrockInfo(l1[0]!, 100n, seq), true));
  const b1 = putL2Block(store, 1n, { transactions: [deposit(0n)] });
  const b2 = putL2Block(store, 2n, { parentHash: b1.hash, transactions: [deposit(1n)] });
  const b3 = putL2Block(store, 3n, { parentHash: b2.hash, transactions: [deposit(2n)] });
  return { l1, b1, b2, b3 };
}

describe('startingPoint', () => {
  it('reads the L1 origin, sequence number and system config from the L1-info deposit', () => {
    const store = new TestPreimageStore();
    const { l1, b3 } = setup(store);
    const chain = new L2Chain(new L2Oracle(testOracle(store)), mainnet, b3.hash);
    const start = startingPoint(mainnet, b3.header, b3.hash, chain.transactionsOf(3n)[0]);
    expect(start.safeHead).toEqual({
      hash: b3.hash,
      number: 3n,
      timestamp: b3.header.timestamp,
      l1Origin: { hash: l1[0], number: 100n },
      sequenceNumber: 2n,
    });
    expect(start.systemConfig.batcherAddress).toEqual(BATCHER);
    expect(BigInt(bytesToHex(start.systemConfig.overhead))).toBe(188n);
    expect(BigInt(bytesToHex(start.systemConfig.scalar))).toBe(684_000n);
    expect(start.systemConfig.gasLimit).toBe(30_000_000n);
  });

  it('uses the rollup genesis for the genesis block and refuses a block without a deposit', () => {
    const rollup: RollupConfig = {
      ...mainnet,
      genesis: { ...mainnet.genesis, l2: { hash: new Uint8Array(32), number: 5n } },
    };
    const h = testHeader({ number: 5n });
    expect(startingPoint(rollup, h, new Uint8Array(32), undefined).safeHead.l1Origin).toEqual(mainnet.genesis.l1);
    expect(() => startingPoint(mainnet, h, new Uint8Array(32), undefined)).toThrow(
      'L2 block 5 has no transactions (no L1-info deposit)',
    );
  });
});

describe('opDeriver', () => {
  it('walks L1 from the origin to the L1 head; with no batches the safe head stays at the agreed block', () => {
    const store = new TestPreimageStore();
    const { l1, b3 } = setup(store);
    const claim = new Uint8Array(32).fill(0x77);
    store.setLocal(1, l1[5]!).setLocal(2, b3.outputRoot).setLocal(3, claim).setLocal(4, 9n).setLocal(5, 10n);
    const lines: string[] = [];
    const outcome = runProgram(serveFromStore(store), { deriver: opDeriver, log: (l) => lines.push(l) });
    // Checked at min(9, safe head 3): the recomputed agreed output, not the claim.
    expect(outcome).toEqual({ kind: 'invalid', computed: b3.outputRoot, claimed: claim });
    expect(lines.at(-1)).toBe('derived 0 blocks, safe head 3 (l1-exhausted), 0 events');
    const hints = store.hints();
    // Batcher data from every block origin..head; config updates (receipts) from the blocks after it.
    for (let n = 0; n <= 5; n++) expect(hints).toContain(`l1-transactions ${bytesToHex(l1[n]!)}`);
    for (let n = 1; n <= 5; n++) expect(hints).toContain(`l1-receipts ${bytesToHex(l1[n]!)}`);
    expect(hints).toContain(`l2-transactions ${bytesToHex(b3.hash)}`);
  });

  it('a missing L1 header ends the program with the oracle error, not a verdict', () => {
    const store = new TestPreimageStore();
    const { l1, b3 } = setup(store);
    store.values.delete(bytesToHex(keccakKey(l1[2]!)));
    store
      .setLocal(1, l1[5]!)
      .setLocal(2, b3.outputRoot)
      .setLocal(3, new Uint8Array(32))
      .setLocal(4, 9n)
      .setLocal(5, 10n);
    expect(() => runProgram(serveFromStore(store), { deriver: opDeriver })).toThrow(/channel closed/);
  });

  it('classifies oracle failures through cause chains', () => {
    const wrapped = new BlockBuildError('transaction 0: x', {
      cause: new ChannelClosedError('pre-image channel', 0, 8),
    });
    expect(isOracleFailure(wrapped)).toBe(true);
    expect(isOracleFailure(new BlockBuildError('gas limit exceeded'))).toBe(false);
  });
});
