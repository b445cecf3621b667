/**
 * The host's configuration and the checks op-program's `Config.Check` makes
 * (`host/config/config.go`): the five boot values are required, `--network` excludes
 * `--rollup.config`/`--l2.genesis`, `--l1` and `--l2` go together, a host without RPCs is
 * offline and then needs `--datadir`, and `--exec` excludes `--server`.
 */
import { readFileSync } from 'node:fs';
import { BaseError, hexToBytes, parseQuantity, utf8ToBytes } from '@faultline/primitives';
import { type DataFormat, parseDataFormat } from '../kv/kv-store.js';
import { type BootInfo, type BootProgram, CUSTOM_CHAIN_ID } from '../kv/local-source.js';
import { NETWORKS, networkChainId } from './networks.js';

export class HostConfigError extends BaseError {
  override name = 'HostConfigError' as const;
}

export type HostMode = { kind: 'in-process' } | { kind: 'exec'; argv: string[] } | { kind: 'server' };

export interface HostConfig {
  boot: BootInfo;
  l2Head: Uint8Array;
  l1Rpc?: string;
  l1Beacon?: string;
  l2Rpc?: string;
  datadir?: string;
  dataFormat: DataFormat;
  mode: HostMode;
  /** Seconds between progress lines; 0 = silent. */
  progressSeconds: number;
}

/** Flag lookup as the CLI provides it: string values, `true` for switches, undefined if absent. */
export type FlagLookup = (name: string) => string | boolean | undefined;

function str(flags: FlagLookup, name: string): string | undefined {
  const v = flags(name);
  if (v === undefined || v === false) return undefined;
  if (v === true) throw new HostConfigError(`flag --${name} needs a value`);
  return v;
}

function required(flags: FlagLookup, name: string): string {
  const v = str(flags, name);
  if (v === undefined) throw new HostConfigError(`missing required flag --${name}`);
  return v;
}

function hash(flags: FlagLookup, name: string): Uint8Array {
  const text = required(flags, name);
  try {
    return hexToBytes(text, 32);
  } catch (e) {
    throw new HostConfigError(`--${name}: expected a 0x-prefixed 32-byte hash, got ${JSON.stringify(text)}`, {
      cause: e,
    });
  }
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
};

function readJsonFile(path: string, what: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
    JSON.parse(text);
  } catch (e) {
    // A system error said in words, without Node's code and repeated path.
    const code = (e as { code?: unknown }).code;
    const reason = typeof code === 'string' && SYSTEM_ERRORS[code] ? SYSTEM_ERRORS[code] : (e as Error).message;
    throw new HostConfigError(`--${what} ${path}: ${reason}`);
  }
  return utf8ToBytes(text);
}

export function parseHostConfig(flags: FlagLookup): HostConfig {
  const blockNumber = parseQuantity(required(flags, 'l2.blocknumber'), '--l2.blocknumber');
  const program = (str(flags, 'program') ?? 'op-program') as BootProgram;
  if (program !== 'op-program' && program !== 'kona') {
    throw new HostConfigError(`--program: expected op-program or kona, got ${JSON.stringify(program)}`);
  }
  const l1ChainConfigPath = str(flags, 'l1.chainconfig');
  if (blockNumber === 0n) throw new HostConfigError('--l2.blocknumber must not be 0');
  const network = str(flags, 'network');
  const rollupPath = str(flags, 'rollup.config');
  const genesisPath = str(flags, 'l2.genesis');
  let chainId: bigint;
  let l2ChainConfig: Uint8Array | undefined;
  let rollupConfig: Uint8Array | undefined;
  if (network !== undefined) {
    if (rollupPath !== undefined || genesisPath !== undefined) {
      throw new HostConfigError('--network cannot be combined with --rollup.config or --l2.genesis');
    }
    const id = networkChainId(network);
    if (id === undefined) {
      throw new HostConfigError(
        `unknown --network ${JSON.stringify(network)}; expected a chain id or one of: ${Object.keys(NETWORKS).join(', ')}`,
      );
    }
    chainId = id;
  } else {
    if (rollupPath === undefined) throw new HostConfigError('either --network or --rollup.config is required');
    if (genesisPath === undefined) throw new HostConfigError('--l2.genesis is required with --rollup.config');
    rollupConfig = readJsonFile(rollupPath, 'rollup.config');
    const genesis = JSON.parse(new TextDecoder().decode(readJsonFile(genesisPath, 'l2.genesis'))) as {
      config?: unknown;
    };
    if (genesis.config === undefined) throw new HostConfigError(`--l2.genesis ${genesisPath}: no "config" object`);
    l2ChainConfig = utf8ToBytes(JSON.stringify(genesis.config));
    chainId = CUSTOM_CHAIN_ID;
    if (program === 'kona') {
      // kona reads the chain's real id and finds the configs under keys 6 (rollup) and 7 (L1).
      const rollup = JSON.parse(new TextDecoder().decode(rollupConfig)) as { l2_chain_id?: unknown };
      if (typeof rollup.l2_chain_id !== 'number' && typeof rollup.l2_chain_id !== 'string') {
        throw new HostConfigError(`--rollup.config ${rollupPath}: no l2_chain_id`);
      }
      chainId = parseQuantity(rollup.l2_chain_id, 'l2_chain_id');
      if (l1ChainConfigPath === undefined)
        throw new HostConfigError('--program kona with a custom chain needs --l1.chainconfig');
    }
  }
  let l1ChainConfig: Uint8Array | undefined;
  if (l1ChainConfigPath !== undefined) {
    // A geth genesis.json or its bare "config" object.
    const doc = JSON.parse(new TextDecoder().decode(readJsonFile(l1ChainConfigPath, 'l1.chainconfig'))) as {
      config?: unknown;
    };
    l1ChainConfig = utf8ToBytes(JSON.stringify(doc.config ?? doc));
  }
  const l1Rpc = str(flags, 'l1');
  const l2Rpc = str(flags, 'l2');
  const l1Beacon = str(flags, 'l1.beacon');
  if ((l1Rpc === undefined) !== (l2Rpc === undefined))
    throw new HostConfigError('--l1 and --l2 must be given together');
  const datadir = str(flags, 'datadir');
  if (l1Rpc === undefined && datadir === undefined) {
    throw new HostConfigError('--datadir must be specified when in non-fetching mode (no --l1/--l2)');
  }
  const exec = str(flags, 'exec');
  const server = flags('server') === true;
  if (exec !== undefined && server) throw new HostConfigError('--exec and --server are mutually exclusive');
  const mode: HostMode =
    exec !== undefined
      ? { kind: 'exec', argv: exec.trim().split(/\s+/) }
      : server
        ? { kind: 'server' }
        : { kind: 'in-process' };
  const progress = Number(str(flags, 'progress') ?? '10');
  if (!Number.isFinite(progress) || progress < 0)
    throw new HostConfigError('--progress must be a number of seconds ≥ 0');
  const boot: BootInfo = {
    l1Head: hash(flags, 'l1.head'),
    l2OutputRoot: hash(flags, 'l2.outputroot'),
    l2Claim: hash(flags, 'l2.claim'),
    l2ClaimBlockNumber: blockNumber,
    l2ChainId: chainId,
    ...(l2ChainConfig ? { l2ChainConfig } : {}),
    ...(rollupConfig ? { rollupConfig } : {}),
    ...(l1ChainConfig ? { l1ChainConfig } : {}),
    program,
  };
  return {
    boot,
    l2Head: hash(flags, 'l2.head'),
    ...(l1Rpc !== undefined ? { l1Rpc } : {}),
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(l1Beacon !== undefined ? { l1Beacon } : {}),
    ...(datadir !== undefined ? { datadir } : {}),
    dataFormat: parseDataFormat(str(flags, 'data.format') ?? 'directory'),
    mode,
    progressSeconds: progress,
  };
}
