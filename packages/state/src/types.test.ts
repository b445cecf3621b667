/**
 * `state` mirrors the EVM's boundary types structurally instead of importing them; this checks
 * (at type-check time, and by exercising the objects) that they stay interchangeable.
 */
import type { StateDiff as EvmStateDiff, StateCommitter, StateReader } from '@faultline/evm';
import { KECCAK256_EMPTY } from '@faultline/primitives';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MemoryState } from './memory-state.js';
import { TrieState } from './trie-state.js';
import type { StateDiff } from './types.js';

describe('structural compatibility with @faultline/evm', () => {
  it('TrieState and MemoryState are StateReaders and StateCommitters', () => {
    expectTypeOf<TrieState>().toExtend<StateReader>();
    expectTypeOf<TrieState>().toExtend<StateCommitter>();
    expectTypeOf<MemoryState>().toExtend<StateReader>();
    expectTypeOf<MemoryState>().toExtend<StateCommitter>();
    expectTypeOf<EvmStateDiff>().toExtend<StateDiff>();
    const reader: StateReader = new TrieState();
    const diff: EvmStateDiff = new Map([
      [
        '0x00000000000000000000000000000000000000aa',
        { deleted: false, storageWiped: false, nonce: 1n, balance: 2n, codeHash: KECCAK256_EMPTY, storage: new Map() },
      ],
    ]);
    (reader as TrieState).commit(diff);
    expect(reader.getAccount('0x00000000000000000000000000000000000000aa')?.nonce).toBe(1n);
  });
});
