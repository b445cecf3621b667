/**
 * `faultline demo` end to end as a real process, and the other side of its promise: a host that
 * serves one wrong pre-image never gets a verdict out of the client — the run fails (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalSource, MemoryKv, openKv, PreimageHost, runExec } from '@faultline/host';
import { keccakKey } from '@faultline/preimage';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { generateChain } from '@faultline/testkit/chain';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const CLIENT = [process.execPath, '--stack-size=3900', BIN, 'client'];
const TIMEOUT = 50_000;

describe('faultline demo (real process)', () => {
  it(
    'reports the correct claim VALID (exit 0) and the tampered one INVALID (exit 1), and exits 0',
    () => {
      const r = spawnSync(process.execPath, [BIN, 'demo', '--blocks', '12', '--seed', 'ci'], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/Generated chain \(seed "ci"\)/);
      expect(r.stdout).toMatch(/L2: 12 blocks after genesis/);
      // The client derives blocks 4..12 from the agreed block 3: every fork boundary lies on its way.
      expect(r.stdout).toMatch(
        /forks crossed by the dispute: Holocene at block 4, Isthmus at 6, Jovian at 8 .*, Karst at 10 /,
      );
      // L1 block 103 carries a span batch over two L1 origins in a blob: the client read blob pre-images.
      expect(r.stdout).toMatch(/L1 block 103: one span batch for L2 blocks 6\.\.12,.*one blob/);
      expect(r.stdout).toMatch(/L1 block 101: singular batches/);
      expect(r.stdout).toMatch(/verdict: VALID \(exit code 0, expected 0\)/);
      expect(r.stdout).toMatch(/verdict: INVALID \(exit code 1, expected 1\)/);
      expect(r.stdout).toContain('Demo passed');
      expect(r.status).toBe(0);
    },
    TIMEOUT,
  );

  it('refuses a bad --blocks with a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, 'demo', '--blocks', '1'], { encoding: 'utf8' });
    expect(r.stderr).toContain('--blocks: expected an integer in 2..600, got 1');
    expect(r.status).not.toBe(0);
  });
});

describe('a tampered pre-image store never yields a verdict', () => {
  const chain = generateChain({ blocks: 8, seed: 'tamper' });
  const b = chain.boot;
  const agreed = chain.l2[Number(b.agreedBlockNumber)]!;

  /** The chain's store served unverified, with the value under `key` (if any) altered. */
  function tamperedHost(key?: Uint8Array): PreimageHost {
    const kv = new MemoryKv();
    for (const [k, v] of chain.preimages) kv.put(hexToBytes(k), v);
    if (key) {
      const value = kv.get(key);
      if (!value) throw new Error(`no pre-image under ${bytesToHex(key)}`);
      const wrong = value.slice();
      wrong[wrong.length - 1]! ^= 0x01;
      kv.put(key, wrong);
    }
    const local = new LocalSource({
      l1Head: b.l1Head,
      l2OutputRoot: b.agreedOutputRoot,
      l2Claim: b.claimedOutputRoot,
      l2ClaimBlockNumber: b.claimBlockNumber,
      l2ChainId: b.l2ChainId,
      l2ChainConfig: utf8ToBytes(JSON.stringify(b.chainConfigJson)),
      rollupConfig: utf8ToBytes(JSON.stringify(b.rollupConfigJson)),
    });
    // verify: false — the host passes the lie on, so the client itself must catch it.
    return new PreimageHost({ store: kv, local, verify: false });
  }

  it(
    'control: the same unverified host without the lie gets the verdict VALID (exit 0)',
    async () => {
      const outcome = await runExec(tamperedHost(), CLIENT, { stdio: 'ignore' });
      expect(outcome).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    },
    TIMEOUT,
  );

  it.each([
    ['the L1 head header', () => keccakKey(b.l1Head)],
    ['the agreed block state root node', () => keccakKey(agreed.header.stateRoot)],
  ])(
    'one wrong value (%s): the client exits 2 with the true claim',
    async (_what, key) => {
      const outcome = await runExec(tamperedHost(key()), CLIENT, { stdio: 'ignore' });
      expect(outcome.exitCode).toBe(2);
      expect(outcome.reason).toMatch(/^client exited with 2/);
    },
    TIMEOUT,
  );

  const dir = mkdtempSync(join(tmpdir(), 'faultline-demo-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'faultline host over a datadir with one wrong value exits 2 with the true claim',
    () => {
      const kv = openKv(join(dir, 'preimages'), 'directory');
      for (const [k, v] of chain.preimages) kv.put(hexToBytes(k), v);
      const key = keccakKey(b.l1Head);
      const wrong = chain.preimages.get(bytesToHex(key))!.slice();
      wrong[0]! ^= 0x01;
      kv.put(key, wrong);
      kv.close();
      writeFileSync(join(dir, 'rollup.json'), JSON.stringify(b.rollupConfigJson));
      writeFileSync(join(dir, 'genesis.json'), JSON.stringify({ config: b.chainConfigJson }));
      const r = spawnSync(
        process.execPath,
        [
          BIN,
          'host',
          '--rollup.config',
          join(dir, 'rollup.json'),
          '--l2.genesis',
          join(dir, 'genesis.json'),
          '--l1.head',
          bytesToHex(b.l1Head),
          '--l2.head',
          bytesToHex(b.agreedL2Head),
          '--l2.outputroot',
          bytesToHex(b.agreedOutputRoot),
          '--l2.claim',
          bytesToHex(b.claimedOutputRoot),
          '--l2.blocknumber',
          String(b.claimBlockNumber),
          '--datadir',
          join(dir, 'preimages'),
          '--progress',
          '0',
          '--exec',
          CLIENT.join(' '),
        ],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(2);
    },
    TIMEOUT,
  );
});
