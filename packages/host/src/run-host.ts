/**
 * Wires a `HostConfig` into a running host: open the store, the local-key source and (when
 * RPCs are given) the prefetcher, start progress reporting, run the chosen mode and close
 * everything. Every failure becomes a `HostOutcome` with a one-line reason; nothing throws out.
 */
import type { HostConfig } from './config/host-config.js';
import type { KvStore } from './kv/kv-store.js';
import { LocalSource } from './kv/local-source.js';
import { openKv } from './kv/open-kv.js';
import { type HintedFetcher, PreimageHost } from './preimage-host.js';
import { runExec } from './server/exec.js';
import { HOST_FAILURE, type HostOutcome } from './server/exit-codes.js';
import { type InProcessClientRef, runInProcess } from './server/in-process.js';
import { startProgress } from './server/progress.js';
import { runServer } from './server/server-mode.js';

export interface HostIo {
  stderr: (line: string) => void;
}

/** Builds the online fetcher; supplied by the prefetch module (kept injectable for tests). */
export type FetcherFactory = (config: HostConfig, store: KvStore, host: () => PreimageHost) => HintedFetcher;

/** One line for the user: the message without the JS class name. */
function reasonOf(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string };
  return (err.shortMessage ?? err.message ?? String(e)).split('\n')[0]!;
}

export async function runHost(
  config: HostConfig,
  io: HostIo,
  makeFetcher?: FetcherFactory,
  inProcessClient?: InProcessClientRef,
): Promise<HostOutcome> {
  let store: KvStore;
  try {
    store = openKv(config.datadir, config.dataFormat);
  } catch (e) {
    return { exitCode: HOST_FAILURE, reason: `cannot open the pre-image store: ${reasonOf(e)}` };
  }
  let host: PreimageHost | undefined;
  try {
    const online = config.l1Rpc !== undefined && config.l2Rpc !== undefined;
    const fetcher = online && makeFetcher ? makeFetcher(config, store, () => host!) : undefined;
    host = new PreimageHost({
      store,
      local: new LocalSource(config.boot),
      ...(fetcher ? { fetcher } : {}),
      ...(config.boot.program ? { program: config.boot.program } : {}),
    });
    const stop = startProgress(host.stats, io.stderr, config.progressSeconds * 1000);
    try {
      switch (config.mode.kind) {
        case 'exec':
          return await runExec(host, config.mode.argv);
        case 'server':
          return await runServer(host);
        case 'in-process':
          if (inProcessClient) return await runInProcess(host, inProcessClient);
          return {
            exitCode: HOST_FAILURE,
            reason:
              'in-process mode needs a client module (--client.module <path[#export]>); or use --exec <cmd> / --server',
          };
      }
    } finally {
      stop();
    }
  } catch (e) {
    return { exitCode: HOST_FAILURE, reason: reasonOf(e) };
  } finally {
    store.close();
  }
}
