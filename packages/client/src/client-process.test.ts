/**
 * End to end with real processes: the host (from @faultline/host, in this process or as the
 * `faultline host` CLI) serves a pre-image store filled by the chain builders; the client runs as
 * a child process on fds 3–6 (`faultline client`) or in the host's worker thread (in-process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BootInfo, LocalSource, MemoryKv, openKv, PreimageHost, runExec, runInProcess } from '@faultline/host';
import { keccakKey, keyTypeOf } from '@faultline/preimage';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { afterAll, describe, expect, it } from 'vitest';
import { opDeriver } from './op-deriver.js';
import { runProgram } from './program.js';
import { putL2Block, type TestL2Block } from './test-chain.js';
import { derivationScenario } from './test-derivation.js';
import { serveFromStore, TestPreimageStore } from './test-host.js';

const CLI = fileURLToPath(new URL('../../cli/bin/faultline.mjs', import.meta.url));
const PROGRAM = fileURLToPath(new URL('./program.ts', import.meta.url));
/**
 * `faultline client` as the bin's shebang starts it: main.ts's `clientMain` from the bin's bundle,
 * ~0.3 CPU-s to start against ~1.5 for main.ts through tsx (main.test.ts starts main.ts itself).
 */
const CLIENT_ARGV = [process.execPath, '--stack-size=3900', CLI, 'client'];
const CLI_CLIENT = [process.execPath, CLI, 'client'];
const L1_HEAD = new Uint8Array(32).fill(0x11);
const TIMEOUT = 60_000;

function chain(): { store: TestPreimageStore; blocks: TestL2Block[] } {
  const store = new TestPreimageStore();
  const b1 = putL2Block(store, 1n);
  const b2 = putL2Block(store, 2n, { parentHash: b1.hash });
  const b3 = putL2Block(store, 3n, { parentHash: b2.hash });
  return { store, blocks: [b1, b2, b3] };
}

function boot(agreed: Uint8Array, claim: Uint8Array, claimBlock: bigint): BootInfo {
  return { l1Head: L1_HEAD, l2OutputRoot: agreed, l2Claim: claim, l2ClaimBlockNumber: claimBlock, l2ChainId: 10n };
}

function host(store: TestPreimageStore, info: BootInfo, verify = true): PreimageHost {
  const kv = new MemoryKv();
  for (const [key, value] of store.values) {
    const k = hexToBytes(key);
    if (keyTypeOf(k) !== 'local') kv.put(k, value);
  }
  return new PreimageHost({ store: kv, local: new LocalSource(info), verify });
}

const QUIET = { stdio: 'ignore' as const };
const { store, blocks } = chain();
const [b1, b2, b3] = blocks as [TestL2Block, TestL2Block, TestL2Block];
const tampered = b3.outputRoot.slice();
tampered[0]! ^= 0x80;

describe('faultline client as a child process of the host (--exec)', () => {
  it(
    'trivial claim (agreed == claimed) exits 0',
    async () => {
      const outcome = await runExec(host(store, boot(b3.outputRoot, b3.outputRoot, 3n)), CLIENT_ARGV, QUIET);
      expect(outcome).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    },
    TIMEOUT,
  );

  it(
    'claim at the agreed block recomputed from its state: tampered → exit 1; a claim for block 1 with its root → exit 0',
    async () => {
      const bad = await runExec(host(store, boot(b3.outputRoot, tampered, 3n)), CLIENT_ARGV, QUIET);
      expect(bad).toEqual({ exitCode: 1, reason: 'client exited with 1: claim invalid' });
      const good = await runExec(host(store, boot(b3.outputRoot, b1.outputRoot, 1n)), CLIENT_ARGV, QUIET);
      expect(good).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    },
    TIMEOUT,
  );

  it(
    'a wrong pre-image (served unverified) makes the client exit 2, never 0 or 1',
    async () => {
      const { store: s } = chain();
      s.set(keccakKey(b3.header.stateRoot), new Uint8Array([0xc1, 0x80]));
      const outcome = await runExec(
        host(
          s,
          boot(
            b3.outputRoot,
            b3.outputRoot.map((x) => x ^ 1),
            3n,
          ),
          false,
        ),
        CLIENT_ARGV,
        QUIET,
      );
      expect(outcome.exitCode).toBe(2);
      expect(outcome.reason).toMatch(/^client exited with 2: client failed/);
    },
    TIMEOUT,
  );
});

describe('derivation in a child process', () => {
  it(
    'derives block 1 from L1 batcher data on a custom chain (keys 6/7 from the host): its output root is valid',
    async () => {
      // The root of derived block 1, from an in-memory run (see derivation.test.ts for the spec checks).
      const probe = derivationScenario();
      probe.store.setLocal(3, new Uint8Array(32));
      const first = runProgram(serveFromStore(probe.store), { deriver: opDeriver });
      if (first.kind !== 'invalid') throw new Error('expected the zero claim to be invalid');
      const d = derivationScenario();
      const claim = first.computed;
      const info: BootInfo = {
        ...boot(d.b0.outputRoot, claim, 1n),
        l1Head: d.l1[2]!,
        l2ChainId: 0xffff_ffff_ffff_ffffn,
        l2ChainConfig: new TextEncoder().encode(JSON.stringify(d.chainConfigJson)),
        rollupConfig: new TextEncoder().encode(JSON.stringify(d.rollupJson)),
      };
      const outcome = await runExec(host(d.store, info), CLIENT_ARGV, QUIET);
      expect(outcome).toEqual({ exitCode: 0, reason: 'client exited with 0: claim valid' });
    },
    TIMEOUT,
  );
});

describe('in-process mode (the host runs the program in a worker thread)', () => {
  it(
    'valid and tampered claims',
    async () => {
      const ref = { module: PROGRAM, exportName: 'clientProgram' };
      expect((await runInProcess(host(store, boot(b3.outputRoot, b2.outputRoot, 2n)), ref)).exitCode).toBe(0);
      expect((await runInProcess(host(store, boot(b3.outputRoot, tampered, 3n)), ref)).exitCode).toBe(1);
    },
    TIMEOUT,
  );
});

describe('faultline host --exec "faultline client" (both CLIs, directory datadir)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-client-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'a claim for block 2 below the agreed block 3 is checked and valid',
    () => {
      const kv = openKv(dir, 'directory');
      for (const [key, value] of store.values) kv.put(hexToBytes(key), value);
      kv.close();
      const run = (claim: Uint8Array, n: bigint) =>
        spawnSync(
          process.execPath,
          [
            CLI,
            'host',
            '--network',
            '10',
            '--l1.head',
            bytesToHex(L1_HEAD),
            '--l2.head',
            bytesToHex(b3.hash),
            '--l2.outputroot',
            bytesToHex(b3.outputRoot),
            '--l2.claim',
            bytesToHex(claim),
            '--l2.blocknumber',
            String(n),
            '--datadir',
            dir,
            '--progress',
            '0',
            '--exec',
            CLI_CLIENT.join(' '),
          ],
          { encoding: 'utf8' },
        );
      const good = run(b2.outputRoot, 2n);
      expect(good.stderr).toContain('client: claim valid');
      expect(good.status).toBe(0);
    },
    TIMEOUT,
  );
});
