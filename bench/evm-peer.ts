/**
 * Runs a benchmark workload on the peer, @ethereumjs/evm 10.1.3 (`createEVM` +
 * `SimpleStateManager`, `runCall`), set up like `bench/evm-adapter.ts` sets up Faultline: the
 * same accounts, the init code deployed untimed, then the caller, the target, the precompiles and
 * (Shanghai) the coinbase warmed as a transaction would (`runCall` alone warms nothing), no
 * nonce bump, and only `runCall` of the benchmark call inside the timed region. Every run gets a
 * fresh EVM and state, since the workloads write storage.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import { Account, type Address, bigIntToBytes, createAddressFromString, setLengthLeft } from '@ethereumjs/util';
import { isForkActive } from '@faultline/evm';
import type { BenchOutcome } from './evm-adapter.js';
import type { Workload } from './evm-workloads.js';

const HARDFORKS: Record<string, string> = {
  London: Hardfork.London,
  Paris: Hardfork.Paris,
  Shanghai: Hardfork.Shanghai,
  Cancun: Hardfork.Cancun,
  Prague: Hardfork.Prague,
};

export interface PeerRun {
  /** One timed run: `ms` covers `runCall` only. */
  run(): Promise<{ outcome: BenchOutcome; ms: number }>;
}

function blockFor(w: Workload) {
  return {
    header: {
      number: w.block.number,
      coinbase: createAddressFromString(w.block.coinbase),
      timestamp: w.block.timestamp,
      difficulty: w.block.prevRandao,
      prevRandao: setLengthLeft(bigIntToBytes(w.block.prevRandao), 32),
      gasLimit: w.block.gasLimit,
      baseFeePerGas: w.block.baseFee,
      getBlobGasPrice: () => 1n,
    },
  };
}

async function freshEvm(w: Workload): Promise<{ evm: EVM; to: Address }> {
  const hardfork = HARDFORKS[w.fork];
  if (hardfork === undefined) throw new Error(`${w.name}: no ethereumjs hardfork for ${w.fork}`);
  const common = new Common({ chain: Mainnet, hardfork });
  const stateManager = new SimpleStateManager({ common });
  for (const a of w.accounts) {
    const address = createAddressFromString(a.address);
    await stateManager.putAccount(address, new Account(0n, a.balance));
    if (a.code.length > 0) await stateManager.putCode(address, a.code);
    for (const [k, v] of a.storage)
      await stateManager.putStorage(address, setLengthLeft(bigIntToBytes(k), 32), bigIntToBytes(v));
  }
  const evm = await createEVM({ common, stateManager });
  const caller = createAddressFromString(w.caller);
  const block = blockFor(w);
  let to = w.to === undefined ? undefined : createAddressFromString(w.to);
  if (w.initcode !== undefined) {
    // runCall bumps the caller's nonce before a top-level create, as a create transaction does.
    const r = await evm.runCall({ caller, data: w.initcode, gasLimit: w.gas, block });
    if (r.execResult.exceptionError !== undefined || r.createdAddress === undefined)
      throw new Error(`${w.name}: deployment failed on ethereumjs (${r.execResult.exceptionError?.error})`);
    to = r.createdAddress;
  }
  if (to === undefined) throw new Error(`${w.name}: no call target`);
  await evm.journal.cleanup();
  if (isForkActive(w.fork, 'Berlin')) {
    evm.journal.addAlwaysWarmAddress(caller.toString());
    evm.journal.addAlwaysWarmAddress(to.toString());
    for (const p of evm.precompiles.keys()) evm.journal.addAlwaysWarmAddress(p);
    if (isForkActive(w.fork, 'Shanghai')) evm.journal.addAlwaysWarmAddress(w.block.coinbase);
  }
  return { evm, to };
}

export function prepareEthereumjs(w: Workload): PeerRun {
  const caller = createAddressFromString(w.caller);
  const block = blockFor(w);
  return {
    async run() {
      const { evm, to } = await freshEvm(w);
      const t0 = performance.now();
      const r = await evm.runCall({ caller, to, data: w.calldata, gasLimit: w.gas, block, skipNonceIncrement: true });
      const ms = performance.now() - t0;
      const err = r.execResult.exceptionError;
      const status = err === undefined ? 'success' : err.error === 'revert' ? 'revert' : 'halt';
      return {
        ms,
        outcome: {
          status,
          gasUsed: r.execResult.executionGasUsed,
          output: r.execResult.returnValue,
          error: err?.error,
        },
      };
    },
  };
}
