/**
 * Spin-then-block reads for blocking pipes. On a virtual machine a thread asleep in `read`
 * wakes slowly when its vCPU has gone idle: measured here, a blocking FIFO ping-pong between
 * two Node processes does ~18 k round trips/s on a quiet machine and ~125 k/s when any other
 * process keeps the vCPUs busy, while the same ping-pong polling non-blocking reads does
 * ~170 k/s either way. So a reader that expects an answer within microseconds first polls a
 * non-blocking twin of its pipe for a short, bounded time, and only then sleeps in a blocking
 * `read` on the original descriptor (a request served from the kv store comes back within the
 * spin; one that needs a JSON-RPC fetch, or a client computing between requests, falls through
 * to the sleep after `SPIN_MS` of CPU).
 *
 * The twin is a second open of the same pipe through /proc/self/fd (Linux; `O_NONBLOCK` belongs
 * to an open file description, so the original stays blocking). Both read the same bytes.
 * Sockets cannot be reopened that way, and nothing is twinned where /proc is missing: callers
 * then simply block.
 */
import { constants, fstatSync, openSync, readSync } from 'node:fs';

/** How long a reader polls before it blocks. A few wake-up latencies of an idle vCPU. */
export const SPIN_MS = 0.05;

/** A non-blocking second open of the pipe `fd` reads from, or `undefined` when there is none. */
export function nonBlockingTwin(fd: number): number | undefined {
  try {
    if (!fstatSync(fd).isFIFO()) return undefined;
    return openSync(`/proc/self/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

/**
 * Polls `twin` for up to `SPIN_MS`: the bytes read (0 = end-of-file), or -1 when nothing came.
 * An empty non-blocking read throws EAGAIN; Node builds an Error for it, so stack capture is
 * off while polling (it halves the cost of a miss, ~2.6 µs here). Any other error is thrown
 * for the caller to classify, exactly as a blocking read's would be.
 */
export function spinRead(twin: number, buf: Uint8Array, off: number, len: number): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const until = performance.now() + SPIN_MS;
    do {
      try {
        return readSync(twin, buf, off, len, null);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw e;
      }
    } while (performance.now() < until);
    return -1;
  } finally {
    Error.stackTraceLimit = limit;
  }
}
