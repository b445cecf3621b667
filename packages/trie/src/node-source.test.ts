import { keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { MemoryNodeStore, RecordingNodeSource } from './node-source.js';
import { Trie } from './trie.js';

describe('MemoryNodeStore', () => {
  it('stores by hash', () => {
    const store = new MemoryNodeStore();
    const node = utf8ToBytes('node');
    store.put(keccak256(node), node);
    expect(store.get(keccak256(node))).toBe(node);
    expect(store.get(keccak256(utf8ToBytes('other')))).toBeUndefined();
    expect(store.size).toBe(1);
  });
});

describe('RecordingNodeSource', () => {
  it('records exactly the nodes a lookup opened, which suffice to repeat it', () => {
    const trie = new Trie();
    const keys = Array.from({ length: 300 }, (_, i) => keccak256(Uint8Array.of(i, i >> 8)));
    for (const k of keys) trie.put(k, utf8ToBytes(`value for ${k[0]}`.repeat(3)));
    const { root, nodes } = trie.commit();
    const store = new MemoryNodeStore();
    store.putAll(nodes);

    const recorder = new RecordingNodeSource(store);
    const lazy = Trie.open(root, recorder);
    const value = lazy.get(keys[10]!);
    lazy.get(keccak256(utf8ToBytes('absent')));
    const witness = recorder.entries();
    expect(witness.length).toBeGreaterThan(1);
    expect(witness.length).toBeLessThan(nodes.length / 10);
    for (const [hash, encoded] of witness) expect(keccak256(encoded)).toEqual(hash);

    const replay = new MemoryNodeStore();
    replay.putAll(witness);
    const again = Trie.open(root, replay);
    expect(again.get(keys[10]!)).toEqual(value);
    expect(again.get(keccak256(utf8ToBytes('absent')))).toBeUndefined();
  });
});
