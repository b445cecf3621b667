/**
 * L2 state over standard JSON-RPC (op-reth, and every node since op-geth's end of support):
 * accounts and storage slots by `eth_getProof`, code by `eth_getCode`, whole blocks by an execution
 * witness (`debug_executePayload`, else `debug_executionWitness`), and `debug_dbGet` only when
 * nothing else reaches a node. Hint forms of both programs are read:
 *
 * | hint | op-program (`client/l2/hints.go`) | kona (`hint.rs`) |
 * |---|---|---|
 * | `l2-account-proof` | block hash ‖ address ‖ u64 chain id | u64 block number ‖ address |
 * | `l2-account-storage-proof` | — | u64 block number ‖ address ‖ slot |
 * | `l2-payload-witness` | JSON {parentBlockHash, payloadAttributes, chainID?} | parent hash ‖ attributes JSON |
 * | `l2-output` / `starting-l2-output` | output root (‖ u64 chain id) | output root |
 *
 * The byte lengths differ, so one reader serves both. A node or code asked for by hash alone
 * (`l2-state-node`, `l2-code`) is located through `ProofIndex`: a node under a known path is
 * reached by the proof of a key searched for under that path — the sibling a storage deletion
 * pulls up when it collapses a branch is the case kona#235 describes; code by its owner's
 * `eth_getCode`. Every value is stored through `ctx.store`, which checks it against its key.
 */
import { keccakKey, keccakKeyOf } from '@faultline/preimage';
import { BaseError, bytesToHex, concatBytes, equalBytes, hexToBytes, keccak256 } from '@faultline/primitives';
import { type Json, q } from '../rpc/json.js';
import { isMissingMethod, type RpcClient } from '../rpc/rpc-client.js';
import type { Sources } from './hint-handlers.js';
import { keyUnderPath, MAX_SEARCH_NIBBLES } from './key-search.js';
import { type PrefetchContext, PrefetchError } from './prefetcher.js';
import { ProofIndex } from './proof-index.js';

const HASH = 32;
const ADDRESS = 20;
const U64 = 8;
/** OP predeploy L2ToL1MessagePasser: its storage root is part of the output root (OutputV0). */
const MESSAGE_PASSER = hexToBytes('0x4200000000000000000000000000000000000016');
const OPEN_BRACE = 0x7b;

export function proofIndexOf(s: Sources): ProofIndex {
  s.index ??= new ProofIndex();
  return s.index;
}

const u64At = (data: Uint8Array, at: number) => new DataView(data.buffer, data.byteOffset + at, U64).getBigUint64(0);
const quantity = (n: bigint) => `0x${n.toString(16)}`;

function shortReason(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string };
  return (err.shortMessage ?? err.message ?? String(e)).split('\n')[0]!;
}

/**
 * `eth_getProof(address, slots, block)`: stores every account and storage node it returns and
 * indexes them (paths, storage roots, code owners); returns the answer for its other fields.
 */
export async function fetchProof(
  s: Sources,
  address: Uint8Array,
  slots: Uint8Array[],
  block: string,
  ctx: PrefetchContext,
): Promise<Json> {
  const proof = await s.l2.call<Json>('eth_getProof', [bytesToHex(address), slots.map(bytesToHex), block]);
  if (typeof proof !== 'object' || proof === null || !Array.isArray(proof.accountProof)) {
    throw new PrefetchError(`${s.l2.label} eth_getProof ${bytesToHex(address)}: no accountProof in the answer`);
  }
  const decode = (nodes: unknown, what: string) => {
    if (!Array.isArray(nodes)) throw new PrefetchError(`${s.l2.label} eth_getProof: ${what} is not a list`);
    return nodes.map((n) => hexToBytes(String(n)));
  };
  const index = proofIndexOf(s);
  const accountNodes = decode(proof.accountProof, 'accountProof');
  for (const node of accountNodes) ctx.store(keccakKeyOf(node), node);
  index.addAccountProof(address, accountNodes, block);
  const storage = (proof.storageProof ?? []) as Json[];
  storage.forEach((sp, i) => {
    const nodes = decode(sp?.proof, `storageProof[${i}].proof`);
    for (const node of nodes) ctx.store(keccakKeyOf(node), node);
    if (slots[i]) index.addStorageProof(address, slots[i], nodes, block);
  });
  return proof;
}

/**
 * `l2-account-proof`: kona's 28 bytes (u64 block number ‖ address) or op-program's block hash ‖
 * address (‖ u64 chain id). op-program asks for slot 0 as well, whose proof starts with the node
 * under the account's storage root; so does this host. Storage slots of 32 bytes may follow the
 * op-program form (this host's extension: one call for an account and the slots it will read).
 */
export async function accountProofHint(data: Uint8Array, s: Sources, ctx: PrefetchContext): Promise<void> {
  if (data.length === U64 + ADDRESS) {
    await fetchProof(s, data.subarray(U64), [new Uint8Array(HASH)], quantity(u64At(data, 0)), ctx);
    return;
  }
  if (data.length < HASH + ADDRESS)
    throw new PrefetchError(`l2-account-proof: expected 28 (kona) or ≥ 52 bytes, got ${data.length}`);
  let rest = data.subarray(HASH + ADDRESS);
  if (rest.length % HASH === U64) rest = rest.subarray(U64);
  if (rest.length % HASH !== 0)
    throw new PrefetchError(`l2-account-proof: ${rest.length} bytes after the address are not whole slots`);
  const slots: Uint8Array[] = [];
  for (let i = 0; i < rest.length; i += HASH) slots.push(rest.subarray(i, i + HASH));
  if (slots.length === 0) slots.push(new Uint8Array(HASH));
  await fetchProof(s, data.subarray(HASH, HASH + ADDRESS), slots, bytesToHex(data.subarray(0, HASH)), ctx);
}

/** kona's `l2-account-storage-proof`: u64 block number ‖ address ‖ slot. */
export async function storageProofHint(data: Uint8Array, s: Sources, ctx: PrefetchContext): Promise<void> {
  if (data.length !== U64 + ADDRESS + HASH)
    throw new PrefetchError(`l2-account-storage-proof: expected 60 bytes, got ${data.length}`);
  const address = data.subarray(U64, U64 + ADDRESS);
  await fetchProof(s, address, [data.subarray(U64 + ADDRESS)], quantity(u64At(data, 0)), ctx);
}

/** Tries the debug namespace's lookups by hash in order; undefined with the reasons when none has it. */
async function debugLookup(
  rpc: RpcClient,
  methods: [string, unknown[]][],
  hash: Uint8Array,
  ctx: PrefetchContext,
): Promise<string[] | undefined> {
  const reasons: string[] = [];
  for (const [method, params] of methods) {
    try {
      const v = await rpc.call<string | null>(method, params);
      if (v) {
        ctx.store(keccakKey(hash), hexToBytes(v));
        return undefined;
      }
      reasons.push(`${method} does not have it`);
    } catch (e) {
      if (e instanceof BaseError && e.name === 'PreimageMismatchError') throw e;
      reasons.push(isMissingMethod(e) ? `the node has no ${method}` : `${method}: ${shortReason(e)}`);
    }
  }
  return reasons;
}

/**
 * `l2-state-node <hash>`: a node seen referenced by a proof is reached by the proof of a key under
 * its path; anything else only by `debug_dbGet` (geth's hash scheme).
 */
export async function stateNodeHint(data: Uint8Array, s: Sources, ctx: PrefetchContext): Promise<void> {
  if (data.length !== HASH && data.length !== HASH + U64)
    throw new PrefetchError(`l2-state-node: expected 32 or 40 bytes, got ${data.length}`);
  const hash = data.subarray(0, HASH);
  const where = proofIndexOf(s).node(hash);
  let why: string;
  if (where === undefined) {
    why = 'no proof the host fetched references it (send l2-account-proof / l2-account-storage-proof first)';
  } else if (where.path.length > MAX_SEARCH_NIBBLES) {
    why = `it lies ${where.path.length} nibbles deep, too deep to search for a key under it`;
  } else {
    const storage = where.trie.kind === 'storage' ? where.trie.address : undefined;
    const key = await keyUnderPath(where.path, storage ? 32 : 20);
    if (key !== undefined) {
      if (storage) await fetchProof(s, storage, [key], where.block, ctx);
      else await fetchProof(s, key, [], where.block, ctx);
      if (ctx.has(keccakKey(hash))) return;
      why = `the proof of a key under its path (${where.path.length} nibbles) at block ${where.block} does not contain it`;
    } else why = `no key under its path (${where.path.length} nibbles) was found`;
  }
  const reasons = await debugLookup(s.l2, [['debug_dbGet', [bytesToHex(hash)]]], hash, ctx);
  if (reasons === undefined) return;
  throw new PrefetchError(`L2 state node ${bytesToHex(hash)}: ${why}, and ${reasons.join('; ')}`);
}

/** `l2-code <hash>`: the code of an account proven to have it (`eth_getCode`), else the debug lookups. */
export async function codeHint(data: Uint8Array, s: Sources, ctx: PrefetchContext): Promise<void> {
  if (data.length !== HASH && data.length !== HASH + U64)
    throw new PrefetchError(`l2-code: expected 32 or 40 bytes, got ${data.length}`);
  const hash = data.subarray(0, HASH);
  const owner = proofIndexOf(s).codeOwner(hash);
  let why = 'no account the host proved has this code hash (send l2-account-proof first)';
  if (owner !== undefined) {
    const code = hexToBytes(await s.l2.call<string>('eth_getCode', [bytesToHex(owner.address), owner.block]));
    if (equalBytes(keccak256(code), hash)) {
      ctx.store(keccakKey(hash), code);
      return;
    }
    why = `eth_getCode of ${bytesToHex(owner.address)} at block ${owner.block} answers other code`;
  }
  const reasons = await debugLookup(
    s.l2,
    [
      ['debug_codeByHash', [bytesToHex(hash)]],
      ['debug_dbGet', [bytesToHex(concatBytes(Uint8Array.of(0x63), hash))]],
    ],
    hash,
    ctx,
  );
  if (reasons === undefined) return;
  throw new PrefetchError(`L2 code ${bytesToHex(hash)}: ${why}, and ${reasons.join('; ')}`);
}

/** The two forms of `l2-payload-witness`, as parent hash and the attributes' JSON. */
function payloadWitnessRequest(data: Uint8Array): { parent: Uint8Array; attributes: unknown } {
  const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const parse = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(text(bytes));
    } catch (e) {
      throw new PrefetchError(`l2-payload-witness: not JSON: ${shortReason(e)}`);
    }
  };
  if (data[0] === OPEN_BRACE) {
    const j = parse(data) as { parentBlockHash?: unknown; payloadAttributes?: unknown };
    if (typeof j.parentBlockHash !== 'string' || typeof j.payloadAttributes !== 'object')
      throw new PrefetchError('l2-payload-witness: expected {parentBlockHash, payloadAttributes}');
    return { parent: hexToBytes(j.parentBlockHash, HASH), attributes: j.payloadAttributes };
  }
  if (data.length <= HASH || data[HASH] !== OPEN_BRACE)
    throw new PrefetchError('l2-payload-witness: expected JSON, or a parent hash followed by JSON (kona)');
  return { parent: data.subarray(0, HASH), attributes: parse(data.subarray(HASH)) };
}

/**
 * `l2-payload-witness`: every node, code and key pre-image the block's execution reads, from
 * `debug_executePayload` (op-reth, op-geth) or, on a node without it, the witness of the block
 * that follows the parent on that node (`debug_executionWitness`, geth/reth). Values are hashed
 * here; the witness's own keys are never trusted.
 */
export async function payloadWitnessHint(data: Uint8Array, s: Sources, ctx: PrefetchContext): Promise<void> {
  const { parent, attributes } = payloadWitnessRequest(data);
  let witness: Json;
  try {
    witness = await s.l2.call<Json>('debug_executePayload', [bytesToHex(parent), attributes]);
  } catch (first) {
    try {
      const block = await s.l2.call<Json | null>('eth_getBlockByHash', [bytesToHex(parent), false]);
      if (block === null) throw new PrefetchError(`${s.l2.label} block ${bytesToHex(parent)} not found`);
      witness = await s.l2.call<Json>('debug_executionWitness', [quantity(q(block, 'number', 'block') + 1n)]);
    } catch (second) {
      const name = (e: unknown, m: string) => (isMissingMethod(e) ? `the node has no ${m}` : shortReason(e));
      throw new PrefetchError(
        `execution witness: ${name(first, 'debug_executePayload')}; ${name(second, 'debug_executionWitness')}`,
      );
    }
  }
  for (const field of ['state', 'codes', 'keys', 'headers']) {
    const list = witness?.[field];
    const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
    for (const item of items) {
      const bytes = hexToBytes(String(item));
      ctx.store(keccakKeyOf(bytes), bytes);
    }
  }
}

/**
 * `l2-output` (op-program) and `starting-l2-output` (kona): OutputV0 of the agreed block
 * `--l2.head` — its header's state root, the message passer's storage root from `eth_getProof`
 * and the block hash — stored only when it hashes to the root the client asked for.
 */
export async function outputHint(
  data: Uint8Array,
  s: Sources,
  ctx: PrefetchContext,
  header: (hash: Uint8Array) => Promise<{ stateRoot: Uint8Array }>,
): Promise<void> {
  if (data.length !== HASH && data.length !== HASH + U64)
    throw new PrefetchError(`output root: expected 32 or 40 bytes, got ${data.length}`);
  const root = data.subarray(0, HASH);
  const { stateRoot } = await header(s.l2Head);
  const proof = await fetchProof(s, MESSAGE_PASSER, [], bytesToHex(s.l2Head), ctx);
  const storageRoot = hexToBytes(String(proof.storageHash), HASH);
  const output = concatBytes(new Uint8Array(HASH), stateRoot, storageRoot, s.l2Head);
  if (!equalBytes(keccak256(output), root)) {
    throw new PrefetchError(
      `output root at --l2.head is ${bytesToHex(keccak256(output))}, but the client asked for ${bytesToHex(root)}`,
    );
  }
  ctx.store(keccakKey(root), output);
}
