/**
 * A pre-image oracle served by a host process over the op-program wire protocol (notes §a):
 * the host gets fd 3 = hint requests, 4 = hint acks, 5 = keys, 6 = pre-images, exactly as
 * `cannon run -- <host>` provides. The VM is synchronous, so the channels are named FIFOs
 * opened in blocking mode on our side (Node has no pipe(2)); each host end is a separate open
 * file, closed here after spawning, so the host exiting shows up as EOF, not a hang.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@faultline/primitives';
import { HostError } from './errors.js';
import type { PreimageOracle } from './oracle.js';

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = constants;

/** Opens a FIFO for us to write and returns [ourWriteFd, hostReadFd]. */
function towardsHost(path: string): [number, number] {
  const probe = openSync(path, O_RDONLY | O_NONBLOCK);
  const w = openSync(path, O_WRONLY);
  const r = openSync(path, O_RDONLY);
  closeSync(probe);
  return [w, r];
}

/** Opens a FIFO for us to read (blocking) and returns [ourReadFd, hostWriteFd]. */
function fromHost(path: string): [number, number] {
  const probe = openSync(path, O_RDONLY | O_NONBLOCK);
  const w = openSync(path, O_WRONLY);
  const r = openSync(path, O_RDONLY);
  closeSync(probe);
  return [r, w];
}

function writeAll(fd: number, data: Uint8Array, what: string): void {
  let off = 0;
  try {
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  } catch (e) {
    throw new HostError(`${what}: host channel closed`, { cause: e });
  }
}

function readExact(fd: number, n: number, what: string): Uint8Array {
  const out = new Uint8Array(n);
  let off = 0;
  while (off < n) {
    const got = readSync(fd, out, off, n - off, null);
    if (got === 0) throw new HostError(`${what}: host closed the channel after ${off} of ${n} bytes`);
    off += got;
  }
  return out;
}

export class HostProcessOracle implements PreimageOracle {
  private constructor(
    readonly child: ChildProcess,
    private readonly dir: string,
    private readonly hintW: number,
    private readonly ackR: number,
    private readonly keyW: number,
    private readonly dataR: number,
  ) {}

  /** Spawns `command` with the four channels on its fds 3–6 (stdout/stderr inherited). */
  static start(command: string[], env: NodeJS.ProcessEnv = process.env): HostProcessOracle {
    if (command.length === 0) throw new HostError('no host command given (expected: cannon run ... -- <host command>)');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cannon-'));
    const names = ['hint-req', 'hint-ack', 'key', 'data'].map((n) => join(dir, n));
    execFileSync('mkfifo', names);
    const [hintW, hintHostR] = towardsHost(names[0]!);
    const [ackR, ackHostW] = fromHost(names[1]!);
    const [keyW, keyHostR] = towardsHost(names[2]!);
    const [dataR, dataHostW] = fromHost(names[3]!);
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ['ignore', 'inherit', 'inherit', hintHostR, ackHostW, keyHostR, dataHostW],
      env,
    });
    for (const fd of [hintHostR, ackHostW, keyHostR, dataHostW]) closeSync(fd);
    return new HostProcessOracle(child, dir, hintW, ackR, keyW, dataR);
  }

  getPreimage(key: Uint8Array): Uint8Array {
    const what = `pre-image ${bytesToHex(key)}`;
    writeAll(this.keyW, key, what);
    const lenBytes = readExact(this.dataR, 8, what);
    const len = new DataView(lenBytes.buffer).getBigUint64(0);
    if (len > 0xffffffffn) throw new HostError(`${what}: length ${len} too large for a 32-bit VM`);
    return readExact(this.dataR, Number(len), what);
  }

  hint(hint: Uint8Array): void {
    const msg = new Uint8Array(4 + hint.length);
    new DataView(msg.buffer).setUint32(0, hint.length);
    msg.set(hint, 4);
    writeAll(this.hintW, msg, 'hint');
    readExact(this.ackR, 1, 'hint ack');
  }

  /** Closes our ends (the host sees EOF and should exit) and waits for it, killing after `ms`. */
  async close(ms = 5000): Promise<number | null> {
    for (const fd of [this.hintW, this.ackR, this.keyW, this.dataR]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    const child = this.child;
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    rmSync(this.dir, { recursive: true, force: true });
    return code;
  }
}
