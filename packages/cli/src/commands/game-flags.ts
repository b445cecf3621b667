/**
 * Flags shared by `faultline challenger` and `faultline game`, spelled as op-challenger spells
 * them (`--l1-eth-rpc`, `--l2-eth-rpc`, `--rollup-rpc`, `--l1-beacon`, `--game-factory-address`, `--cannon-prestate`,
 * `--cannon-rollup-config`, `--cannon-l2-genesis`, `--datadir`, `--cannon-snapshot-freq`), with
 * the short names of issue 15 (`--l1`, `--l2`, `--game-factory`, `--prestate`) accepted too, and
 * the honest actor they describe.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HonestSetup } from '@faultline/game';
import { type CommandContext, flagString, type OptionSpec, UsageError } from '../command.js';
import { resolveSelf } from '../self.js';

const env = (n: string) => ({ env: `OP_CHALLENGER_${n}` });

export const L1_FLAGS: OptionSpec[] = [
  { name: 'l1-eth-rpc', value: '<url>', help: 'L1 JSON-RPC (alias --l1)', ...env('L1_ETH_RPC') },
  { name: 'l1', value: '<url>', help: 'same as --l1-eth-rpc' },
];

export const FACTORY_FLAGS: OptionSpec[] = [
  {
    name: 'game-factory-address',
    value: '<addr>',
    help: 'DisputeGameFactory (alias --game-factory)',
    ...env('GAME_FACTORY_ADDRESS'),
  },
  { name: 'game-factory', value: '<addr>', help: 'same as --game-factory-address' },
];

export const TRACE_FLAGS: OptionSpec[] = [
  { name: 'l2-eth-rpc', value: '<url>', help: 'L2 JSON-RPC (eth namespace; alias --l2)', ...env('L2_ETH_RPC') },
  { name: 'l2', value: '<url>', help: 'same as --l2-eth-rpc' },
  {
    name: 'rollup-rpc',
    value: '<url>',
    help: "an op-node: its optimism_outputAtBlock must agree with the output roots recomputed from the L2 node's blocks",
    ...env('ROLLUP_RPC'),
  },
  {
    name: 'l1-beacon',
    value: '<url>',
    help: 'L1 beacon API, for blob pre-images (the host gets it as --l1.beacon)',
    ...env('L1_BEACON'),
  },
  {
    name: 'cannon-prestate',
    value: '<file>',
    help: 'client.elf or its prestate state file (alias --prestate)',
    ...env('CANNON_PRESTATE'),
  },
  { name: 'prestate', value: '<file>', help: 'same as --cannon-prestate' },
  { name: 'cannon-rollup-config', value: '<file>', help: 'the L2 rollup.json', ...env('CANNON_ROLLUP_CONFIG') },
  {
    name: 'cannon-l2-genesis',
    value: '<file>',
    help: 'the L2 genesis.json (op-geth form)',
    ...env('CANNON_L2_GENESIS'),
  },
  {
    name: 'cannon-l1-genesis',
    value: '<file>',
    help: "the L1's chain config or genesis (kona's boot key 7: its blob schedule)",
    ...env('CANNON_L1_GENESIS'),
  },
  {
    name: 'datadir',
    value: '<dir>',
    help: 'pre-images, configs and traces',
    default: '.challenger',
    ...env('DATADIR'),
  },
  {
    name: 'cannon-snapshot-freq',
    value: '<steps>',
    help: 'keep a VM snapshot every this many steps',
    default: '16777216',
    ...env('CANNON_SNAPSHOT_FREQ'),
  },
];

/** A flag by its op-challenger name or its short alias. */
export function flagOf(ctx: CommandContext, name: string, alias: string): string | undefined {
  const a = flagString(ctx, name);
  const b = flagString(ctx, alias);
  if (a !== undefined && b !== undefined && a !== b) throw new UsageError(`--${name} and --${alias} disagree`);
  return a ?? b;
}

export function requireFlagOf(ctx: CommandContext, name: string, alias?: string): string {
  const v = alias ? flagOf(ctx, name, alias) : flagString(ctx, name);
  if (v === undefined) throw new UsageError(`missing required flag --${name}`);
  return v;
}

export function address(text: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text))
    throw new UsageError(`${what}: expected a 20-byte 0x-hex address, got ${text}`);
  return text.toLowerCase();
}

function existing(ctx: CommandContext, name: string): string {
  const p = requireFlagOf(ctx, name);
  if (!existsSync(p)) throw new UsageError(`--${name}: ${p} does not exist`);
  return resolve(p);
}

/** Whether the flags describe an honest view (all trace flags given). */
export function hasTraceFlags(ctx: CommandContext): boolean {
  return flagOf(ctx, 'l2-eth-rpc', 'l2') !== undefined || flagOf(ctx, 'cannon-prestate', 'prestate') !== undefined;
}

/** The honest actor's setup from the flags; every missing or bad flag is one line. */
export async function honestFromFlags(ctx: CommandContext, l1Url: string): Promise<HonestSetup> {
  const { honestSetup, loadPrestate } = await import('@faultline/game');
  const l2Url = requireFlagOf(ctx, 'l2-eth-rpc', 'l2');
  const prestatePath = requireFlagOf(ctx, 'cannon-prestate', 'prestate');
  const rollupConfig = existing(ctx, 'cannon-rollup-config');
  const l2Genesis = existing(ctx, 'cannon-l2-genesis');
  const l1Genesis = existing(ctx, 'cannon-l1-genesis');
  const datadir = resolve(flagString(ctx, 'datadir') ?? '.challenger');
  const freq = flagString(ctx, 'cannon-snapshot-freq') ?? '16777216';
  if (!/^\d+$/.test(freq) || Number(freq) < 1)
    throw new UsageError(`--cannon-snapshot-freq: expected a positive integer, got ${freq}`);
  mkdirSync(datadir, { recursive: true });
  const rollupUrl = flagString(ctx, 'rollup-rpc');
  const l1BeaconUrl = flagString(ctx, 'l1-beacon');
  return honestSetup({
    l1Url,
    l2Url,
    ...(rollupUrl ? { rollupUrl } : {}),
    ...(l1BeaconUrl ? { l1BeaconUrl } : {}),
    rollupConfig,
    l2Genesis,
    l1Genesis,
    prestate: await loadPrestate(prestatePath),
    datadir,
    faultline: resolveSelf(['faultline']),
    snapshotEvery: Number(freq),
    log: (l) => ctx.log.info(l),
  });
}
