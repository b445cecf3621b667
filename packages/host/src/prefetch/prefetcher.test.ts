import { keccakKey, keccakKeyOf, PreimageMismatchError } from '@faultline/preimage';
import { keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../kv/memory-kv.js';
import { PreimageHost } from '../preimage-host.js';
import { formatProgress } from '../server/progress.js';
import { type HintHandler, PrefetchError, Prefetcher } from './prefetcher.js';

const DATA = utf8ToBytes('fetched data');

function setup(handlers: Record<string, HintHandler<null>>) {
  const store = new MemoryKv();
  const prefetcher = new Prefetcher<null>({ store, sources: null, handlers, retries: 2 });
  const host = new PreimageHost({ store, fetcher: prefetcher });
  return { store, prefetcher, host };
}

describe('Prefetcher', () => {
  it('runs only the LAST hint on a miss, and the host serves what it stored', async () => {
    const ran: string[] = [];
    const { host } = setup({
      a: async (d, _s, ctx) => {
        ran.push(`a ${d[0]}`);
        ctx.store(keccakKeyOf(DATA), DATA);
      },
    });
    host.hint('a 0x01');
    host.hint('a 0x02');
    expect(await host.get(keccakKeyOf(DATA))).toEqual(DATA);
    expect(ran).toEqual(['a 2']);
    // Now stored: served without fetching again.
    expect(host.get(keccakKeyOf(DATA))).toEqual(DATA);
    expect(ran).toEqual(['a 2']);
  });

  it('refuses to store a value that does not hash to its key', async () => {
    const { host, store } = setup({
      bad: async (_d, _s, ctx) => ctx.store(keccakKey(keccak256(DATA)), utf8ToBytes('other')),
    });
    host.hint('bad 0x');
    await expect(host.get(keccakKeyOf(DATA))).rejects.toThrow(PreimageMismatchError);
    expect(store.size).toBe(0);
  });

  it('retries transient failures, then reports; a hint that does not produce the key is named', async () => {
    let calls = 0;
    const { host } = setup({
      flaky: async (_d, _s, ctx) => {
        if (++calls < 3) throw new Error('ECONNRESET');
        ctx.store(keccakKeyOf(DATA), DATA);
      },
      useless: async () => {},
    });
    host.hint('flaky 0x');
    expect(await host.get(keccakKeyOf(DATA))).toEqual(DATA);
    expect(calls).toBe(3);
    host.hint('useless 0xabcd');
    await expect(host.get(keccakKeyOf(utf8ToBytes('x')))).rejects.toThrow('hint "useless 0xabcd" did not produce it');
  });

  it('unknown hint types and a missing hint are errors', async () => {
    const { host } = setup({});
    await expect(host.get(keccakKeyOf(DATA))).rejects.toThrow('not stored and no hint was sent before it');
    host.hint('l9-nothing 0x00');
    await expect(host.get(keccakKeyOf(DATA))).rejects.toThrow('unknown hint type "l9-nothing"');
  });

  it('progress lines count served and fetched pre-images', () => {
    const line = formatProgress(
      { served: 3000, servedBytes: 2048, fetched: 2, fetchedBytes: 3 << 20, hints: 7 },
      1000,
      2,
    );
    expect(line).toBe('host: served 3000 pre-images (2.0 KiB), fetched 2 (3.0 MiB), 7 hints, 1000/s');
  });
});

describe('Prefetcher proactive hints (l2-payload-witness)', () => {
  it('fetches at hint time, so a later miss under another hint finds the value stored', async () => {
    const ran: string[] = [];
    const { host } = setup({
      'l2-payload-witness': async (_d, _s, ctx) => {
        ran.push('witness');
        ctx.store(keccakKeyOf(DATA), DATA);
      },
      'l2-state-node': async () => {
        ran.push('state-node');
        throw new Error('no debug_dbGet here');
      },
    });
    host.hint('l2-payload-witness 0x7b7d');
    host.hint(`l2-state-node ${'0x'}${'00'.repeat(32)}`);
    expect(await host.get(keccakKeyOf(DATA))).toEqual(DATA);
    expect(ran).toEqual(['witness']);
  });

  it('a failed proactive fetch is not fatal; a miss it leaves is reported with its reason', async () => {
    const { host } = setup({
      'l2-payload-witness': async () => {
        throw new Error('debug_executePayload: method not found');
      },
      'l2-state-node': async () => {
        throw new Error('debug_dbGet: method not found');
      },
    });
    host.hint('l2-payload-witness 0x7b7d');
    host.hint(`l2-state-node 0x${'00'.repeat(32)}`);
    await expect(host.get(keccakKeyOf(DATA))).rejects.toThrow(
      /debug_dbGet: method not found \(earlier l2-payload-witness: debug_executePayload: method not found\)/,
    );
  });
});

describe('Prefetcher bulk hints (l2-account-proof, l2-account-storage-proof)', () => {
  const OTHER = utf8ToBytes('node on the path');

  it('a bulk hint is kept beside the last hint: the next miss runs it first, once, and the last hint only if still missing', async () => {
    const ran: string[] = [];
    const { host } = setup({
      'l2-account-proof': async (d, _s, ctx) => {
        ran.push(`proof ${d[0]}`);
        ctx.store(keccakKeyOf(DATA), DATA);
      },
      'l2-state-node': async (d, _s, ctx) => {
        ran.push(`node ${d[0]}`);
        ctx.store(keccakKeyOf(OTHER), OTHER);
      },
    });
    host.hint('l2-state-node 0x01');
    host.hint('l2-account-proof 0x02');
    // The proof brings the key: the state-node hint before it is not run.
    expect(await host.get(keccakKeyOf(DATA))).toEqual(DATA);
    expect(ran).toEqual(['proof 2']);
    // The proof has run: the next miss runs the last plain hint, not the proof again.
    expect(await host.get(keccakKeyOf(OTHER))).toEqual(OTHER);
    expect(ran).toEqual(['proof 2', 'node 1']);
  });

  it('a bulk fetch that fails is not fatal; when the last hint fails too, both reasons are reported', async () => {
    const { host } = setup({
      'l2-account-storage-proof': async () => {
        throw new PrefetchError('eth_getProof: header not found');
      },
      'l2-state-node': async (_d, _s, ctx) => ctx.store(keccakKeyOf(OTHER), OTHER),
      'l2-code': async () => {
        throw new PrefetchError('no debug_codeByHash');
      },
    });
    host.hint('l2-state-node 0x01');
    host.hint('l2-account-storage-proof 0x02');
    expect(await host.get(keccakKeyOf(OTHER))).toEqual(OTHER);
    host.hint('l2-code 0x03');
    host.hint('l2-account-storage-proof 0x04');
    await expect(host.get(keccakKeyOf(DATA))).rejects.toThrow(
      'no debug_codeByHash (earlier l2-account-storage-proof: eth_getProof: header not found)',
    );
  });
});
