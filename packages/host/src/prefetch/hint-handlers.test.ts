/**
 * The two programs' hint tables: shared names, and the names whose bytes differ — kona's
 * `l1-precompile` carries the required gas (op-program's is address ‖ input), kona's
 * `starting-l2-output` is op-program's `l2-output`. The precompile is run locally, so no node is
 * needed; the L2 state hints are tested against anvil (`prefetcher.anvil.test.ts`).
 */
import { formatHint, HINT_TYPES, keccakKeyOf, precompileKey } from '@faultline/preimage';
import { concatBytes, hexToBytes, keccak256, sha256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../kv/memory-kv.js';
import { HINT_HANDLERS, hintHandlers, KONA_HINT_HANDLERS, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';

const SHA256 = hexToBytes('0x0000000000000000000000000000000000000002');
const INPUT = utf8ToBytes('abc');
const GAS = 72n;
const RESULT = concatBytes(Uint8Array.of(1), sha256(INPUT));
const NO_SOURCES = {} as Sources;

async function precompile(handlers: typeof HINT_HANDLERS, data: Uint8Array, key: Uint8Array) {
  const store = new MemoryKv();
  const p = new Prefetcher<Sources>({ store, sources: NO_SOURCES, handlers, retries: 0 });
  p.hint(formatHint(HINT_TYPES.l1Precompile, data));
  await p.fetchFor(key);
  return store;
}

describe('hint tables per program', () => {
  it('--program picks the table; both understand every name either program sends', () => {
    expect(hintHandlers()).toBe(HINT_HANDLERS);
    expect(hintHandlers('op-program')).toBe(HINT_HANDLERS);
    expect(hintHandlers('kona')).toBe(KONA_HINT_HANDLERS);
    for (const name of Object.values(HINT_TYPES)) {
      expect(HINT_HANDLERS[name], name).toBeTypeOf('function');
      expect(KONA_HINT_HANDLERS[name], name).toBeTypeOf('function');
    }
  });

  it('kona `l1-precompile`: address ‖ u64 gas ‖ input, result under the key with gas', async () => {
    const call = concatBytes(SHA256, u64ToBytes(GAS), INPUT);
    const key = precompileKey(SHA256, Number(GAS), INPUT);
    const store = await precompile(KONA_HINT_HANDLERS, call, key);
    expect(store.get(key)).toEqual(RESULT);
    expect(store.get(keccakKeyOf(call))).toEqual(call);
  });

  it('op-program `l1-precompile`: address ‖ input (no gas), result under keccak(address ‖ input) typed 6', async () => {
    const call = concatBytes(SHA256, INPUT);
    const key = keccak256(call);
    key[0] = 6;
    const store = await precompile(HINT_HANDLERS, call, key);
    expect(store.get(key)).toEqual(RESULT);
  });
});
