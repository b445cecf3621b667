/**
 * Differential harness: builds one random scenario (pre-state of a few contracts running
 * generated programs, an EOA, a missing account, on Prague an EIP-7702 delegated account; a call
 * with random calldata, value and gas) and executes it on Faultline (`Evm.call` over a
 * `WorldState`) and on @ethereumjs/evm 10.1.3 (`runCall` over a `SimpleStateManager`), both set
 * up the way a transaction sets up its top frame (EIP-2929 warm caller, target, precompiles,
 * EIP-3651 coinbase; no intrinsic gas, no nonce bump, no fee). The observable outcome — status,
 * frame gas used, refund counter, return data, logs, and every account's nonce, balance, code
 * hash and storage after EIP-161 clearing and EIP-6780 destruction — is compared field by field.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import {
  bigIntToBytes,
  bytesToBigInt,
  createAddressFromString,
  Account as EjsAccount,
  bytesToHex as ejsHex,
  hexToBytes as ejsHexToBytes,
  setLengthLeft,
} from '@ethereumjs/util';
import {
  type BlockContext,
  CALL,
  Evm,
  type Fork,
  MemoryState,
  precompileTable,
  STATUS_REVERT,
  STATUS_SUCCESS,
  WorldState,
} from '@faultline/evm';
import { bytesToHex, KECCAK256_EMPTY, keccak256 } from '@faultline/primitives';
import { caseSeed, generateProgram, mutate, type ProgramOptions, programHex, Rng } from '@faultline/testkit';
import ckzg from 'c-kzg';

export interface ScenarioAccount {
  address: string;
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

export interface Scenario {
  seed: number;
  fork: Fork;
  accounts: ScenarioAccount[];
  caller: string;
  to: string;
  value: bigint;
  data: Uint8Array;
  gas: bigint;
  block: BlockContext;
  gasPrice: bigint;
  blobHashes: Uint8Array[];
}

export interface Observed {
  status: 'success' | 'revert' | 'halt';
  gasUsed: bigint;
  refund: bigint;
  output: string;
  logs: string[];
  /** address → "nonce balance codeHash {slot:value,…}" for every existing account. */
  accounts: Map<string, string>;
}

const GAS_SPLIT = 1n << 52n;
const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
export const ADDR = {
  caller: A(0xca11e5),
  target: A(0x1000a),
  b: A(0x1000b),
  c: A(0x1000c),
  eoa: A(0x1000d),
  missing: A(0x1000e),
  delegated: A(0x1000f),
  /** Prague: delegates to `delegated` (EIP-7702 follows one hop only). */
  chained: A(0x10010),
  /** Prague: delegates to the ecrecover precompile (EIP-7702: executes empty code). */
  toPrecompile: A(0x10011),
  /** Prague: delegates to an address with no account. */
  toMissing: A(0x10012),
  coinbase: A(0xc0ffee),
};

function storageOf(rng: Rng): Map<bigint, bigint> {
  const s = new Map<bigint, bigint>();
  for (let i = 0; i < 8; i++) if (rng.chance(0.4)) s.set(BigInt(i), rng.chance(0.5) ? 1n : rng.bigint(256) || 1n);
  return s;
}

/** One deterministic scenario per (seed, fork). */
export function buildScenario(seed: number, fork: Fork, mutationRate = 0.25): Scenario {
  const rng = new Rng(seed);
  const prague = fork === 'Prague';
  const precompiles = [...precompileTable(fork).keys()];
  const targets = [ADDR.target, ADDR.b, ADDR.c, ADDR.eoa, ADDR.missing, ADDR.caller, ADDR.coinbase];
  if (prague) targets.push(ADDR.delegated, ADDR.chained, ADDR.toPrecompile, ADDR.toMissing);
  // One scenario in 25 gets more than 2^52 gas (Faultline keeps such gas partly in a bigint
  // "bank"): no calls (recursion would never end) and no absurd memory (it would be affordable).
  const bigGas = rng.chance(0.04);
  // One scenario in five stresses absurd memory offsets/sizes (OOG, zero-size no-ops).
  const edgeRate = bigGas ? 0 : rng.chance(0.2) ? 0.05 : 0.004;
  const program = (self: string, fragments?: number): Uint8Array => {
    const o: ProgramOptions = { self, targets, precompiles, cancun: true, edgeRate, calls: !bigGas };
    if (fragments !== undefined) o.fragments = fragments;
    const code = generateProgram(rng, o);
    return rng.chance(mutationRate) ? mutate(rng, code, mutationRate > 0.5 ? 8 : 3) : code;
  };
  const accounts: ScenarioAccount[] = [
    { address: ADDR.caller, nonce: 1n, balance: 10n ** 20n, code: new Uint8Array(0), storage: new Map() },
    {
      address: ADDR.target,
      nonce: 1n,
      balance: BigInt(rng.int(3)) * 1000n,
      code: program(ADDR.target),
      storage: storageOf(rng),
    },
    { address: ADDR.b, nonce: 1n, balance: 500n, code: program(ADDR.b, 1 + rng.int(8)), storage: storageOf(rng) },
    { address: ADDR.c, nonce: 0n, balance: 0n, code: program(ADDR.c, 1 + rng.int(4)), storage: storageOf(rng) },
    { address: ADDR.eoa, nonce: 3n, balance: 7n, code: new Uint8Array(0), storage: new Map() },
  ];
  if (prague) {
    const designator = (to: string) => Uint8Array.from([0xef, 0x01, 0x00, ...ejsHexToBytes(to as `0x${string}`)]);
    const delegations: [string, string][] = [
      [ADDR.delegated, ADDR.b],
      [ADDR.chained, ADDR.delegated],
      [ADDR.toPrecompile, A(1)],
      [ADDR.toMissing, ADDR.missing],
    ];
    for (const [address, to] of delegations)
      accounts.push({ address, nonce: 1n, balance: 9n, code: designator(to), storage: storageOf(rng) });
  }
  const block: BlockContext = {
    number: 1000n,
    timestamp: 1_750_000_000n,
    coinbase: ADDR.coinbase,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: rng.bigint(256),
    blobBaseFee: 1n,
    chainId: 1n,
  };
  const blobHash = new Uint8Array(32);
  blobHash[0] = 1;
  blobHash[31] = 0x42;
  return {
    seed,
    fork,
    accounts,
    caller: ADDR.caller,
    to: ADDR.target,
    value: rng.chance(0.7) ? 0n : BigInt(rng.int(10_000)),
    data: rng.bytes(rng.pick([0, 4, 32, 36, 68])),
    gas: bigGas ? (1n << 52n) + rng.bigint(60) : BigInt(rng.pick([50_000, 200_000, 500_000, 1_000_000, 1_000_000])),
    block,
    gasPrice: 10n,
    blobHashes: [blobHash],
  };
}

function accountLine(
  nonce: bigint,
  balance: bigint,
  codeHash: Uint8Array,
  storage: Iterable<[bigint, bigint]>,
): string {
  const slots = [...storage]
    .filter(([, v]) => v !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k.toString(16)}:${v.toString(16)}`);
  return `nonce=${nonce} balance=${balance} code=${bytesToHex(codeHash).slice(0, 18)} {${slots.join(',')}}`;
}

/** Both sides see the same chain: hash(n) = keccak256(n as a 32-byte word). */
function blockHash(n: bigint): Uint8Array {
  return keccak256(setLengthLeft(bigIntToBytes(n), 32));
}

/**
 * The compile threshold for case `index`: odd cases compile every block (threshold 0), even ones
 * use the default, so the differential runs hold both tiers to ethereumjs.
 */
export function compileThresholdFor(index: number): number | undefined {
  return index % 2 === 1 ? 0 : undefined;
}

export function runFaultline(s: Scenario, compileThreshold?: number): Observed {
  const state = new MemoryState();
  for (const a of s.accounts) state.setAccount(a.address, a.nonce, a.balance, a.code, a.storage);
  state.blockHash = blockHash;
  const precompiles = precompileTable(s.fork);
  const world = new WorldState(state);
  const evm = new Evm({ fork: s.fork, precompiles, block: s.block, compileThreshold }, world);
  evm.tx = { origin: s.caller, gasPrice: s.gasPrice, blobHashes: s.blobHashes };
  world.warmAddress(s.caller);
  world.warmAddress(s.to);
  for (const p of precompiles.keys()) world.warmAddress(p);
  world.warmAddress(s.block.coinbase);
  // Evm.call takes gas as a safe integer ≤ 2^52 plus a bigint bank for the rest (the split the
  // tx processor makes with the package-internal `splitGas`).
  const gas = s.gas > GAS_SPLIT ? GAS_SPLIT : s.gas;
  const r = evm.call(CALL, s.caller, s.to, s.to, s.value, s.data, Number(gas), false, 1, s.gas - gas);
  const status = r.status === STATUS_SUCCESS ? 'success' : r.status === STATUS_REVERT ? 'revert' : 'halt';
  const logs = world.logs.map((l) => `${l.address} [${l.topics.map(bytesToHex).join(',')}] ${bytesToHex(l.data)}`);
  const refund = BigInt(world.refund);
  state.commit(world.diff(true));
  const accounts = new Map<string, string>();
  for (const [address, a] of state.accounts)
    accounts.set(address, accountLine(a.nonce, a.balance, a.codeHash, a.storage));
  return {
    status,
    gasUsed: s.gas - BigInt(r.gasLeft) - r.bankLeft,
    refund,
    output: bytesToHex(r.output),
    logs,
    accounts,
  };
}

/** SimpleStateManager with its top-of-stack maps readable (they are `protected`). */
class InspectableStateManager extends SimpleStateManager {
  dump() {
    return { accounts: this.topAccountStack(), code: this.topCodeStack(), storage: this.topStorageStack() };
  }
}

let kzgReady = false;
/** ethereumjs needs a KZG backend for 0x0a; random inputs never get past its version check. */
const kzg = {
  loadTrustedSetup() {},
  blobToKzgCommitment(): string {
    throw new Error('unused');
  },
  computeBlobProof(): string {
    throw new Error('unused');
  },
  verifyBlobProofBatch(): boolean {
    return false;
  },
  verifyProof(commitment: string, z: string, y: string, proof: string): boolean {
    if (!kzgReady) {
      try {
        ckzg.loadTrustedSetup(0);
      } catch {
        // already loaded by Faultline's precompile
      }
      kzgReady = true;
    }
    try {
      return ckzg.verifyKzgProof(
        ejsHexToBytes(commitment as `0x${string}`),
        ejsHexToBytes(z as `0x${string}`),
        ejsHexToBytes(y as `0x${string}`),
        ejsHexToBytes(proof as `0x${string}`),
      );
    } catch {
      return false;
    }
  },
};

const HARDFORK: Partial<Record<Fork, string>> = { Cancun: Hardfork.Cancun, Prague: Hardfork.Prague };

export async function runEthereumjs(s: Scenario): Promise<Observed> {
  const hardfork = HARDFORK[s.fork];
  if (hardfork === undefined) throw new Error(`no ethereumjs hardfork for ${s.fork}`);
  const common = new Common({ chain: Mainnet, hardfork, customCrypto: { kzg: kzg as never } });
  const sm = new InspectableStateManager({ common });
  for (const a of s.accounts) {
    const address = createAddressFromString(a.address);
    await sm.putAccount(address, new EjsAccount(a.nonce, a.balance));
    if (a.code.length > 0) await sm.putCode(address, a.code);
    for (const [k, v] of a.storage) await sm.putStorage(address, setLengthLeft(bigIntToBytes(k), 32), bigIntToBytes(v));
  }
  const blockchain = {
    async getBlock(n: number) {
      return { hash: () => blockHash(BigInt(n)) };
    },
    async putBlock() {},
    shallowCopy() {
      return blockchain;
    },
  };
  const evm = await createEVM({ common, stateManager: sm, blockchain: blockchain as never });
  for (const a of [s.caller, s.to, s.block.coinbase, ...evm.precompiles.keys()]) evm.journal.addAlwaysWarmAddress(a);
  const r = await evm.runCall({
    caller: createAddressFromString(s.caller),
    origin: createAddressFromString(s.caller),
    to: createAddressFromString(s.to),
    value: s.value,
    data: s.data,
    gasLimit: s.gas,
    gasPrice: s.gasPrice,
    skipNonceIncrement: true,
    blobVersionedHashes: s.blobHashes.map((h) => ejsHex(h)),
    block: {
      header: {
        number: s.block.number,
        coinbase: createAddressFromString(s.block.coinbase),
        timestamp: s.block.timestamp,
        difficulty: 0n,
        prevRandao: setLengthLeft(bigIntToBytes(s.block.prevRandao), 32),
        gasLimit: s.block.gasLimit,
        baseFeePerGas: s.block.baseFee,
        getBlobGasPrice: () => s.block.blobBaseFee,
      },
    },
  });
  const ex = r.execResult;
  const err = ex.exceptionError;
  const status = err === undefined ? 'success' : err.error === 'revert' ? 'revert' : 'halt';
  // What VM.runTx does after the call: EIP-6780 destruction, then EIP-161 clearing.
  if (err === undefined) {
    for (const a of ex.selfdestruct?.keys() ?? []) {
      if (!(ex.createdAddresses?.has(a) ?? false)) continue;
      await evm.journal.deleteAccount(createAddressFromString(a));
    }
  }
  await evm.journal.cleanup();
  const dump = sm.dump();
  const accounts = new Map<string, string>();
  for (const [address, acc] of dump.accounts) {
    if (acc === undefined) continue;
    const storage: [bigint, bigint][] = [];
    for (const [key, value] of dump.storage) {
      const [owner, slot] = key.split('_') as [string, string];
      if (owner === address) storage.push([BigInt(slot), value.length === 0 ? 0n : bytesToBigInt(value)]);
    }
    accounts.set(address, accountLine(acc.nonce, acc.balance, acc.codeHash ?? KECCAK256_EMPTY, storage));
  }
  const logs = (ex.logs ?? []).map(
    ([address, topics, data]) => `${ejsHex(address)} [${topics.map((t) => ejsHex(t)).join(',')}] ${ejsHex(data)}`,
  );
  return {
    status,
    gasUsed: ex.executionGasUsed,
    refund: err === undefined ? (ex.gasRefund ?? 0n) : 0n,
    output: ejsHex(ex.returnValue),
    logs,
    accounts,
  };
}

/** Field-by-field differences; each line starts with its category. */
export function compareObserved(ours: Observed, theirs: Observed): string[] {
  const out: string[] = [];
  if (ours.status !== theirs.status) out.push(`status: faultline ${ours.status}, ethereumjs ${theirs.status}`);
  if (ours.gasUsed !== theirs.gasUsed) out.push(`gas: faultline ${ours.gasUsed}, ethereumjs ${theirs.gasUsed}`);
  if (ours.refund !== theirs.refund) out.push(`refund: faultline ${ours.refund}, ethereumjs ${theirs.refund}`);
  if (ours.output !== theirs.output) out.push(`output: faultline ${ours.output}, ethereumjs ${theirs.output}`);
  if (ours.logs.join('\n') !== theirs.logs.join('\n'))
    out.push(`logs: faultline [${ours.logs.join(' | ')}], ethereumjs [${theirs.logs.join(' | ')}]`);
  const addresses = new Set([...ours.accounts.keys(), ...theirs.accounts.keys()]);
  for (const a of [...addresses].sort()) {
    const x = ours.accounts.get(a);
    const y = theirs.accounts.get(a);
    if (x !== y) out.push(`state ${a}: faultline ${x ?? '(absent)'}, ethereumjs ${y ?? '(absent)'}`);
  }
  return out;
}

/** Human-readable reproduction info for one scenario. */
export function describeScenario(s: Scenario): string {
  const lines = [`seed=${s.seed} fork=${s.fork} value=${s.value} gas=${s.gas} data=${bytesToHex(s.data)}`];
  for (const a of s.accounts)
    if (a.code.length > 0)
      lines.push(
        `  code ${a.address} (${a.code.length} B, hash ${bytesToHex(keccak256(a.code)).slice(0, 10)}): ${programHex(a.code)}`,
      );
  return lines.join('\n');
}

/**
 * Re-runs of a scenario that succeeded with `gasUsed` at gas limits around it — gasUsed − 1,
 * gasUsed, gasUsed + 1, and two random limits below — so out-of-gas strikes at every kind of
 * instruction, inside sub-calls and creates, and at the EIP-150 / stipend / SSTORE-sentry edges.
 */
export function gasBoundaryVariants(s: Scenario, gasUsed: bigint): Scenario[] {
  if (gasUsed < 100n || s.gas > GAS_SPLIT) return [];
  const rng = new Rng(caseSeed(s.seed, 0x6a5));
  const half = gasUsed / 2n;
  const limits = [
    gasUsed - 1n,
    gasUsed,
    gasUsed + 1n,
    half + BigInt(rng.int(Number(half))),
    gasUsed - BigInt(rng.int(3000)),
  ];
  return limits.filter((g) => g > 0n).map((gas) => ({ ...s, gas }));
}
