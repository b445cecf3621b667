/**
 * Stands in for client/src/program.ts under program-swap.mjs. Its `runProgram` reads the boot
 * values first (so a host would accept a 0 or 1 from it: only the client's own exit code is
 * under test), then fails as FAULTLINE_TEST_FAILURE says — or, for "none", returns a valid
 * claim (the control that shows the swap works).
 */
import { localKey, OracleClient, type SyncChannel } from '@faultline/preimage';

type Io = { hints: SyncChannel; preimages: SyncChannel };
const mode = process.env.FAULTLINE_TEST_FAILURE ?? 'none';

// Failures outside `runProgram`, while the modules load: a throw in a timer and a rejected
// promise. The top-level await keeps the module loading until the failure has happened (timers
// of shorter delay run first), so without the guards the program would go on to "valid".
if (mode === 'uncaught') {
  setTimeout(() => {
    throw new TypeError('thrown in a timer');
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
if (mode === 'rejection') {
  void Promise.reject(new Error('a promise nobody awaited'));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function recurse(n: number): number {
  return recurse(n + 1) + 1;
}

export function runProgram(io: Io): { kind: 'valid' } {
  const oracle = new OracleClient(io.preimages);
  for (const i of [1, 2, 3, 4, 5]) oracle.get(localKey(i));
  switch (mode) {
    case 'throw':
      throw new TypeError("Cannot read properties of undefined (reading 'stateRoot')");
    case 'array-length':
      // What an allocation beyond V8's limits throws: RangeError "Invalid array length".
      return { kind: 'valid', ...{ length: new Array(-1).length } };
    case 'stack':
      recurse(0);
      break;
    case 'heap': {
      // Run with --max-old-space-size: V8 aborts the process when the heap is exhausted.
      const hold: number[][] = [];
      for (;;) hold.push(new Array(1 << 20).fill(hold.length));
    }
    case 'exit-1':
      // A dependency calling process.exit(1) behind the program's back.
      process.exit(1);
  }
  return { kind: 'valid' };
}
