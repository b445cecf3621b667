/**
 * Runs a benchmark workload on the native peer: anvil (foundry, revm inside), started from the npm
 * package by @faultline/devnet's launcher, one node per fork (`--hardfork` is fixed at start),
 * with the block gas limit and EIP-170's code-size limit lifted. Per workload the node is reset
 * (`anvil_reset`), the accounts are written with `anvil_setBalance` / `anvil_setCode` /
 * `anvil_setStorageAt`, init code is deployed by the caller in a mined transaction (anvil runs
 * the constructor itself, so the target address and its storage are anvil's own), and the timed
 * run is one `eth_call` from the caller with the workload's block (number, timestamp, coinbase,
 * gas limit, base fee, prevRandao/difficulty) as block overrides.
 *
 * A timed run is the whole JSON-RPC round trip over HTTP on 127.0.0.1. `overhead()` times the
 * same request against a trivial contract that only returns as many (zero) bytes as the workload
 * does, so encoding, transport and the response's hex are paid alike; bench/evm.ts reports the
 * raw times and the times with that overhead subtracted.
 */
import { execFileSync } from 'node:child_process';
import { Anvil, anvilBinary } from '@faultline/devnet';
import type { Fork } from '@faultline/evm';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import type { Workload } from './evm-workloads.js';

export interface AnvilOutcome {
  status: 'success' | 'revert' | 'halt';
  output: Uint8Array;
  error: string | undefined;
}

export interface AnvilRun {
  /** One timed `eth_call` of the workload: `ms` is the whole round trip. */
  run(): Promise<{ outcome: AnvilOutcome; ms: number }>;
  /** One timed `eth_call` of the same shape to a contract that only returns `outputLength` bytes. */
  overhead(): Promise<{ outcome: AnvilOutcome; ms: number }>;
}

/** Where the overhead contract lives; no workload account uses it. */
const OVERHEAD_ADDRESS = '0x00000000000000000000000000000000000fee00';
/** No single eth_call of the suite takes near this long; a hung node must not hang the bench. */
const CALL_TIMEOUT_MS = 300_000;

const hexQ = (n: bigint | number): string => `0x${n.toString(16)}`;
const word = (n: bigint): string => `0x${n.toString(16).padStart(64, '0')}`;

/** EIP-2028 calldata cost plus the 21,000 base: eth_call's gas is the transaction's, not the frame's. */
export function intrinsicGas(calldata: Uint8Array): bigint {
  let g = 21_000n;
  for (const b of calldata) g += b === 0 ? 4n : 16n;
  return g;
}

/** `PUSH4 n PUSH1 0 RETURN`: returns n zero bytes, nothing else. */
export function returnZerosCode(n: number): Uint8Array {
  return Uint8Array.of(0x63, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, 0x60, 0, 0xf3);
}

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

async function post(url: string, method: string, params: unknown[]): Promise<RpcAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`anvil: ${method}: HTTP ${res.status}`);
  return (await res.json()) as RpcAnswer;
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const a = await post(url, method, params);
  if (a.error) throw new Error(`anvil: ${method}: ${a.error.message}`);
  return a.result as T;
}

/** eth_call's answer as an outcome: a revert is JSON-RPC error 3 with the revert data. */
function outcomeOf(a: RpcAnswer): AnvilOutcome {
  if (a.error === undefined) return { status: 'success', output: hexToBytes(a.result as string), error: undefined };
  if (a.error.code === 3 && typeof a.error.data === 'string')
    return { status: 'revert', output: hexToBytes(a.error.data), error: a.error.message };
  return { status: 'halt', output: new Uint8Array(0), error: a.error.message };
}

export class AnvilPeer {
  private readonly nodes = new Map<Fork, Promise<Anvil>>();

  /** Starts the node for `fork` now (so a failure to start is reported before any timing). */
  node(fork: Fork): Promise<Anvil> {
    let n = this.nodes.get(fork);
    if (n === undefined) {
      n = Anvil.start({
        chainId: 1n,
        timestamp: 1_700_000_000n,
        hardfork: fork.toLowerCase(),
        // In our process group (the default), so a kill of the group takes it too; a signal to
        // bench:evm alone ends it through bench/evm.ts's handlers and the launcher's exit hook.
        extraArgs: ['--disable-block-gas-limit', '--disable-code-size-limit'],
      });
      this.nodes.set(fork, n);
    }
    return n;
  }

  /** Writes the workload's state into a fresh chain and returns its timed call. */
  async prepare(w: Workload, outputLength: number): Promise<AnvilRun> {
    const { url } = await this.node(w.fork);
    await rpc(url, 'anvil_reset', []);
    const setAccounts = async () => {
      for (const a of w.accounts) await rpc(url, 'anvil_setBalance', [a.address, hexQ(a.balance)]);
    };
    await setAccounts();
    for (const a of w.accounts) {
      if (a.code.length > 0) await rpc(url, 'anvil_setCode', [a.address, bytesToHex(a.code)]);
      for (const [k, v] of a.storage) await rpc(url, 'anvil_setStorageAt', [a.address, hexQ(k), word(v)]);
    }
    await rpc(url, 'anvil_setCode', [OVERHEAD_ADDRESS, bytesToHex(returnZerosCode(outputLength))]);
    let to = w.to;
    if (w.initcode !== undefined) {
      await rpc(url, 'anvil_impersonateAccount', [w.caller]);
      const hash = await rpc<string>(url, 'eth_sendTransaction', [
        { from: w.caller, data: bytesToHex(w.initcode), gas: hexQ(w.gas) },
      ]);
      await rpc(url, 'evm_mine', []);
      const receipt = await rpc<{ status: string; contractAddress: string | null } | null>(
        url,
        'eth_getTransactionReceipt',
        [hash],
      );
      if (receipt?.status !== '0x1' || !receipt.contractAddress)
        throw new Error(`${w.name}: deployment failed on anvil (receipt status ${receipt?.status})`);
      to = receipt.contractAddress;
      // The deployment paid fees; the workload's balances are as written, as on the other peers.
      await setAccounts();
    }
    if (to === undefined) throw new Error(`${w.name}: no call target`);
    const b = w.block;
    const blockOverrides = {
      number: hexQ(b.number),
      time: hexQ(b.timestamp),
      gasLimit: hexQ(b.gasLimit),
      coinbase: b.coinbase,
      baseFee: hexQ(b.baseFee),
      // PREVRANDAO after the merge (EIP-4399), DIFFICULTY before: the workload's one value is both.
      random: word(b.prevRandao),
      difficulty: hexQ(b.prevRandao),
    };
    const call = (target: string) => {
      const tx = {
        from: w.caller,
        to: target,
        data: bytesToHex(w.calldata),
        gas: hexQ(w.gas + intrinsicGas(w.calldata)),
      };
      return async () => {
        const t0 = performance.now();
        const a = await post(url, 'eth_call', [tx, 'latest', {}, blockOverrides]);
        const ms = performance.now() - t0;
        return { outcome: outcomeOf(a), ms };
      };
    };
    return { run: call(to), overhead: call(OVERHEAD_ADDRESS) };
  }

  /** Stops every node this peer started; resolves once they are gone. */
  async stop(): Promise<void> {
    const nodes = [...this.nodes.values()];
    this.nodes.clear();
    await Promise.all(nodes.map((n) => n.then((a) => a.stop()).catch(() => {})));
  }
}

/** `anvil --version`'s first line, e.g. "anvil Version: 1.7.1". */
export function anvilVersion(): string {
  return execFileSync(anvilBinary(), ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
}
