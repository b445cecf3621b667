/**
 * Spin-then-block reads for blocking pipes. On a virtual machine a thread asleep in `read`
 * wakes slowly when its vCPU has gone idle: measured here, a blocking FIFO ping-pong between
 * two Node processes does ~18 k round trips/s on a quiet machine and ~125 k/s when any other
 * process keeps the vCPUs busy, while the same ping-pong polling non-blocking reads does
 * ~170 k/s either way. So a reader that expects an answer within microseconds first polls a
 * non-blocking twin of its pipe for a short, bounded time, and only then sleeps in a blocking
 * `read` on the original descriptor (a request served from the kv store comes back within the
 * spin; one that needs a JSON-RPC fetch, or a client computing between requests, falls through
 * to the sleep after `SPIN_MS` of CPU). The spin is long because the sleep is so costly: in a
 * 100 k round-trip ping-pong, a 50 µs spin fell through ~0.5–0.9 % of the time and those reads
 * alone cost ~0.3 s (≈ 350 µs each); at 200 µs ~0.1 % fall through.
 *
 * Spinning only pays while a core is free for the peer. With one more CPU-bound process on
 * this 2-core VM, three busy tasks share two cores and the scheduler parks a spinner's peer for
 * whole time slices: the same ping-pong fell to ~10 k/s. So polling is gated on what the
 * kernel reports: `spinAllowed` stops polling while more tasks are runnable than cores. With
 * the gate, the host bench (runExec, memory store) measured 120–130 k/s on a quiet machine
 * against 17–19 k/s blocking, and 60–80 k/s beside one `yes` process against 86–97 k/s
 * blocking: detecting the crowd takes tens of ms, and each retry costs another such spell.
 *
 * The twin is a second open of the same pipe through /proc/self/fd (Linux; `O_NONBLOCK` belongs
 * to an open file description, so the original stays blocking). Both read the same bytes.
 * Sockets cannot be reopened that way, and nothing is twinned where /proc is missing: callers
 * then simply block.
 */
import { constants, fstatSync, openSync, readSync, readvSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** How long a reader polls before it blocks. */
export const SPIN_MS = 0.2;
/** How often a spinning reader re-reads the runnable-task count. */
const CHECK_MS = 5;
/**
 * Crowding is a moving average (weight 1/8 per check) of "more runnable tasks than cores";
 * spinning stops above 0.6. Measured over 1 s windows: 5–17 % of checks on a quiet machine
 * (kernel threads, GC helpers), 95–99 % with one other CPU-bound process.
 */
const CROWDING_WEIGHT = 1 / 8;
const CROWDED = 0.6;
/** First and longest pause of spinning after it was stopped; a spell this long resets it. */
const MIN_PAUSE_MS = 50;
const MAX_PAUSE_MS = 2000;

const CORES = availableParallelism();
const scratch = new Uint8Array(128);
/** /proc/loadavg, kept open (re-read with pread, ~1.5 µs); null before the first try. */
let loadavg: number | undefined | null = null;

/** Runnable tasks right now: the "r" of "r/t", the fourth field of /proc/loadavg. */
function runnableTasks(): number | undefined {
  if (loadavg === null) {
    try {
      loadavg = openSync('/proc/loadavg', 'r');
    } catch {
      loadavg = undefined;
    }
  }
  if (loadavg === undefined) return undefined;
  try {
    const n = readSync(loadavg, scratch, 0, scratch.length, 0);
    const m = /\s(\d+)\//.exec(String.fromCharCode(...scratch.subarray(0, n)));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

let spinning = true;
let checkAt = 0;
let crowding = 0;
let spellStart = 0;
let pause = MIN_PAUSE_MS;

/**
 * Whether polling may take a core now. A spinning reader stops when most recent checks
 * (`CHECK_MS` apart) saw more runnable tasks than cores (someone besides it and its peer wants
 * a CPU). It tries again after a pause that doubles each time a spell ends within `MAX_PAUSE_MS`
 * (so on a crowded machine it spins ~10 ms of every 2 s) and shrinks back after a long spell.
 * A blocking reader cannot use the count to decide (its peer is often running when it looks).
 */
export function spinAllowed(now: number): boolean {
  if (now < checkAt) return spinning;
  if (!spinning) {
    spinning = true;
    spellStart = now;
    checkAt = now + CHECK_MS;
    return true;
  }
  checkAt = now + CHECK_MS;
  const running = runnableTasks();
  if (running === undefined) return true;
  crowding = crowding * (1 - CROWDING_WEIGHT) + (running > CORES ? CROWDING_WEIGHT : 0);
  if (crowding < CROWDED) return true;
  crowding = 0;
  spinning = false;
  pause = now - spellStart < MAX_PAUSE_MS ? Math.min(pause * 2, MAX_PAUSE_MS) : MIN_PAUSE_MS;
  checkAt = now + pause;
  return false;
}

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
 * One read of `fd` into `buf[off..off+len)`: with a `twin`, polled first (`spinRead`), then the
 * blocking read of `fd` itself. The caller classifies errors as it would a plain `readSync`'s.
 */
export function readAfterSpin(fd: number, twin: number | undefined, buf: Uint8Array, off: number, len: number): number {
  if (twin !== undefined) {
    const n = spinRead(twin, buf, off, len);
    if (n >= 0) return n;
  }
  return readSync(fd, buf, off, len, null);
}

/**
 * Polls `twin` for up to `SPIN_MS`: the bytes read (0 = end-of-file), or -1 when nothing came
 * or polling is off because no core is free (the caller then blocks at once).
 */
export function spinRead(twin: number, buf: Uint8Array, off: number, len: number): number {
  const now = performance.now();
  return spinAllowed(now) ? pollRead(twin, buf, off, len, now + SPIN_MS) : -1;
}

/**
 * Tries `twin` at least once and until `until` (a `performance.now()` time): the bytes read
 * (0 = end-of-file), or -1 when nothing came. An empty non-blocking read throws EAGAIN; Node
 * builds an Error for it, so stack capture is off while polling, and the read is a `readv` (a
 * miss costs ~2.1 µs here against ~3 µs for `readSync` and ~5 µs with stacks on; a request's
 * wait is on average half a miss longer than the answer takes). Any other error is thrown for
 * the caller to classify, exactly as a blocking read's would be.
 */
export function pollRead(twin: number, buf: Uint8Array, off: number, len: number, until: number): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const into = [buf.subarray(off, off + len)];
  try {
    do {
      try {
        return readvSync(twin, into);
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
