/**
 * The client process (op-program `client.Main`): the only file that touches the process — fds
 * 3–6 through preimage's fd channel, stderr and the exit status. 0 claim valid, 1 invalid,
 * 2 any failure, with one line on stderr saying why.
 *
 * Node's own answer to a failure is exit 1 (an uncaught exception, a module that does not load),
 * which a host would read as "claim invalid". So everything that can fail is kept behind this
 * file's guards: the program's modules are loaded with a guarded dynamic import (this file
 * imports only `node:*` statically), uncaught exceptions and unhandled rejections exit 2, and on
 * exit a 0 or 1 that the program did not decide is turned into 2. A RangeError from running out
 * of array or stack space is an ordinary throw and exits 2; a V8 heap exhaustion aborts the
 * process (SIGABRT), which the host maps to 2 like any signal.
 */
import { fstatSync } from 'node:fs';

/** `EXIT_CODES` of claim.ts, spelled out here so that this file needs no other module to load. */
const VALID = 0;
const INVALID = 1;
const FAILURE = 2;

type Stderr = (line: string) => void;

/** One line, without the JS class name (users read the message). */
function reasonOf(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string } | null | undefined;
  const text = err?.shortMessage ?? err?.message ?? String(e);
  return text.split('\n')[0]!;
}

/** The exit code the program decided (0 or 1), once it has; anything else exits 2. */
let decided: number | undefined;
let guarded = false;

/**
 * Installs the process-wide guards once. A failure outside the program's own try (a timer, a
 * rejected promise, a module's top-level code) exits 2 instead of Node's 1, and an exit with
 * 0 or 1 that the program did not decide — a stray `process.exit(1)` in a dependency — becomes 2.
 */
function guardProcess(stderr: Stderr): void {
  if (guarded) return;
  guarded = true;
  const fail = (e: unknown) => {
    stderr(`client: failed: ${reasonOf(e)}`);
    process.exit(FAILURE);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.on('exit', (code) => {
    if ((code === VALID || code === INVALID) && code !== decided) process.exitCode = FAILURE;
  });
}

/** The program's modules, loaded behind the guards (a load failure is a failure, exit 2). */
async function loadProgram() {
  const [node, claim, deriver, program, kzg] = await Promise.all([
    import('@faultline/preimage/node'),
    import('./claim.js'),
    import('./op-deriver.js'),
    import('./program.js'),
    import('./node/ckzg-committer.js'),
  ]);
  return {
    CLIENT_FDS: node.CLIENT_FDS,
    clientFdChannels: node.clientFdChannels,
    describeOutcome: claim.describeOutcome,
    exitCodeOf: claim.exitCodeOf,
    opDeriver: deriver.opDeriver,
    runProgram: program.runProgram,
    nodeBlobCommitter: kzg.nodeBlobCommitter,
  };
}

/**
 * Without a host, fds 3–6 are not ours: Node itself keeps its event-loop descriptors there, and
 * writing to or closing them would corrupt or abort the process. A host always hands us pipes
 * (or sockets), so anything else means the client was started by hand.
 */
function hostFdsProblem(fds: Record<string, number>): string | undefined {
  for (const [name, fd] of Object.entries(fds)) {
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
export async function clientMain(stderr: Stderr = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  guardProcess(stderr);
  let p: Awaited<ReturnType<typeof loadProgram>>;
  try {
    p = await loadProgram();
  } catch (e) {
    stderr(`client: failed: the program did not load: ${reasonOf(e)}`);
    return FAILURE;
  }
  const problem = hostFdsProblem(p.CLIENT_FDS);
  if (problem !== undefined) {
    stderr(`client: failed: ${problem}`);
    return FAILURE;
  }
  // The descriptors are left open: the process exit closes them, and the host sees EOF then.
  try {
    const outcome = p.runProgram(p.clientFdChannels(), { deriver: p.opDeriver, blobCommitter: p.nodeBlobCommitter() });
    decided = p.exitCodeOf(outcome);
    stderr(`client: ${p.describeOutcome(outcome)}`);
    return decided;
  } catch (e) {
    stderr(`client: failed: ${reasonOf(e)}`);
    return FAILURE;
  }
}

/** `node main.ts` / `tsx main.ts` runs the client directly. */
if (import.meta.url === `file://${process.argv[1]}`) process.exit(await clientMain());
