import { builtinChain } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import {
  channelTimeout,
  deriveConfigFromRollup,
  isForkActivationBlock,
  isForkActive,
  maxRlpBytesPerChannel,
  maxSequencerDrift,
} from './config.js';
import { testConfig } from './test-helpers.js';

describe('fork-dependent derivation constants', () => {
  it('a later fork implies the earlier ones even when they are not listed', () => {
    const c = testConfig({ forks: { holocene: 100n } });
    expect(isForkActive(c, 'granite', 100n)).toBe(true);
    expect(isForkActive(c, 'canyon', 99n)).toBe(false);
    expect(isForkActive(c, 'isthmus', 1000n)).toBe(false);
  });

  it('Fjord raises the RLP limit and fixes the drift; Granite shortens the channel timeout', () => {
    const c = testConfig({
      channelTimeout: 300n,
      maxSequencerDrift: 600n,
      forks: { fjord: 10n, granite: 20n },
    });
    expect([maxRlpBytesPerChannel(c, 9n), maxRlpBytesPerChannel(c, 10n)]).toEqual([10_000_000, 100_000_000]);
    expect([maxSequencerDrift(c, 9n), maxSequencerDrift(c, 10n)]).toEqual([600n, 1800n]);
    expect([channelTimeout(c, 19n), channelTimeout(c, 20n)]).toEqual([300n, 50n]);
  });

  it('the activation block is the first block at or after the fork time', () => {
    const c = testConfig({ forks: { jovian: 101n } });
    expect([100n, 102n, 104n].map((t) => isForkActivationBlock(c, 'jovian', t))).toEqual([false, true, false]);
  });
});

describe('deriveConfigFromRollup', () => {
  it('maps the OP Mainnet rollup config', () => {
    const chain = builtinChain(10n);
    expect(chain).toBeDefined();
    const c = deriveConfigFromRollup(chain!.rollup);
    expect(c.blockTime).toBe(2n);
    expect(c.l2ChainId).toBe(10n);
    expect(c.seqWindowSize).toBe(3600n);
    expect(Buffer.from(c.batchInboxAddress).toString('hex')).toBe('ff00000000000000000000000000000000000010');
    expect(c.forks.holocene).toBe(chain!.rollup.hardforks.holocene);
    expect(isForkActive(c, 'delta', c.forks.holocene!)).toBe(true);
  });
});
