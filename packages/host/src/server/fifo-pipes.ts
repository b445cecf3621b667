/**
 * Blocking pipes for `--exec` mode. Node's `spawn` gives the parent non-blocking socketpair
 * ends owned by libuv, which can only be served from the event loop (one wake-up per request);
 * Node has no pipe(2), so the host makes named pipes (`mkfifo`) and opens both ends itself,
 * blocking. The child gets its ends as fds 3–6 (op-program `client/env.go`); the names are
 * unlinked as soon as everything is open, so nothing is left behind.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlockingFds } from './blocking-session.js';

export interface FifoSession {
  /** The host's ends, for `serveBlocking`. */
  host: BlockingFds;
  /** The child's fds 3, 4, 5, 6: hint read, hint write, pre-image read, pre-image write. */
  child: [number, number, number, number];
}

/**
 * Both ends of one FIFO, each blocking. Opening a FIFO blocks until the other end is open, so
 * the read end is first opened non-blocking (which never waits), the write end then opens at
 * once, and a second, blocking read end replaces the first.
 */
function openFifo(path: string): { read: number; write: number } {
  const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const write = openSync(path, constants.O_WRONLY);
    const read = openSync(path, constants.O_RDONLY);
    return { read, write };
  } finally {
    closeSync(probe);
  }
}

/** Four blocking pipes for one session, or `undefined` where FIFOs are unavailable. */
export function createFifoSession(): FifoSession | undefined {
  let dir: string | undefined;
  const opened: number[] = [];
  try {
    dir = mkdtempSync(join(tmpdir(), 'faultline-host-'));
    const paths = ['hints-up', 'hints-down', 'keys-up', 'values-down'].map((n) => join(dir!, n));
    execFileSync('mkfifo', ['-m', '600', ...paths], { stdio: 'ignore' });
    const [hintsUp, hintsDown, keysUp, valuesDown] = paths.map((p) => {
      const f = openFifo(p);
      opened.push(f.read, f.write);
      return f;
    }) as [
      ReturnType<typeof openFifo>,
      ReturnType<typeof openFifo>,
      ReturnType<typeof openFifo>,
      ReturnType<typeof openFifo>,
    ];
    return {
      host: { hintRead: hintsUp.read, hintWrite: hintsDown.write, keyRead: keysUp.read, valueWrite: valuesDown.write },
      child: [hintsDown.read, hintsUp.write, valuesDown.read, keysUp.write],
    };
  } catch {
    for (const fd of opened) closeSync(fd);
    return undefined;
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

export function closeFds(fds: readonly number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
