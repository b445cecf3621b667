/**
 * In-process mode (op-program's default): the synchronous client runs in a worker thread of
 * this process and talks to the host through the same framing, over shared-memory channels
 * instead of pipes. The client is named by module and export — a function cannot cross a
 * thread boundary — and has the signature of `InProcessClient`; its return value is the
 * client exit code (0 valid, 1 invalid, 2 failure), a throw counts as 2.
 */
import { Worker } from 'node:worker_threads';
import { createRing, Ring } from '@faultline/preimage';
import type { PreimageHost } from '../preimage-host.js';
import { explainClientExit, HOST_FAILURE, type HostOutcome } from './exit-codes.js';
import { serveSession } from './serve.js';
import { SharedAsyncChannel } from './shared-async-channel.js';

export type { InProcessClient } from './in-process-worker.js';

const CLIENT_FAILURE = 2;

export interface InProcessClientRef {
  /** Module path or URL exporting the client function. */
  module: string | URL;
  /** Export name (default `default`). */
  exportName?: string;
}

export async function runInProcess(host: PreimageHost, client: InProcessClientRef): Promise<HostOutcome> {
  const rings = {
    hintsUp: createRing(),
    hintsDown: createRing(),
    preimagesUp: createRing(),
    preimagesDown: createRing(),
  };
  const worker = new Worker(new URL('./in-process-worker-entry.mjs', import.meta.url), {
    workerData: { module: String(client.module), exportName: client.exportName ?? 'default', rings },
  });
  const hints = new SharedAsyncChannel('hint channel', rings.hintsUp, rings.hintsDown);
  const preimages = new SharedAsyncChannel('pre-image channel', rings.preimagesUp, rings.preimagesDown);
  let clientError: string | undefined;
  let returned: number | undefined;
  const exited = new Promise<number>((resolve) => {
    worker.on('message', (m: { error?: string; code?: number }) => {
      if (m.error) clientError = m.error;
      if (m.code !== undefined) returned = m.code;
    });
    worker.on('error', (e) => {
      clientError = e.message;
    });
    worker.on('exit', (code) => {
      // Wake the serving loops: the client side of every ring is now closed.
      for (const r of [rings.hintsUp, rings.preimagesUp]) new Ring(r).close();
      // Only a code the client returned counts; a worker that died otherwise is a failure.
      resolve(returned ?? (code === 0 || code === 1 ? CLIENT_FAILURE : code));
    });
  });
  const session = serveSession(host, { hints, preimages }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  const code = await exited;
  const failure = await session;
  const outcome = explainClientExit(code, null, host.unbackedVerdict());
  const reason = clientError ? `${outcome.reason} (${clientError})` : outcome.reason;
  if (failure === undefined) return { ...outcome, reason };
  const what = (failure as { shortMessage?: string }).shortMessage ?? failure.message;
  return { exitCode: HOST_FAILURE, reason: `${reason}; serving failed: ${what}` };
}
