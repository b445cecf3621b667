/**
 * Runs a benchmark workload on Faultline's EVM through the package's public exports only
 * (`MemoryState` as the committed state, a fresh `WorldState` + `Evm` per run). The call frame is
 * set up the way a transaction would set it up — EIP-2929 warm caller, target, precompiles and
 * (Shanghai, EIP-3651) coinbase — but no intrinsic gas is charged and no fee is paid: the
 * measured region is `Evm.call` alone, which is what the evm-bench rules time ("only the EVM
 * interpreter loop"). Deployment of init code happens once, untimed, in `prepare`.
 */
import {
  type BlockContext,
  CALL,
  Evm,
  type EvmConfig,
  type FrameResult,
  isForkActive,
  MemoryState,
  precompileTable,
  STATUS_REVERT,
  STATUS_SUCCESS,
  WorldState,
} from '@faultline/evm';
import type { Workload } from './evm-workloads.js';

export interface BenchOutcome {
  status: 'success' | 'revert' | 'halt';
  gasUsed: bigint;
  output: Uint8Array;
  error: string | undefined;
}

export interface PreparedRun {
  run(): BenchOutcome;
}

function statusOf(r: FrameResult): BenchOutcome['status'] {
  if (r.status === STATUS_SUCCESS) return 'success';
  return r.status === STATUS_REVERT ? 'revert' : 'halt';
}

function configFor(w: Workload, compileThreshold: number | undefined): EvmConfig {
  const block: BlockContext = {
    number: w.block.number,
    timestamp: w.block.timestamp,
    coinbase: w.block.coinbase,
    gasLimit: w.block.gasLimit,
    baseFee: w.block.baseFee,
    prevRandao: w.block.prevRandao,
    blobBaseFee: 1n,
    chainId: 1n,
  };
  return { fork: w.fork, precompiles: precompileTable(w.fork), block, compileThreshold };
}

function newEvm(state: MemoryState, config: EvmConfig, w: Workload, target: string): Evm {
  const world = new WorldState(state);
  const evm = new Evm(config, world);
  evm.tx = { origin: w.caller, gasPrice: 0n, blobHashes: [] };
  if (isForkActive(w.fork, 'Berlin')) {
    world.warmAddress(w.caller);
    world.warmAddress(target);
    for (const p of config.precompiles.keys()) world.warmAddress(p);
    if (isForkActive(w.fork, 'Shanghai')) world.warmAddress(w.block.coinbase);
  }
  return evm;
}

/** Builds the pre-state (deploying init code if any) and returns a repeatable, timed-able call. */
export function prepareFaultline(w: Workload, compileThreshold?: number): PreparedRun {
  const config = configFor(w, compileThreshold);
  const state = new MemoryState();
  for (const a of w.accounts) state.setAccount(a.address, 0n, a.balance, a.code, a.storage);
  let target = w.to;
  if (w.initcode !== undefined) {
    const evm = newEvm(state, config, w, w.caller);
    const r = evm.create(w.caller, 0n, w.initcode, Number(w.gas), 1, undefined);
    if (r.status !== STATUS_SUCCESS || r.created === undefined)
      throw new Error(`${w.name}: deployment failed on Faultline (${r.error ?? statusOf(r)})`);
    state.commit(evm.world.diff(isForkActive(w.fork, 'SpuriousDragon')));
    target = r.created;
  }
  if (target === undefined) throw new Error(`${w.name}: no call target`);
  const to = target;
  const gas = Number(w.gas);
  return {
    run(): BenchOutcome {
      const evm = newEvm(state, config, w, to);
      const r = evm.call(CALL, w.caller, to, to, 0n, w.calldata, gas, false, 1);
      return {
        status: statusOf(r),
        gasUsed: w.gas - BigInt(r.gasLeft) - r.bankLeft,
        output: r.output,
        error: r.error,
      };
    },
  };
}
