/**
 * `faultline demo-dispute` (`npm run demo:dispute`): two FaultDisputeGames played to the end on a
 * local devnet. client.elf is built (cached) and its absolute prestate deployed with the game;
 * the devnet proposes an honest output root, which a dishonest actor attacks and the honest
 * challenger defends → DEFENDER_WINS; then a wrong output root, which the honest challenger
 * attacks and a dishonest actor defends with a lie in client.elf's trace at its first keccak
 * pre-image read (or, with --lie-at local, its first local-key read, so the step needs the game's
 * own local data: FaultDisputeGame.addLocalData under the game's local context), so the game ends in an on-chain `step` that first loads that pre-image part →
 * CHALLENGER_WINS. Chain time advances one L1 block (12 s) per transaction; the clocks then run
 * out, both games are resolved and the bonds claimed. Prints each game's tree (and writes SVG and
 * HTML pictures), the moves, VM runs and steps per game, the time each phase took and the gas of
 * the step transaction.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildClientElf } from '@faultline/client-elf';
import { stateHash } from '@faultline/mips';
import { bytesToHex } from '@faultline/primitives';
import { type CommandContext, type CommandSpec, fileError, flagBool, flagString, UsageError } from '../command.js';
import { resolveSelf } from '../self.js';

type Game = typeof import('@faultline/game');
type Devnet = import('@faultline/devnet').Devnet;

const GAME = { maxGameDepth: 34n, splitDepth: 3n, clockExtension: 30n, maxClockDuration: 120n } as const;
const BLOCK = 4n;

interface Phase {
  name: string;
  ms: number;
}

export const demoDisputeCommand: CommandSpec = {
  name: 'demo-dispute',
  summary: 'two dispute games on a devnet: DEFENDER_WINS, and CHALLENGER_WINS with an on-chain step',
  description: `Builds client.elf (cached), starts a devnet whose FaultDisputeGame has client.elf's prestate
(max depth ${GAME.maxGameDepth}, split depth ${GAME.splitDepth}: 2^${Number(GAME.maxGameDepth - GAME.splitDepth - 1n)} VM steps per block), and plays two games
to resolution with the honest challenger and a dishonest actor. Exit 0 when the honest proposal ends
DEFENDER_WINS and the wrong one CHALLENGER_WINS.`,
  options: [
    { name: 'dir', value: '<dir>', help: 'where the devnet, traces and pictures go (default: a temporary directory)' },
    { name: 'elf', value: '<file>', help: 'use this client.elf instead of building one' },
    {
      name: 'game',
      value: '<which>',
      help: 'both, honest (DEFENDER_WINS only) or wrong (CHALLENGER_WINS only)',
      default: 'both',
    },
    {
      name: 'lie-at',
      value: '<key type>',
      help: "where the dishonest actor's execution trace starts to lie: at client.elf's first read of a keccak pre-image, or of a local key (the step then loads it with addLocalData)",
      default: 'keccak',
    },
    { name: 'keep', help: 'keep the directory' },
  ],
  run: async (ctx) => run(ctx),
};

async function run(ctx: CommandContext): Promise<number> {
  const which = flagString(ctx, 'game') ?? 'both';
  if (!['both', 'honest', 'wrong'].includes(which))
    throw new UsageError(`--game: expected both, honest or wrong, got ${which}`);
  const lieAt = flagString(ctx, 'lie-at') ?? 'keccak';
  const LIE_TYPES: Record<string, number> = { local: 1, keccak: 2 };
  const lieType = LIE_TYPES[lieAt];
  if (lieType === undefined) throw new UsageError(`--lie-at: expected keccak or local, got ${lieAt}`);
  // A given ELF must be a file we can read: said now, before a devnet starts.
  const elfFlag = flagString(ctx, 'elf');
  if (elfFlag !== undefined) {
    let isFile = false;
    try {
      isFile = statSync(elfFlag).isFile();
    } catch (e) {
      throw new UsageError(`--elf ${fileError(elfFlag, e)}`);
    }
    if (!isFile) throw new UsageError(`--elf ${elfFlag}: not a file`);
  }
  const given = flagString(ctx, 'dir');
  const dir = resolve(given ?? join(tmpdir(), `faultline-dispute-${process.pid}`));
  mkdirSync(dir, { recursive: true });
  const g: Game = await import('@faultline/game');
  const { Devnet, devnetWallet } = await import('@faultline/devnet');
  const phases: Phase[] = [];
  const t0 = performance.now();
  let mark = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push({ name, ms: now - mark });
    ctx.stdout(`── ${name}: ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  const say = (l: string) => ctx.stdout(`  ${l}`);

  ctx.stdout('Dispute games on a devnet: the honest challenger against a dishonest actor');
  const elfPath = flagString(ctx, 'elf');
  let elf = elfPath ? resolve(elfPath) : undefined;
  if (!elf) {
    const built = await buildClientElf({ out: join(dir, 'client.elf'), progress: (l) => say(`build-elf: ${l}`) });
    elf = built.elf;
  }
  const prestate = await g.loadPrestate(elf);
  const prestateHash = stateHash(prestate);
  say(`client.elf ${elf}: absolute prestate ${bytesToHex(prestateHash)}`);
  phase('client.elf');

  let devnet: Devnet | undefined;
  let program: InstanceType<Game['FaultProgram']> | undefined;
  let liarProgram: InstanceType<Game['FaultProgram']> | undefined;
  try {
    devnet = await Devnet.start({
      dir: join(dir, 'devnet'),
      blocksPerProposal: 1_000_000n,
      absolutePrestate: { value: prestateHash, source: elf },
      game: GAME,
    });
    const d = devnet;
    say(`L1 (anvil) ${d.l1Url}, L2 (faultline) ${d.l2Url}; FaultDisputeGame ${d.addresses.FaultDisputeGame}`);
    while (d.node.safe < BLOCK) await d.step();
    phase('devnet up, contracts deployed, L2 blocks safe');

    const l1Genesis = join(dir, 'l1-chainconfig.json');
    writeFileSync(l1Genesis, JSON.stringify(g.pragueL1ChainConfig(d.l1.chainId)));
    const setupIn = (
      datadir: string,
      log: (l: string) => void,
      shareNativeRunsWith?: InstanceType<Game['FaultProgram']>,
    ) =>
      g.honestSetup({
        l1Url: d.l1Url,
        l2Url: d.l2Url,
        rollupConfig: join(d.dir, 'rollup.json'),
        l2Genesis: join(d.dir, 'genesis.json'),
        l1Genesis,
        prestate,
        datadir,
        faultline: resolveSelf(['faultline']),
        ...(shareNativeRunsWith ? { shareNativeRunsWith } : {}),
        log,
      });
    const setup = setupIn(join(dir, 'challenger'), say);
    program = setup.program;
    // The dishonest actor computes with programs of its own (quietly), so the VM runs and steps
    // counted for the challenger are what it alone had to execute; only the native runs (a
    // verdict and the pre-images it fetches depend on nothing but the run's inputs) are shared.
    const liarSetup = setupIn(join(dir, 'challenger'), () => {}, setup.program);
    liarProgram = liarSetup.program;
    const fund = async (w: ReturnType<typeof devnetWallet>) =>
      d.l1.call('anvil_setBalance', [w.address, `0x${(10n ** 22n).toString(16)}`]);
    const mine = () => d.step();
    const wallets = {
      challenger: devnetWallet('challenger'),
      attacker: devnetWallet('attacker'),
      liar: devnetWallet('liar'),
    };
    for (const w of Object.values(wallets)) await fund(w);
    const names: Record<string, string> = {
      [wallets.challenger.address]: 'challenger',
      [wallets.attacker.address]: 'attacker',
      [wallets.liar.address]: 'liar',
      [d.wallets.proposer.address.toLowerCase()]: 'proposer',
    };
    const honest = new g.Actor({
      label: 'challenger',
      l1: d.l1,
      wallet: wallets.challenger,
      view: setup.view,
      prestate: prestateHash,
      mine,
      log: say,
    });
    const lies = new g.DishonestView(liarSetup.view, { fromBlock: BLOCK, fromStep: { type: lieType, after: 0 } });
    const dishonest = (w: typeof wallets.attacker, label: string) =>
      new g.Actor({
        label,
        l1: d.l1,
        wallet: w,
        view: lies,
        prestate: prestateHash,
        mine,
        log: say,
        checkSteps: false,
      });

    const games: {
      address: string;
      wanted: string;
      label: string;
      liar: InstanceType<Game['Actor']>;
      vm: { runs: number; steps: number; ms: number };
    }[] = [];
    const scenarios = [
      {
        wrong: false,
        wanted: 'DEFENDER_WINS',
        label: 'honest proposal',
        liar: dishonest(wallets.attacker, 'attacker'),
      },
      { wrong: true, wanted: 'CHALLENGER_WINS', label: 'wrong proposal', liar: dishonest(wallets.liar, 'liar') },
    ].filter((s) => which === 'both' || (which === 'wrong') === s.wrong);
    for (const s of scenarios) {
      const p = await d.proposer.propose(BLOCK, s.wrong);
      await d.step();
      const address = p.game!.address;
      ctx.stdout(`\n${s.label}: game ${address}, root claim ${bytesToHex(p.rootClaim)} for L2 block ${BLOCK}`);
      phase(`${s.label}: proposed`);
      const before = await setup.program.stats();
      // The output-root bisection ends with the first claim at the split depth; the first
      // execution claim after it costs a whole client.elf run, counted in the next phase.
      let outputsDone = false;
      for (let round = 0; round < 200; round++) {
        let sent = 0;
        for (const actor of [honest, s.liar]) {
          try {
            sent += await actor.act(address);
          } catch (e) {
            if (actor === honest) throw e;
            say(`${actor.options.label}: ${(e as Error).message.split('\n')[0]} (a dishonest move fails, as it must)`);
          }
          if (outputsDone) continue;
          const claims = (await new g.FaultGameReader(d.l1, address).state()).claims;
          if (claims.some((c) => c.position.depth >= Number(GAME.splitDepth))) {
            outputsDone = true;
            phase(`${s.label}: output-root bisection`);
          }
        }
        if (sent === 0) break;
      }
      const after = await setup.program.stats();
      games.push({
        address,
        wanted: s.wanted,
        label: s.label,
        liar: s.liar,
        vm: { runs: after.runs - before.runs, steps: after.steps - before.steps, ms: after.ms - before.ms },
      });
      phase(`${s.label}: execution-trace bisection${honest.statsFor(address).steps ? ' and the on-chain step' : ''}`);
    }

    // Clocks run out; every subgame is resolved bottom-up, then the games; bonds are claimed.
    for (let i = 0; i < 60; i++) {
      await d.step();
      let open = false;
      for (const game of games) {
        for (const actor of [honest, game.liar]) await actor.resolve(game.address).catch(() => 0);
        const st = await new g.FaultGameReader(d.l1, game.address).state();
        if (
          st.status === 'IN_PROGRESS' ||
          (await new g.FaultGameReader(d.l1, game.address).credit(honest.address)) > 0n
        )
          open = true;
      }
      if (!open) break;
    }
    phase('clocks expired, games resolved, bonds claimed');

    let ok = true;
    for (const game of games) {
      const st = await new g.FaultGameReader(d.l1, game.address).state();
      const report = await g.gameReport(st, setup.view);
      ctx.stdout(`\n${game.label}:`);
      for (const line of g.formatGameText(report, names)) ctx.stdout(line);
      const base = join(dir, `game-${game.address.slice(2, 10)}`);
      writeFileSync(`${base}.svg`, g.gameSvg(report, names));
      writeFileSync(`${base}.html`, g.gameHtml(report, names));
      const hs = honest.statsFor(game.address);
      const ls = game.liar.statsFor(game.address);
      ctx.stdout(
        `  moves: challenger ${hs.moves}, ${game.liar.options.label} ${ls.moves} (${st.claims.length} claims); the challenger's VM: ${game.vm.runs} runs of client.elf, ${game.vm.steps} steps, ${(game.vm.ms / 1000).toFixed(1)} s`,
      );
      if (hs.steps)
        ctx.stdout(
          `  on-chain step: gas ${hs.stepGas.join(', ')} (${hs.preimageLoads} pre-image load${hs.preimageLoads === 1 ? '' : 's'}), ${((hs.msToStep[0] ?? 0) / 1000).toFixed(1)} s after the challenger's first move`,
        );
      ctx.stdout(`  bonds claimed by the challenger: ${hs.credited} wei; pictures: ${base}.svg, ${base}.html`);
      const good = st.status === game.wanted;
      ctx.stdout(`  ${good ? '✓' : '✗'} ${st.status} (expected ${game.wanted})`);
      ok &&= good;
    }
    ctx.stdout(`\nnative program runs: ${setup.program.nativeRuns}; phases:`);
    for (const p of phases) ctx.stdout(`  ${(p.ms / 1000).toFixed(1).padStart(7)} s  ${p.name}`);
    ctx.stdout(`  ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s  total`);
    return ok ? 0 : 1;
  } finally {
    await program?.close();
    await liarProgram?.close();
    await devnet?.stop();
    if (!given && !flagBool(ctx, 'keep')) rmSync(dir, { recursive: true, force: true });
  }
}
