/**
 * The EVM benchmark workloads, read from ../shared/fixtures/evm-bench (see its INDEX.json and
 * PROVENANCE.md): the five evm-bench contracts (init code: deploy, then call `Benchmark()`), the
 * ipsilon/evmone main suite (filled state tests, London; every labelled input), and revm's
 * snailtracer and burntpix (runtime code placed at an address). Each workload is described as
 * plain data — accounts, optional init code, call target, calldata, block, fork — so the
 * Faultline adapter and the @ethereumjs/evm peer execute exactly the same thing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fork } from '@faultline/evm';
import { hexToBytes, looseHexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';

export interface BenchAccount {
  address: string;
  balance: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

export interface BenchBlock {
  number: bigint;
  timestamp: bigint;
  coinbase: string;
  gasLimit: bigint;
  baseFee: bigint;
  prevRandao: bigint;
}

export interface Workload {
  name: string;
  group: 'evm-bench' | 'ipsilon' | 'revm';
  fork: Fork;
  caller: string;
  accounts: BenchAccount[];
  /** Deployed by `caller` (untimed) before the call; the call then goes to the created address. */
  initcode?: Uint8Array;
  /** Call target when there is no init code. */
  to?: string;
  calldata: Uint8Array;
  /** Gas given to the call frame (no intrinsic gas: this measures the interpreter only). */
  gas: bigint;
  block: BenchBlock;
  /** Execution gas recorded in INDEX.json (ethereumjs 10.1.3), a cross-check. */
  indexGas: number | undefined;
  /** Skipped by `--quick` (ethereumjs needs seconds per run). */
  slow: boolean;
}

type Json = Record<string, unknown>;

/** The caller INDEX.json used when measuring execGasUsed. */
export const BENCH_CALLER = '0x1000000000000000000000000000000000000001';
const CALLER_BALANCE = 10n ** 30n;
const FRAME_GAS = 1_000_000_000n;
/** ethereumjs takes longer than this (INDEX.json, local ms) ⇒ `slow`. */
const SLOW_MS = 2_000;

const DEFAULT_BLOCK: BenchBlock = {
  number: 1n,
  timestamp: 1_700_000_000n,
  coinbase: '0x00000000000000000000000000000000000c0ffe',
  gasLimit: 30_000_000n,
  // burntpix reads BASEFEE; the others do not care.
  baseFee: 7n,
  prevRandao: 1n,
};

function callerAccount(): BenchAccount {
  return { address: BENCH_CALLER, balance: CALLER_BALANCE, code: new Uint8Array(0), storage: new Map() };
}

function readHex(path: string): Uint8Array {
  return looseHexToBytes(readFileSync(path, 'utf8').trim());
}

function evmBench(root: string, index: Json): Workload[] {
  const cases = (index.evm_bench_ziyadedher as Json).cases as Json[];
  return cases.map((c) => ({
    name: `evm-bench/${c.name as string}`,
    group: 'evm-bench',
    fork: 'Cancun',
    caller: BENCH_CALLER,
    accounts: [callerAccount()],
    initcode: readHex(join(root, c.file as string)),
    calldata: hexToBytes(c.calldata as string),
    gas: FRAME_GAS,
    block: DEFAULT_BLOCK,
    indexGas: c.execGasUsed as number,
    slow: (c.ethereumjs_local_ms as number) > SLOW_MS,
  }));
}

function big(x: unknown): bigint {
  return x === undefined || x === '' ? 0n : BigInt(x as string);
}

/** ipsilon files are single filled state tests; each `transaction.data` entry is one workload. */
function ipsilon(root: string, index: Json): Workload[] {
  const out: Workload[] = [];
  for (const c of (index.ipsilon_evm_benchmarks as Json).cases as Json[]) {
    const file = c.file as string;
    if (!file.includes('/main/')) continue;
    // Same runtime code as revm's snailtracer.hex (PROVENANCE.md); measured once, under revm/.
    if (file.endsWith('/snailtracer.json')) continue;
    const doc = JSON.parse(readFileSync(join(root, file), 'utf8')) as Json;
    const test = Object.values(doc)[0] as Json;
    const env = test.env as Json;
    const tx = test.transaction as Json;
    const labels = ((test._info as Json).labels ?? {}) as Record<string, string>;
    const inputs = c.inputs as Record<string, number>;
    const accounts: BenchAccount[] = Object.entries(test.pre as Json).map(([address, raw]) => {
      const a = raw as Json;
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of Object.entries((a.storage as Json) ?? {})) storage.set(big(k), big(v));
      return { address: address.toLowerCase(), balance: big(a.balance), code: hexToBytes(a.code as string), storage };
    });
    const caller = (tx.sender as string).toLowerCase();
    const base = file.split('/').pop()!.replace('.json', '');
    (tx.data as string[]).forEach((data, i) => {
      const label = labels[String(i)] ?? String(i);
      out.push({
        name: `ipsilon/${base}/${label}`,
        group: 'ipsilon',
        fork: 'London',
        caller,
        accounts,
        to: (tx.to as string).toLowerCase(),
        calldata: hexToBytes(data),
        gas: FRAME_GAS,
        block: {
          number: big(env.currentNumber),
          timestamp: big(env.currentTimestamp),
          coinbase: (env.currentCoinbase as string).toLowerCase(),
          gasLimit: big(env.currentGasLimit),
          baseFee: big(env.currentBaseFee),
          prevRandao: big(env.currentDifficulty),
        },
        indexGas: inputs[label],
        slow: false,
      });
    });
  }
  return out;
}

function revm(root: string, index: Json): Workload[] {
  const out: Workload[] = [];
  const target = '0x00000000000000000000000000000000000b0b0b';
  for (const c of (index.revm_bench as Json).cases as Json[]) {
    const name = c.name as string;
    if (name === 'analysis') continue; // 2,485 gas: measures nothing but call overhead.
    if (name === 'snailtracer') {
      const code = readHex(join(root, c.file as string));
      out.push({
        name: 'revm/snailtracer',
        group: 'revm',
        fork: 'Cancun',
        caller: BENCH_CALLER,
        accounts: [callerAccount(), { address: target, balance: 0n, code, storage: new Map() }],
        to: target,
        calldata: hexToBytes(c.calldata as string),
        gas: BigInt(c.gasLimit as number),
        block: DEFAULT_BLOCK,
        indexGas: c.execGasUsed as number,
        slow: true,
      });
    } else if (name === 'burntpix') {
      const accounts = [callerAccount()];
      let main = '';
      for (const [address, raw] of Object.entries(c.accounts as Json)) {
        const a = raw as Json;
        const storage = new Map<bigint, bigint>();
        for (const [k, v] of Object.entries((a.storage as Json) ?? {})) storage.set(big(k), big(v));
        accounts.push({
          address: address.toLowerCase(),
          balance: 0n,
          code: readHex(join(root, a.code as string)),
          storage,
        });
        if ((a.role as string | undefined)?.startsWith('main')) main = address.toLowerCase();
      }
      out.push({
        name: 'revm/burntpix',
        group: 'revm',
        fork: 'Cancun',
        caller: BENCH_CALLER,
        accounts,
        to: main,
        calldata: hexToBytes(c.calldata_seed0_iter20000 as string),
        gas: FRAME_GAS,
        block: DEFAULT_BLOCK,
        indexGas: c.execGasUsed as number,
        slow: true,
      });
    }
  }
  return out;
}

/** All workloads, or `undefined` (after a loud warning from `fixturePath`) without fixtures. */
export function loadWorkloads(): Workload[] | undefined {
  const root = fixturePath('evm-bench');
  if (root === undefined) return undefined;
  const index = JSON.parse(readFileSync(join(root, 'INDEX.json'), 'utf8')) as Json;
  return [...evmBench(root, index), ...ipsilon(root, index), ...revm(root, index)];
}
