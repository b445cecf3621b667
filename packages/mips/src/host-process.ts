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

/** How a host process ended: its exit code, or the signal that ended it. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it had to be killed because it did not exit after its channels closed. */
  killed: boolean;
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

  /**
   * Spawns `command` with the four channels on its fds 3–6 (stdout/stderr inherited) and waits
   * until it has started; a command that cannot be started is a `HostError` (nothing is left
   * behind: no child, no FIFOs).
   */
  static async start(command: string[], env: NodeJS.ProcessEnv = process.env): Promise<HostProcessOracle> {
    if (command.length === 0) throw new HostError('no host command given (expected: cannon run ... -- <host command>)');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cannon-'));
    const ours: number[] = [];
    const theirs: number[] = [];
    try {
      const names = ['hint-req', 'hint-ack', 'key', 'data'].map((n) => join(dir, n));
      execFileSync('mkfifo', names);
      const open = (pair: [number, number]) => {
        ours.push(pair[0]);
        theirs.push(pair[1]);
        return pair;
      };
      const [hintW, hintHostR] = open(towardsHost(names[0]!));
      const [ackR, ackHostW] = open(fromHost(names[1]!));
      const [keyW, keyHostR] = open(towardsHost(names[2]!));
      const [dataR, dataHostW] = open(fromHost(names[3]!));
      const child = spawn(command[0]!, command.slice(1), {
        stdio: ['ignore', 'inherit', 'inherit', hintHostR, ackHostW, keyHostR, dataHostW],
        env,
      });
      // 'spawn' or 'error' (ENOENT, EACCES) arrives on a later tick; an unheard 'error' would
      // crash the process with a stack trace.
      const started = await new Promise<Error | undefined>((resolve) => {
        child.once('error', resolve);
        child.once('spawn', () => resolve(undefined));
      });
      closeAll(theirs);
      if (started !== undefined)
        throw new HostError(`cannot start the host command "${command[0]}": ${started.message}`);
      // Later errors (a failed kill) must not crash the run either; `close` reports the exit.
      child.on('error', () => {});
      return new HostProcessOracle(child, dir, hintW, ackR, keyW, dataR);
    } catch (e) {
      closeAll(theirs);
      closeAll(ours);
      rmSync(dir, { recursive: true, force: true });
      if (e instanceof HostError) throw e;
      throw new HostError(`cannot set up the host channels: ${(e as Error).message}`, { cause: e });
    }
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
  async close(ms = 5000): Promise<HostExit> {
    closeAll([this.hintW, this.ackR, this.keyW, this.dataR]);
    const child = this.child;
    let killed = false;
    const exit = await new Promise<HostExit>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return resolve({ code: child.exitCode, signal: child.signalCode, killed });
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, ms);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, killed });
      });
    });
    rmSync(this.dir, { recursive: true, force: true });
    return exit;
  }
}

function closeAll(fds: number[]): void {
  for (const fd of fds.splice(0)) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
