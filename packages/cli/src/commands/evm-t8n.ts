/**
 * `faultline evm t8n`: geth's state-transition tool interface (cmd/evm's `t8n`), so that
 * execution-spec-tests can fill and check with Faultline as its transition tool. It takes a
 * pre-state (`alloc`), a block environment (`env`) and transactions (`txs`), applies the
 * transactions in order — an invalid one is listed under `rejected` and changes nothing — then
 * withdrawals and the mining reward, and writes the result (roots, receipts, gas), the post-state
 * alloc and, if asked, the block body (RLP list of the included transactions).
 *
 * `stdin` as any input reads one JSON object {alloc, env, txs} from stdin (how EEST calls it);
 * `stdout`/`stderr` as an output writes there, several outputs to the same stream as one object
 * keyed by name. Exit codes follow this project's rule (0 done, 2 could not run: bad input, an
 * unknown fork, a file that cannot be read) rather than geth's 3/4/10/11; the line says which.
 * Block-level system calls (EIP-4788 beacon root, EIP-2935 history, EIP-7002/7251 requests) are
 * not made: state tests need none of them (blockchain tests would).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BlockContext,
  blobBaseFee,
  defaultBlobSchedule,
  executeTransaction,
  type Fork,
  GAS_PER_BLOB,
  InvalidTransactionError,
  isForkActive,
  MemoryState,
  parseFork,
  precompileTable,
  WorldState,
} from '@faultline/evm';
import { transactionFromJson } from '@faultline/host';
import { bytesToHex, hexToBytes, keccak256, rlpEncode } from '@faultline/primitives';
import {
  encodeTransaction,
  logsBloom,
  type Receipt,
  receiptsRoot,
  recoverSender,
  type SignedTransaction,
  signingHash,
  type Transaction,
  toEvmTransaction,
  transactionHash,
  transactionsRoot,
  withdrawalsRoot,
} from '@faultline/protocol';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type CommandContext, type CommandSpec, errorLine, fileError, flagString, UsageError } from '../command.js';
import { Eip3155Tracer, TRACE_SWITCHES, traceOptions } from './eip3155.js';
import { argvOf, flagBoolean, hasEvmStack, memoryStateRoot, runInChild } from './evm-common.js';

type Json = Record<string, unknown>;

const big = (x: unknown, what: string): bigint => {
  if (typeof x === 'number') return BigInt(x);
  if (typeof x !== 'string' || !/^(0x[0-9a-fA-F]*|\d+)$/.test(x))
    throw new UsageError(`${what}: expected a number, got ${JSON.stringify(x)}`);
  return x === '0x' ? 0n : BigInt(x);
};
const optBig = (x: unknown, what: string) => (x === undefined || x === null ? undefined : big(x, what));
const addr = (x: unknown, what: string): string => {
  if (typeof x !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(x))
    throw new UsageError(`${what}: expected a 20-byte address, got ${JSON.stringify(x)}`);
  return `0x${x.replace(/^0x/, '').toLowerCase()}`;
};
const hexNum = (n: bigint | number) => `0x${n.toString(16)}`;

interface Inputs {
  alloc: Json;
  env: Json;
  txs: Json[];
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--input.${what}: ${fileError(path, e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--input.${what} ${path}: not JSON: ${errorLine(e)}`);
  }
}

function readInputs(ctx: CommandContext): Inputs {
  const names = ['alloc', 'env', 'txs'] as const;
  const paths = Object.fromEntries(names.map((n) => [n, flagString(ctx, `input.${n}`) ?? `${n}.json`])) as Record<
    (typeof names)[number],
    string
  >;
  let stdin: Json | undefined;
  const get = (n: (typeof names)[number]): unknown => {
    if (paths[n] !== 'stdin') return readJson(paths[n], n);
    if (stdin === undefined) {
      try {
        stdin = JSON.parse(readFileSync(0, 'utf8')) as Json;
      } catch (e) {
        throw new UsageError(`stdin: not a JSON object {alloc, env, txs}: ${errorLine(e)}`);
      }
    }
    return stdin[n];
  };
  const alloc = get('alloc');
  const env = get('env');
  const txs = get('txs') ?? [];
  if (typeof alloc !== 'object' || alloc === null) throw new UsageError('alloc: expected a JSON object');
  if (typeof env !== 'object' || env === null) throw new UsageError('env: expected a JSON object');
  if (!Array.isArray(txs)) throw new UsageError('txs: expected a JSON array (an RLP body is not read)');
  return { alloc: alloc as Json, env: env as Json, txs: txs as Json[] };
}

function loadAlloc(alloc: Json): MemoryState {
  const state = new MemoryState();
  for (const [key, raw] of Object.entries(alloc)) {
    const a = raw as Json;
    const where = `alloc ${key}`;
    const storage = new Map<bigint, bigint>();
    for (const [k, v] of Object.entries((a.storage as Json | undefined) ?? {}))
      storage.set(big(k, where), big(v, where));
    let code: Uint8Array;
    try {
      code = hexToBytes((a.code as string | undefined) ?? '0x');
    } catch (e) {
      throw new UsageError(`${where}: code: ${errorLine(e)}`);
    }
    state.setAccount(addr(key, where), big(a.nonce ?? 0, where), big(a.balance ?? 0, where), code, storage);
  }
  return state;
}

/** EIP-1559: the base fee from the parent's when the env does not give it (London and later). */
function computeBaseFee(env: Json, fork: Fork): bigint | undefined {
  const parentBaseFee = optBig(env.parentBaseFee, 'env.parentBaseFee');
  const parentGasUsed = optBig(env.parentGasUsed, 'env.parentGasUsed');
  const parentGasLimit = optBig(env.parentGasLimit, 'env.parentGasLimit');
  if (parentBaseFee === undefined || parentGasUsed === undefined || parentGasLimit === undefined) return undefined;
  const target = parentGasLimit / 2n;
  if (parentGasUsed === target) return parentBaseFee;
  if (parentGasUsed > target) {
    const delta = (parentBaseFee * (parentGasUsed - target)) / target / 8n;
    return parentBaseFee + (delta > 1n ? delta : 1n);
  }
  void fork;
  return parentBaseFee - (parentBaseFee * (target - parentGasUsed)) / target / 8n;
}

/** A transaction from t8n's JSON (RPC field names; `data`/`gasLimit` accepted), signed with `secretKey` when given. */
function transactionOf(j: Json, index: number, chainId: bigint): Transaction {
  const o: Json = { ...j };
  if (o.input === undefined) o.input = o.data ?? '0x';
  if (o.gas === undefined) o.gas = o.gasLimit;
  const typed = o.type !== undefined && big(o.type, 'type') !== 0n;
  if (typed && o.chainId === undefined) o.chainId = hexNum(chainId);
  for (const k of ['v', 'r', 's']) if (o[k] === undefined) o[k] = '0x0';
  if (o.to === '') o.to = null;
  const path = `txs[${index}]`;
  let tx: Transaction;
  try {
    tx = transactionFromJson(o, path);
  } catch (e) {
    throw new UsageError(errorLine(e));
  }
  if (typeof o.secretKey !== 'string' || tx.type === 0x7e) return tx;
  const unsigned = tx as SignedTransaction;
  const toSign = unsigned.type === 0 ? { ...unsigned, v: eip155V(o, chainId, 0n) } : unsigned;
  let key: Uint8Array;
  try {
    key = hexToBytes(o.secretKey, 32);
  } catch (e) {
    throw new UsageError(`${path}.secretKey: ${errorLine(e)}`);
  }
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(signingHash(toSign as SignedTransaction), key, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  const recovery = BigInt(sig.recovery ?? 0);
  const { r, s } = sig;
  if (unsigned.type === 0) return { ...unsigned, v: eip155V(o, chainId, recovery), r, s };
  return { ...unsigned, yParity: recovery, r, s } as Transaction;
}

/**
 * A legacy transaction's v: EIP-155 (35 + 2·chainId + parity) unless `"protected": false`
 * (27 + parity), as geth's t8n signs. For the signing hash the parity is 0 and only the chain id
 * matters (the hash of an EIP-155 transaction includes chainId, 0, 0).
 */
function eip155V(o: Json, chainId: bigint, parity: bigint): bigint {
  return o.protected === false ? 27n + parity : 35n + 2n * chainId + parity;
}

interface Output {
  result: Json;
  alloc: Json;
  body: string;
}

function dumpAlloc(state: MemoryState): Json {
  const out: Json = {};
  for (const [address, a] of [...state.accounts].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const acc: Json = {};
    if (a.code.length > 0) acc.code = bytesToHex(a.code);
    if (a.storage.size > 0) {
      const storage: Json = {};
      for (const [k, v] of [...a.storage].sort(([x], [y]) => (x < y ? -1 : 1)))
        storage[`0x${k.toString(16).padStart(64, '0')}`] = `0x${v.toString(16).padStart(64, '0')}`;
      acc.storage = storage;
    }
    acc.balance = hexNum(a.balance);
    if (a.nonce !== 0n) acc.nonce = hexNum(a.nonce);
    out[address] = acc;
  }
  return out;
}

export function transition(
  inputs: Inputs,
  fork: Fork,
  chainId: bigint,
  reward: bigint,
  trace?: (index: number, hash: string) => Eip3155Tracer,
): Output {
  const { env } = inputs;
  const state = loadAlloc(inputs.alloc);
  const hashes = new Map<bigint, Uint8Array>();
  for (const [n, h] of Object.entries((env.blockHashes as Json | undefined) ?? {}))
    hashes.set(big(n, 'env.blockHashes'), hexToBytes(h as string));
  state.blockHash = (n) => hashes.get(n);
  const london = isForkActive(fork, 'London');
  const merged = isForkActive(fork, 'Paris');
  const cancun = isForkActive(fork, 'Cancun');
  const baseFee = optBig(env.currentBaseFee, 'env.currentBaseFee') ?? (london ? computeBaseFee(env, fork) : undefined);
  if (london && baseFee === undefined)
    throw new UsageError(
      'env: currentBaseFee (or parentBaseFee, parentGasUsed, parentGasLimit) is required from London on',
    );
  const schedule = defaultBlobSchedule(fork);
  let excessBlobGas = optBig(env.currentExcessBlobGas, 'env.currentExcessBlobGas');
  if (cancun && excessBlobGas === undefined) {
    const parentExcess = optBig(env.parentExcessBlobGas, 'env.parentExcessBlobGas') ?? 0n;
    const parentUsed = optBig(env.parentBlobGasUsed, 'env.parentBlobGasUsed') ?? 0n;
    const target = BigInt(schedule.target) * GAS_PER_BLOB;
    excessBlobGas = parentExcess + parentUsed < target ? 0n : parentExcess + parentUsed - target;
  }
  const random = optBig(env.currentRandom, 'env.currentRandom');
  const difficulty = optBig(env.currentDifficulty, 'env.currentDifficulty');
  if (merged && random === undefined) throw new UsageError('env: currentRandom is required from Paris on');
  if (!merged && difficulty === undefined) throw new UsageError('env: currentDifficulty is required before Paris');
  const block: BlockContext = {
    number: big(env.currentNumber, 'env.currentNumber'),
    timestamp: big(env.currentTimestamp, 'env.currentTimestamp'),
    coinbase: addr(env.currentCoinbase, 'env.currentCoinbase'),
    gasLimit: big(env.currentGasLimit, 'env.currentGasLimit'),
    baseFee: baseFee ?? 0n,
    prevRandao: merged ? random! : difficulty!,
    blobBaseFee: cancun ? blobBaseFee(excessBlobGas!, schedule) : 0n,
    chainId,
  };
  const receipts: Receipt[] = [];
  const receiptJson: Json[] = [];
  const rejected: Json[] = [];
  const included: Uint8Array[] = [];
  const allLogs: unknown[] = [];
  let gasUsed = 0n;
  let blobGasUsed = 0n;
  inputs.txs.forEach((j, index) => {
    let tx: Transaction;
    let sender: Uint8Array;
    try {
      tx = transactionOf(j, index, chainId);
      sender = recoverSender(tx);
    } catch (e) {
      rejected.push({ index, error: `invalid transaction: ${errorLine(e)}` });
      return;
    }
    const hash = bytesToHex(transactionHash(tx));
    const evmTx = toEvmTransaction(tx, sender);
    if (evmTx.gasLimit > block.gasLimit - gasUsed) {
      rejected.push({
        index,
        error: `gas limit reached: tx ${evmTx.gasLimit}, block has ${block.gasLimit - gasUsed} left`,
      });
      return;
    }
    const blobGas = BigInt(evmTx.blobVersionedHashes?.length ?? 0) * GAS_PER_BLOB;
    if (blobGasUsed + blobGas > BigInt(schedule.max) * GAS_PER_BLOB) {
      rejected.push({ index, error: 'blob gas limit reached' });
      return;
    }
    let r: ReturnType<typeof executeTransaction>;
    try {
      r = executeTransaction(
        state,
        { fork, precompiles: precompileTable(fork), block, tracer: trace?.(index, hash) },
        evmTx,
        { blobSchedule: schedule },
      );
    } catch (e) {
      if (!(e instanceof InvalidTransactionError)) throw e;
      rejected.push({ index, error: e.message });
      return;
    }
    state.commit(r.world.diff(isForkActive(fork, 'SpuriousDragon')));
    gasUsed += r.gasUsed;
    blobGasUsed += blobGas;
    const logs = r.logs.map((l) => ({ address: hexToBytes(l.address), topics: l.topics, data: l.data }));
    const bloom = logsBloom(logs);
    const receipt: Receipt = { type: tx.type, status: r.success, cumulativeGasUsed: gasUsed, logsBloom: bloom, logs };
    receipts.push(receipt);
    included.push(encodeTransaction(tx));
    for (const l of r.logs) allLogs.push([hexToBytes(l.address), l.topics, l.data]);
    receiptJson.push({
      type: hexNum(tx.type),
      root: '0x',
      status: r.success ? '0x1' : '0x0',
      cumulativeGasUsed: hexNum(gasUsed),
      logsBloom: bytesToHex(bloom),
      logs: r.logs.length
        ? r.logs.map((l, i) => ({
            address: l.address,
            topics: l.topics.map(bytesToHex),
            data: bytesToHex(l.data),
            transactionHash: hash,
            transactionIndex: hexNum(receipts.length - 1),
            logIndex: hexNum(i),
            removed: false,
          }))
        : null,
      transactionHash: hash,
      contractAddress: r.contractAddress ?? '0x0000000000000000000000000000000000000000',
      gasUsed: hexNum(r.gasUsed),
      effectiveGasPrice: null,
      blockHash: `0x${'00'.repeat(32)}`,
      transactionIndex: hexNum(receipts.length - 1),
      ...(blobGas > 0n ? { blobGasUsed: hexNum(blobGas) } : {}),
    });
  });
  // After the transactions: withdrawals (EIP-4895, in gwei) and the mining reward.
  const withdrawals = ((env.withdrawals as Json[] | undefined) ?? []).map((w, i) => ({
    index: big(w.index, `env.withdrawals[${i}].index`),
    validatorIndex: big(w.validatorIndex, `env.withdrawals[${i}].validatorIndex`),
    address: addr(w.address, `env.withdrawals[${i}].address`),
    amount: big(w.amount, `env.withdrawals[${i}].amount`),
  }));
  const world = new WorldState(state);
  for (const w of withdrawals) world.addBalance(w.address, w.amount * 1_000_000_000n);
  if (reward >= 0n) {
    // geth: the coinbase gets the reward (0 still touches it); ommers get (8 - delta)/8 of it.
    let minerReward = reward;
    for (const o of (env.ommers as Json[] | undefined) ?? []) {
      const delta = big(o.delta, 'env.ommers[].delta');
      world.addBalance(addr(o.address, 'env.ommers[].address'), ((8n - delta) * reward) / 8n);
      minerReward += reward / 32n;
    }
    world.addBalance(block.coinbase, minerReward);
  }
  state.commit(world.diff(isForkActive(fork, 'SpuriousDragon')));
  const result: Json = {
    stateRoot: bytesToHex(memoryStateRoot(state)),
    txRoot: bytesToHex(transactionsRoot(included)),
    receiptsRoot: bytesToHex(receiptsRoot(receipts)),
    logsHash: bytesToHex(keccak256(rlpEncode(allLogs as never))),
    logsBloom: bytesToHex(logsBloom(receipts.flatMap((x) => x.logs))),
    receipts: receiptJson,
    gasUsed: hexNum(gasUsed),
    ...(rejected.length ? { rejected } : {}),
    ...(merged ? {} : { currentDifficulty: hexNum(difficulty!) }),
    ...(london ? { currentBaseFee: hexNum(block.baseFee) } : {}),
    ...(isForkActive(fork, 'Shanghai')
      ? {
          withdrawalsRoot: bytesToHex(
            withdrawalsRoot(withdrawals.map((w) => ({ ...w, address: hexToBytes(w.address) }))),
          ),
        }
      : {}),
    ...(cancun ? { currentExcessBlobGas: hexNum(excessBlobGas!), blobGasUsed: hexNum(blobGasUsed) } : {}),
  };
  return { result, alloc: dumpAlloc(state), body: bytesToHex(rlpEncode(included)) };
}

/**
 * The fork names --state.fork takes, as geth's `evm t8n --help` lists its rulesets (EIP150,
 * EIP158, ConstantinopleFix, Merge …) next to the EEST spellings. execution-spec-tests decides
 * which forks a t8n tool supports by looking for each name in this help text
 * (GethTransitionTool.is_fork_supported), so the list is what we run, no more.
 */
export const T8N_FORK_NAMES = [
  'Frontier',
  'Homestead',
  'EIP150',
  'TangerineWhistle',
  'EIP158',
  'SpuriousDragon',
  'Byzantium',
  'Constantinople',
  'ConstantinopleFix',
  'Petersburg',
  'Istanbul',
  'MuirGlacier',
  'Berlin',
  'London',
  'Merge',
  'Paris',
  'Shanghai',
  'Cancun',
  'Prague',
  'Osaka',
];

export const evmT8nCommand: CommandSpec = {
  name: 't8n',
  summary: 'geth’s state-transition tool: apply txs to an alloc in an env; write result, alloc and body',
  description: `
The transition tool of geth's cmd/evm, for execution-spec-tests: give it packages/cli/bin/evm
(geth's evm command line: "evm --version" in geth's form, "evm t8n" is this) as fill --evm-bin.
It reads the pre-state
(alloc), the block environment (env) and the transactions (txs, JSON; a "secretKey" signs one),
applies them, and writes the result (stateRoot, txRoot, receiptsRoot, logsHash, logsBloom,
receipts, rejected, gasUsed, currentBaseFee, withdrawalsRoot, blob gas), the post-state alloc and
the body. "stdin" reads {alloc, env, txs} from stdin; "stdout"/"stderr" write there (several
outputs to one stream as one object). --state.reward -1 pays no reward (geth's convention).
Exit 0 when the transition was made (rejected transactions included), 2 for bad input.`,
  options: [
    { name: 'input.alloc', value: '<file|stdin>', help: 'pre-state accounts', default: 'alloc.json' },
    { name: 'input.env', value: '<file|stdin>', help: 'block environment', default: 'env.json' },
    { name: 'input.txs', value: '<file|stdin>', help: 'transactions (JSON)', default: 'txs.json' },
    { name: 'output.basedir', value: '<dir>', help: 'directory for output files (made if missing)' },
    { name: 'output.result', value: '<file|stdout|stderr>', help: 'result', default: 'result.json' },
    { name: 'output.alloc', value: '<file|stdout|stderr>', help: 'post-state alloc', default: 'alloc.json' },
    {
      name: 'output.body',
      value: '<file|stdout|stderr>',
      help: 'RLP of the included transactions, as a hex JSON string',
    },
    {
      name: 'state.fork',
      value: '<Name>',
      help: `fork rules, any letter case: ${T8N_FORK_NAMES.join(', ')}`,
      default: 'Prague',
    },
    { name: 'state.chainid', value: '<N>', help: 'chain id', default: '1' },
    { name: 'state.reward', value: '<N>', help: 'mining reward in wei; -1 = none', default: '0' },
    { name: 'trace', help: 'write EIP-3155 lines per transaction to trace-<index>-<hash>.jsonl in the basedir' },
    ...TRACE_SWITCHES,
  ],
  examples: [
    'faultline evm t8n --input.alloc alloc.json --input.env env.json --input.txs txs.json --state.fork Cancun',
    'faultline evm t8n --input.alloc stdin --input.env stdin --input.txs stdin --output.result stdout --output.alloc stdout < in.json',
  ],
  run: (ctx) => {
    const fork = parseFork(flagString(ctx, 'state.fork') ?? 'Prague');
    const traceOpts = traceOptions(ctx);
    const chainId = big(flagString(ctx, 'state.chainid') ?? '1', '--state.chainid');
    const rewardText = flagString(ctx, 'state.reward') ?? '0';
    const reward = rewardText === '-1' ? -1n : big(rewardText, '--state.reward');
    const usesStdin = ['alloc', 'env', 'txs'].some((n) => flagString(ctx, `input.${n}`) === 'stdin');
    if (!hasEvmStack()) {
      // The EVM recurses per call frame: the work runs in a child with the larger stack (when
      // this process lacks it); stdin is read here and handed on.
      if (!usesStdin) return runInChild(['evm', 't8n', ...argvOf(ctx)], undefined);
      const text = readFileSync(0, 'utf8');
      return runInChild(['evm', 't8n', ...argvOf(ctx)], undefined, text);
    }
    const inputs = readInputs(ctx);
    const basedir = flagString(ctx, 'output.basedir');
    if (basedir) mkdirSync(basedir, { recursive: true });
    const place = (name: string) => (basedir && name !== 'stdout' && name !== 'stderr' ? join(basedir, name) : name);
    const writeLater: [string, string[]][] = [];
    const tracer = flagBoolean(ctx, 'trace')
      ? (index: number, hash: string) => {
          const lines: string[] = [];
          writeLater.push([place(`trace-${index}-${hash}.jsonl`), lines]);
          return new Eip3155Tracer((l) => lines.push(l), traceOpts);
        }
      : undefined;
    const out = transition(inputs, fork, chainId, reward, tracer);
    for (const [path, lines] of writeLater) writeFileSync(path, lines.length ? `${lines.join('\n')}\n` : '');
    const streams: Record<'stdout' | 'stderr', Json> = { stdout: {}, stderr: {} };
    const targets: [string, string | undefined, unknown][] = [
      ['result', flagString(ctx, 'output.result') ?? 'result.json', out.result],
      ['alloc', flagString(ctx, 'output.alloc') ?? 'alloc.json', out.alloc],
      ['body', flagString(ctx, 'output.body'), out.body],
    ];
    for (const [name, to, value] of targets) {
      if (!to) continue;
      if (to === 'stdout' || to === 'stderr') streams[to][name] = value;
      else writeFileSync(place(to), `${JSON.stringify(value, null, 1)}\n`);
    }
    for (const s of ['stdout', 'stderr'] as const) {
      if (Object.keys(streams[s]).length)
        (s === 'stdout' ? ctx.stdout : ctx.stderr)(JSON.stringify(streams[s], null, 1));
    }
    return 0;
  },
};
