/**
 * The L1: anvil from the `@foundry-rs/anvil` npm package (its platform package ships the binary),
 * started on 127.0.0.1 with mining under the devnet's control (`--no-mining`: blocks are mined
 * with `evm_mine` at timestamps the devnet chooses), stopped with SIGTERM then SIGKILL. A port
 * that is taken, a binary that is missing or a process that dies is an `AnvilError` with one line;
 * `onExit` reports a death after start-up so the devnet can stop instead of hanging.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { BaseError } from '@faultline/primitives';

export class AnvilError extends BaseError {
  override name = 'AnvilError' as const;
}

export interface AnvilOptions {
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  chainId: bigint;
  /** Genesis timestamp (seconds). */
  timestamp: bigint;
  /** L1 rules (anvil `--hardfork`). */
  hardfork?: string;
  /** Path of the anvil binary; default: the npm package's, or $FAULTLINE_ANVIL. */
  binary?: string;
  /**
   * Start anvil in its own process group. A terminal's Ctrl-C signals the whole foreground group:
   * in ours, anvil quits at the same moment as the devnet's own handler runs, and a step in flight
   * fails against a dead L1 — an interrupt reported as a failure (exit 2). In its own group it
   * hears only `stop()`. Only for callers that handle SIGINT/SIGTERM/SIGHUP themselves (as
   * `faultline devnet up` does): otherwise a Ctrl-C ends the process without stopping anvil.
   */
  ownProcessGroup?: boolean;
  /** More anvil flags, after the devnet's (bench:evm lifts the gas and code-size limits). */
  extraArgs?: readonly string[];
}

/** The anvil binary of the installed `@foundry-rs/anvil-<platform>` package. */
export function anvilBinary(): string {
  const env = process.env.FAULTLINE_ANVIL;
  if (env) {
    if (!existsSync(env)) throw new AnvilError(`anvil: $FAULTLINE_ANVIL=${env} does not exist`);
    return env;
  }
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch {
    throw new AnvilError(`anvil: ${pkg} is not installed (run npm install; @foundry-rs/anvil is a devDependency)`);
  }
  const bin = join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(bin)) throw new AnvilError(`anvil: ${bin} is missing from ${pkg}`);
  return bin;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Throws an AnvilError if something already listens on `port`. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      reject(new AnvilError(`anvil: port ${port} on 127.0.0.1 is taken (${e.code})`)),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

export class Anvil {
  private exitListeners: ((reason: string) => void)[] = [];
  private exited: string | undefined;
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly port: number,
  ) {
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-400);
    });
    // If this process exits without stopping anvil (an uncaught error, process.exit), take it
    // down too: nothing the devnet started may outlive it.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', (code, signal) => {
      process.off('exit', reap);
      const last = this.stderrTail.trim().split('\n').at(-1);
      this.exited = `anvil exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`;
      for (const l of this.exitListeners) l(this.exited);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Called once if anvil dies (never after `stop`). */
  onExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  static async start(options: AnvilOptions): Promise<Anvil> {
    const bin = options.binary ?? anvilBinary();
    const port = options.port ?? (await freePort());
    if (options.port !== undefined) await assertPortFree(port);
    const args = [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--chain-id',
      options.chainId.toString(),
      '--timestamp',
      options.timestamp.toString(),
      '--hardfork',
      options.hardfork ?? 'prague',
      '--no-mining',
      '--accounts',
      '0',
      '--silent',
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.ownProcessGroup === true });
    const spawnError = new Promise<never>((_, reject) =>
      child.once('error', (e) => reject(new AnvilError(`anvil: cannot start ${bin}: ${e.message}`))),
    );
    spawnError.catch(() => {});
    const anvil = new Anvil(child, `http://127.0.0.1:${port}`, port);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (anvil.exited) throw new AnvilError(anvil.exited);
      try {
        const res = await Promise.race([
          fetch(anvil.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
            signal: AbortSignal.timeout(1000),
          }),
          spawnError,
        ]);
        if (res.ok) return anvil;
      } catch (e) {
        if (e instanceof AnvilError) throw e;
      }
      if (Date.now() > deadline) {
        await anvil.stop();
        throw new AnvilError(`anvil: no JSON-RPC answer on port ${port} within 15 s`);
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** SIGTERM, then SIGKILL after 2 s; resolves once the process is gone. */
  async stop(): Promise<void> {
    this.exitListeners = [];
    if (this.exited !== undefined || this.child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
  }
}
