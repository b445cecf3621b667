/**
 * In-process mode: the synchronous client runs in a worker thread and is served through the
 * same framing over shared-memory rings.
 */
import { fileURLToPath } from 'node:url';
import { keccakKey } from '@faultline/preimage';
import { keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { LocalSource } from '../kv/local-source.js';
import { MemoryKv } from '../kv/memory-kv.js';
import { PreimageHost } from '../preimage-host.js';
import { runInProcess } from './in-process.js';

const ECHO = fileURLToPath(new URL('../../test-fixtures/echo-logic.ts', import.meta.url));
const THROWING = fileURLToPath(new URL('../../test-fixtures/throwing-client.ts', import.meta.url));

function host(text: string): PreimageHost {
  const value = utf8ToBytes(text);
  const claim = keccak256(value);
  const store = new MemoryKv();
  store.put(keccakKey(claim), value);
  const local = new LocalSource({
    l1Head: new Uint8Array(32).fill(1),
    l2OutputRoot: new Uint8Array(32).fill(2),
    l2Claim: claim,
    l2ClaimBlockNumber: 5n,
    l2ChainId: 10n,
  });
  return new PreimageHost({ store, local });
}

describe('runInProcess', () => {
  it('serves a client in a worker thread; its return value is the exit code', async () => {
    const h = host('valid in-process');
    expect(await runInProcess(h, { module: ECHO })).toEqual({
      exitCode: 0,
      reason: 'client exited with 0: claim valid',
    });
    expect(h.stats.served).toBe(6);
    expect(await runInProcess(host('nope'), { module: ECHO })).toEqual({
      exitCode: 1,
      reason: 'client exited with 1: claim invalid',
    });
  });

  it('a missing pre-image fails the session; the client sees a closed channel', async () => {
    const outcome = await runInProcess(host('valid'), { module: THROWING, exportName: 'missing' });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(
      /^client exited with 2: client failed \(pre-image channel: channel closed by the other end\); serving failed: pre-image 0x02eeee.* not available: not in the datadir and the host is offline$/,
    );
  });

  it('a client function that returns 0 without reading its boot values is no verdict: exit 2', async () => {
    const outcome = await runInProcess(host('valid'), { module: THROWING, exportName: 'idle' });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toBe(
      'client exited with 0 (claim valid) but never read its boot values (local keys 1-4), so it did not check the claim: no verdict',
    );
  });

  it('a bad client reference is reported', async () => {
    const outcome = await runInProcess(host('valid'), { module: ECHO, exportName: 'nope' });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toContain('has no function export "nope"');
  });
});
