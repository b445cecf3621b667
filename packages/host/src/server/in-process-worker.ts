/**
 * The worker side of in-process mode: load the client function, give it blocking channels
 * over the shared rings, and exit with its code. Errors become exit code 2 plus a message
 * to the host, never an unhandled crash.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedSyncChannel, type SyncChannel } from '@faultline/preimage';

export type InProcessClient = (io: { hints: SyncChannel; preimages: SyncChannel }) => number;

interface Data {
  module: string;
  exportName: string;
  rings: Record<'hintsUp' | 'hintsDown' | 'preimagesUp' | 'preimagesDown', SharedArrayBuffer>;
}

const CLIENT_FAILURE = 2;

if (parentPort) {
  const { module, exportName, rings } = workerData as Data;
  const hints = new SharedSyncChannel('hint channel', rings.hintsDown, rings.hintsUp);
  const preimages = new SharedSyncChannel('pre-image channel', rings.preimagesDown, rings.preimagesUp);
  let code = CLIENT_FAILURE;
  try {
    const mod = (await import(module)) as Record<string, unknown>;
    const fn = mod[exportName];
    if (typeof fn !== 'function') throw new Error(`${module} has no function export "${exportName}"`);
    code = (fn as InProcessClient)({ hints, preimages });
  } catch (e) {
    const err = e as { shortMessage?: string; message?: string };
    parentPort.postMessage({ error: (err.shortMessage ?? err.message ?? String(e)).split('\n')[0] });
  } finally {
    hints.close();
    preimages.close();
  }
  parentPort.postMessage({ code });
  process.exit(code);
}
