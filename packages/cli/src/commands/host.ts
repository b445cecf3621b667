/**
 * `faultline host`: the pre-image host with op-program's flags and environment variables
 * (`OP_PROGRAM_L1_HEAD`, … — `host/flags/flags.go`). Parsing and checks live in @faultline/host
 * (`parseHostConfig`); this file describes the flags, resolves a leading `faultline` in --exec to
 * this bin, picks the built-in client for in-process mode, and reports the outcome.
 */
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFetcher, type HostConfig, parseHostConfig, runHost } from '@faultline/host';
import {
  type CommandContext,
  type CommandSpec,
  fileError,
  logOptions,
  type OptionSpec,
  UsageError,
} from '../command.js';
import { resolveSelf } from '../self.js';
import { checkOpProgramFlags } from './host-compat.js';

/** op-program's client, run in a worker thread when neither --exec nor --server is given. */
const BUILTIN_CLIENT = fileURLToPath(new URL('../../../client/src/program.ts', import.meta.url));
const BUILTIN_EXPORT = 'clientProgram';

/** op-service's RPC provider kinds (`sources.RPCProviderKinds`), which op-program's --l1.rpckind takes. */
const RPC_KINDS = [
  'alchemy',
  'quicknode',
  'infura',
  'parity',
  'nethermind',
  'debug_geth',
  'erigon',
  'basic',
  'any',
  'standard',
];

/** op-program's environment variable names (`prefixEnvVars`), one per host flag. */
const env = (name: string) => `OP_PROGRAM_${name}`;

/** op-program's per-chain lists (see host-compat.ts): parsed as lists, more than one refused. */
const ONE_CHAIN = "; one chain: several (repeated or comma-separated, op-program's multi-chain form) are refused";

const HOST_OPTIONS: OptionSpec[] = [
  { name: 'l1.head', value: '<hash>', help: 'L1 head block hash (local key 1)', env: env('L1_HEAD') },
  { name: 'l2.head', value: '<hash>', help: 'agreed L2 block hash (answers l2-output)', env: env('L2_HEAD') },
  { name: 'l2.outputroot', value: '<hash>', help: 'agreed L2 output root (local key 2)', env: env('L2_OUTPUT_ROOT') },
  {
    name: 'l2.agreed-prestate',
    value: '<hex>',
    help: "op-program's interop (super-root) prestate; refused: Faultline runs pre-interop games only",
    env: env('L2_AGREED_PRESTATE'),
  },
  { name: 'l2.claim', value: '<hash>', help: 'claimed L2 output root (local key 3)', env: env('L2_CLAIM') },
  {
    name: 'l2.blocknumber',
    // op-program's alias: a timestamp only in interop games, which are refused here.
    aliases: ['l2.sequencenumber'],
    value: '<n>',
    help: 'L2 block number of the claim (local key 4)',
    env: [env('L2_BLOCK_NUM'), env('L2_SEQUENCE_NUMBER')],
  },
  {
    name: 'network',
    value: '<name|id>',
    help: `built-in chain (op-mainnet, op-sepolia, unichain, ink, soneium, worldchain, …) or chain id${ONE_CHAIN}`,
    repeatable: true,
    env: env('NETWORK'),
  },
  {
    name: 'rollup.config',
    value: '<path>',
    help: `rollup.json of a custom chain (local key 7)${ONE_CHAIN}`,
    repeatable: true,
    env: env('ROLLUP_CONFIG'),
  },
  {
    name: 'l2.genesis',
    value: '<path>',
    help: `genesis.json of a custom chain; its "config" is local key 6${ONE_CHAIN}`,
    repeatable: true,
    env: env('L2_GENESIS'),
  },
  {
    name: 'l2.custom',
    help: "serve op-program's custom-chain indicator as the chain id (local key 5): what a --rollup.config chain gets anyway; refused with --network or --program kona",
    env: env('L2_CHAINID'),
  },
  {
    name: 'l1.chainconfig',
    value: '<path>',
    help: "the L1's geth chain config or genesis.json (blob schedule; kona's local key 7)",
    env: env('L1_CHAINCONFIG'),
  },
  {
    name: 'program',
    value: '<op-program|kona>',
    help: "whose boot-key numbering to serve for a custom chain: op-program's (6 L2 config, 7 rollup) or kona's (6 rollup, 7 L1 config)",
    default: 'op-program',
    env: env('PROGRAM'),
  },
  { name: 'l1', value: '<url>', help: 'L1 JSON-RPC endpoint', env: env('L1_RPC') },
  { name: 'l1.beacon', value: '<url>', help: 'L1 beacon API endpoint (blobs)', env: env('L1_BEACON_API') },
  {
    name: 'l1.trustrpc',
    help: "op-program's switch to trust the L1 RPC; accepted, but every fetched pre-image is still checked against its hash",
    env: env('L1_TRUST_RPC'),
  },
  {
    name: 'l1.rpckind',
    value: '<kind>',
    help: `op-program's receipts-fetching hint (${RPC_KINDS.join(', ')}); accepted, receipts are fetched the same way for every kind`,
    default: 'standard',
    env: env('L1_RPC_KIND'),
  },
  { name: 'l2', value: '<url>', help: `L2 JSON-RPC endpoint${ONE_CHAIN}`, repeatable: true, env: env('L2_RPC') },
  {
    name: 'l2.experimental',
    value: '<url>',
    help: `op-program's extra L2 RPC for debug_executionWitness; accepted, not used (all L2 data comes from --l2)${ONE_CHAIN}`,
    repeatable: true,
    env: env('L2_RPC_EXPERIMENTAL_RPC'),
  },
  {
    name: 'depset.config',
    value: '<path>',
    help: "op-program's interop dependency set; refused: Faultline runs pre-interop games only",
    env: env('DEPSET_CONFIG'),
  },
  { name: 'datadir', value: '<dir>', help: 'pre-image store directory (default: in memory)', env: env('DATADIR') },
  {
    name: 'data.format',
    value: '<file|directory|lmdb>',
    help: 'datadir layout',
    default: 'directory',
    env: env('DATA_FORMAT'),
  },
  {
    name: 'exec',
    value: '<cmd>',
    help: 'run the client as a child process on fds 3-6 (a leading "faultline" is this faultline)',
    env: env('EXEC'),
  },
  { name: 'server', help: 'serve on this process’s fds 3-6 only', env: env('SERVER') },
  {
    name: 'client.module',
    value: '<path[#export]>',
    help: 'in-process mode: module whose export (default "default") is the client function (default: the built-in client)',
  },
  {
    name: 'progress',
    value: '<seconds>',
    help: 'interval of progress lines (log level info), 0 = none',
    default: '10',
  },
  { name: 'json', help: 'print the outcome as one JSON object on stdout' },
  ...logOptions('OP_PROGRAM'),
];

/**
 * The --exec command, with a leading `faultline` resolved to this bin; that client logs the way
 * this host was told to (its lines share the host's stderr, so they share its format).
 */
function execArgv(ctx: CommandContext, argv: string[]): string[] {
  const resolved = resolveSelf(argv);
  if (resolved.length === argv.length && resolved.every((a, i) => a === argv[i])) return resolved;
  const log = ['log.level', 'log.format'].flatMap((f) =>
    typeof ctx.flags[f] === 'string' ? [`--${f}`, ctx.flags[f] as string] : [],
  );
  return [...resolved, ...log, ...(ctx.flags['log.color'] === true ? ['--log.color'] : [])];
}

export const hostCommand: CommandSpec = {
  name: 'host',
  summary: 'serve pre-images to the fault-proof client (op-program compatible flags)',
  description: `
The host answers the client's pre-image requests: boot values (local keys 1-7) from the flags,
everything else from the pre-image store, fetching what is missing from L1/L2 JSON-RPC and the
beacon API when they are given (each value is checked against its hash before it is stored).
Without --l1/--l2 the host is offline and serves only what --datadir holds. Every flag can also be
given by its environment variable (shown in brackets), as for op-program.

Modes (op-program's): by default the built-in client runs in-process, in a worker thread
(--client.module names another); --exec <cmd> spawns the client with hints on fds 3/4 and
pre-images on fds 5/6; --server serves on this process's own fds 3-6 (for the MIPS VM, whose
exit status is the verdict). A leading "faultline" in --exec is this very faultline: a fresh clone
has no faultline on the PATH, and npx cannot start the client, because it does not pass fds 3-6.

Exit code: the client's verdict, 0 claim valid, 1 claim invalid — only when the client read its
boot values (local keys 1-4), so a client that never ran is no verdict; 2 when the client failed,
the host failed, a flag was wrong, or the client died by a signal. The last log line says why.`,
  options: HOST_OPTIONS,
  examples: [
    'faultline host --network op-sepolia --l1.head 0x… --l2.head 0x… --l2.outputroot 0x… --l2.claim 0x… \\',
    '  --l2.blocknumber 1234 --l1 http://l1:8545 --l1.beacon http://beacon:5052 --l2 http://l2:8545 \\',
    '  --datadir ./preimages --exec "faultline client"',
    'faultline host --server --datadir ./preimages --data.format file --network 10 …',
    'OP_PROGRAM_L1_HEAD=0x… OP_PROGRAM_L2_CLAIM=0x… … faultline host --datadir ./preimages --json',
  ],
  run: async (ctx) => {
    const kind = ctx.flags['l1.rpckind'];
    if (typeof kind === 'string' && !RPC_KINDS.includes(kind))
      throw new UsageError(`--l1.rpckind: unknown kind "${kind}" (expected one of: ${RPC_KINDS.join(', ')})`);
    for (const warning of checkOpProgramFlags(ctx.flags, HOST_OPTIONS)) ctx.log.warn(warning);
    const parsed = parseHostConfig((name) => {
      const v = ctx.flags[name];
      return Array.isArray(v) ? v[v.length - 1] : v;
    });
    if (parsed.datadir !== undefined) prepareDatadir(parsed.datadir);
    const config: HostConfig =
      parsed.mode.kind === 'exec'
        ? { ...parsed, mode: { kind: 'exec', argv: execArgv(ctx, parsed.mode.argv) } }
        : parsed;
    const ref = ctx.flags['client.module'];
    const [module, exportName] = typeof ref === 'string' ? ref.split('#') : [BUILTIN_CLIENT, BUILTIN_EXPORT];
    const client = {
      module: module === BUILTIN_CLIENT ? module : resolve(module!),
      ...(exportName ? { exportName } : {}),
    };
    const outcome = await runHost(config, { stderr: (line) => ctx.log.info(line) }, createFetcher, client);
    const verdict = outcome.exitCode === 0 ? 'valid' : outcome.exitCode === 1 ? 'invalid' : 'failed';
    const fields = { claim: ctx.flags['l2.claim'] as string, block: ctx.flags['l2.blocknumber'] as string };
    if (outcome.exitCode === 2) ctx.log.error(`host: ${outcome.reason}`, fields);
    else ctx.log.info(`host: ${outcome.reason}`, fields);
    if (ctx.flags.json === true) {
      ctx.stdout(
        JSON.stringify({
          verdict,
          exitCode: outcome.exitCode,
          reason: outcome.reason,
          claim: fields.claim,
          blockNumber: fields.block,
        }),
      );
    }
    return outcome.exitCode;
  },
};

/**
 * Every --data.format is a directory: made here if missing, so a path that cannot be one is a
 * bad flag said in one line (exit 2), not the store's raw EEXIST/EACCES from inside the host.
 */
function prepareDatadir(dir: string): void {
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = undefined;
  }
  if (isDir === false) throw new UsageError(`--datadir ${dir}: not a directory`);
  if (isDir === undefined) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--datadir ${fileError(dir, e)}`);
    }
  }
}
