import { bytesToHex, hexToBytes, keccak256, rlpDecode, rlpEncode, u64ToBytes } from '@faultline/primitives';
import { bytesToNibbles, createProof, EMPTY_TRIE_ROOT, SecureTrie } from '@faultline/trie';
import { describe, expect, it } from 'vitest';
import { ProofIndex } from './proof-index.js';

const BLOCK = '0x10';

/** A secure trie of `n` keys (key i = u64 i padded to `size` bytes) holding `value(i)`. */
function trieOf(n: number, size: number, value: (i: number) => Uint8Array) {
  const trie = new SecureTrie();
  const keys: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const key = new Uint8Array(size);
    key.set(u64ToBytes(BigInt(i)), size - 8);
    keys.push(key);
    trie.put(key, value(i));
  }
  trie.commit();
  return { trie, keys };
}

const account = (storageRoot: Uint8Array, codeHash: Uint8Array) => rlpEncode([1n, 2n, storageRoot, codeHash]);

describe('ProofIndex', () => {
  it('indexes every child a proof passes by, with its path, and the proven account’s storage root and code', () => {
    const storageRoot = keccak256(Uint8Array.of(1));
    const codeHash = keccak256(Uint8Array.of(2));
    const { trie, keys } = trieOf(300, 20, () => account(storageRoot, codeHash));
    const index = new ProofIndex();
    index.addStateRoot(trie.root(), BLOCK);
    expect(index.node(trie.root())).toEqual({ trie: { kind: 'account' }, path: new Uint8Array(0), block: BLOCK });
    const proof = createProof(trie.trie, keccak256(keys[7]!));
    index.addAccountProof(keys[7]!, proof, BLOCK);
    // 300 keys: the root is a full branch, and each child's path is its one nibble.
    const children = decodeBranch(proof[0]!);
    for (let j = 0; j < 16; j++) {
      expect(index.node(children[j]!)).toEqual({ trie: { kind: 'account' }, path: Uint8Array.of(j), block: BLOCK });
    }
    // Each node of the proof below the root hangs under the key's own path.
    const nibbles = bytesToNibbles(keccak256(keys[7]!));
    const second = index.node(keccak256(proof[1]!))!;
    expect(second.path).toEqual(nibbles.subarray(0, 1));
    expect(index.node(storageRoot)).toEqual({
      trie: { kind: 'storage', address: keys[7] },
      path: new Uint8Array(0),
      block: BLOCK,
    });
    expect(index.codeOwner(codeHash)).toEqual({ address: keys[7], block: BLOCK });
  });

  it('an empty storage root is not indexed (there is no node to fetch)', () => {
    const { trie, keys } = trieOf(1, 20, () => account(EMPTY_TRIE_ROOT, keccak256(new Uint8Array(0))));
    const index = new ProofIndex();
    index.addAccountProof(keys[0]!, createProof(trie.trie, keccak256(keys[0]!)), BLOCK);
    expect(index.node(EMPTY_TRIE_ROOT)).toBeUndefined();
  });

  it('storage proofs index their trie as the account’s storage, deeper paths included', () => {
    const { trie, keys } = trieOf(5000, 32, (i) => rlpEncode(BigInt(i + 1)));
    const address = hexToBytes('0x4200000000000000000000000000000000000016');
    const index = new ProofIndex();
    const proof = createProof(trie.trie, keccak256(keys[42]!));
    expect(proof.length).toBeGreaterThanOrEqual(3);
    index.addStorageProof(address, keys[42]!, proof, BLOCK);
    const nibbles = bytesToNibbles(keccak256(keys[42]!));
    // The third node of the proof is a child of the second: two nibbles down the key's path.
    expect(index.node(keccak256(proof[2]!))).toEqual({
      trie: { kind: 'storage', address },
      path: nibbles.subarray(0, 2),
      block: BLOCK,
    });
    // Its siblings under the second node share the first nibble and differ in the second.
    const branch = decodeBranch(proof[1]!);
    const j = branch.findIndex((c, i) => c.length === 32 && i !== nibbles[1]);
    expect(bytesToHex(index.node(branch[j]!)!.path)).toBe(bytesToHex(Uint8Array.of(nibbles[0]!, j)));
  });

  it('a proof that leaves its key’s path is indexed no further than it follows it', () => {
    const { trie, keys } = trieOf(300, 20, () => account(keccak256(Uint8Array.of(9)), keccak256(Uint8Array.of(8))));
    const index = new ProofIndex();
    // The proof of key 7 offered as the proof of key 8: the root's children are indexed, but the
    // nodes below the first wrong turn are not, and no account is taken from its leaf.
    const wrong = createProof(trie.trie, keccak256(keys[7]!));
    const other = keys.find((k) => keccak256(k)[0]! >> 4 !== keccak256(keys[7]!)[0]! >> 4)!;
    index.addAccountProof(other, wrong, BLOCK);
    expect(index.node(keccak256(wrong[2]!))).toBeUndefined();
    expect(index.codeOwner(keccak256(Uint8Array.of(8)))).toBeUndefined();
  });
});

function decodeBranch(encoded: Uint8Array): Uint8Array[] {
  const items = rlpDecode(encoded) as Uint8Array[];
  expect(items).toHaveLength(17);
  return items;
}
