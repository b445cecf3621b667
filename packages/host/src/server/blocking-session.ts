/**
 * Serves one client session over blocking file descriptors, the fast path of `--exec` (FIFOs
 * the host creates) and `--server` (inherited fds that are already blocking). The main thread
 * answers keys in a plain loop — one `readSync` of the 32-byte key, the store lookup, one
 * `writeSync` of length ++ value from a reused buffer — so a request costs two syscalls and no
 * event-loop wake-up, promise or allocation. The event loop still runs whenever the loop
 * awaits: for a miss (the prefetcher fetches over JSON-RPC, then the loop resumes) and every
 * `YIELD_MS` of busy serving (progress lines, timers). While the client computes without asking
 * for anything the thread sleeps in `read`, so no progress line is printed until it asks again.
 *
 * Hints arrive on their own channel, served by a worker thread (hint-reader-worker.mjs) that
 * forwards each hint before acking it; the loop hands queued hints to the host before each key.
 * End-of-file before a key is the normal end; inside a key it is a `ChannelClosedError`, and
 * any failure closes the pre-image descriptors so a client blocked on a read sees end-of-file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ChannelClosedError, ChannelIoError, KEY_SIZE, ORACLE_LENGTH_SIZE } from '@faultline/preimage';
import { isAgain, isClosed, nonBlockingTwin, readAfterSpin } from '@faultline/preimage/node';
import type { PreimageHost } from '../preimage-host.js';

/** The host's four ends of a session; the host reads hints and keys, writes acks and values. */
export interface BlockingFds {
  hintRead: number;
  hintWrite: number;
  keyRead: number;
  valueWrite: number;
}

const PREIMAGE_CHANNEL = 'pre-image channel';
const HINT_CHANNEL = 'hint channel';
/** Longest stretch of serving without giving timers (progress) a turn. */
const YIELD_MS = 50;
/** Answers up to this size go out in one write from the reused buffer; larger ones in two. */
const MAX_OUT_BUFFER = 1 << 20;
/** `signal` words shared with the hint worker. */
const SEQ = 0;
const STOP = 1;
/** Linux O_NONBLOCK in /proc/<pid>/fdinfo "flags" (octal). */
const O_NONBLOCK_FLAG = 0o4000;
const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/**
 * True when `fd` is open and in blocking mode (read from /proc/self/fdinfo; false where that is
 * not available, which makes callers use the event-loop path).
 */
export function isBlockingFd(fd: number): boolean {
  try {
    const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1');
    const flags = /^flags:\s*([0-7]+)$/m.exec(info);
    return flags !== null && (Number.parseInt(flags[1]!, 8) & O_NONBLOCK_FLAG) === 0;
  } catch {
    return false;
  }
}

/**
 * Reads until `buf` is full or end-of-file; returns how many bytes arrived. With a `twin` (a
 * non-blocking open of the same pipe) each read polls it briefly before blocking on `fd`: the
 * next key usually follows within microseconds, sooner than a sleeping thread wakes.
 */
function readFully(fd: number, buf: Uint8Array, twin: number | undefined): number {
  let got = 0;
  while (got < buf.length) {
    let n: number;
    try {
      n = readAfterSpin(fd, twin, buf, got, buf.length - got);
    } catch (e) {
      if (isClosed(e)) return got;
      if (isAgain(e)) {
        Atomics.wait(SLEEP, 0, 0, 1);
        continue;
      }
      throw new ChannelIoError(PREIMAGE_CHANNEL, 'read', e);
    }
    if (n === 0) return got;
    got += n;
  }
  return got;
}

/** Writes `buf[0..n)`; false when the client is gone (its exit code then tells the story). */
function writeFully(fd: number, buf: Uint8Array, n: number): boolean {
  let off = 0;
  while (off < n) {
    try {
      off += writeSync(fd, buf, off, n - off);
    } catch (e) {
      if (isClosed(e)) return false;
      if (isAgain(e)) {
        Atomics.wait(SLEEP, 0, 0, 1);
        continue;
      }
      throw new ChannelIoError(PREIMAGE_CHANNEL, 'write', e);
    }
  }
  return true;
}

/** The hint thread and the queue it fills. */
class HintThread {
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private readonly port;
  private seen = 0;
  private readonly ended: Promise<{ closed?: { got: number; wanted: number }; error?: string }>;

  constructor(
    private readonly host: PreimageHost,
    private readonly fds: BlockingFds,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(new URL('./hint-reader-worker.mjs', import.meta.url), {
      workerData: { readFd: fds.hintRead, writeFd: fds.hintWrite, port: port2, signal: this.signal },
      transferList: [port2],
    });
    this.ended = new Promise((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (e) => resolve({ error: e.message }));
      worker.once('exit', () => resolve({ error: 'hint thread exited without a result' }));
    });
  }

  /** Hands every hint received so far to the host, in order (one shared load when none). */
  drain(): void {
    const seq = Atomics.load(this.signal, SEQ);
    if (seq === this.seen) return;
    this.seen = seq;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      try {
        this.host.hint(m.message as string);
      } catch {
        // As op-preimage's HintReader: a hint the router rejects was acked and does not end the session.
      }
    }
  }

  /**
   * Asks the thread to stop and wakes its blocking read with an empty frame written through a
   * second open of the same pipe (Linux /proc/self/fd). Sockets cannot be reopened; then the
   * thread ends when the client closes the channel, as it does when the client exits.
   */
  stop(): void {
    Atomics.store(this.signal, STOP, 1);
    try {
      if (!fstatSync(this.fds.hintRead).isFIFO()) return;
      const fd = openSync(`/proc/self/fd/${this.fds.hintRead}`, constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(fd, new Uint8Array(4));
      } finally {
        closeSync(fd);
      }
    } catch {
      // already closed by the thread or the client: it is ending anyway
    }
  }

  /** Waits for the thread and closes the hint fds; a channel broken mid-frame is an error. */
  async end(): Promise<void> {
    const result = await this.ended;
    this.drain();
    this.port.close();
    closeQuietly(this.fds.hintRead, this.fds.hintWrite);
    if (result.closed) throw new ChannelClosedError(HINT_CHANNEL, result.closed.got, result.closed.wanted);
    if (result.error !== undefined) throw new ChannelIoError(HINT_CHANNEL, 'read', new Error(result.error));
  }
}

/**
 * Serves until the client closes the pre-image channel. Takes ownership of the four fds and
 * closes them (the hint ends only after the hint thread is done with them).
 */
export async function serveBlocking(host: PreimageHost, fds: BlockingFds): Promise<void> {
  const hints = new HintThread(host, fds);
  try {
    await serveKeys(host, fds, hints);
  } catch (e) {
    closeQuietly(fds.keyRead, fds.valueWrite);
    hints.stop();
    await hints.end().catch(() => undefined);
    throw e;
  }
  closeQuietly(fds.keyRead, fds.valueWrite);
  await hints.end();
}

function closeQuietly(...fds: number[]): void {
  for (const fd of new Set(fds)) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

/**
 * The synchronous part of the loop, kept out of the async function so V8 optimises it as a
 * plain loop: it serves until the client closes (`'end'`), `until` passes (`'yield'`) or a value
 * has to be fetched (the pending value, answered with `answer` once it resolves).
 */
class KeyServer {
  // The key buffer is reused: `host.get` reads it and is awaited before the next key is read.
  private readonly key = new Uint8Array(KEY_SIZE);
  private out = new Uint8Array(64 * 1024);
  /** The key pipe opened a second time, non-blocking, for polling (spin-read.ts). */
  readonly twin: number | undefined;

  constructor(
    private readonly host: PreimageHost,
    private readonly fds: BlockingFds,
    private readonly hints: HintThread,
  ) {
    this.twin = nonBlockingTwin(fds.keyRead);
  }

  serve(until: number): 'end' | 'yield' | Promise<Uint8Array> {
    for (let served = 1; ; served++) {
      const got = readFully(this.fds.keyRead, this.key, this.twin);
      if (got === 0) return 'end';
      if (got < KEY_SIZE) throw new ChannelClosedError(PREIMAGE_CHANNEL, got, KEY_SIZE);
      this.hints.drain();
      const value = this.host.get(this.key);
      if (value instanceof Promise) return value;
      if (!this.answer(value)) return 'end';
      if ((served & 15) === 0 && performance.now() >= until) return 'yield';
    }
  }

  /** Writes `length ++ value`; false when the client is gone. */
  answer(value: Uint8Array): boolean {
    const n = value.length;
    const frame = ORACLE_LENGTH_SIZE + n;
    if (frame > this.out.length && frame <= MAX_OUT_BUFFER) {
      this.out = new Uint8Array(2 ** Math.ceil(Math.log2(frame)));
    }
    const out = this.out;
    // uint64 BE length: values are below 2^32 (MAX_PREIMAGE_LENGTH), so the high word is zero.
    out[0] = out[1] = out[2] = out[3] = 0;
    out[4] = n >>> 24;
    out[5] = (n >>> 16) & 0xff;
    out[6] = (n >>> 8) & 0xff;
    out[7] = n & 0xff;
    if (frame <= out.length) {
      out.set(value, ORACLE_LENGTH_SIZE);
      return writeFully(this.fds.valueWrite, out, frame);
    }
    return writeFully(this.fds.valueWrite, out, ORACLE_LENGTH_SIZE) && writeFully(this.fds.valueWrite, value, n);
  }
}

async function serveKeys(host: PreimageHost, fds: BlockingFds, hints: HintThread): Promise<void> {
  const server = new KeyServer(host, fds, hints);
  try {
    for (;;) {
      const step = server.serve(performance.now() + YIELD_MS);
      if (step === 'end') return;
      if (step === 'yield') await new Promise((resolve) => setImmediate(resolve));
      else if (!server.answer(await step)) return;
    }
  } finally {
    if (server.twin !== undefined) closeQuietly(server.twin);
  }
}
