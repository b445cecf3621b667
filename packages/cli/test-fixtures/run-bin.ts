/**
 * The faultline bin as a child process that does not block the event loop — for tests whose
 * devnet (its L2 JSON-RPC server) is served by the test process itself, where spawnSync would
 * stall the very node the command talks to.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/faultline.mjs', import.meta.url));

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they arrived, interleaved. */
  out: string;
}

export function runBin(args: readonly string[]): Promise<BinRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--stack-size=3900', BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: BinRun = { code: null, stdout: '', stderr: '', out: '' };
    child.stdout.on('data', (c: Buffer) => {
      run.stdout += c.toString();
      run.out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      run.stderr += c.toString();
      run.out += c.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ ...run, code }));
  });
}
