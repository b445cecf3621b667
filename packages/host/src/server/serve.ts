/**
 * Serves one client session: the hint loop and the oracle loop run side by side until the
 * client closes the pre-image channel. A clean close between frames is the normal end; a close
 * inside a frame, or a pre-image the host cannot produce, ends the session with the error
 * (and closes both channels so a client blocked on a read sees end-of-file instead of hanging).
 */

import type { AsyncChannel } from '@faultline/preimage';
import { HintReader, OracleServer } from '@faultline/preimage';
import type { PreimageHost } from '../preimage-host.js';

export interface Session {
  hints: AsyncChannel;
  preimages: AsyncChannel;
}

export async function serveSession(host: PreimageHost, session: Session): Promise<void> {
  const oracle = new OracleServer(session.preimages);
  const hints = new HintReader(session.hints);
  let failed = false;
  const hintLoop = (async () => {
    // A failing hint router is acked and logged by the reader; only channel errors end the loop.
    while (!failed) {
      try {
        if (!(await hints.next(host.hint))) return;
      } catch (e) {
        if (
          (e as { name?: string }).name === 'ChannelClosedError' ||
          (e as { name?: string }).name === 'ChannelIoError'
        )
          throw e;
      }
    }
  })();
  const oracleLoop = oracle.serve(host.get);
  try {
    await Promise.all([oracleLoop, hintLoop]);
  } catch (e) {
    failed = true;
    session.preimages.close();
    session.hints.close();
    throw e;
  }
}
