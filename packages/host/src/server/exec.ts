/**
 * `--exec` mode (op-program `host.go` + `preimage.CreateBidirectionalChannel`): spawn the
 * client with the hint channel on fds 3/4 and the pre-image channel on fds 5/6 and serve it
 * until it exits. The client reads fd 3 / writes fd 4 (hints) and reads fd 5 / writes fd 6
 * (pre-images), so the host writes acks into 3, reads hints from 4, writes values into 5 and
 * reads keys from 6.
 *
 * The channels are blocking FIFOs served by `serveBlocking` (no event-loop wake-up per
 * request; see fifo-pipes.ts) wherever `mkfifo` works, otherwise Node's socketpairs served from
 * the event loop. `transport: 'sockets'` forces the latter (the benchmark compares both).
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { PreimageHost } from '../preimage-host.js';
import { serveBlocking } from './blocking-session.js';
import { explainClientExit, HOST_FAILURE, type HostOutcome } from './exit-codes.js';
import { closeFds, createFifoSession } from './fifo-pipes.js';
import { serveSession } from './serve.js';
import { StreamChannel } from './stream-channel.js';

export type ExecTransport = 'fifos' | 'sockets';

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the child's stdout/stderr go (default: inherited; tests silence them). */
  stdio?: 'inherit' | 'ignore';
  /** `auto` (default): blocking FIFOs when available, else sockets on the event loop. */
  transport?: 'auto' | ExecTransport;
  /** Told which transport the session uses. */
  onTransport?: (transport: ExecTransport) => void;
}

export async function runExec(host: PreimageHost, argv: string[], options: ExecOptions = {}): Promise<HostOutcome> {
  const [cmd, ...args] = argv;
  if (!cmd) return { exitCode: HOST_FAILURE, reason: '--exec needs a command' };
  const out = options.stdio ?? 'inherit';
  const fifos = options.transport === 'sockets' ? undefined : createFifoSession();
  options.onTransport?.(fifos ? 'fifos' : 'sockets');
  const child = spawn(cmd, args, {
    stdio: ['ignore', out, out, ...(fifos ? fifos.child : (['pipe', 'pipe', 'pipe', 'pipe'] as const))],
    env: options.env ?? process.env,
  });
  // The child holds its ends now; the host's copies must go, or it would never see end-of-file.
  if (fifos) closeFds(fifos.child);
  const exited = new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let served: Promise<void>;
  if (fifos && child.pid === undefined) {
    closeFds(Object.values(fifos.host));
    served = Promise.resolve();
  } else if (fifos) {
    served = serveBlocking(host, fifos.host);
  } else {
    const io = child.stdio as unknown as (Readable & Writable)[];
    served = serveSession(host, {
      hints: new StreamChannel('hint channel', io[4]!, io[3]!),
      preimages: new StreamChannel('pre-image channel', io[6]!, io[5]!),
    });
  }
  const session = served.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  const exit = await exited;
  if (exit.error) return { exitCode: HOST_FAILURE, reason: `cannot start client "${cmd}": ${exit.error.message}` };
  const failure = await session;
  const outcome = explainClientExit(exit.code, exit.signal, host.unbackedVerdict());
  if (failure === undefined) return outcome;
  const what = (failure as { shortMessage?: string }).shortMessage ?? failure.message;
  return { exitCode: HOST_FAILURE, reason: `${outcome.reason}; serving failed: ${what}` };
}
