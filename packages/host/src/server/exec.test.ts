/**
 * Real child processes on real fds 3–6: the echo client (test-fixtures/echo-client.ts, bundled
 * once by esbuild: test-fixtures/bundled-fixture.ts) against the host in --exec mode over both transports (blocking FIFOs served by the sync
 * loop, socketpairs served from the event loop), and the client against a test process playing
 * a host that answers in 1-byte pieces or dies.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { encodePreimageResponse, keccakKey } from '@faultline/preimage';
import { bytesToHex, keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { bundledFixture } from '../../test-fixtures/bundled-fixture.js';
import { type BootInfo, LocalSource } from '../kv/local-source.js';
import { MemoryKv } from '../kv/memory-kv.js';
import { PreimageHost } from '../preimage-host.js';
import { type ExecOptions, type ExecTransport, runExec } from './exec.js';
import { StreamChannel } from './stream-channel.js';

export const ECHO_CLIENT = fileURLToPath(new URL('../../test-fixtures/echo-client.ts', import.meta.url));
const CLIENT_ARGV = [process.execPath, bundledFixture(ECHO_CLIENT)];

function bootFor(preimage: Uint8Array): BootInfo {
  return {
    l1Head: new Uint8Array(32).fill(0x11),
    l2OutputRoot: new Uint8Array(32).fill(0x22),
    l2Claim: keccak256(preimage),
    l2ClaimBlockNumber: 100n,
    l2ChainId: 10n,
  };
}

function hostWith(preimage: Uint8Array, stored = true): PreimageHost {
  const store = new MemoryKv();
  const boot = bootFor(preimage);
  if (stored) store.put(keccakKey(boot.l2Claim), preimage);
  return new PreimageHost({ store, local: new LocalSource(boot) });
}

describe.each(['fifos', 'sockets'] as const)('--exec mode with a real child on fds 3-6 over %s', (transport) => {
  let used: ExecTransport | undefined;
  const QUIET: ExecOptions = { stdio: 'ignore', transport, onTransport: (t) => (used = t) };

  it('serves boot keys and a keccak pre-image; exit 0 passes through as "claim valid"', async () => {
    const host = hostWith(utf8ToBytes('valid: the claim holds'));
    const outcome = await runExec(host, CLIENT_ARGV, QUIET);
    expect(outcome).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    expect(host.stats.served).toBe(6);
    expect(host.stats.hints).toBe(1);
    expect(used).toBe(transport);
  });

  it('a miss is fetched with the hint sent before it (the prefetcher runs on the event loop)', async () => {
    const preimage = utf8ToBytes('valid: fetched on demand');
    const store = new MemoryKv();
    const boot = bootFor(preimage);
    const seen: string[] = [];
    const fetcher = {
      lastHint: undefined as string | undefined,
      hint(text: string) {
        this.lastHint = text;
        seen.push(text);
      },
      async fetchFor(key: Uint8Array) {
        await new Promise((r) => setTimeout(r, 10));
        store.put(key, preimage);
      },
    };
    const host = new PreimageHost({ store, local: new LocalSource(boot), fetcher });
    const outcome = await runExec(host, CLIENT_ARGV, QUIET);
    expect(outcome).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    expect(seen).toEqual([`l1-block-header ${bytesToHex(boot.l2Claim)}`]);
  });

  it('serves a value larger than any buffer on the way (3 MiB) intact: the client verifies its hash', async () => {
    const big = utf8ToBytes(`valid ${'x'.repeat(3 << 20)}`);
    const host = hostWith(big);
    expect(await runExec(host, CLIENT_ARGV, QUIET)).toEqual({
      exitCode: 0,
      reason: 'client exited with 0: claim valid',
    });
    expect(host.stats.servedBytes).toBeGreaterThan(3 << 20);
  });

  it('exit 1 passes through as "claim invalid"', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('tampered')), CLIENT_ARGV, QUIET);
    expect(outcome).toEqual({ exitCode: 1, reason: 'client exited with 1: claim invalid' });
  });

  it('a missing pre-image in an offline host ends the session; the client exits 2', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid'), false), CLIENT_ARGV, QUIET);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(
      /^client exited with 2: client failed; serving failed: pre-image 0x02.* not available: not in the datadir and the host is offline$/,
    );
  });

  it('a client that dies mid-request: the host reports it and exits cleanly', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid')), [...CLIENT_ARGV, 'die-mid-request'], QUIET);
    expect(outcome).toEqual({
      exitCode: 2,
      reason:
        'client was killed by SIGKILL; serving failed: pre-image channel: channel closed mid-frame (got 10 of 32 bytes)',
    });
  });

  it('a client that dies inside a hint frame: the hint channel reports it', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid')), [...CLIENT_ARGV, 'die-mid-hint'], QUIET);
    expect(outcome).toEqual({
      exitCode: 2,
      reason: 'client was killed by SIGKILL; serving failed: hint channel: channel closed mid-frame (got 2 of 4 bytes)',
    });
  });

  it('a client that exits 0 without reading its boot values is no verdict: exit 2 (`--exec true`)', async () => {
    const host = hostWith(utf8ToBytes('valid'));
    const outcome = await runExec(host, ['true'], QUIET);
    expect(outcome).toEqual({
      exitCode: 2,
      reason:
        'client exited with 0 (claim valid) but never read its boot values (local keys 1-4), so it did not check the claim: no verdict',
    });
    expect(host.stats.served).toBe(0);
  });

  it('a client that exits 1 without running (`node /nonexistent.js`) is no verdict: exit 2', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid')), [process.execPath, '/nonexistent.js'], QUIET);
    expect(outcome).toEqual({
      exitCode: 2,
      reason:
        'client exited with 1 (claim invalid) but never read its boot values (local keys 1-4), so it did not check the claim: no verdict',
    });
  });

  it('a client that read only some boot values and exits 0 is no verdict: exit 2', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid')), [...CLIENT_ARGV, 'partial-boot'], QUIET);
    expect(outcome).toEqual({
      exitCode: 2,
      reason:
        'client exited with 0 (claim valid) but read only some of its boot values (local keys 3, 4 not read), so it did not check the claim: no verdict',
    });
  });

  it('a client that cannot be started is a one-line host failure', async () => {
    const outcome = await runExec(hostWith(utf8ToBytes('valid')), ['/nonexistent/client'], { transport });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(/^cannot start client "\/nonexistent\/client": spawn \/nonexistent\/client ENOENT$/);
  });
});

/** Spawns the echo client with the test process as its host. */
function spawnClient() {
  const child = spawn(CLIENT_ARGV[0]!, CLIENT_ARGV.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  const io = child.stdio as unknown as (Readable & Writable)[];
  let stdout = '';
  let stderr = '';
  io[1]!.on('data', (d) => (stdout += d));
  io[2]!.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    hints: new StreamChannel('hint channel', io[4]!, io[3]!),
    preimages: new StreamChannel('pre-image channel', io[6]!, io[5]!),
    rawPreimageOut: io[5]!,
    exit,
    out: () => ({ stdout, stderr }),
  };
}

describe('the client over real fds', () => {
  it('reassembles responses that arrive one byte at a time (short reads)', async () => {
    const preimage = utf8ToBytes('valid, delivered in pieces');
    const host = hostWith(preimage);
    const c = spawnClient();
    const hintLoop = (async () => {
      for (;;) {
        const len = await c.hints.read(4);
        if (len === null) return;
        await c.hints.read(new DataView(len.buffer, len.byteOffset).getUint32(0));
        c.hints.write(Uint8Array.of(0));
      }
    })();
    for (;;) {
      const key = await c.preimages.read(32);
      if (key === null) break;
      const frame = encodePreimageResponse(await host.get(key));
      for (const byte of frame) {
        c.rawPreimageOut.write(Uint8Array.of(byte));
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    await hintLoop;
    expect(await c.exit).toBe(0);
    expect(JSON.parse(c.out().stdout).preimage).toBe('valid, delivered in pieces');
  });

  it('a host that dies: the client exits 2 with a clear message', async () => {
    const c = spawnClient();
    const key = await c.preimages.read(32);
    expect(key?.[0]).toBe(1);
    for (const fd of [3, 4, 5, 6]) (c.child.stdio[fd] as Readable).destroy();
    expect(await c.exit).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.out().stderr).toMatch(
      /echo-client: ChannelClosedError: pre-image channel: channel closed by the other end/,
    );
  });
});
