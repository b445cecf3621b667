/**
 * `faultline challenger`: the honest actor of op-challenger for CANNON games of a
 * DisputeGameFactory (flags after op-challenger's). For each game: refuse what cannot be played
 * (another game type, a prestate that is not client.elf's, a resolved game), decide from our own
 * computation — output roots recomputed and confirmed by the native fault-proof program,
 * execution states from client.elf in our VM — print every decision, and (unless --dry-run) make
 * it: moves with their bonds, steps after loading the pre-image part they read, resolution once
 * the clocks allow, and the credit claim. Without --private-key it only prints.
 */
import type { ActorStats } from '@faultline/game';
import { hexToBytes } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, flagBool, flagString, UsageError } from '../command.js';
import { address, FACTORY_FLAGS, honestFromFlags, L1_FLAGS, requireFlagOf, TRACE_FLAGS } from './game-flags.js';

function statsLine(s: ActorStats): string {
  const gas = s.stepGas.length ? ` step gas ${s.stepGas.join(', ')}` : '';
  const t = s.msToStep.length ? `; ${(s.msToStep[0]! / 1000).toFixed(1)} s from first move to the step` : '';
  return `${s.moves} moves, ${s.steps} steps, ${s.preimageLoads} pre-image loads, ${s.resolutions} resolutions, ${s.credited} wei credited${gas}${t}`;
}

/** op-challenger's durations are Go's (`12s`, `500ms`, `1m30s`); a bare number is seconds. */
export function pollSeconds(text: string): number {
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total: number;
  if (/^\d+(\.\d+)?$/.test(text)) total = Number(text);
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text))
    total = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce((t, m) => t + Number(m[1]) * unit[m[2]!]!, 0);
  else total = Number.NaN;
  if (!(total > 0))
    throw new UsageError(`--http-poll-interval: expected a positive duration (12s, 500ms, 1m), got ${text}`);
  return total;
}

export const challengerCommand: CommandSpec = {
  name: 'challenger',
  summary: 'play CANNON dispute games honestly: bisect outputs and client.elf traces, step on chain, resolve',
  description: `Plays every CANNON game of the factory (or of --game-allowlist). Games with another game type or
absolute prestate, and resolved games, are named and skipped (exit 2 at the end if any was refused).
Decisions are printed before they are sent; --dry-run sends nothing. Transactions are signed with
--private-key (env OP_CHALLENGER_PRIVATE_KEY) and must be mined by the L1 (a devnet mines on a timer).`,
  options: [
    ...L1_FLAGS,
    ...FACTORY_FLAGS,
    ...TRACE_FLAGS,
    {
      name: 'trace-type',
      value: '<type>',
      help: 'the trace types played: only cannon (op-challenger also knows asterisc, permissioned, …)',
      repeatable: true,
      env: 'OP_CHALLENGER_TRACE_TYPE',
    },
    {
      name: 'game-allowlist',
      value: '<addr>',
      help: 'play only these games (repeatable)',
      repeatable: true,
      env: 'OP_CHALLENGER_GAME_ALLOWLIST',
    },
    {
      name: 'private-key',
      value: '<hex>',
      help: 'the account that moves and is paid',
      env: 'OP_CHALLENGER_PRIVATE_KEY',
    },
    { name: 'dry-run', help: 'print decisions, send nothing' },
    { name: 'once', help: 'one pass over the games, then exit' },
    {
      name: 'http-poll-interval',
      value: '<duration>',
      help: 'time between passes: a Go duration (12s, 500ms, 1m) or seconds',
      default: '12s',
      env: 'OP_CHALLENGER_HTTP_POLL_INTERVAL',
    },
  ],
  examples: [
    'faultline challenger --l1 $L1 --l2 $L2 --game-factory 0x… --prestate client.elf --cannon-rollup-config rollup.json --cannon-l2-genesis genesis.json --cannon-l1-genesis l1.json --private-key 0x…',
  ],
  run: async (ctx: CommandContext) => {
    for (const t of (ctx.flags['trace-type'] as string[] | undefined) ?? [])
      if (t !== 'cannon')
        throw new UsageError(`--trace-type ${t}: only cannon games are played (FaultDisputeGame type 0)`);
    const poll = pollSeconds(flagString(ctx, 'http-poll-interval') ?? '12s');
    const l1Url = requireFlagOf(ctx, 'l1-eth-rpc', 'l1');
    const factory = address(requireFlagOf(ctx, 'game-factory-address', 'game-factory'), '--game-factory-address');
    const allow = ((ctx.flags['game-allowlist'] as string[] | undefined) ?? []).map((a) =>
      address(a, '--game-allowlist'),
    );
    const key = flagString(ctx, 'private-key');
    if (key !== undefined && !/^(0x)?[0-9a-fA-F]{64}$/.test(key))
      throw new UsageError('--private-key: expected 32 bytes of hex');
    const dryRun = flagBool(ctx, 'dry-run') || key === undefined;
    const { L1Client, Wallet } = await import('@faultline/devnet');
    const { Actor, describeAction, FaultGameReader, GameError, listGames } = await import('@faultline/game');
    const probe = new L1Client(l1Url, 0n);
    const l1 = new L1Client(l1Url, BigInt(await probe.call<string>('eth_chainId')));
    const setup = await honestFromFlags(ctx, l1Url);
    const wallet = new Wallet('challenger', hexToBytes(key ?? `0x${'11'.repeat(32)}`));
    const actor = new Actor({
      label: 'challenger',
      l1,
      wallet,
      view: setup.view,
      prestate: setup.prestateHash,
      log: (l) => ctx.log.info(l),
    });
    if (dryRun) ctx.log.info('dry run: decisions are printed, nothing is sent');
    const refused = new Set<string>();
    const done = new Set<string>();
    try {
      for (;;) {
        const games = allow.length > 0 ? allow : (await listGames(l1, factory)).map((g) => g.address);
        let open = 0;
        for (const game of games) {
          if (done.has(game) || refused.has(game)) continue;
          try {
            const g = await actor.game(game);
            if (g.status !== 'IN_PROGRESS') {
              // A resolved game still matters while our credit waits out DelayedWETH's delay.
              if (!dryRun) await actor.claimCredit(game);
              if (dryRun || (await new FaultGameReader(l1, game).credit(wallet.address)) === 0n) {
                ctx.stdout(`game ${game}: already resolved (${g.status}), nothing to play`);
                done.add(game);
                continue;
              }
            }
            open++;
            if (dryRun) {
              for (const a of await actor.plan(g)) ctx.stdout(`game ${game}: would ${describeAction(a, g)}`);
              continue;
            }
            await actor.act(game);
            await actor.resolve(game);
          } catch (e) {
            if (!(e instanceof GameError)) throw e;
            ctx.log.error(`game ${game}: ${e.message.split('\n')[0]}`);
            refused.add(game);
          }
        }
        if (flagBool(ctx, 'once') || open === 0) break;
        await new Promise((r) => setTimeout(r, poll * 1000));
      }
    } finally {
      const vm = await setup.program.stats();
      ctx.stdout(`challenger: ${statsLine(actor.stats)}`);
      ctx.stdout(
        `challenger: ${setup.program.nativeRuns} native program runs; ${vm.traces} client.elf traces, ${vm.runs} VM runs, ${vm.steps} steps (${Math.round(vm.ms / 1000)} s)`,
      );
      await setup.program.close();
    }
    return refused.size > 0 ? 2 : 0;
  },
};
