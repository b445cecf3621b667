/**
 * Conformance through the oracle: kona's executor fixtures (../shared/fixtures/kona-exec-*, real
 * OP Sepolia / Unichain blocks) rebuilt by `L2Chain.buildOnHead` with every trie node and code
 * blob fetched as a keccak pre-image over the real framing — an `l2-state-node` or `l2-code`
 * hint before each get — instead of from an in-memory store. The sealed block hash must be the
 * chain's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseKonaFixture } from '@faultline/executor';
import { keccakKey } from '@faultline/preimage';
import { bytesToHex, looseHexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { L2Chain } from '../src/l2-chain.js';
import { L2Oracle } from '../src/l2-oracle.js';
import { putHeader } from '../src/test-chain.js';
import { TestPreimageStore, testOracle } from '../src/test-host.js';

const FIXTURES = ['kona-exec-op-sepolia-22880574', 'kona-exec-unichain-mainnet-10211000'];

describe('kona executor fixtures rebuilt over the pre-image oracle', () => {
  for (const name of FIXTURES) {
    const dir = fixturePath(name);
    it.runIf(dir)(name, () => {
      const fixture = JSON.parse(readFileSync(join(dir!, 'fixture.json'), 'utf8'));
      const kv = JSON.parse(gunzipSync(readFileSync(join(dir!, 'kv.json.gz'))).toString('utf8')) as Record<
        string,
        string
      >;
      const fx = parseKonaFixture(fixture, kv);
      const store = new TestPreimageStore();
      for (const [hash, value] of Object.entries(kv))
        store.set(keccakKey(looseHexToBytes(hash)), looseHexToBytes(value));
      const parentHash = putHeader(store, fx.parent);
      const chain = new L2Chain(new L2Oracle(testOracle(store)), fx.rollup, parentHash);
      const built = chain.buildOnHead(fx.attributes);
      expect(bytesToHex(built.hash)).toBe(bytesToHex(fx.expectedHash));
      expect(chain.head().header.number).toBe(fx.parent.number + 1n);
      // The parent header's hint + get, then the payload witness hint (no get: a host fetches it
      // at once), then every state read hinted: hint, then the get of exactly the hinted hash.
      expect(store.log[2]).toMatch(/^hint l2-payload-witness 0x/);
      const log = store.log.slice(3);
      expect(log.length).toBeGreaterThan(10);
      for (let i = 0; i < log.length; i += 2) {
        const [, type, data] = log[i]!.split(' ');
        expect(['l2-state-node', 'l2-code']).toContain(type);
        expect(log[i + 1]).toBe(`get 0x02${data!.slice(4)}`);
      }
    });
  }
});
