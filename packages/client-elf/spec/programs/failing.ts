/**
 * A program for the client.elf runtime that fails in the way FAILURE (a build define) names, for
 * runtime-exit.test.ts: every one of them must end in exit 2, never 0 or 1.
 */
declare const FAILURE: 'throw-at-load' | 'throw-in-main' | 'bad-return' | 'out-of-memory' | 'ok';

if (FAILURE === 'throw-at-load') throw new Error('thrown while the bundle loads');

function main(): number {
  if (FAILURE === 'throw-in-main') throw new TypeError('thrown by the program');
  if (FAILURE === 'bad-return') return 7;
  if (FAILURE === 'out-of-memory') {
    const hold: Uint8Array[] = [];
    for (;;) hold.push(new Uint8Array(16 << 20));
  }
  return 0;
}

(globalThis as { faultlineMain?: () => number }).faultlineMain = main;
