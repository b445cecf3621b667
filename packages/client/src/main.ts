/**
 * The client process (op-program `client.Main`): the only file that touches the process — fds
 * 3–6 through preimage's fd channel, stderr and the exit status. 0 claim valid, 1 invalid,
 * 2 any failure, with one line on stderr saying why.
 */
import { fstatSync } from 'node:fs';
import { CLIENT_FDS, clientFdChannels } from '@faultline/preimage/node';
import { describeOutcome, EXIT_CODES, exitCodeOf } from './claim.js';
import { opDeriver } from './op-deriver.js';
import { runProgram } from './program.js';

function reasonOf(e: unknown): string {
  const err = e as { name?: string; shortMessage?: string; message?: string };
  const text = err.shortMessage ?? err.message ?? String(e);
  return `${err.name ?? 'Error'}: ${text.split('\n')[0]}`;
}

/**
 * Without a host, fds 3–6 are not ours: Node itself keeps its event-loop descriptors there, and
 * writing to or closing them would corrupt or abort the process. A host always hands us pipes
 * (or sockets), so anything else means the client was started by hand.
 */
function hostFdsProblem(): string | undefined {
  for (const [name, fd] of Object.entries(CLIENT_FDS)) {
    let ok = false;
    try {
      const st = fstatSync(fd);
      ok = st.isFIFO() || st.isSocket();
    } catch {
      ok = false;
    }
    if (!ok)
      return `fd ${fd} (${name}) is not a pipe: the client must be started by a host (faultline host --exec "faultline client")`;
  }
  return undefined;
}

/** Runs the program on fds 3–6 and returns the exit code (the caller exits with it). */
export function clientMain(stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const problem = hostFdsProblem();
  if (problem !== undefined) {
    stderr(`client: failed: ${problem}`);
    return EXIT_CODES.failure;
  }
  // The descriptors are left open: the process exit closes them, and the host sees EOF then.
  const io = clientFdChannels();
  try {
    const outcome = runProgram(io, { deriver: opDeriver });
    stderr(`client: ${describeOutcome(outcome)}`);
    return exitCodeOf(outcome);
  } catch (e) {
    stderr(`client: failed: ${reasonOf(e)}`);
    return EXIT_CODES.failure;
  }
}

/** `node main.ts` / `tsx main.ts` runs the client directly. */
if (import.meta.url === `file://${process.argv[1]}`) process.exit(clientMain());
