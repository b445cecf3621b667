/**
 * Merkle-Patricia proofs (EIP-1186 form) as a verifier receives them: `rlp([root, key, [node, …]])`.
 * Seeds are real account proofs out of a kona fixture's state (the accounts its payload touches)
 * and proofs of present and absent keys in generated tries. A proof either yields a value or
 * absence, or is refused with a trie error; the root's size is a primitives boundary check.
 */
import { keccak256, RlpError, type RlpItem, rlpDecode, rlpEncode, SizeError } from '@faultline/primitives';
import { decodeTransaction, headerFromJson, recoverSender } from '@faultline/protocol';
import { createProof, InvalidNodeError, InvalidProofError, MemoryNodeStore, Trie, verifyProof } from '@faultline/trie';
import { havoc } from '../mutate.js';
import { mutateRlp } from '../mutate-rlp.js';
import { konaFixtures, konaKv } from '../seeds.js';
import { InputShapeError, type Target } from '../target.js';

function envelope(root: Uint8Array, key: Uint8Array, proof: Uint8Array[]): Uint8Array {
  return rlpEncode([root, key, proof]);
}

function fixtureProofs(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of konaFixtures().slice(0, 3)) {
    const store = new MemoryNodeStore();
    for (const node of konaKv(f.name)) store.put(keccak256(node), node);
    const root = headerFromJson(f.parentHeader).stateRoot;
    const trie = Trie.open(root, store);
    const addresses: Uint8Array[] = [];
    for (const raw of f.transactions.slice(0, 12)) {
      try {
        const tx = decodeTransaction(raw);
        if (tx.to) addresses.push(tx.to);
        addresses.push(recoverSender(tx));
      } catch {
        // A transaction we cannot read simply contributes no address.
      }
    }
    for (const a of addresses) {
      try {
        const key = keccak256(a);
        out.push(envelope(root, key, createProof(trie, key)));
      } catch {
        // The fixture holds only the nodes its block touched; other paths are incomplete.
      }
    }
  }
  return out;
}

function generatedProofs(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const size of [1, 3, 17, 200]) {
    const trie = new Trie(new MemoryNodeStore());
    const keys: Uint8Array[] = [];
    for (let i = 0; i < size; i++) {
      const key = keccak256(Uint8Array.of(size, i)).subarray(0, i % 3 === 0 ? 32 : 4 + (i % 7));
      keys.push(key);
      trie.put(key, i % 4 === 0 ? Uint8Array.of(i + 1) : keccak256(key));
    }
    const root = trie.root();
    for (const key of keys.slice(0, 6)) out.push(envelope(root, key, createProof(trie, key)));
    const absent = keccak256(Uint8Array.of(0xee, size));
    out.push(envelope(root, absent, createProof(trie, absent)));
  }
  return out;
}

export const trieProofTarget: Target = {
  name: 'trie-proof',
  about: 'verifyProof(root, key, nodes) over hostile proof nodes (trie)',
  maxLength: 32 << 10,
  errors: [InvalidProofError, InvalidNodeError, SizeError],
  seeds: () => [...fixtureProofs(), ...generatedProofs()],
  havocOdds: 8,
  mutate(input, rng, ctx) {
    // Mostly one proof node (itself RLP) or the node list; the envelope's shape stays intact.
    if (rng.oneIn(6)) return mutateRlp(input, rng, ctx);
    let item: RlpItem;
    try {
      item = rlpDecode(input);
    } catch {
      return undefined;
    }
    if (!Array.isArray(item) || item.length !== 3 || !Array.isArray(item[2])) return undefined;
    const [root, key] = item;
    if (!(root instanceof Uint8Array) || !(key instanceof Uint8Array)) return undefined;
    const nodes = (item[2] as RlpItem[]).filter((n): n is Uint8Array => n instanceof Uint8Array);
    const r = rng.int(8);
    if (r === 0 && nodes.length > 0) nodes.splice(rng.int(nodes.length), 1);
    else if (r === 1 && nodes.length > 0) nodes.splice(rng.int(nodes.length + 1), 0, nodes[rng.int(nodes.length)]!);
    else if (r === 2 && nodes.length > 1) nodes.reverse();
    else if (r === 3) return rlpEncode([root, havoc(key, rng, { ...ctx, maxLength: 64 }), nodes]);
    else if (nodes.length > 0) {
      const k = rng.int(nodes.length);
      nodes[k] = mutateRlp(nodes[k]!, rng, ctx) ?? havoc(nodes[k]!, rng, ctx);
    }
    return rlpEncode([root, key, nodes]);
  },
  run(input) {
    let item: RlpItem;
    try {
      item = rlpDecode(input);
    } catch (e) {
      if (e instanceof RlpError) throw new InputShapeError(`envelope: ${e.shortMessage}`);
      throw e;
    }
    if (!Array.isArray(item) || item.length !== 3) throw new InputShapeError('envelope: expected [root, key, proof]');
    const [root, key, proof] = item;
    if (!(root instanceof Uint8Array) || !(key instanceof Uint8Array) || !Array.isArray(proof))
      throw new InputShapeError('envelope: expected [bytes, bytes, list]');
    const nodes = proof.map((n) => (n instanceof Uint8Array ? n : rlpEncode(n as never)));
    verifyProof(root, key, nodes);
  },
  ciCases: 1500,
};
