// The hint channel of a blocking session (see blocking-session.ts), served from its own thread:
// the main thread sits in a blocking read on the pre-image channel, and the client, strictly
// sequential, waits for each hint's ack before it sends the next key, so one thread cannot
// serve both. Frames are op-preimage's (`hints.go`; OP spec fault-proof "Hinting"):
// uint32 BE length ++ hint bytes, answered with one 0x00 byte. Each hint's bytes are posted on
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

/** Reads until `buf` is full or end-of-file; returns how many bytes arrived. */
function readFully(/** @type {Uint8Array} */ buf) {
  let got = 0;
  while (got < buf.length) {
    let n;
    try {
      n = readSync(readFd, buf, got, buf.length - got, null);
    } catch (e) {
      if (isClosed(e)) return got;
      if (isAgain(e)) {
        Atomics.wait(SLEEP, 0, 0, 1);
        continue;
      }
      throw e;
    }
    if (n === 0) return got;
    got += n;
  }
  return got;
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
  const prefix = new Uint8Array(LENGTH_SIZE);
  for (;;) {
    const got = readFully(prefix);
    if (got === 0 || Atomics.load(signal, STOP) !== 0) return undefined;
    if (got < LENGTH_SIZE) return { got, wanted: LENGTH_SIZE };
    const length = new DataView(prefix.buffer).getUint32(0, false);
    const body = new Uint8Array(length);
    const bodyGot = readFully(body);
    if (bodyGot < length) {
      return bodyGot === 0 ? { got: LENGTH_SIZE, wanted: LENGTH_SIZE + length } : { got: bodyGot, wanted: length };
    }
    if (Atomics.load(signal, STOP) !== 0) return undefined;
    port.postMessage(body, [body.buffer]);
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
