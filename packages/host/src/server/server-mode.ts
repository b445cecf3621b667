/**
 * `--server` mode (op-program `host.go` ServerMode): serve on the host's own fds — hints are
 * read from 3 and acked on 4, keys read from 5 and values written to 6 — for a VM (Cannon's
 * `run -- <host> --server`) that plays the client. The session ends when the VM closes the
 * pre-image channel.
 */
import type { PreimageHost } from '../preimage-host.js';
import { HOST_FAILURE, type HostOutcome } from './exit-codes.js';
import { serveSession } from './serve.js';
import { fdStreamChannel } from './stream-channel.js';

export const SERVER_FDS = { hintRead: 3, hintWrite: 4, preimageRead: 5, preimageWrite: 6 } as const;

export async function runServer(host: PreimageHost): Promise<HostOutcome> {
  let hints: ReturnType<typeof fdStreamChannel>;
  let preimages: ReturnType<typeof fdStreamChannel>;
  try {
    hints = fdStreamChannel('hint channel', SERVER_FDS.hintRead, SERVER_FDS.hintWrite);
    preimages = fdStreamChannel('pre-image channel', SERVER_FDS.preimageRead, SERVER_FDS.preimageWrite);
  } catch (e) {
    return { exitCode: HOST_FAILURE, reason: `--server needs fds 3-6 open: ${(e as Error).message}` };
  }
  try {
    await serveSession(host, { hints, preimages });
  } catch (e) {
    const what = (e as { shortMessage?: string }).shortMessage ?? (e as Error).message;
    return { exitCode: HOST_FAILURE, reason: `serving failed: ${what}` };
  }
  hints.close();
  preimages.close();
  return { exitCode: 0, reason: 'client closed the pre-image channel; served all requests' };
}
