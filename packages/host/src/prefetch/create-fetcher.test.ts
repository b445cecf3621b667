/**
 * `--program` reaches the hint table: the same `l1-precompile` hint means address ‖ input for
 * op-program and address ‖ u64 gas ‖ input for kona. Both key the result by keccak of the hint
 * bytes, so the key is the same and only the stored result differs.
 */
import { formatHint, precompileKey } from '@faultline/preimage';
import { concatBytes, hexToBytes, sha256, u64ToBytes, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { parseHostConfig } from '../config/host-config.js';
import { MemoryKv } from '../kv/memory-kv.js';
import type { PreimageHost } from '../preimage-host.js';
import { createFetcher } from './create-fetcher.js';

const H = (b: string) => `0x${b.repeat(32)}`;
const SHA256 = hexToBytes('0x0000000000000000000000000000000000000002');
const CALL = concatBytes(SHA256, u64ToBytes(72n), utf8ToBytes('abc'));

function fetcherFor(program: string) {
  const flags: Record<string, string> = {
    'l1.head': H('11'),
    'l2.head': H('22'),
    'l2.outputroot': H('33'),
    'l2.claim': H('44'),
    'l2.blocknumber': '12',
    network: 'op-mainnet',
    l1: 'http://127.0.0.1:1',
    l2: 'http://127.0.0.1:1',
    program,
  };
  const store = new MemoryKv();
  const fetcher = createFetcher(
    parseHostConfig((n) => flags[n]),
    store,
    () => ({ noteFetched() {} }) as unknown as PreimageHost,
  );
  return { store, fetcher };
}

describe('createFetcher', () => {
  it('--program kona: l1-precompile carries the gas; op-program: it does not', async () => {
    const withGas = precompileKey(SHA256, 72, utf8ToBytes('abc'));
    const kona = fetcherFor('kona');
    kona.fetcher.hint(formatHint('l1-precompile', CALL));
    await kona.fetcher.fetchFor(withGas);
    expect(kona.store.get(withGas)).toEqual(concatBytes(Uint8Array.of(1), sha256(utf8ToBytes('abc'))));

    const op = fetcherFor('op-program');
    op.fetcher.hint(formatHint('l1-precompile', CALL));
    await op.fetcher.fetchFor(withGas);
    // op-program's layout: sha256 ran over "gas ‖ abc".
    expect(op.store.get(withGas)).toEqual(concatBytes(Uint8Array.of(1), sha256(CALL.subarray(20))));
  });
});
