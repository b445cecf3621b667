/**
 * ethereum/tests TrieTests, every case: trietest.json / trietest_secureTrie.json (ordered
 * updates, `null` deletes), trieanyorder*.json (a set of entries; inserted in file order and in
 * reverse), hex_encoded_securetrie_test.json, and trietestnextprev.json (for each probe key, the
 * previous and next existing keys; "" means none) against the ordered iterator. Keys and values
 * starting with 0x are hex, otherwise UTF-8.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, bytesToUtf8, compareBytes, hexToBytes, utf8ToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { SecureTrie, Trie, trieEntries } from '../src/index.js';

const dir = fixturePath('ethereum-tests', 'tests', 'TrieTests');

type Ordered = { in: [string, string | null][]; root: string };
type AnyOrder = { in: Record<string, string>; root: string };
type NextPrev = { in: string[]; tests: [string, string, string][] };

const decode = (text: string) => (text.startsWith('0x') ? hexToBytes(text) : utf8ToBytes(text));

function load<T>(file: string): [string, T][] {
  return Object.entries(JSON.parse(readFileSync(join(dir!, file), 'utf8')) as Record<string, T>);
}

function apply(trie: Trie | SecureTrie, entries: [string, string | null][]): void {
  for (const [k, v] of entries) {
    if (v === null) trie.delete(decode(k));
    else trie.put(decode(k), decode(v));
  }
}

describe.runIf(dir)('TrieTests', () => {
  for (const [file, secure] of [
    ['trietest.json', false],
    ['trietest_secureTrie.json', true],
  ] as const) {
    describe(file, () => {
      for (const [name, c] of load<Ordered>(file)) {
        it(name, () => {
          const trie = secure ? new SecureTrie() : new Trie();
          apply(trie, c.in);
          expect(bytesToHex(trie.root())).toBe(c.root);
        });
      }
    });
  }

  for (const [file, secure] of [
    ['trieanyorder.json', false],
    ['trieanyorder_secureTrie.json', true],
    ['hex_encoded_securetrie_test.json', true],
  ] as const) {
    describe(file, () => {
      for (const [name, c] of load<AnyOrder>(file)) {
        const entries = Object.entries(c.in);
        it(`${name} (file order)`, () => {
          const trie = secure ? new SecureTrie() : new Trie();
          apply(trie, entries);
          expect(bytesToHex(trie.root())).toBe(c.root);
        });
        it(`${name} (reverse order)`, () => {
          const trie = secure ? new SecureTrie() : new Trie();
          apply(trie, entries.slice().reverse());
          expect(bytesToHex(trie.root())).toBe(c.root);
        });
      }
    });
  }

  describe('trietestnextprev.json', () => {
    for (const [name, c] of load<NextPrev>('trietestnextprev.json')) {
      const trie = new Trie();
      for (const key of c.in) trie.put(utf8ToBytes(key), utf8ToBytes(key));
      for (const [probe, prev, next] of c.tests) {
        it(`${name}: around "${probe}" → prev "${prev}", next "${next}"`, () => {
          const key = utf8ToBytes(probe);
          // next: the first key strictly greater than the probe, found by seeking.
          let found = '';
          for (const [k] of trieEntries(trie, key)) {
            if (compareBytes(k, key) > 0) {
              found = bytesToUtf8(k);
              break;
            }
          }
          expect(found).toBe(next);
          // prev: the last key strictly smaller, from an in-order scan.
          let before = '';
          for (const [k] of trieEntries(trie)) {
            if (compareBytes(k, key) >= 0) break;
            before = bytesToUtf8(k);
          }
          expect(before).toBe(prev);
        });
      }
    }
  });
});
