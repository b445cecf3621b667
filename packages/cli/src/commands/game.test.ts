/**
 * `faultline game list` and `faultline game show` against a real devnet: a wrong proposal
 * attacked with the true output root, and that attack attacked with a made-up one. `list` names
 * both games of the factory; `show` gives the claim tree (depths, the L2 block each output claim
 * is about, claimants, bonds, clocks) as text and JSON, writes the SVG and HTML
 * pictures, and — given the challenger's trace flags — marks from our own computation (output
 * roots recomputed and confirmed by the native program) which claims are right. Not a game:
 * one line, exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Position } from '@faultline/contracts';
import { Devnet, devnetWallet } from '@faultline/devnet';
import { Actor, FaultGameReader, pragueL1ChainConfig } from '@faultline/game';
import { MipsState, stateHash, writeStateFile } from '@faultline/mips';
import { bytesToHex, keccak256, utf8ToBytes } from '@faultline/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../test-fixtures/run-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-game-'));

const faultline = runBin;

let devnet: Devnet;
let honest = '';
let wrong = '';
const bob = devnetWallet('bob');
const carol = devnetWallet('carol');
let trueRoot4 = '';
let traceFlags: string[] = [];

beforeAll(async () => {
  const prestate = new MipsState();
  await writeStateFile(join(dir, 'prestate.json'), prestate);
  devnet = await Devnet.start({
    dir: join(dir, 'devnet'),
    blocksPerProposal: 1_000_000n,
    absolutePrestate: { value: stateHash(prestate), source: 'test' },
    game: { maxGameDepth: 30n, splitDepth: 3n, clockExtension: 30n, maxClockDuration: 600n },
  });
  const d = devnet;
  while (d.node.safe < 4n) await d.step();
  writeFileSync(join(dir, 'l1.json'), JSON.stringify(pragueL1ChainConfig(d.l1.chainId)));
  traceFlags = [
    ...['--l2', d.l2Url, '--prestate', join(dir, 'prestate.json')],
    ...['--cannon-rollup-config', join(d.dir, 'rollup.json'), '--cannon-l2-genesis', join(d.dir, 'genesis.json')],
    ...['--cannon-l1-genesis', join(dir, 'l1.json'), '--datadir', join(dir, 'challenger')],
  ];
  const h = await d.proposer.propose(2n, false);
  const w = await d.proposer.propose(4n, true);
  await d.step();
  honest = h.game!.address;
  wrong = w.game!.address;
  trueRoot4 = bytesToHex(d.node.chain.byNumber(4n)!.outputRoot);

  // Moves sent as plain calls (their values are the test's, not a view's).
  const actor = (wallet: typeof bob) =>
    new Actor({
      label: wallet.label,
      l1: d.l1,
      wallet,
      view: {
        valueAt: () => Promise.reject(new Error('unused')),
        execTrace: () => Promise.reject(new Error('unused')),
      },
      prestate: stateHash(prestate),
      mine: () => d.step(),
    });
  const attack = async (who: typeof bob, parent: number, value: Uint8Array) => {
    const reader = new FaultGameReader(d.l1, wrong);
    const p = await reader.claim(parent);
    await actor(who).send({
      to: wrong,
      contract: 'FaultDisputeGame',
      fn: 'attack',
      args: [p.value, BigInt(parent), value],
      value: await reader.requiredBond(p.position.move(true)),
      reason: 'test',
    });
  };
  for (const w of [bob, carol]) await d.l1.call('anvil_setBalance', [w.address, `0x${(10n ** 21n).toString(16)}`]);
  await attack(bob, 0, d.node.chain.byNumber(4n)!.outputRoot);
  await attack(carol, 1, keccak256(utf8ToBytes('not an output root')));
}, 300_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('faultline game', () => {
  it('list: every game of the factory with its type, status, block and claims', { timeout: 60_000 }, async () => {
    const factory = devnet.addresses.DisputeGameFactoryProxy!;
    const r = await faultline(['game', 'list', '--l1', devnet.l1Url, '--game-factory', factory]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^#0 ${honest} CANNON IN_PROGRESS block 2 root 0x[0-9a-f]{64} claims 1$`));
    expect(lines[1]).toMatch(new RegExp(`^#1 ${wrong} CANNON IN_PROGRESS block 4 root 0x[0-9a-f]{64} claims 3$`));
    const json = await faultline(['game', 'list', '--l1', devnet.l1Url, '--game-factory', factory, '--json']);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).claims),
    ).toEqual([1, 3]);
  });

  it('show --json: positions, blocks, claimants, bonds', { timeout: 60_000 }, async () => {
    const r = await faultline(['game', 'show', wrong, '--l1', devnet.l1Url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      status: string;
      claims: {
        index: number;
        parent: number | null;
        depth: number;
        gindex: string;
        kind: string;
        block: string;
        value: string;
        claimant: string;
        bond: string;
        counteredBy: string | null;
        correct?: boolean;
      }[];
    };
    expect(report.status).toBe('IN_PROGRESS');
    const c = report.claims;
    expect(c.map((x) => [x.index, x.parent, x.depth, x.gindex, x.kind, x.block])).toEqual([
      [0, null, 0, '1', 'output', '4'],
      [1, 0, 1, '2', 'output', '4'],
      [2, 1, 2, '4', 'output', '2'],
    ]);
    expect(c[1]!.value).toBe(trueRoot4);
    expect(c[1]!.claimant).toBe(bob.address);
    expect(c[2]!.claimant).toBe(carol.address);
    // FaultDisputeGame records counteredBy when a subgame is resolved, not when it is attacked.
    expect(c.map((x) => x.counteredBy)).toEqual([null, null, null]);
    // Bonds grow with depth (FaultDisputeGame.getRequiredBond).
    expect(BigInt(c[2]!.bond)).toBeGreaterThan(BigInt(c[1]!.bond));
    // Without the trace flags nothing is judged.
    expect(c.every((x) => x.correct === undefined)).toBe(true);
    expect(Position.fromGindex(BigInt(c[2]!.gindex)).depth).toBe(2);
  });

  it('show with the trace flags: which claims are right, and the pictures', { timeout: 600_000 }, async () => {
    const svg = join(dir, 'g.svg');
    const html = join(dir, 'g.html');
    const r = await faultline([
      'game',
      'show',
      wrong,
      '--l1',
      devnet.l1Url,
      ...traceFlags,
      '--svg',
      svg,
      '--html',
      html,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const short = (h: string) => `${h.slice(0, 10)}…${h.slice(-4)}`;
    expect(r.stdout).toMatch(
      new RegExp(
        `^ {2}✗ #0 d0 block 4 0x[0-9a-f]{8}…[0-9a-f]{4} by 0x[0-9a-f]{8}….*\\(ours ${short(trueRoot4)}\\)$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(
      new RegExp(`^ {4}✓ #1 d1 block 4 ${short(trueRoot4)} by ${short(bob.address)} bond \\d+ clock \\d+s$`, 'm'),
    );
    const root2 = bytesToHex(devnet.node.chain.byNumber(2n)!.outputRoot);
    expect(r.stdout).toMatch(
      new RegExp(`^ {6}✗ #2 d2 block 2 .* by ${short(carol.address)} .*\\(ours ${short(root2)}\\)$`, 'm'),
    );
    const picture = readFileSync(svg, 'utf8');
    expect(picture).toMatch(/^<svg /);
    expect(picture).toContain('#2');
    expect(readFileSync(html, 'utf8')).toMatch(/<html[\s\S]*<svg /);
  });

  it('show of an address that is not a game: one line, exit 2', { timeout: 60_000 }, async () => {
    const r = await faultline(['game', 'show', devnet.addresses.MIPS!, '--l1', devnet.l1Url]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: game 0x[0-9a-f]{40}: /);
    expect(r.code).toBe(2);
    const bad = await faultline(['game', 'show', '0x1234', '--l1', devnet.l1Url]);
    expect(bad.stderr.trim()).toBe('error: game address: expected a 20-byte 0x-hex address, got 0x1234');
    expect(bad.code).toBe(2);
  });
});
