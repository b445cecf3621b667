import { createMerkleProof, createMPT } from '@ethereumjs/mpt';
import { bytesToHex, keccak256, utf8ToBytes } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidProofError } from './errors.js';
import { MemoryNodeStore } from './node-source.js';
import { createProof, verifyProof } from './proof.js';
import { EMPTY_TRIE_ROOT, Trie } from './trie.js';

const s = utf8ToBytes;
const keys = Array.from({ length: 100 }, (_, i) => keccak256(Uint8Array.of(i, 1)));

function bigTrie(): Trie {
  const trie = new Trie();
  for (const [i, k] of keys.entries()) trie.put(k, s(`account ${i}`.repeat(4)));
  return trie;
}

describe('proofs', () => {
  const trie = bigTrie();
  const root = trie.root();

  it('prove present keys', () => {
    for (const [i, k] of keys.entries()) {
      const proof = createProof(trie, k);
      expect(proof.length).toBeGreaterThan(1);
      expect(keccak256(proof[0]!)).toEqual(root);
      expect(verifyProof(root, k, proof)).toEqual(s(`account ${i}`.repeat(4)));
    }
  });

  it('prove absent keys (ending in an empty slot or a diverging leaf)', () => {
    for (let i = 0; i < 50; i++) {
      const absent = keccak256(Uint8Array.of(i, 2));
      expect(verifyProof(root, absent, createProof(trie, absent))).toBeUndefined();
    }
    // A key that shares its first nibbles with a present key ends at that key's leaf.
    const near = keys[0]!.slice();
    near[31] ^= 1;
    expect(verifyProof(root, near, createProof(trie, near))).toBeUndefined();
  });

  it('the empty trie proves every key absent with an empty proof', () => {
    expect(createProof(new Trie(), s('x'))).toEqual([]);
    expect(verifyProof(EMPTY_TRIE_ROOT, s('x'), [])).toBeUndefined();
  });

  it('a proof for a small trie is its inline root', () => {
    const small = new Trie();
    small.put(s('a'), s('b'));
    const proof = createProof(small, s('a'));
    expect(proof).toHaveLength(1);
    expect(verifyProof(small.root(), s('a'), proof)).toEqual(s('b'));
  });

  it('works over a lazily opened trie', () => {
    const store = new MemoryNodeStore();
    const { root: r, nodes } = bigTrie().commit();
    store.putAll(nodes);
    const lazy = Trie.open(r, store);
    expect(verifyProof(r, keys[3]!, createProof(lazy, keys[3]!))).toEqual(s('account 3'.repeat(4)));
  });

  it('rejects a proof missing a node, against the wrong root, or with a tampered node', () => {
    const proof = createProof(trie, keys[5]!);
    expect(() => verifyProof(root, keys[5]!, proof.slice(0, -1))).toThrow(InvalidProofError);
    expect(() => verifyProof(keccak256(s('other')), keys[5]!, proof)).toThrow(/is not in the proof/);
    const tampered = proof.map((n) => n.slice());
    const last = tampered[tampered.length - 1]!;
    last[last.length - 1] ^= 1;
    expect(() => verifyProof(root, keys[5]!, tampered)).toThrow(InvalidProofError);
  });

  it('rejects a proof node that is not a valid node', () => {
    const garbage = s('not rlp at all, just text');
    expect(() => verifyProof(keccak256(garbage), keys[0]!, [garbage])).toThrow(InvalidProofError);
  });

  it('matches the proof @ethereumjs/mpt produces (EIP-1186 format)', async () => {
    const theirs = await createMPT();
    for (const [i, k] of keys.entries()) await theirs.put(k, s(`account ${i}`.repeat(4)));
    for (const k of [keys[0]!, keys[42]!, keccak256(s('absent'))]) {
      const expected = (await createMerkleProof(theirs, k)).map(bytesToHex);
      expect(createProof(trie, k).map(bytesToHex)).toEqual(expected);
    }
  });
});

describe('proof properties', () => {
  const entries = fc.uniqueArray(
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 40 })),
    {
      selector: ([k]) => bytesToHex(k),
      minLength: 1,
      maxLength: 30,
    },
  );

  it('every present key verifies to its value and absent keys to undefined', () => {
    fc.assert(
      fc.property(entries, fc.uint8Array({ minLength: 1, maxLength: 4 }), (list, probe) => {
        const trie = new Trie();
        for (const [k, v] of list) trie.put(k, v);
        const root = trie.root();
        for (const [k, v] of list) expect(verifyProof(root, k, createProof(trie, k))).toEqual(v);
        const present = list.find(([k]) => bytesToHex(k) === bytesToHex(probe));
        expect(verifyProof(root, probe, createProof(trie, probe))).toEqual(present?.[1]);
      }),
      { numRuns: 300 },
    );
  });

  it('flipping any bit of any proof node makes verification fail', () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 7 }), (list, which, at, bit) => {
        const trie = new Trie();
        for (const [k, v] of list) trie.put(k, v);
        const [key, value] = list[which % list.length]!;
        const proof = createProof(trie, key);
        const tampered = proof.map((n) => n.slice());
        const node = tampered[at % tampered.length]!;
        node[(at >> 3) % node.length] ^= 1 << bit;
        // Every node is reached by hash from the root, so any change must break the chain.
        expect(() => verifyProof(trie.root(), key, tampered)).toThrow(InvalidProofError);
        expect(verifyProof(trie.root(), key, proof)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});
