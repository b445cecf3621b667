/**
 * `faultline evm run`: bytecode in a fresh state, with geth `evm run`'s habits — the code as a
 * positional argument (hex or a file holding hex) or `--codefile` (`-` = stdin), `--input` /
 * `--inputfile`, `--sender` / `--receiver`, `--create` (the code is initcode; the output is the
 * deployed code), `--prestate genesis.json` (its `alloc` is the state), `--json`, and the
 * `--trace.*` switches. Gas is any u64: beyond 2^52 the EVM keeps the rest in its gas bank.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CALL, Evm, MemoryState, parseFork, precompileTable, WorldState } from '@faultline/evm';
import { bytesToHex, looseHexToBytes } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, errorLine, fileError, flagString, UsageError } from '../command.js';
import { Eip3155Tracer, TRACE_SWITCHES, traceOptions } from './eip3155.js';
import {
  argvOf,
  COMPILE_THRESHOLD_OPTION,
  compileThresholdFlag,
  flagBoolean,
  hasEvmStack,
  runInChild,
} from './evm-common.js';

/** geth's defaults: the ASCII of "sender" and "receiver" as addresses. */
const DEFAULT_SENDER = '0x000000000000000000000000000073656e646572';
const DEFAULT_RECEIVER = '0x0000000000000000000000007265636569766572';
const MAX_U64 = (1n << 64n) - 1n;
const GAS_SPLIT = 1n << 52n;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(what === path ? fileError(path, e) : `${what}: ${fileError(path, e)}`);
  }
}

function hexArg(text: string, what: string): Uint8Array {
  const t = text.trim();
  try {
    return looseHexToBytes(t === '' ? '0x' : t);
  } catch (e) {
    throw new UsageError(`${what}: not hex: ${errorLine(e)}`);
  }
}

function uintFlag(ctx: CommandContext, name: string, max: bigint): bigint {
  const v = flagString(ctx, name)!;
  let n: bigint;
  try {
    if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(v)) throw new Error();
    n = BigInt(v);
  } catch {
    throw new UsageError(`--${name}: expected a non-negative integer, got ${v}`);
  }
  if (n > max) throw new UsageError(`--${name}: ${v} is larger than ${max === MAX_U64 ? '2^64-1' : '2^256-1'}`);
  return n;
}

function addressFlag(ctx: CommandContext, name: string, fallback: string): string {
  const v = flagString(ctx, name) ?? fallback;
  if (!/^0x[0-9a-fA-F]{40}$/.test(v))
    throw new UsageError(`--${name}: expected a 0x-prefixed 20-byte address, got ${v}`);
  return v.toLowerCase();
}

/** The code: --code, --codefile, or the positional argument (hex, or a file holding hex). */
function codeOf(ctx: CommandContext): Uint8Array {
  const given = [flagString(ctx, 'code'), flagString(ctx, 'codefile'), ctx.args[0]].filter((x) => x !== undefined);
  if (given.length === 0) throw new UsageError('run: give the code as an argument, --code <hex> or --codefile <file>');
  if (given.length > 1) throw new UsageError('run: give the code once (argument, --code or --codefile)');
  const codefile = flagString(ctx, 'codefile');
  if (codefile !== undefined) return hexArg(readText(codefile, '--codefile'), codefile);
  const code = flagString(ctx, 'code');
  if (code !== undefined) return hexArg(code, '--code');
  const arg = ctx.args[0]!;
  if (/^(0x)?[0-9a-fA-F]*$/.test(arg) && !existsSync(arg)) return hexArg(arg, 'code');
  return hexArg(readText(arg, arg), arg);
}

type Json = Record<string, unknown>;

/** A genesis file's `alloc` (geth's `--prestate`): balance, nonce, code and storage per address. */
function loadPrestate(path: string, state: MemoryState): void {
  let genesis: Json;
  try {
    genesis = JSON.parse(readText(path, '--prestate')) as Json;
  } catch (e) {
    throw new UsageError(`--prestate ${path}: not JSON: ${errorLine(e)}`);
  }
  const alloc = (genesis.alloc ?? genesis) as Record<string, Json>;
  if (typeof alloc !== 'object' || alloc === null) throw new UsageError(`--prestate ${path}: no "alloc" object`);
  for (const [key, acc] of Object.entries(alloc)) {
    const address = `0x${key.replace(/^0x/, '').toLowerCase().padStart(40, '0')}`;
    try {
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of Object.entries((acc.storage ?? {}) as Record<string, string>))
        storage.set(BigInt(k), BigInt(v));
      state.setAccount(
        address,
        BigInt((acc.nonce as string | undefined) ?? 0),
        BigInt((acc.balance as string | undefined) ?? 0),
        looseHexToBytes((acc.code as string | undefined) ?? '0x'),
        storage,
      );
    } catch (e) {
      throw new UsageError(`--prestate ${path}: account ${key}: ${errorLine(e)}`);
    }
  }
}

export const evmRunCommand: CommandSpec = {
  name: 'run',
  summary: 'execute bytecode in a fresh state (or a genesis alloc) and print its output',
  description: `
Runs the code as the receiver's code, called by the sender with --input as call data (geth
evm run's defaults: sender 0x…73656e646572, receiver 0x…7265636569766572), or with --create as
initcode sent by the sender. Prints the output as hex on stdout and a JSON summary on stderr;
--json prints only the JSON summary, on stdout. Exit 0 when the call succeeds, 1 when it
reverts or halts (out of gas, invalid opcode…), 2 for bad input.`,
  args: { value: '[<code hex | code file>]', max: 1 },
  options: [
    { name: 'code', value: '<hex>', help: 'bytecode to execute' },
    { name: 'codefile', value: '<file|->', help: 'file holding the bytecode as hex (- = stdin)' },
    { name: 'input', value: '<hex>', help: 'call data', default: '0x' },
    { name: 'inputfile', value: '<file>', help: 'file holding the call data as hex' },
    { name: 'gas', value: '<N>', help: 'gas limit, any u64', default: '10000000000' },
    { name: 'price', value: '<N>', help: 'gas price (GASPRICE)', default: '0' },
    { name: 'value', value: '<N>', help: 'call value in wei', default: '0' },
    { name: 'fork', value: '<Name>', help: 'fork rules (any letter case)', default: 'Prague' },
    { name: 'sender', value: '<address>', help: 'the caller (ORIGIN and CALLER)' },
    { name: 'receiver', value: '<address>', help: 'the called address, whose code runs' },
    { name: 'create', help: 'run the code as initcode of a CREATE from the sender' },
    { name: 'prestate', value: '<genesis.json>', help: 'start from this genesis file’s alloc' },
    { name: 'json', help: 'print the result as one JSON object on stdout' },
    { name: 'trace', help: 'write EIP-3155 JSON lines to stderr' },
    { name: 'trace.format', value: '<json>', help: 'trace format (json only)', default: 'json' },
    ...TRACE_SWITCHES,
    COMPILE_THRESHOLD_OPTION,
  ],
  examples: [
    'faultline evm run 0x6001600101600055 --trace',
    'faultline evm run --codefile contract.hex --input 0xa9059cbb… --json',
    'faultline evm run --create --code 0x600a600c600039600a6000f3602a60005260206000f3',
  ],
  run: (ctx) => {
    // Check everything before the child starts, so a bad flag costs no second process.
    const code = codeOf(ctx);
    const inputfile = flagString(ctx, 'inputfile');
    const input = inputfile
      ? hexArg(readText(inputfile, '--inputfile'), inputfile)
      : hexArg(flagString(ctx, 'input') ?? '0x', '--input');
    const gas = uintFlag(ctx, 'gas', MAX_U64);
    const value = uintFlag(ctx, 'value', (1n << 256n) - 1n);
    const price = uintFlag(ctx, 'price', (1n << 256n) - 1n);
    const fork = parseFork(flagString(ctx, 'fork') ?? 'Prague');
    const sender = addressFlag(ctx, 'sender', DEFAULT_SENDER);
    const receiver = addressFlag(ctx, 'receiver', DEFAULT_RECEIVER);
    if ((flagString(ctx, 'trace.format') ?? 'json') !== 'json')
      throw new UsageError(`--trace.format: only "json" is supported, got ${flagString(ctx, 'trace.format')}`);
    const traceOpts = traceOptions(ctx);
    const state = new MemoryState();
    const prestate = flagString(ctx, 'prestate');
    if (prestate) loadPrestate(prestate, state);
    // The EVM recurses per call frame: the work runs with the larger stack, in a child if this
    // process lacks it.
    if (!hasEvmStack()) {
      // The child gets the code and input as read here (stdin and files are read once).
      const passed = argvOf(ctx, ['code', 'codefile', 'input', 'inputfile']);
      return runInChild(['evm', 'run', ...passed, '--code', bytesToHex(code), '--input', bytesToHex(input)], undefined);
    }

    const create = flagBoolean(ctx, 'create');
    if (!create) {
      const prev = state.accounts.get(receiver);
      state.setAccount(receiver, prev?.nonce ?? 0n, prev?.balance ?? 0n, code, prev?.storage ?? new Map());
    }
    const from = state.accounts.get(sender);
    // The sender can always afford the value (geth's runtime gives it what it sends).
    state.setAccount(
      sender,
      from?.nonce ?? 0n,
      (from?.balance ?? 0n) + value,
      from?.code ?? new Uint8Array(0),
      from?.storage ?? new Map(),
    );
    const world = new WorldState(state);
    const trace = flagBoolean(ctx, 'trace');
    const tracer = trace ? new Eip3155Tracer(ctx.stderr, traceOpts) : undefined;
    const evm = new Evm(
      {
        fork,
        precompiles: precompileTable(fork),
        block: {
          number: 1n,
          timestamp: 0n,
          coinbase: '0x0000000000000000000000000000000000000000',
          gasLimit: 30_000_000n,
          baseFee: 0n,
          prevRandao: 0n,
          blobBaseFee: 1n,
          chainId: 1n,
        },
        tracer,
        compileThreshold: compileThresholdFlag(ctx),
      },
      world,
    );
    evm.tx = { origin: sender, gasPrice: price, blobHashes: [] };
    if (evm.rules.berlin) {
      world.warmAddress(sender);
      if (!create) world.warmAddress(receiver);
    }
    const start = gas > GAS_SPLIT ? GAS_SPLIT : gas;
    const bank = gas - start;
    const r = create
      ? evm.create(sender, value, code, Number(start), 1, undefined, bank)
      : evm.call(CALL, sender, receiver, receiver, value, input, Number(start), false, 1, bank);
    const gasUsed = gas - (BigInt(r.gasLeft) + r.bankLeft);
    const status = r.status === 0 ? 'success' : r.status === 1 ? 'reverted' : 'error';
    // A create's output is the deployed code (geth prints it), not the (empty) return data.
    const output = create && r.created ? world.code(world.account(r.created)) : r.output;
    const summary: Record<string, string> = {
      output: bytesToHex(output),
      gasUsed: `0x${gasUsed.toString(16)}`,
      status,
      ...(r.error ? { error: r.error } : {}),
      ...(r.created ? { address: r.created } : {}),
    };
    if (flagBoolean(ctx, 'json')) ctx.stdout(JSON.stringify(summary));
    else {
      ctx.stdout(bytesToHex(output));
      ctx.stderr(JSON.stringify(summary));
    }
    return r.status === 0 ? 0 : 1;
  },
};
