import { createMPT } from '@ethereumjs/mpt';
import { bytesToHex, compareBytes, hexToBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MissingNodeError } from './errors.js';
import { trieEntries } from './iterate.js';
import { MemoryNodeStore, type NodeSource } from './node-source.js';
import { SecureTrie } from './secure-trie.js';
import { EMPTY_TRIE_ROOT, Trie } from './trie.js';

const s = utf8ToBytes;

/** Random key/value maps with shared prefixes (small alphabet) so every node kind appears. */
const entriesArb = fc
  .uniqueArray(
    fc.tuple(
      fc.uint8Array({ minLength: 0, maxLength: 6 }).map((b) => b.map((x) => x & 0x13)),
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
    ),
    { selector: ([k]) => bytesToHex(k), maxLength: 40 },
  )
  .map((list) => list as [Uint8Array, Uint8Array][]);

function build(entries: [Uint8Array, Uint8Array][], source?: NodeSource): Trie {
  const trie = new Trie(source);
  for (const [k, v] of entries) trie.put(k, v);
  return trie;
}

describe('Trie basics', () => {
  it('the empty trie has root keccak(rlp(""))', () => {
    expect(bytesToHex(new Trie().root())).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    expect(new Trie().get(s('x'))).toBeUndefined();
  });
  it('gets what was put, including prefix keys and the empty key', () => {
    const trie = build([
      [s('do'), s('verb')],
      [s('dog'), s('puppy')],
      [s('doge'), s('coin')],
      [s('horse'), s('stallion')],
      [new Uint8Array(0), s('root value')],
    ]);
    expect(trie.get(s('do'))).toEqual(s('verb'));
    expect(trie.get(s('dog'))).toEqual(s('puppy'));
    expect(trie.get(s('doge'))).toEqual(s('coin'));
    expect(trie.get(new Uint8Array(0))).toEqual(s('root value'));
    expect(trie.get(s('d'))).toBeUndefined();
    expect(trie.get(s('dogs'))).toBeUndefined();
    expect(trie.get(s('horses'))).toBeUndefined();
    expect(trie.get(s('cat'))).toBeUndefined();
  });
  it('puts over an existing key and deletes with an empty value', () => {
    const trie = build([
      [s('a'), s('1')],
      [s('ab'), s('2')],
    ]);
    const before = trie.root();
    trie.put(s('a'), s('3'));
    expect(trie.get(s('a'))).toEqual(s('3'));
    trie.put(s('a'), s('1'));
    expect(trie.root()).toEqual(before);
    trie.put(s('a'), new Uint8Array(0));
    expect(trie.get(s('a'))).toBeUndefined();
    trie.delete(s('ab'));
    expect(trie.isEmpty()).toBe(true);
    expect(trie.root()).toEqual(EMPTY_TRIE_ROOT);
  });
  it('deleting an absent key is a no-op that keeps the root', () => {
    const trie = build([
      [s('abc'), s('1')],
      [s('abd'), s('2')],
    ]);
    const root = trie.root();
    trie.delete(s('abe'));
    trie.delete(s('ab'));
    trie.delete(s('x'));
    expect(trie.root()).toEqual(root);
  });
  it('copy() is independent', () => {
    const a = build([[s('k'), s('v')]]);
    const b = a.copy();
    b.put(s('k2'), s('v2'));
    expect(a.get(s('k2'))).toBeUndefined();
    expect(b.get(s('k2'))).toEqual(s('v2'));
    expect(a.root()).not.toEqual(b.root());
  });
  it('Trie.open checks the root length', () => {
    expect(() => Trie.open(new Uint8Array(31), new MemoryNodeStore())).toThrow('root: expected 32 bytes, got 31');
  });
});

describe('commit and lazy opening over a NodeSource', () => {
  const entries: [Uint8Array, Uint8Array][] = Array.from({ length: 200 }, (_, i) => [
    keccak256(Uint8Array.of(i)),
    s(`value ${i}`.repeat(1 + (i % 5))),
  ]);

  it('committed nodes reopen to the same contents', () => {
    const store = new MemoryNodeStore();
    const trie = build(entries);
    const { root, nodes } = trie.commit();
    expect(root).toEqual(trie.root());
    store.putAll(nodes);
    const reopened = Trie.open(root, store);
    for (const [k, v] of entries) expect(reopened.get(k)).toEqual(v);
    expect(reopened.get(keccak256(s('absent')))).toBeUndefined();
    // A second commit with no changes reports nothing new.
    expect(trie.commit().nodes).toHaveLength(0);
  });

  it('an update reopened from the store only emits the changed path', () => {
    const store = new MemoryNodeStore();
    const first = build(entries).commit();
    store.putAll(first.nodes);
    const trie = Trie.open(first.root, store);
    trie.put(entries[7]![0], s('changed'));
    const second = trie.commit();
    expect(bytesToHex(second.root)).toBe(
      bytesToHex(build(entries.map(([k, v], i) => [k, i === 7 ? s('changed') : v])).root()),
    );
    // Path length in a 200-key secure-style trie is a handful of nodes, far fewer than the trie.
    expect(second.nodes.length).toBeGreaterThan(0);
    expect(second.nodes.length).toBeLessThan(6);
    store.putAll(second.nodes);
    const again = Trie.open(second.root, store);
    expect(again.get(entries[7]![0])).toEqual(s('changed'));
    expect(again.get(entries[8]![0])).toEqual(entries[8]![1]);
  });

  it('opens only the nodes a lookup needs', () => {
    const store = new MemoryNodeStore();
    const { root, nodes } = build(entries).commit();
    store.putAll(nodes);
    const reads: string[] = [];
    const counting: NodeSource = {
      get(hash) {
        reads.push(bytesToHex(hash));
        return store.get(hash);
      },
    };
    const trie = Trie.open(root, counting);
    trie.get(entries[0]![0]);
    const firstLookup = reads.length;
    expect(firstLookup).toBeGreaterThan(0);
    expect(firstLookup).toBeLessThan(6);
    trie.get(entries[0]![0]);
    expect(reads.length).toBe(firstLookup);
  });

  it('a missing node is a MissingNodeError carrying its hash', () => {
    const { root, nodes } = build(entries).commit();
    const store = new MemoryNodeStore();
    // Keep everything but the root: the very first lookup must fail on the root hash.
    for (const [h, n] of nodes) if (bytesToHex(h) !== bytesToHex(root)) store.put(h, n);
    const trie = Trie.open(root, store);
    try {
      trie.get(entries[0]![0]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MissingNodeError);
      expect((e as MissingNodeError).hash).toEqual(root);
      expect((e as MissingNodeError).shortMessage).toBe(`trie: missing node ${bytesToHex(root)}`);
    }
    expect(() => Trie.open(hexToBytes(`0x${'11'.repeat(32)}`), new MemoryNodeStore()).put(s('a'), s('b'))).toThrow(
      MissingNodeError,
    );
  });

  it('a trie whose root encoding is < 32 bytes still commits its root', () => {
    const trie = build([[s('a'), s('b')]]);
    const { root, nodes } = trie.commit();
    expect(nodes).toHaveLength(1);
    const store = new MemoryNodeStore();
    store.putAll(nodes);
    expect(Trie.open(root, store).get(s('a'))).toEqual(s('b'));
    expect(Trie.open(EMPTY_TRIE_ROOT, store).isEmpty()).toBe(true);
  });
});

describe('SecureTrie', () => {
  it('stores under keccak(key)', () => {
    const secure = new SecureTrie();
    secure.put(s('dog'), s('puppy'));
    const plain = new Trie();
    plain.put(keccak256(s('dog')), s('puppy'));
    expect(secure.root()).toEqual(plain.root());
    expect(secure.get(s('dog'))).toEqual(s('puppy'));
    expect(secure.getHashed(keccak256(s('dog')))).toEqual(s('puppy'));
    secure.delete(s('dog'));
    expect(secure.isEmpty()).toBe(true);
  });
});

describe('properties', () => {
  it('the root does not depend on insertion order', () => {
    fc.assert(
      fc.property(entriesArb, fc.integer(), (entries, seed) => {
        const shuffled = entries
          .map((e, i) => [e, (i * 7919 + seed) % 1013] as const)
          .sort((a, b) => a[1] - b[1])
          .map(([e]) => e);
        const sorted = entries.slice().sort((a, b) => compareBytes(a[0], b[0]));
        const root = build(entries).root();
        expect(build(shuffled).root()).toEqual(root);
        expect(build(sorted).root()).toEqual(root);
      }),
      { numRuns: 300 },
    );
  });

  it('inserting extra keys and deleting them again restores the root', () => {
    fc.assert(
      fc.property(entriesArb, entriesArb, (keep, extraRaw) => {
        const keepKeys = new Set(keep.map(([k]) => bytesToHex(k)));
        const extra = extraRaw.filter(([k]) => !keepKeys.has(bytesToHex(k)));
        const trie = build([...extra, ...keep]);
        for (const [k] of extra) trie.delete(k);
        expect(trie.root()).toEqual(build(keep).root());
        for (const [k, v] of keep) expect(trie.get(k)).toEqual(v);
        for (const [k] of extra) expect(trie.get(k)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('deletes through lazily opened nodes give the same root as in memory', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(fc.nat()), (entries, picks) => {
        const store = new MemoryNodeStore();
        const { root, nodes } = build(entries).commit();
        store.putAll(nodes);
        const lazy = Trie.open(root, store);
        const memory = build(entries);
        for (const p of picks) {
          if (entries.length === 0) break;
          const [k] = entries[p % entries.length]!;
          lazy.delete(k);
          memory.delete(k);
        }
        expect(lazy.root()).toEqual(memory.root());
      }),
      { numRuns: 200 },
    );
  });

  it('the iterator yields every entry in ascending key order', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const got = [...trieEntries(build(entries))].map(([k, v]) => [bytesToHex(k), bytesToHex(v)]);
        const want = entries
          .slice()
          .sort((a, b) => compareBytes(a[0], b[0]))
          .map(([k, v]) => [bytesToHex(k), bytesToHex(v)]);
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  // @ethereumjs/mpt 10.1.3 mis-handles some deletes (e.g. put 0x0200, 0x02, 0x0210, delete
  // 0x0200: its root differs from its own fresh build of the two remaining keys, which ours
  // matches), so the reference is always a fresh ethereumjs build of the final key set.
  it('agrees with @ethereumjs/mpt (differential)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.array(fc.nat(), { maxLength: 10 }), async (entries, deletions) => {
        const ours = build(entries);
        const remaining = new Map(entries.map(([k, v]) => [bytesToHex(k), [k, v] as const]));
        for (const d of deletions) {
          if (entries.length === 0) break;
          const [k] = entries[d % entries.length]!;
          ours.delete(k);
          remaining.delete(bytesToHex(k));
        }
        const theirs = await createMPT();
        for (const [k, v] of remaining.values()) await theirs.put(k, v);
        expect(bytesToHex(ours.root())).toBe(bytesToHex(theirs.root()));
      }),
      { numRuns: 150 },
    );
  });
});
