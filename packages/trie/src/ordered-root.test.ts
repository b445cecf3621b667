import { createMPT } from '@ethereumjs/mpt';
import { bytesToHex, rlpEncode } from '@faultline/primitives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedTrie, orderedTrieRoot } from './ordered-root.js';
import { EMPTY_TRIE_ROOT } from './trie.js';

describe('orderedTrieRoot', () => {
  it('an empty list has the empty root (e.g. a block without transactions)', () => {
    expect(orderedTrieRoot([])).toEqual(EMPTY_TRIE_ROOT);
  });
  it('stores item i under rlp(i)', () => {
    const items = Array.from({ length: 130 }, (_, i) => Uint8Array.of(i, i + 1));
    const trie = orderedTrie(items);
    expect(trie.get(rlpEncode(0))).toEqual(items[0]);
    expect(trie.get(rlpEncode(127))).toEqual(items[127]);
    expect(trie.get(rlpEncode(128))).toEqual(items[128]);
    expect(trie.get(rlpEncode(130))).toBeUndefined();
  });
  it('agrees with @ethereumjs/mpt keyed by rlp(index)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 120 }), { maxLength: 300 }), async (items) => {
        const theirs = await createMPT();
        for (const [i, item] of items.entries()) await theirs.put(rlpEncode(i), item);
        expect(bytesToHex(orderedTrieRoot(items))).toBe(bytesToHex(theirs.root()));
      }),
      { numRuns: 30 },
    );
  });
});
