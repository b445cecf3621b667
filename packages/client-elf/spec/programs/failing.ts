/**
 * A program for the client.elf runtime that fails in the way named on its stdin (one line), for
 * runtime-exit.test.ts: every failure must end in exit 2, never 0 or 1; "ok" returns 0. One
 * build serves every case (the ELF is the same, only its input differs).
 */
import { NATIVE } from '@faultline/primitives';

function failure(): string {
  let text = '';
  for (;;) {
    const b = NATIVE.readExact?.(0, 1);
    if (b === null || b === undefined || b[0] === 0x0a) return text;
    text += String.fromCharCode(b[0]!);
  }
}

// Inside the VM stdin is empty (Cannon answers a read of fd 0 with 0 bytes): that run throws.
const mode = failure() || 'throw-in-main';
if (mode === 'throw-at-load') throw new Error('thrown while the bundle loads');

function main(): number {
  if (mode === 'throw-in-main') throw new TypeError('thrown by the program');
  if (mode === 'bad-return') return 7;
  if (mode === 'out-of-memory') {
    const hold: Uint8Array[] = [];
    for (;;) hold.push(new Uint8Array(16 << 20));
  }
  return mode === 'ok' ? 0 : 2;
}

(globalThis as { faultlineMain?: () => number }).faultlineMain = main;
