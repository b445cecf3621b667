/**
 * Issue 18 item 1: one altered blob field element in the demo's pre-images must never become a
 * verdict. The demo chain (12 blocks, seed "ci") carries a span batch in a blob at L1 block 103,
 * which the client reads through 4,096 blob pre-images (key type 5). With one bit of one element
 * flipped, the true and the tampered claim both end in exit 2: the client refuses the blob when a
 * host passes the element on unchecked (its recomputed KZG commitment differs), and `faultline
 * host` over such a datadir refuses to serve it. The controls show the blob is really read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blobEvaluationPoints, LocalSource, MemoryKv, openKv, PreimageHost, runExec } from '@faultline/host';
import { blobKey } from '@faultline/preimage';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { generateChain } from '@faultline/testkit/chain';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const TIMEOUT = 90_000;

const chain = generateChain({ blocks: 12, seed: 'ci' });
const b = chain.boot;
const tamperedClaim = b.claimedOutputRoot.slice();
tamperedClaim[31]! ^= 0x01;
const CLAIMS = [
  ['the true claim', b.claimedOutputRoot, 0],
  ['the tampered claim', tamperedClaim, 1],
] as const;

const blobs = chain.l1.blocks.flatMap((block) => block.blobs);
/** Element 0 of the demo's first blob (batch data, not padding), and the same element with its lowest bit flipped. */
const elementKey = blobKey(blobs[0]!.commitment, blobEvaluationPoints()[0]!);
const element = chain.preimages.get(bytesToHex(elementKey))!;
const flipped = element.slice();
flipped[31]! ^= 0x01;

const dir = mkdtempSync(join(tmpdir(), 'faultline-demo-blob-'));
// The directory store holds one file per pre-image (~8,500): removing them can take a while.
afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

/** The chain's store served unchecked (verify: false), with element 0 of the blob as given. */
function uncheckedHost(claim: Uint8Array, value: Uint8Array): PreimageHost {
  const kv = new MemoryKv();
  for (const [k, v] of chain.preimages) kv.put(hexToBytes(k), v);
  kv.put(elementKey, value);
  const local = new LocalSource({
    l1Head: b.l1Head,
    l2OutputRoot: b.agreedOutputRoot,
    l2Claim: claim,
    l2ClaimBlockNumber: b.claimBlockNumber,
    l2ChainId: b.l2ChainId,
    l2ChainConfig: utf8ToBytes(JSON.stringify(b.chainConfigJson)),
    rollupConfig: utf8ToBytes(JSON.stringify(b.rollupConfigJson)),
  });
  return new PreimageHost({ store: kv, local, verify: false });
}

/** `faultline client` with its stderr in a file (a shell keeps fds 3–6 for it). */
function clientCommand(stderrFile: string): string[] {
  return ['sh', '-c', `exec "${process.execPath}" --stack-size=3900 "${BIN}" client 2>"${stderrFile}"`];
}

describe('the demo chain reads a blob', () => {
  it('has one, and element 0 of it holds batch data', () => {
    expect(blobs.length).toBeGreaterThan(0);
    expect(element.some((x) => x !== 0)).toBe(true);
  });
});

describe('one flipped bit in one blob field element, passed on unchecked: the client exits 2', () => {
  for (const [what, claim, verdict] of CLAIMS) {
    it(
      `control: ${what} with the intact element gets exit ${verdict}`,
      async () => {
        const outcome = await runExec(uncheckedHost(claim, element), clientCommand(join(dir, 'ok.err')), {
          stdio: 'ignore',
        });
        expect(outcome.exitCode).toBe(verdict);
      },
      TIMEOUT,
    );

    it(
      `${what} → exit 2, because the blob does not reproduce its commitment`,
      async () => {
        const err = join(dir, `bad-${verdict}.err`);
        const outcome = await runExec(uncheckedHost(claim, flipped), clientCommand(err), { stdio: 'ignore' });
        expect(outcome.exitCode).toBe(2);
        expect(readFileSync(err, 'utf8')).toMatch(
          /client: failed: .*blob 0x01[0-9a-f]{62}: field elements do not match the commitment/,
        );
      },
      TIMEOUT,
    );
  }
});

describe('faultline host over the demo datadir with that element altered refuses it: exit 2', () => {
  const datadir = join(dir, 'preimages');
  const kv = openKv(datadir, 'directory');
  for (const [k, v] of chain.preimages) kv.put(hexToBytes(k), v);
  kv.put(elementKey, flipped);
  kv.close();
  writeFileSync(join(dir, 'rollup.json'), JSON.stringify(b.rollupConfigJson));
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify({ config: b.chainConfigJson }));

  for (const [what, claim] of CLAIMS) {
    it(
      `${what} → exit 2, the host names the blob`,
      () => {
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
            bytesToHex(claim),
            '--l2.blocknumber',
            String(b.claimBlockNumber),
            '--datadir',
            datadir,
            '--data.format',
            'directory',
            '--progress',
            '0',
            '--exec',
            `${process.execPath} --stack-size=3900 ${BIN} client`,
          ],
          { encoding: 'utf8' },
        );
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(
          `blob ${bytesToHex(blobs[0]!.commitment)}: the stored field elements do not match the commitment`,
        );
      },
      TIMEOUT,
    );
  }
});
