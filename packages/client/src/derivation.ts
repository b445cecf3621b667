/**
 * The seam between the program and derivation. op-program drives op-node's pipeline and engine
 * until the safe head reaches the claim block or L1 runs out (`Driver.RunComplete`); here that
 * loop is a `Deriver` the program calls with the L1 view (an `L1ChainSource`) and the L2 chain
 * to build on (`L2Chain.buildOnHead` executes payload attributes). The derivation driver lives in
 * @faultline/derive; `program.ts` is handed a factory so this package does not fix its shape.
 */
import type { BootInfo } from './boot-info.js';
import type { HintedOracle } from './hinted-oracle.js';
import type { OracleL1ChainSource } from './l1-chain-source.js';
import type { L1Oracle } from './l1-oracle.js';
import type { L2Chain } from './l2-chain.js';

export interface DeriverContext {
  boot: BootInfo;
  oracle: HintedOracle;
  l1: L1Oracle;
  l1Chain: OracleL1ChainSource;
  l2: L2Chain;
  log?: (line: string) => void;
}

export interface Deriver {
  /**
   * Derives and builds L2 blocks on `l2` until its head reaches `target` or the L1 data up to
   * the L1 head is exhausted; returns the safe head's number.
   */
  deriveUntil(target: bigint): bigint;
}

export type DeriverFactory = (ctx: DeriverContext) => Deriver;
