/**
 * Per-fork jump table: for each opcode byte, whether it is defined in that fork, its constant
 * gas, and the stack bounds the interpreter checks before dispatch (geth `core/vm/jump_table.go`
 * builds one table per fork in the same way). Derived from the traits table plus the repricings
 * below, once per fork, and cached.
 */
import { FORKS, type Fork, isForkActive } from './fork.js';
import { OPCODES } from './opcodes.js';

export interface JumpTable {
  readonly fork: Fork;
  /** 1 when the opcode exists in this fork. */
  readonly defined: Uint8Array;
  /** Constant gas charged before executing. */
  readonly gas: Int32Array;
  /** Minimum stack height required; `UNDEFINED_OP` for undefined opcodes (one check serves both). */
  readonly minStack: Int32Array;
  /** Maximum stack height allowed before the op (1024 - growth). */
  readonly maxStack: Int32Array;
}

const STACK_LIMIT = 1024;
/** Larger than any stack height, so an undefined opcode always fails the underflow check. */
export const UNDEFINED_OP = 0x40000000;

/** Constant-gas changes after introduction: [opcode, fork, new gas]. */
const REPRICINGS: readonly (readonly [number, Fork, number])[] = [
  // EIP-150 (Tangerine Whistle): IO-heavy operations.
  [0x31, 'TangerineWhistle', 400],
  [0x3b, 'TangerineWhistle', 700],
  [0x3c, 'TangerineWhistle', 700],
  [0x54, 'TangerineWhistle', 200],
  [0xf1, 'TangerineWhistle', 700],
  [0xf2, 'TangerineWhistle', 700],
  [0xf4, 'TangerineWhistle', 700],
  [0xff, 'TangerineWhistle', 5000],
  [0xfa, 'Byzantium', 700],
  // EIP-1884 (Istanbul).
  [0x31, 'Istanbul', 700],
  [0x54, 'Istanbul', 800],
  [0x3f, 'Istanbul', 700],
  // EIP-2929 (Berlin): the constant part becomes the warm access cost; cold surcharges are dynamic.
  [0x31, 'Berlin', 100],
  [0x3b, 'Berlin', 100],
  [0x3c, 'Berlin', 100],
  [0x3f, 'Berlin', 100],
  [0x54, 'Berlin', 100],
  [0xf1, 'Berlin', 100],
  [0xf2, 'Berlin', 100],
  [0xf4, 'Berlin', 100],
  [0xfa, 'Berlin', 100],
];

function build(fork: Fork): JumpTable {
  const defined = new Uint8Array(256);
  const gas = new Int32Array(256);
  const minStack = new Int32Array(256);
  const maxStack = new Int32Array(256);
  minStack.fill(UNDEFINED_OP);
  for (let op = 0; op < 256; op++) {
    const t = OPCODES[op];
    if (!t || !isForkActive(fork, t.since)) continue;
    defined[op] = 1;
    gas[op] = t.gas;
    minStack[op] = t.stackIn;
    maxStack[op] = STACK_LIMIT + t.stackIn - t.stackOut;
  }
  for (const [op, since, g] of REPRICINGS) if (defined[op] && isForkActive(fork, since)) gas[op] = g;
  return { fork, defined, gas, minStack, maxStack };
}

const cache = new Map<Fork, JumpTable>();

export function jumpTable(fork: Fork): JumpTable {
  let t = cache.get(fork);
  if (!t) {
    t = build(fork);
    cache.set(fork, t);
  }
  return t;
}

export const ALL_FORKS = FORKS;
