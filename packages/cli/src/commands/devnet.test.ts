/**
 * The end-to-end test of issue 14, all through real processes: `faultline devnet up` (anvil from
 * npm, Optimism's L1 contracts, Faultline as L2 node, batcher, honest proposer) → a deposit through
 * the portal and a user transaction over the L2 RPC → the proposer's honest game and a wrong game
 * this test creates on the DisputeGameFactory → `faultline host` online, exactly as `devnet up`
 * printed it, decides VALID (0) and, with the wrong claim, INVALID (1) → the datadir it left
 * decides again offline → `devnet status` lists both games → SIGINT stops the devnet and its
 * anvil (no process left behind).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeAbi, GAME_TYPES, loadArtifact } from '@faultline/contracts';
import { devnetWallet, L1_CHAIN_ID, L1Client, L2_CHAIN_ID } from '@faultline/devnet';
import { bytesToHex, hexToBytes, keccak256 } from '@faultline/primitives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const ETHER = 10n ** 18n;
const RECIPIENT = '0x00000000000000000000000000000000000d3b05';
const TRANSFER_TO = '0x0000000000000000000000000000000000007a11';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Splits a printed command line (the quoting `devnet up` uses: bare words or '…'). */
function words(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] ?? m[2]!).replace(/'\\''/g, "'"));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('faultline devnet: up → deposits and user txs → honest and wrong games → host online 0 and 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-devnet-'));
  let devnet: ChildProcess;
  const lines: string[] = [];
  let stderr = '';
  let l1Url = '';
  let l2Url = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    devnet = spawn(
      process.execPath,
      [
        ...[BIN, 'devnet', 'up', '--dir', dir, '--blocks-per-proposal', '6', '--interval', '300'],
        ...['--max-game-depth', '34', '--split-depth', '3', '--max-clock-duration', '1200', '--clock-extension', '60'],
      ],
      // A process group of its own, as a terminal gives a foreground job: Ctrl-C below signals the group.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    exited = new Promise((r) => devnet.on('close', (code) => r(code)));
    devnet.stderr!.on('data', (d) => (stderr += d));
    createInterface({ input: devnet.stdout! }).on('line', (l) => lines.push(l));
    await until('"ready" from devnet up', () => (lines.includes('ready; Ctrl-C stops the devnet') ? true : undefined));
    l1Url = lines
      .find((l) => l.startsWith('L1 (anvil)'))!
      .split(/\s+/)
      .at(-1)!;
    l2Url = lines
      .find((l) => l.startsWith('L2 (faultline)'))!
      .split(/\s+/)
      .at(-1)!;
  }, 180_000);

  afterAll(async () => {
    if (devnet.exitCode === null) {
      devnet.kill('SIGKILL');
      await exited;
    }
    try {
      const { anvilPid } = JSON.parse(readFileSync(join(dir, 'devnet.json'), 'utf8')) as { anvilPid: number };
      if (alive(anvilPid)) process.kill(anvilPid, 'SIGKILL');
    } catch {
      // No devnet.json: the devnet never started.
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys, derives deposits and user transactions, and the host decides both games', async () => {
    const deployment = JSON.parse(readFileSync(join(dir, 'deployment.json'), 'utf8'));
    expect(deployment.contractsBedrock).toBe('0.17.3');
    // Starting shows progress through the logger before "ready" (issue 20 item 9).
    expect(stderr).toMatch(
      /^INFO \[[^\]]+\] deploying Optimism's L1 contracts \(contracts-bedrock 0\.17\.3\) to anvil at http/m,
    );
    // The game's depths and clocks as given (34/3: 2^30 VM steps per block, what client.elf needs).
    expect(deployment.faultDisputeGame).toMatchObject({
      maxGameDepth: 34,
      splitDepth: 3,
      maxClockDuration: 1200,
      clockExtension: 60,
    });
    // The challenger's line, with the L1 chain config written for its --cannon-l1-genesis.
    const chainConfig = JSON.parse(readFileSync(join(dir, 'l1-chainconfig.json'), 'utf8'));
    expect(BigInt(chainConfig.chainId)).toBe(L1_CHAIN_ID);
    const challenger = lines.find((l) => l.startsWith('challenger '))!;
    expect(challenger).toContain(`challenger --l1 ${l1Url} --l2 ${l2Url} --game-factory `);
    expect(challenger).toContain(`--cannon-l1-genesis ${join(dir, 'l1-chainconfig.json')}`);
    expect(Object.keys(deployment.addresses)).toEqual(
      expect.arrayContaining(['OptimismPortalProxy', 'DisputeGameFactoryProxy', 'AnchorStateRegistryProxy', 'MIPS']),
    );
    expect(BigInt(await rpc<string>(l2Url, 'eth_chainId'))).toBe(L2_CHAIN_ID);

    // A deposit through the real portal, from an L1 account of this test.
    const l1 = new L1Client(l1Url, L1_CHAIN_ID);
    const alice = devnetWallet('e2e-alice');
    await rpc(l1Url, 'anvil_setBalance', [alice.address, `0x${(100n * ETHER).toString(16)}`]);
    const portal = loadArtifact('OptimismPortal2');
    await alice.send(l1, {
      to: deployment.addresses.OptimismPortalProxy,
      data: portal.encodeCall('depositTransaction', [RECIPIENT, 2n * ETHER, 100_000n, false, new Uint8Array(0)]),
      value: 2n * ETHER,
    });
    // A user transaction on L2, signed by the account the devnet funds at genesis.
    const user = devnetWallet('user');
    const nonce = BigInt(await rpc<string>(l2Url, 'eth_getTransactionCount', [user.address, 'latest']));
    const raw = user.signTransaction({
      chainId: L2_CHAIN_ID,
      nonce,
      to: TRANSFER_TO,
      value: ETHER / 10n,
      data: new Uint8Array(0),
      gas: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1000n,
    });
    const txHash = await rpc<string>(l2Url, 'eth_sendRawTransaction', [bytesToHex(raw)]);

    const receipt = await until('the L2 transfer receipt', () =>
      rpc<Record<string, string> | null>(l2Url, 'eth_getTransactionReceipt', [txHash]).then((r) => r ?? undefined),
    );
    expect(receipt.status).toBe('0x1');
    await until('the deposit on L2', async () =>
      BigInt(await rpc<string>(l2Url, 'eth_getBalance', [RECIPIENT, 'latest'])) === 2n * ETHER ? true : undefined,
    );
    expect(BigInt(await rpc<string>(l2Url, 'eth_getBalance', [TRANSFER_TO, 'latest']))).toBe(ETHER / 10n);
    const latest = await rpc<{ number: string }>(l2Url, 'eth_getBlockByNumber', ['latest', false]);

    // The proposer's first game past both transactions, and the host command devnet up printed for it.
    const hostLine = await until('an honest game past the transactions', () =>
      lines.find((l, i) => {
        const m = /^game 0x[0-9a-f]{40} for L2 block (\d+) \(honest claim\)/.exec(lines[i - 1] ?? '');
        return m !== null && BigInt(m[1]!) >= BigInt(latest.number) && /^(npx )?faultline host /.test(l.trim());
      }),
    );
    // Printed as it starts here: npx faultline unless the PATH has this bin (this test's PATH
    // may); either way the words after "faultline" are the host's.
    const printed = words(hostLine.trim().replace(/^npx /, '')).slice(1);
    const flag = (name: string) => printed[printed.indexOf(`--${name}`) + 1]!;
    const block = BigInt(flag('l2.blocknumber'));
    const honestDatadir = flag('datadir');

    // A wrong proposal for the same block, created on the factory by this test.
    const factory = loadArtifact('DisputeGameFactory');
    const factoryAddress = deployment.addresses.DisputeGameFactoryProxy as string;
    const bond = factory.decodeResult(
      'initBonds',
      await l1.ethCall(factoryAddress, factory.encodeCall('initBonds', [BigInt(GAME_TYPES.CANNON)])),
    )[0] as bigint;
    const wrongRoot = keccak256(hexToBytes(flag('l2.claim')));
    const createHash = await alice.send(l1, {
      to: factoryAddress,
      data: factory.encodeCall('create', [
        BigInt(GAME_TYPES.CANNON),
        wrongRoot,
        encodeAbi([{ type: 'uint256' }], [block]),
      ]),
      value: bond,
    });
    await until('the wrong game', () => l1.receipt(createHash).then((r) => r ?? undefined));

    const withFlag = (args: string[], name: string, value: string) =>
      args.map((a, i) => (args[i - 1] === `--${name}` ? value : a));
    const wrongDatadir = join(dir, 'preimages', 'wrong');
    const wrongArgs = withFlag(withFlag(printed, 'l2.claim', bytesToHex(wrongRoot)), 'datadir', wrongDatadir);

    const honest = await run(printed);
    expect(honest.code, honest.stderr).toBe(0);
    expect(honest.stderr).toMatch(/claim valid/);
    const wrong = await run(wrongArgs);
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(wrong.stderr).toMatch(/claim invalid/);

    // The datadir the online run left decides the same claim offline (no --l1/--l2).
    const offline = printed.filter(
      (a, i) => !['--l1', '--l2'].includes(a) && !['--l1', '--l2'].includes(printed[i - 1]!),
    );
    expect(offline).not.toContain('--l1');
    const again = await run(offline);
    expect(again.code, again.stderr).toBe(0);
    expect(honestDatadir).toContain(dir);

    const status = await run(['devnet', 'status', '--dir', dir]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(bytesToHex(wrongRoot));
    expect(status.stdout).toMatch(/L2 http:\S+ {2}unsafe \d+ {2}safe \d+/);

    // Ctrl-C, as a terminal sends it (SIGINT to the whole foreground process group): the devnet
    // stops everything it started, in order — no step fails against an anvil that quit first.
    const { anvilPid } = JSON.parse(readFileSync(join(dir, 'devnet.json'), 'utf8')) as { anvilPid: number };
    expect(alive(anvilPid)).toBe(true);
    process.kill(-devnet.pid!, 'SIGINT');
    expect(await exited, stderr).toBe(0);
    expect(stderr).not.toMatch(/ERROR|anvil exited|request failed/);
    expect(alive(anvilPid)).toBe(false);
    await expect(rpc(l2Url, 'eth_chainId')).rejects.toThrow();
  }, 300_000);
});
