/**
 * A real OP Mainnet channel end to end: the kona fixture's batcher transaction carries one
 * closing frame, so its channel is complete. Every stage must accept it cleanly, and what comes
 * out must be consistent with OP Mainnet's rollup config (2-second grid from the L2 genesis,
 * L1 origins moving by at most one per block, transactions that an independent decoder
 * re-encodes byte for byte).
 */
import { readFileSync } from 'node:fs';
import { equalBytes } from '@faultline/primitives';
import { builtinChain, decodeTransaction, encodeTransaction } from '@faultline/protocol';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { readChannel } from './channel-reader.js';
import { deriveConfigFromRollup } from './config.js';
import { parseFrames } from './frame.js';
import { l1TransactionInfo, selectBatcherData } from './l1-retrieval.js';
import { deriveSpanBatch } from './span-batch.js';

const path = fixturePath('kona-derive-batch-data', 'raw_batcher_tx.bin');

describe.runIf(path)('OP Mainnet batcher transaction → channel → span batch', () => {
  it('derives a consistent run of OP Mainnet blocks', () => {
    const rollup = builtinChain(10n)!.rollup;
    const config = deriveConfigFromRollup(rollup);
    const info = l1TransactionInfo(new Uint8Array(readFileSync(path!)));
    const [data] = selectBatcherData([info], {
      batchInboxAddress: rollup.batchInboxAddress,
      batcherAddress: rollup.genesis.systemConfig.batcherAddress,
      ecotone: false,
    });
    const frames = parseFrames(data!.kind === 'calldata' ? data!.data : new Uint8Array(0));
    expect(frames.length).toBe(1);
    expect(frames[0]!.number).toBe(0);
    expect(frames[0]!.isLast).toBe(true);

    const { reader, decompressed } = readChannel(config, frames[0]!.data, config.forks.delta!);
    expect(decompressed.error).toBeUndefined();
    const first = reader.next();
    expect(first.kind === 'batch' && first.batch.type).toBe(1);
    expect(reader.next()).toEqual({ kind: 'eof' });
    expect(reader.offset).toBe(decompressed.data.length);
    if (first.kind !== 'batch' || first.batch.type !== 1) return;

    const span = deriveSpanBatch(first.batch.batch, config);
    expect(span.elements.length).toBeGreaterThan(1);
    span.elements.forEach((el, i) => {
      expect((el.timestamp - rollup.genesis.l2Time) % rollup.blockTime).toBe(0n);
      expect(el.timestamp).toBeGreaterThan(config.forks.delta!);
      if (i > 0) {
        const prev = span.elements[i - 1]!;
        expect(el.timestamp - prev.timestamp).toBe(rollup.blockTime);
        expect(el.epochNum - prev.epochNum).toBeLessThanOrEqual(1n);
        expect(el.epochNum).toBeGreaterThanOrEqual(prev.epochNum);
      }
    });
    for (const raw of span.elements.flatMap((e) => e.transactions)) {
      expect(equalBytes(encodeTransaction(decodeTransaction(raw)), raw)).toBe(true);
    }
  });
});
