/**
 * Runs filled Ethereum state tests (EEST / ethereum-tests `GeneralStateTests` format): for each
 * fork in `post` and each (data, gas, value) index, build the transaction from the matrix, execute
 * it on `pre` with `env` as the block, and compare the post-state root and the logs hash
 * (keccak(rlp(logs))). A vector with `expectException` passes only when the transaction is
 * rejected and the state is unchanged. The state root is computed by an injected function so the
 * EVM package stays free of the trie.
 */

import { bytesToHex, hexToBytes, KECCAK256_EMPTY, keccak256, rlpEncode, utf8ToBytes } from '@faultline/primitives';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type BlobSchedule, blobBaseFee, defaultBlobSchedule } from '../blob-gas.js';
import type { BlockContext, Tracer } from '../context.js';
import { type Fork, isForkActive, parseFork } from '../fork.js';
import type { JumpdestCache } from '../jumpdest.js';
import type { PrecompileTable } from '../precompiles/types.js';
import { type EvmTransaction, InvalidTransactionError } from '../transaction.js';
import { executeTransaction, type TxResult } from '../tx-processor.js';
import { WorldState } from '../world-state.js';
import { MemoryState } from './memory-state.js';

type Json = Record<string, unknown>;

export interface StateTestVector {
  name: string;
  fork: string;
  index: number;
  d: number;
  g: number;
  v: number;
}

export interface VectorResult extends StateTestVector {
  pass: boolean;
  stateRoot: string;
  logsHash: string;
  expectedRoot: string;
  error: string | undefined;
  gasUsed: bigint;
  /** The post state (for diffing against EEST's `state`). */
  postState: MemoryState;
}

export interface RunOptions {
  stateRoot: (state: MemoryState) => Uint8Array;
  precompiles: (fork: Fork) => PrecompileTable;
  tracer?: Tracer | undefined;
  jumpdests?: JumpdestCache;
  /** `EvmConfig.compileThreshold` (0: compile every block, to check the compiler). */
  compileThreshold?: number | undefined;
  /** Only run this fork. */
  fork?: string | undefined;
}

const MAX_U256 = (1n << 256n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;

function big(x: unknown): bigint {
  if (x === undefined || x === null || x === '') return 0n;
  return BigInt(x as string);
}

function bytes(x: unknown): Uint8Array {
  const s = (x as string | undefined) ?? '0x';
  if (s.startsWith(':raw ')) return hexToBytes(s.slice(5));
  return hexToBytes(s === '' ? '0x' : s);
}

function addr(x: unknown): string {
  return (x as string).toLowerCase().startsWith('0x')
    ? (x as string).toLowerCase()
    : `0x${(x as string).toLowerCase()}`;
}

export function logsHash(logs: TxResult['logs']): Uint8Array {
  return keccak256(rlpEncode(logs.map((l) => [hexToBytes(l.address), l.topics, l.data])));
}

function buildPre(pre: Json): MemoryState {
  const state = new MemoryState();
  for (const [address, raw] of Object.entries(pre)) {
    const a = raw as Json;
    const storage = new Map<bigint, bigint>();
    for (const [k, v] of Object.entries((a.storage as Json) ?? {})) storage.set(big(k), big(v));
    state.setAccount(addr(address), big(a.nonce), big(a.balance), bytes(a.code), storage);
  }
  // geth's state tests: BLOCKHASH(n) = keccak256(decimal string of n).
  state.blockHash = (n) => keccak256(utf8ToBytes(n.toString()));
  return state;
}

function senderOf(tx: Json): string {
  if (typeof tx.sender === 'string') return addr(tx.sender);
  const pub = secp256k1.getPublicKey(hexToBytes(tx.secretKey as string), false);
  return bytesToHex(keccak256(pub.subarray(1)).subarray(12));
}

/** The list of vectors in one test object, in `post` order. */
export function vectorsOf(name: string, test: Json): StateTestVector[] {
  const out: StateTestVector[] = [];
  for (const [fork, posts] of Object.entries(test.post as Json)) {
    (posts as Json[]).forEach((p, index) => {
      const ix = p.indexes as Json;
      out.push({ name, fork, index, d: ix.data as number, g: ix.gas as number, v: ix.value as number });
    });
  }
  return out;
}

function buildTx(t: Json, vec: StateTestVector, sender: string): EvmTransaction | string {
  const data = bytes((t.data as unknown[])[vec.d]);
  const gasLimit = big((t.gasLimit as unknown[])[vec.g]);
  const value = big((t.value as unknown[])[vec.v]);
  if (value > MAX_U256 || gasLimit > MAX_U64 || big(t.nonce) > MAX_U64) return 'malformed transaction';
  const accessLists = t.accessLists as (Json[] | null)[] | undefined;
  const al = accessLists?.[vec.d] ?? (t.accessList as Json[] | undefined);
  const to = t.to === '' || t.to === undefined || t.to === null ? undefined : addr(t.to);
  const tx: EvmTransaction = {
    type: 0,
    sender,
    nonce: big(t.nonce),
    gasLimit,
    to,
    value,
    data,
    accessList: (al ?? []).map((e) => ({
      address: addr(e.address),
      storageKeys: ((e.storageKeys as string[]) ?? []).map(big),
    })),
  };
  if (t.gasPrice !== undefined) tx.gasPrice = big(t.gasPrice);
  if (t.maxFeePerGas !== undefined) {
    tx.maxFeePerGas = big(t.maxFeePerGas);
    tx.maxPriorityFeePerGas = big(t.maxPriorityFeePerGas);
    tx.type = 2;
  } else if (al !== undefined && al !== null) tx.type = 1;
  if (t.blobVersionedHashes !== undefined) {
    tx.type = 3;
    tx.blobVersionedHashes = (t.blobVersionedHashes as string[]).map((h) => hexToBytes(h));
    tx.maxFeePerBlobGas = big(t.maxFeePerBlobGas);
  }
  if (t.authorizationList !== undefined) {
    tx.type = 4;
    tx.authorizationList = (t.authorizationList as Json[]).map((a) => ({
      chainId: big(a.chainId),
      address: addr(a.address),
      nonce: big(a.nonce),
      yParity: big(a.yParity ?? a.v),
      r: big(a.r),
      s: big(a.s),
    }));
  }
  return tx;
}

function blobScheduleFor(test: Json, fork: Fork): BlobSchedule {
  const sched = ((test.config as Json | undefined)?.blobSchedule as Json | undefined)?.[fork] as Json | undefined;
  if (!sched) return defaultBlobSchedule(fork);
  return {
    target: Number(big(sched.target)),
    max: Number(big(sched.max)),
    baseFeeUpdateFraction: big(sched.baseFeeUpdateFraction),
  };
}

/** Runs one vector. Never throws for EVM-level outcomes. */
export function runVector(test: Json, vec: StateTestVector, options: RunOptions): VectorResult {
  const fork = parseFork(vec.fork);
  const env = test.env as Json;
  const post = (test.post as Json)[vec.fork] as Json[];
  const expected = post[vec.index]!;
  const state = buildPre(test.pre as Json);
  const schedule = blobScheduleFor(test, fork);
  const chainId = big((test.config as Json | undefined)?.chainid ?? '0x01');
  const merged = isForkActive(fork, 'Paris');
  const block: BlockContext = {
    number: big(env.currentNumber),
    timestamp: big(env.currentTimestamp),
    coinbase: addr(env.currentCoinbase),
    gasLimit: big(env.currentGasLimit),
    baseFee: env.currentBaseFee !== undefined ? big(env.currentBaseFee) : 10n,
    prevRandao: merged && env.currentRandom !== undefined ? big(env.currentRandom) : big(env.currentDifficulty),
    blobBaseFee: isForkActive(fork, 'Cancun') ? blobBaseFee(big(env.currentExcessBlobGas), schedule) : 0n,
    chainId,
  };
  const t = test.transaction as Json;
  let error: string | undefined;
  let logs = keccak256(rlpEncode([]));
  let gasUsed = 0n;
  const built = buildTx(t, vec, senderOf(t));
  const config = {
    fork,
    precompiles: options.precompiles(fork),
    block,
    tracer: options.tracer,
    compileThreshold: options.compileThreshold,
  };
  let invalid = false;
  if (typeof built === 'string') {
    invalid = true;
    error = built;
  } else {
    try {
      const txOptions = options.jumpdests
        ? { blobSchedule: schedule, jumpdests: options.jumpdests }
        : { blobSchedule: schedule };
      const r = executeTransaction(state, config, built, txOptions);
      // geth's runner touches the coinbase after the tx (matters only if it self-destructed).
      r.world.addBalance(block.coinbase, 0n);
      state.commit(r.world.diff(isForkActive(fork, 'SpuriousDragon')));
      logs = logsHash(r.logs);
      gasUsed = r.gasUsed;
      if (!r.success && r.error) error = r.error;
    } catch (e) {
      if (!(e instanceof InvalidTransactionError)) throw e;
      invalid = true;
      error = e.message;
    }
  }
  if (invalid) {
    const w = new WorldState(state);
    w.addBalance(block.coinbase, 0n);
    state.commit(w.diff(isForkActive(fork, 'SpuriousDragon')));
  }
  const root = bytesToHex(options.stateRoot(state));
  const logsHex = bytesToHex(logs);
  const expectException = expected.expectException !== undefined;
  let pass = root === (expected.hash as string).toLowerCase() && logsHex === (expected.logs as string).toLowerCase();
  let reason = error;
  if (expectException && !invalid) {
    pass = false;
    reason = `expected exception ${expected.expectException as string}, tx was valid`;
  } else if (!expectException && invalid) {
    pass = false;
    reason = `unexpected invalid tx: ${error}`;
  } else if (!pass) {
    reason = `${root !== (expected.hash as string).toLowerCase() ? `root ${root} != ${expected.hash as string}` : ''}${
      logsHex !== (expected.logs as string).toLowerCase() ? ` logs ${logsHex} != ${expected.logs as string}` : ''
    }${error ? ` (${error})` : ''}`;
  }
  return {
    ...vec,
    pass,
    stateRoot: root,
    logsHash: logsHex,
    expectedRoot: expected.hash as string,
    error: pass ? error : reason,
    gasUsed,
    postState: state,
  };
}

/** Human-readable differences between our post state and EEST's expected `state` alloc. */
export function diffAgainstExpected(state: MemoryState, expected: Json | undefined): string[] {
  if (!expected) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [address, raw] of Object.entries(expected)) {
    const a = raw as Json;
    const key = addr(address);
    seen.add(key);
    const ours = state.accounts.get(key);
    if (!ours) {
      out.push(`${key}: missing (expected nonce ${big(a.nonce)} balance ${big(a.balance)})`);
      continue;
    }
    if (ours.nonce !== big(a.nonce)) out.push(`${key}: nonce ${ours.nonce} != ${big(a.nonce)}`);
    if (ours.balance !== big(a.balance)) out.push(`${key}: balance ${ours.balance} != ${big(a.balance)}`);
    if (bytesToHex(ours.code) !== bytesToHex(bytes(a.code))) out.push(`${key}: code differs`);
    const exp = new Map<bigint, bigint>();
    for (const [k, v] of Object.entries((a.storage as Json) ?? {})) if (big(v) !== 0n) exp.set(big(k), big(v));
    for (const [k, v] of exp)
      if (ours.storage.get(k) !== v) out.push(`${key}[${k}]: ${ours.storage.get(k) ?? 0n} != ${v}`);
    for (const [k, v] of ours.storage) if (!exp.has(k)) out.push(`${key}[${k}]: ${v} unexpected`);
  }
  for (const key of state.accounts.keys()) if (!seen.has(key)) out.push(`${key}: unexpected account`);
  return out;
}

export const EMPTY_CODE_HASH = KECCAK256_EMPTY;
