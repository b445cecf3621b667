/**
 * The verifier moves the safe head only to what derivation from L1 reproduces: no batch, no safe
 * block; a batch on L1 makes every block it carries safe; a sequenced block that is not what the
 * batch derives to is a VerifierError, never a safe block.
 */
import { encodeBatcherData } from '@faultline/derive';
import { hexToBytes } from '@faultline/primitives';
import { headerHash } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { fixture, l1Header } from '../../test-fixtures/chain.js';
import { encodeChannel, framesOf } from '../batcher.js';
import { L1View, Verifier } from './verifier.js';

function setup() {
  const f = fixture();
  const view = new L1View();
  for (const b of f.l1) view.add({ ...b, transactions: [] });
  const rollup = f.chain.rollup;
  const channel = encodeChannel(f.chain.blocks.slice(1), f.chain.blocks[0]!, 'span', 'zlib', f.node);
  const batchTx = {
    type: 2,
    to: rollup.batchInboxAddress,
    from: rollup.genesis.systemConfig.batcherAddress,
    input: encodeBatcherData(framesOf(new Uint8Array(16).fill(1), channel)),
  };
  const last = f.l1.at(-1)!;
  const header = l1Header(last.header.number + 1n, last.hash, []);
  const batchBlock = { hash: headerHash(header), header, receipts: [], transactions: [batchTx] };
  return { ...f, view, batchBlock };
}

describe('Verifier', () => {
  it('no batch on L1: nothing is safe; the batch mined: every block it carries is', () => {
    const { chain, view, batchBlock } = setup();
    const verifier = new Verifier(chain, view);
    expect(verifier.verify(0n)).toBe(0n);
    view.add(batchBlock);
    expect(verifier.verify(0n)).toBe(chain.head.header.number);
  });

  it('a sequenced block the batch does not derive to is an error, not a safe block', () => {
    const { chain, view, batchBlock } = setup();
    view.add(batchBlock);
    // The node's record of block 2 claims other attributes than it was built from.
    const b = chain.blocks[2]!;
    b.attributes = { ...b.attributes!, prevRandao: hexToBytes(`0x${'11'.repeat(32)}`) };
    expect(() => new Verifier(chain, view).verify(0n)).toThrow(
      'verifier: L2 block 2 derived from L1 differs from the one the sequencer built',
    );
  });
});
