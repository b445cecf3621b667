/**
 * The client entry as a real child process of the host: every way the process can fail — a
 * module that does not load, a thrown error, an exception in a timer, an unhandled rejection,
 * running out of array length, stack or heap, a stray process.exit(1) — ends in exit 2 (or a
 * signal, which the host maps to 2), never in Node's default 1 that would read "claim invalid".
 * The failures are injected by swapping main.ts's `./program.js` for test-fixtures/failing-program.ts
 * (a resolve hook), so the entry under test is the real one; its `./op-deriver.js`, which that
 * program never calls, is swapped for a stub so each start does not load derivation and block
 * execution through tsx.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LocalSource, MemoryKv, PreimageHost, runExec } from '@faultline/host';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/bin/faultline.mjs', import.meta.url));
const SWAP = fileURLToPath(new URL('../test-fixtures/program-swap.mjs', import.meta.url));
const TIMEOUT = 30_000;

function host(): PreimageHost {
  const local = new LocalSource({
    l1Head: new Uint8Array(32).fill(1),
    l2OutputRoot: new Uint8Array(32).fill(2),
    l2Claim: new Uint8Array(32).fill(3),
    l2ClaimBlockNumber: 4n,
    l2ChainId: 10n,
  });
  return new PreimageHost({ store: new MemoryKv(), local });
}

function runClient(failure: string, nodeFlags: string[] = [], entry = [MAIN]) {
  const argv = [process.execPath, ...nodeFlags, '--import', 'tsx', '--import', SWAP, ...entry];
  // FAULTLINE_NO_BUNDLE: the CLI runs its sources through tsx, so the swap hook reaches them (the
  // bundle in packages/cli/dist has main.ts's imports inlined).
  const env = { ...process.env, FAULTLINE_TEST_FAILURE: failure, FAULTLINE_NO_BUNDLE: '1' };
  return runExec(host(), argv, { stdio: 'ignore', env });
}

const FAILED = { exitCode: 2, reason: 'client exited with 2: client failed' };

describe('the client entry turns every failure into exit 2', () => {
  it(
    'control: the swapped-in program that returns "valid" exits 0 (so the failures below are real)',
    async () => {
      expect(await runClient('none')).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    },
    TIMEOUT,
  );

  it.each([
    ['a module that fails to load', 'missing'],
    ['a thrown error', 'throw'],
    ['an exception thrown in a timer (uncaught)', 'uncaught'],
    ['an unhandled rejection', 'rejection'],
    ['RangeError "Invalid array length"', 'array-length'],
    ['RangeError "Maximum call stack size exceeded"', 'stack'],
    ['a dependency calling process.exit(1)', 'exit-1'],
  ])(
    '%s → the client exits 2',
    async (_what, failure) => {
      expect(await runClient(failure)).toEqual(FAILED);
    },
    TIMEOUT,
  );

  it(
    'heap exhaustion (--max-old-space-size): V8 aborts the process and the host reports 2, not 1',
    async () => {
      const outcome = await runClient('heap', ['--max-old-space-size=128']);
      expect(outcome.exitCode).toBe(2);
      expect(outcome.reason).toBe('client was killed by SIGABRT');
    },
    TIMEOUT,
  );

  it(
    'through the CLI (`faultline client`): a thrown error and a load failure exit 2',
    async () => {
      expect(await runClient('throw', [], [CLI, 'client'])).toEqual(FAILED);
      expect(await runClient('missing', [], [CLI, 'client'])).toEqual(FAILED);
    },
    TIMEOUT,
  );

  it(
    'a load failure is one line on stderr, without a stack trace',
    () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', SWAP, MAIN], {
        encoding: 'utf8',
        env: { ...process.env, FAULTLINE_TEST_FAILURE: 'missing' },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^client: failed: the program did not load: .*no-such-program\.ts.*\n$/);
    },
    TIMEOUT,
  );
});
