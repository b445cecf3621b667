/**
 * Runs an L1 precompile natively for `l1-precompile(-v2)` hints, through the EVM package's
 * precompile table (latest L1 fork) when it is available. op-program allows only ecrecover,
 * bn256Pairing and KZG point evaluation; kona adds the BLS12-381 ops — any address the table
 * knows is accepted here. The required gas from the v2 hint is for on-chain use only; the host
 * runs with ample gas.
 */
import { bytesToHex } from '@faultline/primitives';
import { PrefetchError } from './prefetcher.js';

export interface PrecompileLike {
  run(input: Uint8Array, gasLimit: number): { status: 'success'; output: Uint8Array } | { status: 'failure' };
}
type TableFn = (fork: string) => ReadonlyMap<string, PrecompileLike>;

const HOST_GAS = Number.MAX_SAFE_INTEGER;
const FORK = 'Osaka';

let table: ReadonlyMap<string, PrecompileLike> | undefined;

/** The table once `loadTable` has run (the pre-image server checks stored results synchronously then). */
export function loadedPrecompileTable(): ReadonlyMap<string, PrecompileLike> | undefined {
  return table;
}

export async function loadTable(): Promise<ReadonlyMap<string, PrecompileLike>> {
  if (table) return table;
  const evm = (await import('@faultline/evm')) as Record<string, unknown>;
  const fn = evm.precompileTable as TableFn | undefined;
  if (typeof fn !== 'function')
    throw new PrefetchError('precompile hints need @faultline/evm to export precompileTable');
  table = fn(FORK);
  return table;
}

export async function runPrecompile(
  address: Uint8Array,
  input: Uint8Array,
): Promise<{ ok: boolean; output: Uint8Array }> {
  return runPrecompileWith(await loadTable(), address, input);
}

/** `runPrecompile` over a loaded table (synchronous). */
export function runPrecompileWith(
  precompiles: ReadonlyMap<string, PrecompileLike>,
  address: Uint8Array,
  input: Uint8Array,
): { ok: boolean; output: Uint8Array } {
  const p = precompiles.get(bytesToHex(address));
  if (!p) throw new PrefetchError(`no precompile at ${bytesToHex(address)}`);
  const r = p.run(input, HOST_GAS);
  return r.status === 'success' ? { ok: true, output: r.output } : { ok: false, output: new Uint8Array(0) };
}
