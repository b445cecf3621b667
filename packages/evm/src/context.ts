/**
 * The environment an EVM instance executes in: the block (COINBASE, NUMBER, BASEFEE, …), the
 * transaction-wide values (ORIGIN, GASPRICE, BLOBHASH), the fork rules and injectable
 * precompiles, and the per-instruction tracer hook. Call frames and results are defined here too,
 * so the interpreter and the call/create logic share one vocabulary.
 */
import type { Fork } from './fork.js';
import type { PrecompileTable } from './precompiles/types.js';
import type { AddressHex } from './state-interface.js';

export interface BlockContext {
  number: bigint;
  timestamp: bigint;
  coinbase: AddressHex;
  gasLimit: bigint;
  baseFee: bigint;
  /** PREVRANDAO (post-merge) as a 256-bit number; pre-merge this is the difficulty. */
  prevRandao: bigint;
  /** EIP-4844 blob base fee (already derived from excess blob gas). */
  blobBaseFee: bigint;
  chainId: bigint;
}

export interface TxContext {
  origin: AddressHex;
  gasPrice: bigint;
  blobHashes: readonly Uint8Array[];
}

/** One EIP-3155 step, reported before the instruction executes. */
export interface StepInfo {
  pc: number;
  op: number;
  gas: number;
  gasCost: number;
  memSize: number;
  stack: readonly bigint[];
  stackLength: number;
  depth: number;
  returnData: Uint8Array;
  refund: number;
}

export interface Tracer {
  step(info: StepInfo): void;
}

export interface EvmConfig {
  fork: Fork;
  precompiles: PrecompileTable;
  block: BlockContext;
  tracer?: Tracer | undefined;
  /**
   * Dispatches of a pc before the run of instructions starting there is compiled to a JS
   * function (`block-compiler.ts`). Default `DEFAULT_COMPILE_THRESHOLD`; 0 compiles every run on
   * first sight (how the state tests check the compiler); `Infinity` interprets only.
   */
  compileThreshold?: number | undefined;
}

export const STATUS_SUCCESS = 0;
export const STATUS_REVERT = 1;
export const STATUS_HALT = 2;

/** What a call or create frame returned to its caller. */
export interface FrameResult {
  status: number;
  gasLeft: number;
  /** Gas left beyond the safe-integer part (non-zero only for gas limits above 2^52). */
  bankLeft: bigint;
  output: Uint8Array;
  /** Halting reason (geth wording) when `status === STATUS_HALT`. */
  error: string | undefined;
  /** The new contract's address for a successful create. */
  created: AddressHex | undefined;
}

export const CALL = 0;
export const CALLCODE = 1;
export const DELEGATECALL = 2;
export const STATICCALL = 3;
