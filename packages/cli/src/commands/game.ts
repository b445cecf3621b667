/**
 * `faultline game show <address>` — a FaultDisputeGame's claim tree (positions, trace indices,
 * depth, clocks, bonds, claimants, who countered what), as text, JSON, SVG or a static HTML page;
 * given the trace flags (as for the challenger) it also says, from our own computation, which
 * claims are right and which VM step and instruction decided a stepped leaf. `faultline game
 * list` lists a factory's games.
 */
import { writeFileSync } from 'node:fs';
import type { L1Client } from '@faultline/devnet';
import { bytesToHex } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, flagBool, flagString } from '../command.js';
import {
  address,
  FACTORY_FLAGS,
  hasTraceFlags,
  honestFromFlags,
  L1_FLAGS,
  requireFlagOf,
  TRACE_FLAGS,
} from './game-flags.js';

async function l1Of(ctx: CommandContext): Promise<L1Client> {
  const url = requireFlagOf(ctx, 'l1-eth-rpc', 'l1');
  const { L1Client } = await import('@faultline/devnet');
  const probe = new L1Client(url, 0n);
  const id = BigInt(await probe.call<string>('eth_chainId'));
  return new L1Client(url, id);
}

const showCmd: CommandSpec = {
  name: 'show',
  summary: "a game's claim tree: positions, trace indices, clocks, bonds, and which claims are right",
  args: { value: '<game address>', min: 1, max: 1 },
  options: [
    ...L1_FLAGS,
    { name: 'json', help: 'the whole report as one JSON object' },
    { name: 'svg', value: '<file>', help: 'write the claim tree as SVG' },
    { name: 'html', value: '<file>', help: 'write a static HTML page (the SVG and a table)' },
    ...TRACE_FLAGS,
  ],
  examples: [
    'faultline game show 0x… --l1-eth-rpc http://127.0.0.1:8545 --svg game.svg',
    'faultline game show 0x… --l1 $L1 --l2 $L2 --prestate client.elf --cannon-rollup-config rollup.json --cannon-l2-genesis genesis.json --cannon-l1-genesis l1.json',
  ],
  run: async (ctx) => {
    const game = address(ctx.args[0]!, 'game address');
    const l1 = await l1Of(ctx);
    const { FaultGameReader, gameReport, formatGameText, gameSvg, gameHtml } = await import('@faultline/game');
    const state = await new FaultGameReader(l1, game).state();
    const setup = hasTraceFlags(ctx) ? await honestFromFlags(ctx, l1.url) : undefined;
    try {
      const report = await gameReport(state, setup?.view);
      const svg = flagString(ctx, 'svg');
      const html = flagString(ctx, 'html');
      if (svg) writeFileSync(svg, gameSvg(report));
      if (html) writeFileSync(html, gameHtml(report));
      if (flagBool(ctx, 'json')) ctx.stdout(JSON.stringify(report, null, 2));
      else for (const line of formatGameText(report)) ctx.stdout(line);
    } finally {
      await setup?.program.close();
    }
    return 0;
  },
};

const listCmd: CommandSpec = {
  name: 'list',
  summary: "a DisputeGameFactory's games: address, type, status, root claim, L2 block, claims",
  options: [...L1_FLAGS, ...FACTORY_FLAGS, { name: 'json', help: 'one JSON object per game' }],
  run: async (ctx) => {
    const l1 = await l1Of(ctx);
    const factory = address(requireFlagOf(ctx, 'game-factory-address', 'game-factory'), '--game-factory-address');
    const { listGames, FaultGameReader, gameTypeName } = await import('@faultline/game');
    for (const g of await listGames(l1, factory)) {
      const reader = new FaultGameReader(l1, g.address);
      let line: Record<string, unknown> = {
        index: g.index,
        address: g.address,
        gameType: g.gameType,
        created: Number(g.timestamp),
      };
      try {
        const [status] = await reader.read('status');
        const [root] = await reader.read('rootClaim');
        const [block] = await reader.read('l2BlockNumber');
        const [claims] = await reader.read('claimDataLen');
        const { gameStatusName } = await import('@faultline/contracts');
        line = {
          ...line,
          status: gameStatusName(status as bigint),
          rootClaim: bytesToHex(root as Uint8Array),
          l2BlockNumber: Number(block as bigint),
          claims: Number(claims as bigint),
        };
      } catch (e) {
        line = { ...line, error: (e as Error).message.split('\n')[0] };
      }
      if (flagBool(ctx, 'json')) ctx.stdout(JSON.stringify(line));
      else
        ctx.stdout(
          `#${line.index} ${line.address} ${gameTypeName(g.gameType)} ${line.status ?? line.error} block ${line.l2BlockNumber ?? '?'} root ${line.rootClaim ?? '?'} claims ${line.claims ?? '?'}`,
        );
    }
    return 0;
  },
};

export const gameCommand: CommandSpec = {
  name: 'game',
  summary: 'look at dispute games: show (claim tree, text/JSON/SVG/HTML), list',
  subcommands: [showCmd, listCmd],
};
