/**
 * `--server` mode (op-program `host.go` ServerMode): serve on the host's own fds — hints are
 * read from 3 and acked on 4, keys read from 5 and values written to 6 — for a VM (Cannon's
 * `run -- <host> --server`) that plays the client. The session ends when the VM closes the
 * pre-image channel. Inherited fds that are blocking (Go's os/exec hands them over blocking, and
 * so do Node's child ends) are served by the synchronous loop (`serveBlocking`); non-blocking
 * ones from the event loop.
 */
import type { PreimageHost } from '../preimage-host.js';
import { isBlockingFd, serveBlocking } from './blocking-session.js';
import { HOST_FAILURE, type HostOutcome } from './exit-codes.js';
import { serveSession } from './serve.js';
import { fdStreamChannel } from './stream-channel.js';

export const SERVER_FDS = { hintRead: 3, hintWrite: 4, preimageRead: 5, preimageWrite: 6 } as const;

/**
 * A clean end of serving. It is not a verdict: under `cannon run` the VM's exit status is, and
 * the host cannot see it. The line still says when the program never read its boot values.
 */
function done(host: PreimageHost): HostOutcome {
  const unbacked = host.unbackedVerdict();
  const note = unbacked === undefined ? '' : `; note: the program ${unbacked}`;
  return {
    exitCode: 0,
    reason: `client closed the pre-image channel; served all ${host.stats.served} requests${note}; the VM's exit status is the verdict`,
  };
}

function failed(e: unknown): HostOutcome {
  const what = (e as { shortMessage?: string }).shortMessage ?? (e as Error).message;
  return { exitCode: HOST_FAILURE, reason: `serving failed: ${what}` };
}

export async function runServer(host: PreimageHost): Promise<HostOutcome> {
  const fds = Object.values(SERVER_FDS);
  if (fds.every(isBlockingFd)) {
    try {
      await serveBlocking(host, {
        hintRead: SERVER_FDS.hintRead,
        hintWrite: SERVER_FDS.hintWrite,
        keyRead: SERVER_FDS.preimageRead,
        valueWrite: SERVER_FDS.preimageWrite,
      });
    } catch (e) {
      return failed(e);
    }
    return done(host);
  }
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
    return failed(e);
  }
  hints.close();
  preimages.close();
  return done(host);
}
