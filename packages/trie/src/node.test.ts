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
});
