import { bytesToHex, hexToBytes, keccak256, rlpEncode } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { InvalidNodeError } from './errors.js';
import {
  BRANCH,
  BranchNode,
  decodeNode,
  EXTENSION,
  ExtensionNode,
  emptyChildren,
  encodeNode,
  HASH,
  HashNode,
  hashNode,
  LEAF,
  LeafNode,
  nodeRef,
} from './node.js';

const hp = (bytes: number[]) => Uint8Array.from(bytes);

describe('node encoding', () => {
  it('a leaf is rlp([hp(path, leaf), value])', () => {
    const leaf = new LeafNode(Uint8Array.of(1, 2, 3), Uint8Array.of(0xaa, 0xbb));
    expect(encodeNode(leaf)).toEqual(rlpEncode([hp([0x31, 0x23]), Uint8Array.of(0xaa, 0xbb)]));
  });
  it('children shorter than 32 bytes are embedded, longer ones referenced by hash', () => {
    const small = new LeafNode(Uint8Array.of(5), Uint8Array.of(1));
    const big = new LeafNode(Uint8Array.of(6), new Uint8Array(40).fill(7));
    const children = emptyChildren();
    children[0] = small;
    children[1] = big;
    const branch = new BranchNode(children, Uint8Array.of(0x99));
    const expected = rlpEncode([
      [hp([0x35]), Uint8Array.of(1)],
      keccak256(encodeNode(big)),
      ...Array.from({ length: 14 }, () => new Uint8Array(0)),
      Uint8Array.of(0x99),
    ]);
    expect(bytesToHex(encodeNode(branch))).toBe(bytesToHex(expected));
    expect(nodeRef(small)).toEqual(encodeNode(small));
    expect(nodeRef(big)).toEqual(keccak256(encodeNode(big)));
  });
  it('an extension over a hash reference', () => {
    const h = new HashNode(new Uint8Array(32).fill(0x11));
    const ext = new ExtensionNode(Uint8Array.of(0xa), h);
    expect(encodeNode(ext)).toEqual(rlpEncode([hp([0x1a]), new Uint8Array(32).fill(0x11)]));
    expect(hashNode(h)).toBe(h.hash);
  });
  it('caches encoding and hash', () => {
    const leaf = new LeafNode(Uint8Array.of(1), new Uint8Array(40));
    expect(encodeNode(leaf)).toBe(encodeNode(leaf));
    expect(hashNode(leaf)).toBe(hashNode(leaf));
  });
  it('encodes long payloads (> 55 bytes) with a long list header', () => {
    const leaf = new LeafNode(Uint8Array.of(1), new Uint8Array(100).fill(3));
    expect(encodeNode(leaf)).toEqual(rlpEncode([hp([0x31]), new Uint8Array(100).fill(3)]));
  });
});

describe('decodeNode', () => {
  it('round-trips all kinds and keeps the hash it was stored under', () => {
    const leaf = new LeafNode(Uint8Array.of(1, 2), new Uint8Array(40).fill(9));
    const children = emptyChildren();
    children[3] = leaf;
    children[7] = new LeafNode(Uint8Array.of(4), Uint8Array.of(5));
    const branch = new BranchNode(children, undefined);
    const ext = new ExtensionNode(Uint8Array.of(1, 2, 3), branch);
    const encoded = encodeNode(ext);
    const hash = keccak256(encoded);
    const decoded = decodeNode(encoded, hash);
    expect(decoded.kind).toBe(EXTENSION);
    expect(decoded.hash).toBe(hash);
    expect(decoded.stored).toBe(true);
    if (decoded.kind !== EXTENSION) throw new Error('unreachable');
    expect(decoded.path).toEqual(Uint8Array.of(1, 2, 3));
    // The branch is larger than 32 bytes, so it is a hash reference.
    expect(decoded.child.kind).toBe(HASH);
    const b = decodeNode(encodeNode(branch));
    if (b.kind !== BRANCH) throw new Error('unreachable');
    expect(b.value).toBeUndefined();
    expect(b.children[3]!.kind).toBe(HASH);
    expect(b.children[7]!.kind).toBe(LEAF);
    expect(encodeNode(new BranchNode(b.children, b.value))).toEqual(encodeNode(branch));
  });
  it('rejects what is not a node', () => {
    expect(() => decodeNode(hexToBytes('0x80'))).toThrow('a node must be an RLP list');
    expect(() => decodeNode(hexToBytes('0xc3010203'))).toThrow('a node list has 2 or 17 items, got 3');
    expect(() => decodeNode(hexToBytes('0x8100'))).toThrow(InvalidNodeError);
    expect(() => decodeNode(rlpEncode([hp([0x00, 0x01]), Uint8Array.of(1, 2, 3)]))).toThrow(
      'a child reference is empty, 32 bytes or an embedded list, got 3 bytes',
    );
    expect(() => decodeNode(rlpEncode([hp([0x00]), new Uint8Array(32)]))).toThrow('extension with an empty path');
    expect(() => decodeNode(rlpEncode([hp([0x20]), [new Uint8Array(0)]]))).toThrow('leaf value must be a byte string');
    const branchItems = Array.from({ length: 17 }, () => new Uint8Array(0));
    expect(() => decodeNode(rlpEncode([...branchItems.slice(0, 16), [new Uint8Array(0)]]))).toThrow(
      'branch value must be a byte string',
    );
    expect(() => decodeNode(rlpEncode([[], new Uint8Array(0)]))).toThrow('path must be a byte string');
    expect(() => decodeNode(rlpEncode([hp([0x00, 0x01]), new Uint8Array(0)]))).toThrow('extension without a child');
  });

  describe('branches of hash references (read without the generic RLP tree)', () => {
    const ref = (i: number) => new Uint8Array(32).fill(i + 1);
    const branchOf = (slots: number[]) =>
      rlpEncode([
        ...Array.from({ length: 16 }, (_, i) => (slots.includes(i) ? ref(i) : new Uint8Array(0))),
        new Uint8Array(0),
      ]);

    it('decodes 1, 2 and 16 references (short, 0xf8 and 0xf9 list headers) as the generic path does', () => {
      for (const slots of [[5], [0, 15], Array.from({ length: 16 }, (_, i) => i)]) {
        const encoded = branchOf(slots);
        const hash = keccak256(encoded);
        const node = decodeNode(encoded, hash);
        if (node.kind !== BRANCH) throw new Error('not a branch');
        expect(node.value).toBeUndefined();
        expect(node.stored).toBe(true);
        expect(node.hash).toBe(hash);
        expect(node.encoded).toBe(encoded);
        for (let i = 0; i < 16; i++) {
          const child = node.children[i];
          if (!slots.includes(i)) expect(child).toBeUndefined();
          else if (child?.kind !== HASH) throw new Error(`slot ${i}: not a hash reference`);
          else expect(child.hash).toEqual(ref(i));
        }
        // Re-encoding from the decoded children gives the same bytes.
        expect(encodeNode(new BranchNode(node.children, node.value))).toEqual(encoded);
      }
    });

    it('keeps a branch value and embedded children on the generic path', () => {
      const withValue = rlpEncode([
        ...Array.from({ length: 16 }, (_, i) => (i < 2 ? ref(i) : new Uint8Array(0))),
        Uint8Array.of(7),
      ]);
      const node = decodeNode(withValue);
      if (node.kind !== BRANCH) throw new Error('not a branch');
      expect(node.value).toEqual(Uint8Array.of(7));
      expect(node.children[1]!.kind).toBe(HASH);
    });

    it('rejects near-misses exactly as before: a long header for a short list, trailing bytes, a 31-byte reference', () => {
      const one = branchOf([5]); // 0xf1 … : a 49-byte payload
      const longForm = Uint8Array.from([0xf8, one.length - 1, ...one.subarray(1)]);
      expect(() => decodeNode(longForm)).toThrow(InvalidNodeError);
      expect(() => decodeNode(Uint8Array.from([...branchOf([0, 1]), 0x80]))).toThrow('1 trailing byte(s)');
      const truncated = branchOf([0, 1]).subarray(0, 60);
      expect(() => decodeNode(truncated)).toThrow(InvalidNodeError);
      const short = rlpEncode([
        new Uint8Array(31).fill(1),
        new Uint8Array(32).fill(2),
        ...Array.from({ length: 15 }, () => new Uint8Array(0)),
      ]);
      expect(() => decodeNode(short)).toThrow('a child reference is empty, 32 bytes or an embedded list, got 31 bytes');
    });
  });

  describe('leaves and extensions over a hash (read without the generic RLP tree)', () => {
    it('decodes leaves with 1-byte, short and long (0xb8) values, and an extension over a hash', () => {
      for (const value of [
        Uint8Array.of(5),
        Uint8Array.of(0x85, 1),
        new Uint8Array(70).fill(0xab),
        new Uint8Array(0),
      ]) {
        const encoded = rlpEncode([hp([0x20]), value]);
        const node = decodeNode(encoded);
        if (node.kind !== LEAF) throw new Error('not a leaf');
        expect(node.path).toEqual(new Uint8Array(0));
        expect(node.value).toEqual(value);
        expect(node.stored).toBe(true);
        expect(encodeNode(new LeafNode(node.path, node.value))).toEqual(encoded);
      }
      const leaf = decodeNode(rlpEncode([hp([0x3a, 0xbc]), Uint8Array.of(1, 2)]));
      if (leaf.kind !== LEAF) throw new Error('not a leaf');
      expect(leaf.path).toEqual(Uint8Array.of(0xa, 0xb, 0xc));
      const ext = decodeNode(rlpEncode([hp([0x00, 0x12]), new Uint8Array(32).fill(4)]));
      if (ext.kind !== EXTENSION || ext.child.kind !== HASH) throw new Error('not an extension over a hash');
      expect(ext.path).toEqual(Uint8Array.of(1, 2));
      expect(ext.child.hash).toEqual(new Uint8Array(32).fill(4));
    });

    it('rejects near-misses as before: a header on a byte below 0x80, a long form for a short string, a third item', () => {
      expect(() => decodeNode(Uint8Array.of(0xc3, 0x20, 0x81, 0x05))).toThrow(InvalidNodeError);
      const longForm = Uint8Array.from([0xc0 + 6, 0x20, 0xb8, 3, 1, 2, 3]);
      expect(() => decodeNode(longForm)).toThrow('long form used for a payload of ≤ 55 bytes');
      expect(() => decodeNode(rlpEncode([hp([0x20]), Uint8Array.of(1), Uint8Array.of(2)]))).toThrow(
        'a node list has 2 or 17 items, got 3',
      );
      expect(() => decodeNode(rlpEncode([hp([0x40]), Uint8Array.of(1)]))).toThrow('hex-prefix flag 4 is not 0..3');
    });
  });
});
