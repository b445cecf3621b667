import type { Header } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { diffHeaders } from './header-diff.js';

const base: Header = {
  parentHash: new Uint8Array(32),
  ommersHash: new Uint8Array(32),
  beneficiary: new Uint8Array(20),
  stateRoot: new Uint8Array(32),
  transactionsRoot: new Uint8Array(32),
  receiptsRoot: new Uint8Array(32),
  logsBloom: new Uint8Array(256),
  difficulty: 0n,
  number: 1n,
  gasLimit: 30_000_000n,
  gasUsed: 21_000n,
  timestamp: 2n,
  extraData: new Uint8Array(0),
  mixHash: new Uint8Array(32),
  nonce: new Uint8Array(8),
  baseFeePerGas: 7n,
};

describe('diffHeaders', () => {
  it('is empty for equal headers', () => {
    expect(diffHeaders(base, { ...base, stateRoot: new Uint8Array(32) })).toEqual([]);
  });
  it('names each differing field in header order, including an absent optional field', () => {
    const other: Header = { ...base, gasUsed: 42_000n, stateRoot: new Uint8Array(32).fill(1) };
    other.withdrawalsRoot = new Uint8Array(32);
    const diff = diffHeaders(base, other);
    expect(diff.map((d) => d.field)).toEqual(['stateRoot', 'gasUsed', 'withdrawalsRoot']);
    expect(diff[1]).toEqual({ field: 'gasUsed', built: '21000', expected: '42000' });
    expect(diff[2]!.built).toBe('(absent)');
  });
});
