/**
 * `faultline block header <rpc-json-file>`: one block header from a JSON-RPC block object
 * (an `eth_getBlockBy*` result, the whole JSON-RPC response, or a file that wraps the object in
 * `header` with the block `hash` beside it, as ../shared/fixtures/op-jovian-karst does). It
 * prints the header's hash (keccak of the RLP of its fields) and whether it equals the hash the
 * file states, the chain and the OP fork the block falls in, and the decoded `extraData`, which
 * must have the form of that fork: none before Holocene, version 0 (9 bytes) until Jovian,
 * version 1 (17 bytes, with the minimum base fee) from Jovian on. The chain is `--network`, or
 * else the built-in chain whose block number and time fit the header
 * (number = genesis number + (time − genesis time) / block time).
 */
import { readFileSync } from 'node:fs';
import { decodeOpExtraData, JOVIAN_EXTRA_DATA_VERSION } from '@faultline/executor';
import { BaseError, bytesToHex, parseQuantity } from '@faultline/primitives';
import {
  activeOpHardfork,
  BUILTIN_CHAINS,
  type BuiltinChain,
  builtinChain,
  type Header,
  headerFromJson,
  headerHash,
  isOpHardforkActive,
  l1ForkForOpBlock,
} from '@faultline/protocol';
import { type CommandContext, type CommandSpec, fileError, flagString, UsageError } from '../command.js';

export class HeaderFileError extends BaseError {
  override name = 'HeaderFileError' as const;
}

type Json = Record<string, unknown>;

/** The header object and the hash the file states for it, whichever of the three shapes it has. */
function readHeaderFile(path: string): { header: Header; statedHash: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new HeaderFileError(fileError(path, e));
  }
  if (typeof json !== 'object' || json === null) throw new HeaderFileError(`${path}: expected a JSON object`);
  let obj = json as Json;
  let statedHash = typeof obj.hash === 'string' ? obj.hash : undefined;
  if (typeof obj.result === 'object' && obj.result !== null) obj = obj.result as Json;
  if (typeof obj.header === 'object' && obj.header !== null) obj = obj.header as Json;
  if (typeof obj.hash === 'string') statedHash = obj.hash;
  try {
    return { header: headerFromJson(obj), statedHash: statedHash?.toLowerCase() };
  } catch (e) {
    throw new HeaderFileError(`${path}: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`);
  }
}

/** Built-in chains on which a block with this number could have this timestamp. */
function chainsFitting(header: Header): BuiltinChain[] {
  return [...BUILTIN_CHAINS.values()].filter(({ rollup }) => {
    const { l2, l2Time } = { l2: rollup.genesis.l2, l2Time: rollup.genesis.l2Time };
    if (header.timestamp < l2Time || (header.timestamp - l2Time) % rollup.blockTime !== 0n) return false;
    return header.number === l2.number + (header.timestamp - l2Time) / rollup.blockTime;
  });
}

function chainOf(ctx: CommandContext, header: Header): { chain: BuiltinChain; how: string } {
  const network = flagString(ctx, 'network');
  if (network !== undefined) {
    const chain = builtinChain(/^[0-9]+$/.test(network) ? parseQuantity(network, '--network') : network);
    if (!chain) {
      const known = [...BUILTIN_CHAINS.values()].map((c) => `${c.name} (${c.rollup.l2ChainId})`).join(', ');
      throw new UsageError(`unknown --network ${JSON.stringify(network)}; known: ${known}`);
    }
    return { chain, how: '--network' };
  }
  const fitting = chainsFitting(header);
  if (fitting.length !== 1) {
    throw new HeaderFileError(
      `block ${header.number} at ${header.timestamp} fits ${fitting.length === 0 ? 'no' : 'more than one'} built-in chain; pass --network`,
    );
  }
  return { chain: fitting[0]!, how: 'inferred from block number and time' };
}

function describeExtraData(header: Header, jovian: boolean, holocene: boolean): string {
  const hex = bytesToHex(header.extraData);
  if (!holocene) {
    if (header.extraData.length !== 0) throw new HeaderFileError(`extraData ${hex}: must be empty before Holocene`);
    return `${hex} (empty before Holocene)`;
  }
  const d = decodeOpExtraData(header.extraData);
  const wanted = jovian ? JOVIAN_EXTRA_DATA_VERSION : 0;
  if (d.version !== wanted) {
    throw new HeaderFileError(`extraData ${hex}: version ${d.version} where this fork requires version ${wanted}`);
  }
  const min = d.minBaseFee === undefined ? '' : `, minBaseFee ${d.minBaseFee} wei`;
  return `${hex} → version ${d.version}: denominator ${d.denominator}, elasticity ${d.elasticity}${min}`;
}

export const headerSubcommand: CommandSpec = {
  name: 'header',
  summary: 'hash a JSON-RPC block header, name its chain and fork, decode its extraData',
  description: `
Reads one block object as returned by eth_getBlockByHash / eth_getBlockByNumber (alone, as the
"result" of a JSON-RPC response, or under "header" with the block "hash" beside it). Prints the
keccak hash of the RLP header, compared with the hash the file states; the chain (--network, or
the built-in chain whose genesis number, genesis time and block time fit the block) and the OP
fork active at its time; and the decoded extraData, which must have that fork's form. Exit 0 when
the hashes agree (or the file states none), 1 when they differ, 2 for unreadable input or an
extraData that does not fit the fork.`,
  args: { value: '<rpc-json-file>', min: 1, max: 1 },
  options: [
    { name: 'network', value: '<name|id>', help: 'the chain (op-mainnet, op-sepolia, unichain-mainnet or a chain id)' },
  ],
  examples: ['faultline block header ../shared/fixtures/op-jovian-karst/op-mainnet-151534212-header.json'],
  run: (ctx) => {
    if (ctx.args.length !== 1) throw new UsageError('header: expected exactly one JSON file');
    const { header, statedHash } = readHeaderFile(ctx.args[0]!);
    const hash = bytesToHex(headerHash(header));
    const { chain, how } = chainOf(ctx, header);
    const forks = chain.rollup.hardforks;
    const fork = activeOpHardfork(forks, header.timestamp);
    const since = forks[fork];
    const date = new Date(Number(header.timestamp) * 1000).toISOString();
    const matches =
      statedHash === undefined
        ? '(the file states no hash)'
        : statedHash === hash
          ? '(matches the file)'
          : `MISMATCH: the file states ${statedHash}`;
    ctx.stdout(`hash        ${hash} ${matches}`);
    ctx.stdout(`number      ${header.number} at ${header.timestamp} (${date})`);
    ctx.stdout(`chain       ${chain.name} (${chain.rollup.l2ChainId}), ${how}`);
    ctx.stdout(
      `fork        ${fork}${since === undefined ? '' : ` (active since ${since})`}, EVM rules ${l1ForkForOpBlock(forks, header.timestamp)}`,
    );
    const jovian = isOpHardforkActive(forks, 'jovian', header.timestamp);
    ctx.stdout(
      `extraData   ${describeExtraData(header, jovian, isOpHardforkActive(forks, 'holocene', header.timestamp))}`,
    );
    if (header.blobGasUsed !== undefined) {
      ctx.stdout(`blobGasUsed ${header.blobGasUsed}${jovian ? ' (the DA footprint, jovian/exec-engine.md)' : ''}`);
    }
    return statedHash === undefined || statedHash === hash ? 0 : 1;
  },
};
