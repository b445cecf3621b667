/** Builders shared by this package's tests (not exported from index.ts). */
import type { DeriveConfig } from './config.js';
import type { Frame } from './frame.js';
import type { L1BlockRef } from './types.js';

export function l1(number: number, timestamp = number * 12, hashByte = number & 0xff): L1BlockRef {
  return { number: BigInt(number), timestamp: BigInt(timestamp), hash: new Uint8Array(32).fill(hashByte) };
}

export function chanId(n: number): Uint8Array {
  return new Uint8Array(16).fill(n);
}

export function frame(id: number, number: number, data: string | Uint8Array, isLast = false): Frame {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return { channelId: chanId(id), number, data: bytes, isLast };
}

export function testConfig(overrides: Partial<DeriveConfig> = {}): DeriveConfig {
  return {
    blockTime: 2n,
    l2GenesisTime: 0n,
    l2ChainId: 10n,
    seqWindowSize: 3600n,
    channelTimeout: 300n,
    maxSequencerDrift: 600n,
    batchInboxAddress: new Uint8Array(20).fill(0xff),
    forks: {},
    ...overrides,
  };
}
