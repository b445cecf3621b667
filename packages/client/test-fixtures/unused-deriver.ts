/**
 * Stands in for client/src/op-deriver.ts under program-swap.mjs: failing-program.ts never derives,
 * so main.ts need not load derivation and block execution (~1 CPU-second through tsx per start)
 * to show its guards. Used at all, it fails the run.
 */
import type { DeriverFactory } from '../src/derivation.js';

export const opDeriver: DeriverFactory = () => {
  throw new Error('unused-deriver: the swapped-in program does not derive');
};
