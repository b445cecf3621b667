/**
 * Structure-aware mutation of RLP (Yellow Paper appendix B): decode a seed into its tree, change
 * one node — a string becomes an edge value (empty, a leading zero, 32 × 0xff, one byte too long),
 * a list loses, repeats or swaps items, nesting deepens — and encode it again, now and then with a
 * non-canonical or lying length prefix. Most results still parse as RLP, so they reach the field
 * checks behind the RLP decoder (transactions, headers, receipts, trie nodes, batches).
 * A typed envelope (`type ++ rlp`, EIP-2718) keeps or changes its type byte around the same.
 */
import { type RlpItem, rlpDecode } from '@faultline/primitives';
import { havoc, type MutateContext } from './mutate.js';
import type { Rng } from './rng.js';

type Node = Uint8Array | Node[];

function lengthBytes(n: number): number[] {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return out;
}

/** RLP encoding; `skew` (1 in N nodes) writes a non-canonical or wrong length prefix. */
function encode(node: Node, rng: Rng, skew: number, parts: Uint8Array[]): number {
  if (node instanceof Uint8Array) {
    if (node.length === 1 && node[0]! < 0x80 && !rng.oneIn(skew * 4)) {
      parts.push(node);
      return 1;
    }
    const head = header(0x80, node.length, rng, skew);
    parts.push(head, node);
    return head.length + node.length;
  }
  const body: Uint8Array[] = [];
  let len = 0;
  for (const child of node) len += encode(child, rng, skew, body);
  const head = header(0xc0, len, rng, skew);
  parts.push(head, ...body);
  return head.length + len;
}

function header(base: number, len: number, rng: Rng, skew: number): Uint8Array {
  let claimed = len;
  let longForm = len > 55;
  if (rng.oneIn(skew)) {
    const r = rng.int(4);
    if (r === 0) claimed = Math.max(0, len + rng.pick([-1, 1, 2, 255]));
    else if (r === 1) longForm = true;
    else if (r === 2) claimed = rng.pick([0xffffffff, 2 ** 40, 2 ** 53 - 1, 2 ** 56]);
    else return Uint8Array.of(base + 0x37 + 2, 0, len & 0xff); // long form with a leading zero
  }
  if (!longForm && claimed <= 55) return Uint8Array.of(base + claimed);
  const lb = lengthBytes(claimed);
  if (lb.length === 0) lb.push(0);
  return Uint8Array.of(base + 0x37 + lb.length, ...lb);
}

export function encodeNode(node: Node, rng: Rng, skew: number): Uint8Array {
  const parts: Uint8Array[] = [];
  encode(node, rng, skew, parts);
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Every node of the tree with the list holding it (for replacement in place). */
function collect(
  node: Node,
  out: { parent: Node[] | undefined; index: number; node: Node }[],
  parent?: Node[],
  index = 0,
) {
  out.push({ parent, index, node });
  if (Array.isArray(node)) for (let i = 0; i < node.length; i++) collect(node[i]!, out, node, i);
}

function edgeString(rng: Rng, ctx: MutateContext, old: Uint8Array): Uint8Array {
  switch (rng.int(12)) {
    case 0:
      return new Uint8Array(0);
    case 1:
      return Uint8Array.of(0);
    case 2:
      return Uint8Array.of(0, ...old);
    case 3:
      return new Uint8Array(32).fill(0xff);
    case 4:
      return new Uint8Array(old.length + 1).fill(rng.u32() & 0xff);
    case 5:
      return old.subarray(0, Math.max(0, old.length - 1));
    case 6:
      return new Uint8Array(rng.pick([1, 8, 9, 20, 21, 31, 33, 48, 64, 65, 256])).map(() => rng.u32() & 0xff);
    case 7:
      return Uint8Array.of(rng.u32() & 0xff);
    case 8:
      return new Uint8Array(rng.pick([8, 32])).fill(0xff);
    case 9:
      return Uint8Array.of(0x80 | (rng.u32() & 0x7f));
    default:
      return havoc(old, rng, { ...ctx, maxLength: Math.max(64, old.length * 2) });
  }
}

function mutateTree(root: Node, rng: Rng, ctx: MutateContext): Node {
  const nodes: { parent: Node[] | undefined; index: number; node: Node }[] = [];
  collect(root, nodes);
  const target = rng.pick(nodes);
  let replacement: Node;
  const n = target.node;
  if (n instanceof Uint8Array) {
    replacement = rng.oneIn(8) ? [n] : rng.oneIn(10) ? [] : edgeString(rng, ctx, n);
  } else {
    const list = n.slice();
    const r = rng.int(9);
    if (r === 0 && list.length > 0) list.splice(rng.int(list.length), 1);
    else if (r === 1 && list.length > 0) list.splice(rng.int(list.length), 0, list[rng.int(list.length)]!);
    else if (r === 2 && list.length > 1) {
      const i = rng.int(list.length);
      const j = rng.int(list.length);
      [list[i], list[j]] = [list[j]!, list[i]!];
    } else if (r === 3) list.push(rng.oneIn(2) ? new Uint8Array(0) : edgeString(rng, ctx, new Uint8Array(0)));
    else if (r === 4) list.length = rng.int(list.length + 1);
    else if (r === 5) return replaceAt(root, target, new Uint8Array(0));
    else if (r === 6) return replaceAt(root, target, [list]);
    else if (r === 7 && list.length > 0) {
      // Repeat an item many times (count limits: span batches, access lists, proofs).
      const item = list[rng.int(list.length)]!;
      for (let i = rng.int(64); i > 0; i--) list.push(item);
    } else list.push([]);
    replacement = list;
  }
  return replaceAt(root, target, replacement);
}

function replaceAt(root: Node, target: { parent: Node[] | undefined; index: number }, replacement: Node): Node {
  if (target.parent === undefined) return replacement;
  target.parent[target.index] = replacement;
  return root;
}

function decodeOrUndefined(data: Uint8Array): Node | undefined {
  try {
    return cloneTree(rlpDecode(data));
  } catch {
    return undefined;
  }
}

function cloneTree(item: RlpItem): Node {
  return item instanceof Uint8Array ? item : item.map(cloneTree);
}

/**
 * One RLP-aware mutation of `input`, or `undefined` when the input is not RLP (optionally after a
 * one-byte type prefix below 0x80).
 */
export function mutateRlp(
  input: Uint8Array,
  rng: Rng,
  ctx: MutateContext,
  typeBytes?: readonly number[],
): Uint8Array | undefined {
  let prefix: number | undefined;
  let tree = decodeOrUndefined(input);
  if (tree === undefined && input.length > 1 && input[0]! < 0x80) {
    prefix = input[0];
    tree = decodeOrUndefined(input.subarray(1));
  }
  if (tree === undefined) return undefined;
  const rounds = 1 + (rng.oneIn(3) ? rng.int(4) : 0);
  for (let i = 0; i < rounds; i++) tree = mutateTree(tree, rng, ctx);
  const body = encodeNode(tree, rng, rng.oneIn(4) ? 8 : 1_000_000);
  if (prefix === undefined && typeBytes && rng.oneIn(16)) prefix = rng.pick(typeBytes);
  if (prefix !== undefined && typeBytes && rng.oneIn(16)) prefix = rng.pick(typeBytes);
  const out = prefix === undefined ? body : concat([Uint8Array.of(prefix), body]);
  return out.length > ctx.maxLength ? out.subarray(0, ctx.maxLength) : out;
}
