/**
 * The four in-memory node kinds of the Merkle-Patricia trie (Yellow Paper appendix D) and their
 * RLP encoding. Nodes are immutable once built: an update allocates new nodes along the changed
 * path only, so every untouched subtree keeps its cached encoding and hash and is never
 * re-hashed. A `HashNode` is a reference that has not been opened yet; it is resolved lazily
 * through a `NodeSource` and remembers what it resolved to.
 *
 * A child whose encoding is shorter than 32 bytes is embedded in its parent verbatim; otherwise
 * the parent holds keccak256 of it (appendix D, the function `c` / `n`).
 */
import { keccak256, RlpError, type RlpItem, rlpDecode } from '@faultline/primitives';
import { InvalidNodeError } from './errors.js';
import { hexPrefixDecode, hexPrefixEncode } from './nibbles.js';

export const LEAF = 0;
export const EXTENSION = 1;
export const BRANCH = 2;
export const HASH = 3;

const HASH_LENGTH = 32;
const BRANCH_WIDTH = 16;
const BRANCH_ITEMS = 17;
const SHORT_ITEMS = 2;
const RLP_EMPTY_STRING = 0x80;
const RLP_SHORT_STRING = 0x80;
const RLP_SHORT_LIST = 0xc0;
const RLP_MAX_SHORT = 55;

/** Fields shared by the three concrete kinds: caches filled on first use. */
abstract class NodeCache {
  /** RLP encoding of the node. */
  encoded: Uint8Array | undefined = undefined;
  /** keccak256(encoded); only computed when the node is referenced by hash. */
  hash: Uint8Array | undefined = undefined;
  /** Already persisted (read from a source or emitted by a commit): commit skips it. */
  stored = false;
}

export class LeafNode extends NodeCache {
  readonly kind = LEAF;
  constructor(
    readonly path: Uint8Array,
    readonly value: Uint8Array,
  ) {
    super();
  }
}

export class ExtensionNode extends NodeCache {
  readonly kind = EXTENSION;
  constructor(
    readonly path: Uint8Array,
    readonly child: TrieNode,
  ) {
    super();
  }
}

export class BranchNode extends NodeCache {
  readonly kind = BRANCH;
  constructor(
    /** Exactly 16 slots. */
    readonly children: (TrieNode | undefined)[],
    readonly value: Uint8Array | undefined,
  ) {
    super();
  }
}

export class HashNode {
  readonly kind = HASH;
  /** The opened node, once a lookup needed it. */
  resolved: ResolvedNode | undefined = undefined;
  /** The 32 bytes, once asked for; until then they are `source[offset..offset + 32]`. */
  private bytes: Uint8Array | undefined;
  private readonly source: Uint8Array;
  private readonly offset: number;

  /**
   * A reference by `hash`, or, given an offset, by the 32 bytes at `offset` in `hash` — a
   * decoded parent's encoding, so the 16 references of a branch cost no view each until one is
   * followed (most never are: a lookup takes one path).
   */
  constructor(hash: Uint8Array, offset = -1) {
    this.bytes = offset < 0 ? hash : undefined;
    this.source = hash;
    this.offset = offset;
  }

  get hash(): Uint8Array {
    let bytes = this.bytes;
    if (bytes === undefined) bytes = this.bytes = this.source.subarray(this.offset, this.offset + HASH_LENGTH);
    return bytes;
  }
}

export type ResolvedNode = LeafNode | ExtensionNode | BranchNode;
export type TrieNode = ResolvedNode | HashNode;

export function emptyChildren(): (TrieNode | undefined)[] {
  return new Array<TrieNode | undefined>(BRANCH_WIDTH).fill(undefined);
}

// ---- encoding ----

function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < RLP_SHORT_STRING) return 1;
  return headerLength(bytes.length) + bytes.length;
}

function headerLength(payload: number): number {
  if (payload <= RLP_MAX_SHORT) return 1;
  let n = 1;
  for (let v = payload; v > 255; v = Math.floor(v / 256)) n++;
  return 1 + n;
}

function writeHeader(out: Uint8Array, pos: number, payload: number, base: number): number {
  if (payload <= RLP_MAX_SHORT) {
    out[pos] = base + payload;
    return pos + 1;
  }
  const lenBytes = headerLength(payload) - 1;
  out[pos] = base + RLP_MAX_SHORT + lenBytes;
  for (let i = lenBytes; i >= 1; i--) {
    out[pos + i] = payload & 0xff;
    payload = Math.floor(payload / 256);
  }
  return pos + 1 + lenBytes;
}

function writeString(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < RLP_SHORT_STRING) {
    out[pos] = bytes[0]!;
    return pos + 1;
  }
  pos = writeHeader(out, pos, bytes.length, RLP_SHORT_STRING);
  out.set(bytes, pos);
  return pos + bytes.length;
}

/** Size of a child reference inside its parent: a 32-byte hash string or the embedded node. */
function refLength(ref: Uint8Array): number {
  return ref.length === HASH_LENGTH ? HASH_LENGTH + 1 : ref.length;
}

function writeRef(out: Uint8Array, pos: number, ref: Uint8Array): number {
  if (ref.length === HASH_LENGTH) out[pos++] = RLP_SHORT_STRING + HASH_LENGTH;
  out.set(ref, pos);
  return pos + ref.length;
}

function encodeShort(path: Uint8Array, leaf: boolean, second: Uint8Array, secondIsRef: boolean): Uint8Array {
  const hp = hexPrefixEncode(path, leaf);
  const payload = stringLength(hp) + (secondIsRef ? refLength(second) : stringLength(second));
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, RLP_SHORT_LIST);
  pos = writeString(out, pos, hp);
  if (secondIsRef) writeRef(out, pos, second);
  else writeString(out, pos, second);
  return out;
}

function encodeBranch(node: BranchNode): Uint8Array {
  const refs: (Uint8Array | undefined)[] = new Array(BRANCH_WIDTH);
  let payload = node.value === undefined ? 1 : stringLength(node.value);
  for (let i = 0; i < BRANCH_WIDTH; i++) {
    const child = node.children[i];
    if (child === undefined) payload += 1;
    else {
      const ref = nodeRef(child);
      refs[i] = ref;
      payload += refLength(ref);
    }
  }
  const out = new Uint8Array(headerLength(payload) + payload);
  let pos = writeHeader(out, 0, payload, RLP_SHORT_LIST);
  for (let i = 0; i < BRANCH_WIDTH; i++) {
    const ref = refs[i];
    if (ref === undefined) out[pos++] = RLP_EMPTY_STRING;
    else pos = writeRef(out, pos, ref);
  }
  if (node.value === undefined) out[pos] = RLP_EMPTY_STRING;
  else writeString(out, pos, node.value);
  return out;
}

/** The node's RLP encoding (cached). */
export function encodeNode(node: ResolvedNode): Uint8Array {
  if (node.encoded !== undefined) return node.encoded;
  let encoded: Uint8Array;
  if (node.kind === LEAF) encoded = encodeShort(node.path, true, node.value, false);
  else if (node.kind === EXTENSION) encoded = encodeShort(node.path, false, nodeRef(node.child), true);
  else encoded = encodeBranch(node);
  node.encoded = encoded;
  return encoded;
}

/** keccak256 of the node's encoding (cached); for a `HashNode`, its hash. */
export function hashNode(node: TrieNode): Uint8Array {
  if (node.kind === HASH) return node.hash;
  if (node.hash === undefined) node.hash = keccak256(encodeNode(node));
  return node.hash;
}

/** How a parent refers to `node`: its encoding when < 32 bytes, else its 32-byte hash. */
export function nodeRef(node: TrieNode): Uint8Array {
  if (node.kind === HASH) return node.hash;
  const encoded = encodeNode(node);
  return encoded.length < HASH_LENGTH ? encoded : hashNode(node);
}

// ---- decoding ----

/**
 * Decodes a node read from a source under `hash` (the caches are filled with what is known:
 * the bytes and the hash they were stored under).
 */
export function decodeNode(encoded: Uint8Array, hash?: Uint8Array): ResolvedNode {
  const node = decodeHashBranch(encoded) ?? decodeShort(encoded) ?? decodeAnyNode(encoded);
  node.encoded = encoded;
  if (hash !== undefined) node.hash = hash;
  return node;
}

/**
 * Where the payload of the list `e` begins, if its header is canonical (rlp.ts's rules), spans
 * exactly the input and has at most `maxLengthBytes` length bytes; −1 otherwise (the caller
 * then takes the generic path).
 */
function listBodyStart(e: Uint8Array, maxLengthBytes: 1 | 2): number {
  const n = e.length;
  if (n === 0) return -1;
  const b = e[0]!;
  if (b >= RLP_SHORT_LIST && b <= RLP_SHORT_LIST + RLP_MAX_SHORT) return b - RLP_SHORT_LIST === n - 1 ? 1 : -1;
  if (b === RLP_SHORT_LIST + RLP_MAX_SHORT + 1) return n >= 2 && e[1]! > RLP_MAX_SHORT && e[1]! === n - 2 ? 2 : -1;
  if (b === RLP_SHORT_LIST + RLP_MAX_SHORT + 2 && maxLengthBytes === 2)
    return n >= 3 && e[1] !== 0 && e[1]! * 256 + e[2]! === n - 3 ? 3 : -1;
  return -1;
}

/**
 * The common node of a state or storage trie — a branch whose children are all empty or
 * hash references and which has no value — read straight from its bytes, without building the
 * generic RLP item tree (17 views and a list per node, ~20 % of what a block build allocated).
 * Anything else, including every malformed encoding, returns undefined and takes the generic
 * path, which accepts and rejects exactly as before; on this subset both give the same node.
 */
function decodeHashBranch(e: Uint8Array): BranchNode | undefined {
  const n = e.length;
  let pos = listBodyStart(e, 2);
  if (pos < 0) return undefined;
  const children = emptyChildren();
  for (let i = 0; i < BRANCH_WIDTH; i++) {
    const c = e[pos];
    if (c === RLP_EMPTY_STRING) pos++;
    else if (c === RLP_SHORT_STRING + HASH_LENGTH && pos + 1 + HASH_LENGTH <= n) {
      children[i] = new HashNode(e, pos + 1);
      pos += 1 + HASH_LENGTH;
    } else return undefined;
  }
  if (pos !== n - 1 || e[pos] !== RLP_EMPTY_STRING) return undefined;
  const node = new BranchNode(children, undefined);
  node.stored = true;
  return node;
}

/**
 * Where the canonical RLP byte string at `pos` ends, given `end` bounds it; −1 for anything
 * else (a list, a non-canonical header, a string past `end`), which sends the node to the
 * generic path. Sets `stringStart` to where its payload begins.
 */
let stringStart = 0;
function stringEnd(e: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return -1;
  const b = e[pos]!;
  if (b < RLP_SHORT_STRING) {
    stringStart = pos;
    return pos + 1;
  }
  let start: number;
  let len: number;
  if (b <= RLP_SHORT_STRING + RLP_MAX_SHORT) {
    len = b - RLP_SHORT_STRING;
    start = pos + 1;
    if (len === 1 && start < end && e[start]! < RLP_SHORT_STRING) return -1;
  } else if (b === RLP_SHORT_STRING + RLP_MAX_SHORT + 1) {
    if (pos + 1 >= end) return -1;
    len = e[pos + 1]!;
    if (len <= RLP_MAX_SHORT) return -1;
    start = pos + 2;
  } else return -1;
  if (start + len > end) return -1;
  stringStart = start;
  return start + len;
}

/**
 * A leaf, or an extension over a hash reference — the other nodes a lookup opens — read
 * straight from their bytes as `decodeHashBranch` does branches: both items must be canonical
 * byte strings filling the list exactly; anything else returns undefined for the generic path.
 */
function decodeShort(e: Uint8Array): ResolvedNode | undefined {
  const n = e.length;
  const pos = listBodyStart(e, 1);
  if (pos < 0) return undefined;
  const pathEnd = stringEnd(e, pos, n);
  if (pathEnd < 0) return undefined;
  const pathStart = stringStart;
  const valueEnd = stringEnd(e, pathEnd, n);
  if (valueEnd !== n) return undefined;
  const valueStart = stringStart;
  // hexPrefixDecode's errors are the generic path's too: it is reached with the same bytes.
  const { nibbles, leaf } = hexPrefixDecode(e.subarray(pathStart, pathEnd));
  let node: ResolvedNode;
  if (leaf) node = new LeafNode(nibbles, e.subarray(valueStart, valueEnd));
  else if (nibbles.length > 0 && valueEnd - valueStart === HASH_LENGTH)
    node = new ExtensionNode(nibbles, new HashNode(e, valueStart));
  else return undefined;
  node.stored = true;
  return node;
}

function decodeAnyNode(encoded: Uint8Array): ResolvedNode {
  let item: RlpItem;
  try {
    item = rlpDecode(encoded);
  } catch (error) {
    if (error instanceof RlpError) throw new InvalidNodeError(error.shortMessage, { cause: error });
    throw error;
  }
  return nodeFromItem(item);
}

function nodeFromItem(item: RlpItem): ResolvedNode {
  if (!Array.isArray(item)) throw new InvalidNodeError('a node must be an RLP list');
  let node: ResolvedNode;
  if (item.length === BRANCH_ITEMS) {
    const children = emptyChildren();
    for (let i = 0; i < BRANCH_WIDTH; i++) children[i] = childFromItem(item[i]!);
    const value = item[BRANCH_WIDTH]!;
    if (!(value instanceof Uint8Array)) throw new InvalidNodeError('branch value must be a byte string');
    node = new BranchNode(children, value.length === 0 ? undefined : value);
  } else if (item.length === SHORT_ITEMS) {
    const [first, second] = item as [RlpItem, RlpItem];
    if (!(first instanceof Uint8Array)) throw new InvalidNodeError('path must be a byte string');
    const { nibbles, leaf } = hexPrefixDecode(first);
    if (leaf) {
      if (!(second instanceof Uint8Array)) throw new InvalidNodeError('leaf value must be a byte string');
      node = new LeafNode(nibbles, second);
    } else {
      if (nibbles.length === 0) throw new InvalidNodeError('extension with an empty path');
      const child = childFromItem(second);
      if (child === undefined) throw new InvalidNodeError('extension without a child');
      node = new ExtensionNode(nibbles, child);
    }
  } else {
    throw new InvalidNodeError(`a node list has 2 or 17 items, got ${item.length}`);
  }
  node.stored = true;
  return node;
}

function childFromItem(item: RlpItem): TrieNode | undefined {
  if (Array.isArray(item)) return nodeFromItem(item);
  if (item.length === 0) return undefined;
  if (item.length === HASH_LENGTH) return new HashNode(item);
  throw new InvalidNodeError(`a child reference is empty, 32 bytes or an embedded list, got ${item.length} bytes`);
}
