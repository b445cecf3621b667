/**
 * Real OP Stack state through a `NodeSource`: the kona stateless-execution fixtures
 * (`../shared/fixtures/kona-exec-*`) hold exactly the trie nodes and code kona's executor touched
 * while building one block, keyed by keccak256. Opening `TrieState` at the parent header's state
 * root over that key-value set must find the L1Block predeploy (every block's first, L1-info
 * deposit transaction writes it), its code and its packed `number`/`timestamp` slot — read
 * lazily through geth-produced nodes, with no missing node — and account proofs built over the
 * lazily opened trie must verify against the root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bytesToHex, equalBytes, hexToBytes, KECCAK256_EMPTY, keccak256, looseHexToBytes } from '@faultline/primitives';
import { fixturePath, fixturesRoot } from '@faultline/testkit';
import { verifyProof } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { decodeAccount, TrieState } from '../src/index.js';

const L1_BLOCK = '0x4200000000000000000000000000000000000015';
const U64_MASK = (1n << 64n) - 1n;
/** An L2 block's L1 origin is at most the sequencing window (hours) behind it. */
const MAX_L1_ORIGIN_LAG_SECONDS = 24n * 3600n;

const root = fixturePath();
const fixtures = root === undefined ? [] : readdirSync(fixturesRoot()).filter((d) => d.startsWith('kona-exec-'));

class KvSource {
  private readonly map = new Map<string, Uint8Array>();
  constructor(kv: Record<string, string>) {
    for (const [k, v] of Object.entries(kv)) this.map.set(`0x${k}`, looseHexToBytes(v));
  }
  get(hash: Uint8Array): Uint8Array | undefined {
    return this.map.get(bytesToHex(hash));
  }
}

describe.runIf(fixtures.length > 0)('kona stateless-execution witnesses', () => {
  for (const name of fixtures) {
    it(name, () => {
      const dir = join(fixturesRoot(), name);
      const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'));
      const kv = JSON.parse(gunzipSync(readFileSync(join(dir, 'kv.json.gz'))).toString('utf8'));
      const source = new KvSource(kv);
      const stateRoot = hexToBytes(fixture.parent_header.stateRoot);
      const parentTimestamp = BigInt(fixture.parent_header.timestamp);
      const state = new TrieState({ root: stateRoot, nodes: source, code: source });

      const l1Block = state.getAccount(L1_BLOCK);
      expect(l1Block).toBeDefined();
      expect(equalBytes(l1Block!.codeHash, KECCAK256_EMPTY)).toBe(false);
      const code = state.getCode(l1Block!.codeHash);
      expect(keccak256(code)).toEqual(l1Block!.codeHash);
      expect(state.hasStorage(L1_BLOCK)).toBe(true);

      // L1Block slot 0 packs uint64 number (low) and uint64 timestamp (next) of the L1 origin.
      const slot0 = state.getStorage(L1_BLOCK, 0n);
      const l1Number = slot0 & U64_MASK;
      const l1Timestamp = (slot0 >> 64n) & U64_MASK;
      expect(l1Number).toBeGreaterThan(0n);
      expect(l1Timestamp).toBeLessThanOrEqual(parentTimestamp);
      expect(parentTimestamp - l1Timestamp).toBeLessThan(MAX_L1_ORIGIN_LAG_SECONDS);

      // The root is untouched by reads, and proofs over the lazily opened trie verify.
      expect(bytesToHex(state.root())).toBe(fixture.parent_header.stateRoot);
      const leaf = verifyProof(stateRoot, keccak256(hexToBytes(L1_BLOCK)), state.proveAccount(L1_BLOCK));
      expect(decodeAccount(leaf!).codeHash).toEqual(l1Block!.codeHash);
    });
  }
});
