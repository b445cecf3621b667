/**
 * Derivation of a new L2 block from L1 batcher data, entirely through the pre-image oracle. The
 * derived block must follow the spec independently of our code: parent, number, time, and a
 * transactions root holding exactly the L1-info deposit built from the L1 origin (deposits.md).
 */
import { padLeft } from '@faultline/primitives';
import { encodeTransaction, type Header, l1InfoDepositTx } from '@faultline/protocol';
import { orderedTrieRoot } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { opDeriver } from './op-deriver.js';
import { runProgram } from './program.js';
import { TEST_SENDER } from './test-chain.js';
import { derivationScenario } from './test-derivation.js';
import { serveFromStore } from './test-host.js';

describe('derivation through the oracle', () => {
  it('derives and executes L2 block 1 from a batch in L1 block 101; the claim is checked on the built block', () => {
    const { store, b0, l1, l1Headers, t0 } = derivationScenario();
    store.setLocal(3, new Uint8Array(32).fill(0x55));
    let built: { header: Header; hash: Uint8Array } | undefined;
    const outcome = runProgram(serveFromStore(store), {
      deriver: (ctx) => {
        const inner = opDeriver(ctx);
        return {
          deriveUntil: (target) => {
            const safe = inner.deriveUntil(target);
            built = ctx.l2.head();
            return safe;
          },
        };
      },
    });
    expect(built).toBeDefined();
    const header = built!.header;
    expect(header.number).toBe(1n);
    expect(header.parentHash).toEqual(b0.hash);
    expect(header.timestamp).toBe(t0 + 2n);
    // deposits.md: the block holds only the L1-info deposit of origin 100, sequence number 1
    // (the epoch started at genesis), with the genesis system config's batcher, overhead, scalar.
    const info = l1InfoDepositTx(
      {
        format: 'bedrock',
        number: 100n,
        timestamp: l1Headers[0]!.timestamp,
        baseFee: 5n,
        blockHash: l1[0]!,
        sequenceNumber: 1n,
        batcherHash: padLeft(TEST_SENDER, 32),
        l1FeeOverhead: 188n,
        l1FeeScalar: 0x0a6fe0n,
      },
      true,
    );
    expect(header.transactionsRoot).toEqual(orderedTrieRoot([encodeTransaction(info)]));
    expect(outcome.kind).toBe('invalid');
    // The same run with the claim set to what was computed is valid; a tampered one stays invalid.
    const computed = outcome.kind === 'invalid' ? outcome.computed : new Uint8Array(32);
    const again = derivationScenario();
    again.store.setLocal(3, computed);
    expect(runProgram(serveFromStore(again.store), { deriver: opDeriver })).toEqual({ kind: 'valid' });
  });
});
