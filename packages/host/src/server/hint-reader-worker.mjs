// The hint channel of a blocking session (see blocking-session.ts), served from its own thread:
// the main thread sits in a blocking read on the pre-image channel, and the client, strictly
// sequential, waits for each hint's ack before it sends the next key, so one thread cannot
// serve both. Frames are op-preimage's (`hints.go`; OP spec fault-proof "Hinting"):
// uint32 BE length ++ hint bytes, answered with one 0x00 byte. Each hint (as a string) is posted on
// `port` and `signal[0]` is bumped BEFORE the ack is written, so when the client's next key
// arrives the main thread already sees the hint (op-program: the hint precedes its key).
//
// Plain JavaScript on purpose: a worker started through the TypeScript loader takes 0.5-0.8 s
// to boot on this machine, one with only `node:` imports ~30 ms. Framing is two constants.
// The thread ends at end-of-file (posting {got, wanted} when the client closed mid-frame), or
// when the main thread set `signal[1]` and sent an empty frame to wake it (blocking-session.ts).
// The descriptors stay open: the main thread closes them after this thread's result.
import { readSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const LENGTH_SIZE = 4;
const ACK = Uint8Array.of(0);
const SEQ = 0;
const STOP = 1;
const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/** @type {{ readFd: number, writeFd: number, port: import('node:worker_threads').MessagePort, signal: Int32Array }} */
const { readFd, writeFd, port, signal } = workerData;

/** @param {unknown} e */
const codeOf = (e) => /** @type {{ code?: string }} */ (e).code;
/** @param {unknown} e */
const isClosed = (e) => codeOf(e) === 'EPIPE' || codeOf(e) === 'ECONNRESET';
/** @param {unknown} e */
const isAgain = (e) => codeOf(e) === 'EAGAIN' || codeOf(e) === 'EWOULDBLOCK';

/**
 * Bytes read ahead: `buf[start..end)`. The client writes a hint frame in one write and waits for
 * its ack, so one `read` usually returns the whole frame (one syscall per hint, not two).
 */
let buf = new Uint8Array(16 * 1024);
let start = 0;
let end = 0;

/** Makes `n` bytes available at `start`; returns how many are (fewer only at end-of-file). */
function ensure(/** @type {number} */ n) {
  if (end - start >= n) return n;
  if (buf.length - start < n) {
    const next = new Uint8Array(Math.max(buf.length, 2 ** Math.ceil(Math.log2(n))));
    next.set(buf.subarray(start, end));
    end -= start;
    start = 0;
    buf = next;
  }
  while (end - start < n) {
    let k;
    try {
      k = readSync(readFd, buf, end, buf.length - end, null);
    } catch (e) {
      if (isClosed(e)) return end - start;
      if (isAgain(e)) {
        Atomics.wait(SLEEP, 0, 0, 1);
        continue;
      }
      throw e;
    }
    if (k === 0) return end - start;
    end += k;
  }
  return n;
}

const utf8 = new TextDecoder();
/** Hints are ASCII ("<type> 0x<hex>"): short ones decode ~5× faster without TextDecoder. */
const MAX_FAST_DECODE = 1024;
function decode(/** @type {Uint8Array} */ bytes) {
  if (bytes.length <= MAX_FAST_DECODE) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, /** @type {number[]} */ (/** @type {unknown} */ (bytes)));
  }
  return utf8.decode(bytes);
}

/** @returns {boolean} false when the client is gone */
function ack() {
  for (;;) {
    try {
      if (writeSync(writeFd, ACK) === 1) return true;
    } catch (e) {
      if (isClosed(e)) return false;
      if (!isAgain(e)) throw e;
    }
    Atomics.wait(SLEEP, 0, 0, 1);
  }
}

/** @returns {{ got: number, wanted: number } | undefined} how the channel ended mid-frame */
function serve() {
  for (;;) {
    const got = ensure(LENGTH_SIZE);
    if (got === 0 || Atomics.load(signal, STOP) !== 0) return undefined;
    if (got < LENGTH_SIZE) return { got, wanted: LENGTH_SIZE };
    const length = ((buf[start] << 24) | (buf[start + 1] << 16) | (buf[start + 2] << 8) | buf[start + 3]) >>> 0;
    start += LENGTH_SIZE;
    const bodyGot = ensure(length);
    if (bodyGot < length) {
      return bodyGot === 0 ? { got: LENGTH_SIZE, wanted: LENGTH_SIZE + length } : { got: bodyGot, wanted: length };
    }
    if (Atomics.load(signal, STOP) !== 0) return undefined;
    const text = decode(buf.subarray(start, start + length));
    start += length;
    if (start === end) start = end = 0;
    port.postMessage(text);
    Atomics.add(signal, SEQ, 1);
    if (!ack()) return undefined;
  }
}

let result;
try {
  const closed = serve();
  result = closed ? { closed } : {};
} catch (e) {
  result = { error: e instanceof Error ? e.message : String(e) };
}
// The main thread closes the descriptors once it has this result (it owns them).
parentPort?.postMessage(result);
