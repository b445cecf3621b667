/**
 * The client process (op-program `client.Main`): the only file that touches the process — fds
 * 3–6 through preimage's fd channel, stderr and the exit status. 0 claim valid, 1 invalid,
 * 2 any failure, with one line on stderr saying why.
 */
import { clientFdChannels } from '@faultline/preimage/node';
import { describeOutcome, EXIT_CODES, exitCodeOf } from './claim.js';
import { runProgram } from './program.js';

function reasonOf(e: unknown): string {
  const err = e as { name?: string; shortMessage?: string; message?: string };
  const text = err.shortMessage ?? err.message ?? String(e);
  return `${err.name ?? 'Error'}: ${text.split('\n')[0]}`;
}

/** Runs the program on fds 3–6 and returns the exit code (the caller exits with it). */
export function clientMain(stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const io = clientFdChannels();
  try {
    const outcome = runProgram(io);
    stderr(`client: ${describeOutcome(outcome)}`);
    return exitCodeOf(outcome);
  } catch (e) {
    stderr(`client: failed: ${reasonOf(e)}`);
    return EXIT_CODES.failure;
  } finally {
    io.hints.close();
    io.preimages.close();
  }
}

/** `node main.ts` / `tsx main.ts` runs the client directly. */
if (import.meta.url === `file://${process.argv[1]}`) process.exit(clientMain());
