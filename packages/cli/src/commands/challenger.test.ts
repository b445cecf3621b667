/**
 * `faultline challenger` against a real devnet (anvil + Optimism's contracts + Faultline's L2),
 * for issue 15's bad input: a game of another type, a prestate that is not ours, an L2 RPC that
 * lies, a game already resolved and an account that cannot pay the bond each end in one clear
 * line (exit 2 where the challenger refused something), and in none of them does the challenger
 * send a transaction. The honest decisions themselves (moves, steps) are the dispute demo's test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GAME_TYPES, loadArtifact } from '@faultline/contracts';
import { Devnet, devnetWallet } from '@faultline/devnet';
import { Actor, FaultGameReader, pragueL1ChainConfig } from '@faultline/game';
import { MipsState, stateHash, writeStateFile } from '@faultline/mips';
import { bytesToHex, parseQuantity } from '@faultline/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../test-fixtures/run-bin.js';
import { pollSeconds } from './challenger.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-challenger-'));
const CLOCK = 120n;

/** The bin without blocking the event loop (the devnet's L2 RPC is served by this process). */
const faultline = runBin;

/** An L2 RPC in front of the devnet's that rewrites one method's answer. */
async function lyingProxy(target: string, method: string, lie: (result: Record<string, unknown>) => void) {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', async () => {
      const r = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await r.text();
      const json = JSON.parse(text);
      const one = (m: { id: unknown; result?: Record<string, unknown> }, call: { method: string }) => {
        if (call.method === method && m.result) lie(m.result);
        return m;
      };
      const calls = JSON.parse(body);
      const out = Array.isArray(json) ? json.map((m, i) => one(m, calls[i])) : one(json, calls);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, close: () => server.close() };
}

let devnet: Devnet;
/** A game already resolved (DEFENDER_WINS), a wrong claim, and an honest one made type 1. */
const games = { resolved: '', wrong: '', otherType: '' };
let flags: (key: string, prestate?: string) => string[];

beforeAll(async () => {
  const ours = new MipsState();
  const other = new MipsState();
  other.pc = 4;
  other.nextPC = 8;
  await writeStateFile(join(dir, 'ours.json'), ours);
  await writeStateFile(join(dir, 'other.json'), other);
  devnet = await Devnet.start({
    dir: join(dir, 'devnet'),
    blocksPerProposal: 1_000_000n,
    absolutePrestate: { value: stateHash(ours), source: 'test' },
    game: { maxGameDepth: 30n, splitDepth: 3n, clockExtension: 30n, maxClockDuration: CLOCK },
  });
  const d = devnet;
  while (d.node.safe < 4n) await d.step();
  writeFileSync(join(dir, 'l1.json'), JSON.stringify(pragueL1ChainConfig(d.l1.chainId)));
  const factory = d.addresses.DisputeGameFactoryProxy!;
  flags = (key, prestate = 'ours.json') => [
    'challenger',
    '--l1',
    d.l1Url,
    '--l2',
    d.l2Url,
    '--game-factory',
    factory,
    '--prestate',
    join(dir, prestate),
    '--cannon-rollup-config',
    join(d.dir, 'rollup.json'),
    '--cannon-l2-genesis',
    join(d.dir, 'genesis.json'),
    '--cannon-l1-genesis',
    join(dir, 'l1.json'),
    '--datadir',
    join(dir, 'challenger'),
    '--private-key',
    key,
    '--once',
  ];

  // An honest claim nobody disputes: its clock runs out and anyone resolves it.
  const first = await d.proposer.propose(2n, false);
  await d.step();
  games.resolved = first.game!.address;
  for (let t = 0n; t <= CLOCK; t += 12n) await d.step();
  const resolver = devnetWallet('resolver');
  await d.l1.call('anvil_setBalance', [resolver.address, `0x${(10n ** 20n).toString(16)}`]);
  const actor = new Actor({
    label: 'resolver',
    l1: d.l1,
    wallet: resolver,
    view: { valueAt: () => Promise.reject(new Error('unused')), execTrace: () => Promise.reject(new Error('unused')) },
    prestate: stateHash(ours),
    mine: () => d.step(),
  });
  await actor.resolve(games.resolved);
  expect((await new FaultGameReader(d.l1, games.resolved).state()).status).toBe('DEFENDER_WINS');

  const wrong = await d.proposer.propose(4n, true);
  const honest = await d.proposer.propose(4n, false);
  await d.step();
  games.wrong = wrong.game!.address;
  games.otherType = honest.game!.address;

  // The honest game becomes a game of type 1: its clone is pointed at a FaultDisputeGame
  // implementation deployed with GAME_TYPE 1 (an immutable, so only the code can carry it).
  const fdg = loadArtifact('FaultDisputeGame');
  const p = await new FaultGameReader(d.l1, games.otherType).params();
  const asr = (await new FaultGameReader(d.l1, games.otherType).read('anchorStateRegistry'))[0] as string;
  const deployer = d.wallets.deployer;
  const tx = await deployer.send(d.l1, {
    to: undefined,
    data: fdg.encodeDeploy([
      BigInt(GAME_TYPES.PERMISSIONED_CANNON),
      p.absolutePrestate,
      BigInt(p.maxGameDepth),
      BigInt(p.splitDepth),
      p.clockExtension,
      p.maxClockDuration,
      p.vm,
      p.weth,
      asr,
      p.l2ChainId,
    ]),
  });
  await d.step();
  const receipt = await d.l1.receipt(tx);
  const impl = String(receipt!.contractAddress).slice(2).toLowerCase();
  const cannonImpl = d.addresses.FaultDisputeGame!.slice(2).toLowerCase();
  const code = await d.l1.call<string>('eth_getCode', [games.otherType, 'latest']);
  expect(code.split(cannonImpl).length).toBe(2);
  await d.l1.call('anvil_setCode', [games.otherType, code.replace(cannonImpl, impl)]);
  await d.step();
}, 300_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A funded account, so that only the challenger's own judgement keeps it from moving. */
async function funded(label: string): Promise<{ key: string; address: string }> {
  const w = devnetWallet(label);
  await devnet.l1.call('anvil_setBalance', [w.address, `0x${(10n ** 21n).toString(16)}`]);
  // devnetWallet's key is keccak256 of its label (test keys only).
  const { keccak256 } = await import('@faultline/primitives');
  return { key: bytesToHex(keccak256(new TextEncoder().encode(`faultline/devnet/${label}`))), address: w.address };
}

async function sentNothing(address: string): Promise<void> {
  const n = await devnet.l1.call<string>('eth_getTransactionCount', [address, 'latest']);
  expect(parseQuantity(n)).toBe(0n);
}

describe('faultline challenger: bad input', () => {
  it('a game of another type is refused by name', { timeout: 120_000 }, async () => {
    const me = await funded('type');
    const r = await faultline([...flags(me.key), '--game-allowlist', games.otherType]);
    expect(r.stderr).toMatch(
      new RegExp(
        `game ${games.otherType}: game type 1 \\(PERMISSIONED_CANNON\\) is not CANNON \\(0\\), the only type played`,
      ),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    await sentNothing(me.address);
  });

  it('a game whose absolute prestate is not our program’s is refused', { timeout: 120_000 }, async () => {
    const me = await funded('prestate');
    const r = await faultline([...flags(me.key, 'other.json'), '--game-allowlist', games.wrong]);
    expect(r.stderr).toMatch(/absolute prestate 0x[0-9a-f]{64} is not our program's 0x[0-9a-f]{64}/);
    expect(r.code).toBe(2);
    await sentNothing(me.address);
  });

  it('a resolved game is named with its outcome and left alone', { timeout: 120_000 }, async () => {
    const me = await funded('resolved');
    const r = await faultline([...flags(me.key), '--game-allowlist', games.resolved]);
    expect(r.stdout).toContain(`game ${games.resolved}: already resolved (DEFENDER_WINS), nothing to play`);
    expect(r.code).toBe(0);
    await sentNothing(me.address);
  });

  it('an L2 RPC whose optimism_outputAtBlock lies about its own blocks stops the challenger', {
    timeout: 120_000,
  }, async () => {
    const me = await funded('lie-output');
    const proxy = await lyingProxy(devnet.l2Url, 'optimism_outputAtBlock', (res) => {
      res.outputRoot = `0x${'ab'.repeat(32)}`;
    });
    try {
      const args = flags(me.key);
      args[args.indexOf('--l2') + 1] = proxy.url;
      const r = await faultline([...args, '--game-allowlist', games.wrong]);
      expect(r.stderr).toMatch(
        /^error: L2 block \d+: the L2 node's optimism_outputAtBlock says 0x(ab){32}, the L2 node's block data give 0x[0-9a-f]{64} — the RPC lies$/m,
      );
      expect(r.code).toBe(2);
    } finally {
      proxy.close();
    }
    await sentNothing(me.address);
  });

  it('an L2 RPC whose block header does not hash to the block hash it names stops the challenger', {
    timeout: 120_000,
  }, async () => {
    const me = await funded('lie-header');
    const proxy = await lyingProxy(devnet.l2Url, 'eth_getBlockByNumber', (res) => {
      res.stateRoot = `0x${'cd'.repeat(32)}`;
    });
    try {
      const args = flags(me.key);
      args[args.indexOf('--l2') + 1] = proxy.url;
      const r = await faultline([...args, '--game-allowlist', games.wrong]);
      expect(r.stderr).toMatch(/^error: L2 block \d+: the L2 node's block hash 0x[0-9a-f]{64} is not its header's/m);
      expect(r.code).toBe(2);
    } finally {
      proxy.close();
    }
    await sentNothing(me.address);
  });

  it('a rollup RPC (--rollup-rpc) that lies is caught the same way', { timeout: 120_000 }, async () => {
    const me = await funded('lie-rollup');
    const proxy = await lyingProxy(devnet.l2Url, 'optimism_outputAtBlock', (res) => {
      res.outputRoot = `0x${'ef'.repeat(32)}`;
    });
    try {
      const r = await faultline([...flags(me.key), '--rollup-rpc', proxy.url, '--game-allowlist', games.wrong]);
      expect(r.stderr).toMatch(/^error: L2 block \d+: the rollup node's optimism_outputAtBlock says 0x(ef){32}/m);
      expect(r.code).toBe(2);
    } finally {
      proxy.close();
    }
    await sentNothing(me.address);
  });

  it('an account that cannot pay the bond: the move is decided, then refused before sending', {
    timeout: 600_000,
  }, async () => {
    const poor = devnetWallet('poor');
    const key = bytesToHex(
      (await import('@faultline/primitives')).keccak256(new TextEncoder().encode('faultline/devnet/poor')),
    );
    const r = await faultline([...flags(key), '--game-allowlist', games.wrong]);
    expect(r.stderr).toMatch(/claim 0x[0-9a-f]{64} at L2 block 4 is VALID \(native run\)/);
    expect(r.stderr).toMatch(
      new RegExp(
        `game ${games.wrong}: insufficient bond funds: a move at depth 1 of game ${games.wrong} needs \\d+ wei \\(\\+ gas\\); ${poor.address} has 0`,
      ),
    );
    expect(r.code).toBe(2);
    await sentNothing(poor.address);
  });

  it('another trace type, a bad poll interval: one usage line, exit 2', { timeout: 60_000 }, async () => {
    const r = await faultline(['challenger', '--trace-type', 'asterisc', '--l1', devnet.l1Url]);
    expect(r.stderr.trim()).toBe(
      'error: --trace-type asterisc: only cannon games are played (FaultDisputeGame type 0)',
    );
    expect(r.code).toBe(2);
    expect(pollSeconds('12s')).toBe(12);
    expect(pollSeconds('1m30s')).toBe(90);
    expect(pollSeconds('500ms')).toBe(0.5);
    expect(pollSeconds('7')).toBe(7);
    expect(() => pollSeconds('soon')).toThrow(/--http-poll-interval: expected a positive duration/);
    expect(() => pollSeconds('0s')).toThrow(/expected a positive duration/);
  });
});

describe('faultline challenger: a wrong proposal played to the end', () => {
  let live: Devnet;
  let wrongGame = '';
  let liveFlags: string[] = [];
  beforeAll(async () => {
    const ours = new MipsState();
    live = await Devnet.start({
      dir: join(dir, 'live'),
      blocksPerProposal: 1_000_000n,
      absolutePrestate: { value: stateHash(ours), source: 'test' },
      game: { maxGameDepth: 30n, splitDepth: 3n, clockExtension: 30n, maxClockDuration: 600n },
    });
    while (live.node.safe < 4n) await live.step();
    const p = await live.proposer.propose(4n, true);
    await live.step();
    wrongGame = p.game!.address;
    liveFlags = flags('0x').slice(0, -3);
    const swap = (flag: string, value: string) => {
      liveFlags[liveFlags.indexOf(flag) + 1] = value;
    };
    swap('--l1', live.l1Url);
    swap('--l2', live.l2Url);
    swap('--game-factory', live.addresses.DisputeGameFactoryProxy!);
    swap('--cannon-rollup-config', join(live.dir, 'rollup.json'));
    swap('--cannon-l2-genesis', join(live.dir, 'genesis.json'));
    swap('--datadir', join(dir, 'live-challenger'));
  }, 300_000);
  afterAll(async () => {
    await live?.stop();
  });

  it('an L2 RPC of another chain (consistent in itself) is caught at the anchor, before any move', {
    timeout: 120_000,
  }, async () => {
    const w = devnetWallet('other-chain');
    await live.l1.call('anvil_setBalance', [w.address, `0x${(10n ** 21n).toString(16)}`]);
    const key = bytesToHex(
      (await import('@faultline/primitives')).keccak256(new TextEncoder().encode('faultline/devnet/other-chain')),
    );
    const args = [...liveFlags, '--private-key', key, '--once', '--game-allowlist', wrongGame];
    args[args.indexOf('--l2') + 1] = devnet.l2Url;
    const r = await faultline(args);
    expect(r.stderr).toMatch(
      new RegExp(
        `game ${wrongGame}: the game's starting output root 0x[0-9a-f]{64} is not L2 block 0's \\(0x[0-9a-f]{64}\\)`,
      ),
    );
    expect(r.code).toBe(2);
    const n = await live.l1.call<string>('eth_getTransactionCount', [w.address, 'latest']);
    expect(parseQuantity(n)).toBe(0n);
  });

  it('attacks the root with the true output, waits out the clocks, resolves, claims its bond, exits', {
    timeout: 900_000,
  }, async () => {
    // The L1 mines on its own from here (one block of 12 s chain time every 100 ms), as a real one.
    live.run(100);
    const me = await (async () => {
      const w = devnetWallet('live-challenger');
      await live.l1.call('anvil_setBalance', [w.address, `0x${(10n ** 21n).toString(16)}`]);
      return w;
    })();
    const key = bytesToHex(
      (await import('@faultline/primitives')).keccak256(new TextEncoder().encode('faultline/devnet/live-challenger')),
    );
    const r = await faultline([...liveFlags, '--private-key', key, '--http-poll-interval', '500ms']);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    const trueRoot = bytesToHex(live.node.chain.byNumber(4n)!.outputRoot);
    expect(r.stderr).toMatch(new RegExp(`challenger: attack #0 → depth 1, trace index \\d+: ${trueRoot}`));
    expect(r.stdout).toContain(`game ${wrongGame}: already resolved (CHALLENGER_WINS), nothing to play`);
    expect(r.stdout).toMatch(/^challenger: 1 moves, 0 steps, 0 pre-image loads, 2 resolutions, [1-9]\d* wei credited/m);
    const st = await new FaultGameReader(live.l1, wrongGame).state();
    expect(st.status).toBe('CHALLENGER_WINS');
    expect(st.claims[1]!.claimant).toBe(me.address);
  });
});
