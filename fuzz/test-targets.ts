/**
 * Toy targets with planted bugs, for the fuzzer's own tests (the supervisor loads them in its
 * workers by module URL, like the real registry): an untyped exception behind a byte pattern,
 * a hang, a heap blow-up that kills the worker, and one case that keeps 96 MiB alive.
 */
import { BaseError } from '@faultline/primitives';
import type { Target } from './target.js';

export class ToyError extends BaseError {
  override name = 'ToyError' as const;
}

/** Throws a TypeError when bytes 2..3 are 0x42 0x43, a typed ToyError when byte 0 is odd. */
export const buggyTarget: Target = {
  name: 'toy-buggy',
  about: 'planted TypeError behind 42 43',
  maxLength: 64,
  errors: [ToyError],
  seeds: () => [Uint8Array.of(0, 0, 0x42, 0, 9, 9, 9, 9), Uint8Array.of(1, 2, 3, 4)],
  run(input) {
    if (input.length >= 4 && input[2] === 0x42 && input[3] === 0x43) throw new TypeError('planted');
    if ((input[0] ?? 0) & 1) throw new ToyError('odd first byte');
  },
};

const held: Uint8Array[] = [];

const TARGETS: Record<string, Target> = {
  'toy-buggy': buggyTarget,
  'toy-hang': {
    name: 'toy-hang',
    about: 'never returns',
    maxLength: 8,
    errors: [],
    seeds: () => [Uint8Array.of(1)],
    run() {
      for (;;);
    },
  },
  'toy-oom': {
    name: 'toy-oom',
    about: 'fills the V8 heap',
    maxLength: 8,
    errors: [],
    seeds: () => [Uint8Array.of(1)],
    run() {
      const keep: number[][] = [];
      for (;;) keep.push(new Array(1 << 16).fill(1.5));
    },
  },
  'toy-memory': {
    name: 'toy-memory',
    about: 'keeps 96 MiB per case',
    maxLength: 8,
    errors: [],
    seeds: () => [Uint8Array.of(1)],
    run() {
      held.push(new Uint8Array(96 << 20).fill(1));
    },
  },
};

export function targetByName(name: string): Target {
  const t = TARGETS[name];
  if (!t) throw new Error(`unknown toy target ${name}`);
  return t;
}
