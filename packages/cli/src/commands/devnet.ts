/**
 * `faultline devnet up` / `faultline devnet status`: a local OP Stack devnet on a real L1
 * (@faultline/devnet) — anvil from npm, Optimism's L1 contracts from the contracts-bedrock
 * artifacts, Faultline as the L2 node, a batcher and a proposer — and the view of a running one.
 * `up` prints the RPC URLs, the contract addresses and, for each game the proposer creates, a
 * runnable `faultline host` command that checks it online; Ctrl-C (SIGINT), SIGTERM or SIGHUP stops
 * every process it started. `status` reads `<dir>/devnet.json` and asks the running devnet.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { GAME_TYPES, gameStatusName, loadArtifact } from '@faultline/contracts';
import { DEFAULT_GAME, Devnet, type Proposal } from '@faultline/devnet';
import { BaseError, bytesToHex, hexToBytes } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, fileError, flagBool, flagString, UsageError } from '../command.js';
import { selfCommand } from '../self.js';

export class DevnetCommandError extends BaseError {
  override name = 'DevnetCommandError' as const;
}

const DEFAULT_DIR = '.devnet';
/** Ctrl-C, kill, and a closed terminal all stop everything the devnet started. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function positiveInt(ctx: CommandContext, name: string, fallback: bigint): bigint {
  const v = flagString(ctx, name);
  if (v === undefined) return fallback;
  if (!/^[0-9]+$/.test(v) || BigInt(v) < 1n) throw new UsageError(`--${name}: expected a positive integer, got ${v}`);
  return BigInt(v);
}

function port(ctx: CommandContext, name: string): number | undefined {
  const v = flagString(ctx, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || n < 1 || n > 65535) throw new UsageError(`--${name}: expected a port 1-65535, got ${v}`);
  return n;
}

/**
 * The FaultDisputeGame's absolute prestate: --prestate, else client.elf's recorded one
 * (packages/client-elf/build-record.json, field `prestate`), else a fixed placeholder.
 */
function prestate(ctx: CommandContext): { value: Uint8Array; source: string } | undefined {
  const flag = flagString(ctx, 'prestate');
  if (flag !== undefined) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(flag)) throw new UsageError(`--prestate: expected 32 bytes of 0x-hex, got ${flag}`);
    return { value: hexToBytes(flag), source: '--prestate' };
  }
  let record: string;
  try {
    const entry = createRequire(import.meta.url).resolve('@faultline/client-elf');
    record = join(dirname(entry), '..', 'build-record.json');
  } catch {
    return undefined;
  }
  if (!existsSync(record)) return undefined;
  try {
    const value = (JSON.parse(readFileSync(record, 'utf8')) as { prestate?: unknown }).prestate;
    if (typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)) {
      return { value: hexToBytes(value), source: 'client.elf (packages/client-elf/build-record.json)' };
    }
  } catch {
    // An unreadable record is the same as none: the placeholder is used and deployment.json says so.
  }
  return undefined;
}

/** Where `npm run build:elf` puts client.elf (the challenger's prestate). */
function clientElfPath(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@faultline/client-elf');
    return join(dirname(entry), '..', 'dist', 'client.elf');
  } catch {
    return 'client.elf';
  }
}

function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_./:=@,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The host command for a proposal, with a datadir named after its game; `prog` is how faultline
 * is started here (`npx faultline` on a fresh clone), so the line runs as printed.
 */
export function hostCommandLine(devnet: Devnet, proposal: Proposal, prog = 'faultline'): string {
  const datadir = join(
    devnet.dir,
    'preimages',
    `block-${proposal.l2BlockNumber}-${proposal.honest ? 'honest' : 'wrong'}`,
  );
  return `${prog} host ${shellQuote([...devnet.hostFlags(proposal), '--datadir', datadir, '--exec', 'faultline client'])}`;
}

const upCommand: CommandSpec = {
  name: 'up',
  summary: 'start anvil, deploy the L1 contracts, run the L2 node, batcher and proposer',
  description: `
Starts anvil (the npm binary) on 127.0.0.1, deploys Optimism's L1 contracts from the
@eth-optimism/contracts-bedrock artifacts (ProxyAdmin, SuperchainConfig, SystemConfig,
OptimismPortal2, DisputeGameFactory, DelayedWETH, AnchorStateRegistry, PreimageOracle, MIPS and the
CANNON FaultDisputeGame), and runs Faultline as the L2 node (JSON-RPC on 127.0.0.1), a batcher
posting calldata batches to the batch inbox and a proposer creating a game every N L2 blocks.
Chain time is a time-lapse: every --interval milliseconds one L1 block (12 s later) is mined and
the L2 blocks up to its time (2 s each) are built. <dir> receives deployment.json, rollup.json,
genesis.json and devnet.json. Ctrl-C stops everything this command started.`,
  options: [
    { name: 'dir', value: '<dir>', help: 'where the devnet writes its files', default: DEFAULT_DIR },
    { name: 'blocks-per-proposal', value: '<n>', help: 'propose an output every n L2 blocks', default: '10' },
    { name: 'dishonest', help: 'propose wrong output roots (keccak of the true one)' },
    { name: 'interval', value: '<ms>', help: 'real time between L1 blocks', default: '1000' },
    { name: 'l1.port', value: '<port>', help: 'anvil port (default: a free one)' },
    { name: 'l2.port', value: '<port>', help: 'L2 JSON-RPC port (default: a free one)' },
    { name: 'prestate', value: '<hash>', help: "absolute prestate (default: client.elf's recorded one)" },
    { name: 'max-game-depth', value: '<n>', help: "the game's max depth", default: String(DEFAULT_GAME.maxGameDepth) },
    {
      name: 'split-depth',
      value: '<n>',
      help: 'the depth of the last output-root claim; 2^(max − split − 1) VM steps must cover client.elf on one block (34/3 as demo:dispute: 2^30)',
      default: String(DEFAULT_GAME.splitDepth),
    },
    {
      name: 'max-clock-duration',
      value: '<s>',
      help: "each side's chess clock, chain seconds",
      default: String(DEFAULT_GAME.maxClockDuration),
    },
    {
      name: 'clock-extension',
      value: '<s>',
      help: 'chain seconds a late move gets',
      default: String(DEFAULT_GAME.clockExtension),
    },
  ],
  examples: ['faultline devnet up --blocks-per-proposal 4 --dir ./devnet', 'faultline devnet status --dir ./devnet'],
  run: async (ctx) => {
    const dir = resolve(flagString(ctx, 'dir') ?? DEFAULT_DIR);
    const blocksPerProposal = positiveInt(ctx, 'blocks-per-proposal', 10n);
    const interval = Number(positiveInt(ctx, 'interval', 1000n));
    const l1Port = port(ctx, 'l1.port');
    const l2Port = port(ctx, 'l2.port');
    const absolutePrestate = prestate(ctx);
    const game = {
      maxGameDepth: positiveInt(ctx, 'max-game-depth', DEFAULT_GAME.maxGameDepth),
      splitDepth: positiveInt(ctx, 'split-depth', DEFAULT_GAME.splitDepth),
      maxClockDuration: positiveInt(ctx, 'max-clock-duration', DEFAULT_GAME.maxClockDuration),
      clockExtension: positiveInt(ctx, 'clock-extension', DEFAULT_GAME.clockExtension),
    };
    // anvil runs in its own process group (a terminal's Ctrl-C reaches only this process, which
    // then stops the devnet in order), so the signals are ours to handle from the very start: one
    // that arrives while the contracts deploy ends the process at once, and Anvil's exit hook
    // takes anvil down with it.
    const onStartSignal = (sig: NodeJS.Signals) => {
      ctx.log.info(`devnet: ${sig} while starting; stopping`);
      process.exit(130);
    };
    for (const sig of SIGNALS) process.on(sig, onStartSignal);
    let devnet: Devnet;
    try {
      devnet = await Devnet.start({
        dir,
        blocksPerProposal,
        dishonest: flagBool(ctx, 'dishonest'),
        ...(l1Port ? { l1Port } : {}),
        ...(l2Port ? { l2Port } : {}),
        ...(absolutePrestate ? { absolutePrestate } : {}),
        game,
        l1OwnProcessGroup: true,
        log: (line) => ctx.log.info(line),
      });
    } finally {
      for (const sig of SIGNALS) process.off(sig, onStartSignal);
    }
    ctx.stdout(`L1 (anvil)     ${devnet.l1Url}`);
    ctx.stdout(`L2 (faultline) ${devnet.l2Url}`);
    for (const [name, address] of Object.entries(devnet.addresses)) ctx.stdout(`  ${name.padEnd(26)} ${address}`);
    // The L1's chain config (anvil --hardfork prague) for the challenger's --cannon-l1-genesis.
    const { pragueL1ChainConfig } = await import('@faultline/game');
    writeFileSync(
      join(dir, 'l1-chainconfig.json'),
      `${JSON.stringify(pragueL1ChainConfig(devnet.l1.chainId), null, 2)}\n`,
    );
    ctx.stdout(`files          ${dir}/{deployment,rollup,genesis,devnet,l1-chainconfig}.json`);
    ctx.stdout(
      `challenger     ${selfCommand(ctx.env)} challenger ${shellQuote([
        ...['--l1', devnet.l1Url, '--l2', devnet.l2Url, '--game-factory', devnet.addresses.DisputeGameFactoryProxy!],
        ...['--prestate', clientElfPath(), '--cannon-rollup-config', join(dir, 'rollup.json')],
        ...['--cannon-l2-genesis', join(dir, 'genesis.json'), '--cannon-l1-genesis', join(dir, 'l1-chainconfig.json')],
        ...['--datadir', join(dir, 'challenger')],
      ])} [--private-key …]`,
    );
    ctx.stdout('ready; Ctrl-C stops the devnet');
    const printed = new Set<Proposal>();
    const announce = () => {
      for (const p of devnet.proposer.proposals) {
        if (!p.game || printed.has(p)) continue;
        printed.add(p);
        ctx.stdout(
          `game ${p.game.address} for L2 block ${p.l2BlockNumber} (${p.honest ? 'honest' : 'WRONG'} claim); check it:`,
        );
        ctx.stdout(`  ${hostCommandLine(devnet, p, selfCommand(ctx.env))}`);
      }
    };
    return await new Promise<number>((done) => {
      let finished = false;
      const finish = (code: number) => {
        if (finished) return;
        finished = true;
        for (const sig of SIGNALS) process.off(sig, onSignal);
        clearInterval(poll);
        done(code);
      };
      const onSignal = () => {
        ctx.log.info('devnet: stopping');
        void devnet.stop().then(() => finish(0));
      };
      devnet.onFailure = (reason) => {
        ctx.log.error(`devnet: ${reason}`);
        finish(2);
      };
      for (const sig of SIGNALS) process.on(sig, onSignal);
      const poll = setInterval(announce, 200);
      devnet.run(interval);
    });
  },
};

type Json = Record<string, unknown>;

async function rpc<T>(url: string, method: string, params: unknown[], what: string): Promise<T> {
  let body: { result?: T; error?: { message?: string } };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(5000),
    });
    body = (await res.json()) as typeof body;
  } catch (e) {
    throw new DevnetCommandError(
      `${what} at ${url} does not answer (${(e as Error).message}); is "${selfCommand()} devnet up" running?`,
    );
  }
  if (body.error) throw new DevnetCommandError(`${what} ${method}: ${body.error.message ?? 'error'}`);
  return body.result as T;
}

/** A file devnet up wrote, read back; one that is missing or not JSON is named. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DevnetCommandError(`${fileError(file, e)} (written by devnet up; start it again)`);
  }
}

const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'heights, safe head, proposals and games of a running devnet',
  options: [{ name: 'dir', value: '<dir>', help: 'the devnet directory', default: DEFAULT_DIR }],
  run: async (ctx) => {
    const dir = resolve(flagString(ctx, 'dir') ?? DEFAULT_DIR);
    const file = join(dir, 'devnet.json');
    if (!existsSync(file))
      throw new DevnetCommandError(
        `${file} not found: start one with "${selfCommand(ctx.env)} devnet up --dir ${dir}"`,
      );
    const info = readJson(file) as { l1: string; l2: string };
    const deployment = readJson(join(dir, 'deployment.json')) as { addresses: Record<string, string> };
    const l1Head = BigInt(await rpc<string>(info.l1, 'eth_blockNumber', [], 'L1 (anvil)'));
    const sync = await rpc<Json>(info.l2, 'optimism_syncStatus', [], 'L2 node');
    const ref = (k: string) => (sync[k] as { number: number }).number;
    ctx.stdout(`L1 ${info.l1}  head ${l1Head}`);
    ctx.stdout(
      `L2 ${info.l2}  unsafe ${ref('unsafe_l2')}  safe ${ref('safe_l2')} (batch in L1 block ${ref('safe_l1')})`,
    );
    const factory = loadArtifact('DisputeGameFactory');
    const game = loadArtifact('FaultDisputeGame');
    const factoryAddress = deployment.addresses.DisputeGameFactoryProxy!;
    const call = async (to: string, data: Uint8Array) =>
      hexToBytes(await rpc<string>(info.l1, 'eth_call', [{ to, data: bytesToHex(data) }, 'latest'], 'L1 (anvil)'));
    const count = factory.decodeResult(
      'gameCount',
      await call(factoryAddress, factory.encodeCall('gameCount')),
    )[0] as bigint;
    ctx.stdout(`games ${count}`);
    for (let i = 0n; i < count; i++) {
      const [type, , proxy] = factory.decodeResult(
        'gameAtIndex',
        await call(factoryAddress, factory.encodeCall('gameAtIndex', [i])),
      ) as [bigint, bigint, string];
      const read = async (fn: string) => game.decodeResult(fn, await call(proxy, game.encodeCall(fn)))[0]!;
      const block = (await read('l2BlockNumber')) as bigint;
      const claim = bytesToHex((await read('rootClaim')) as Uint8Array);
      const status = gameStatusName((await read('status')) as bigint);
      const name = Number(type) === GAME_TYPES.CANNON ? 'CANNON' : `type ${type}`;
      ctx.stdout(`  #${i} ${proxy} ${name} L2 block ${block} claim ${claim} ${status}`);
    }
    return 0;
  },
};

export const devnetCommand: CommandSpec = {
  name: 'devnet',
  summary: 'a local OP Stack devnet: anvil + Optimism L1 contracts + Faultline as L2 node',
  subcommands: [upCommand, statusCommand],
};
