/**
 * What each hint fetches (op-program `host/prefetcher/prefetcher.go`, kona `single/handler.rs`),
 * using standard JSON-RPC only: headers are re-encoded from `eth_getBlockByHash` and must hash
 * to the requested hash; transaction and receipt tries are rebuilt from the block's JSON and
 * must reproduce the header's roots; state comes from `eth_getProof`/`eth_getCode`, with the
 * debug methods (`debug_dbGet`, `debug_codeByHash`, `debug_executionWitness`) used only where
 * the standard API has no lookup by hash. Every value is stored through `ctx.store`, which
 * checks it against its key.
 */

import { HINT_TYPES, keccakKey, keccakKeyOf, precompileKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, equalBytes, hexToBytes, keccak256 } from '@faultline/primitives';
import { encodeHeader, encodeReceipt, encodeTransaction, headerFromJson } from '@faultline/protocol';
import { orderedTrie } from '@faultline/trie';
import type { BeaconClient } from '../rpc/beacon-client.js';
import { arr, type Json, q } from '../rpc/json.js';
import { receiptFromJson } from '../rpc/receipt-json.js';
import { METHOD_NOT_FOUND, type RpcClient } from '../rpc/rpc-client.js';
import { transactionFromJson } from '../rpc/tx-json.js';
import { blobCommitment, blobPreimages, versionedHash } from './blob.js';
import { runPrecompile } from './precompile.js';
import { type HintHandler, type PrefetchContext, PrefetchError } from './prefetcher.js';

export interface Sources {
  l1: RpcClient;
  l2: RpcClient;
  beacon: BeaconClient | undefined;
  /** The agreed L2 block: `l2-output` is answered at this block (op-program). */
  l2Head: Uint8Array;
}

const HASH = 32;
const ADDRESS = 20;
/** OP predeploy L2ToL1MessagePasser: its storage root is part of the output root (OutputV0). */
const MESSAGE_PASSER = hexToBytes('0x4200000000000000000000000000000000000016');

function expectLength(what: string, data: Uint8Array, ...lengths: number[]): void {
  if (!lengths.includes(data.length)) {
    throw new PrefetchError(`${what}: expected ${lengths.join(' or ')} bytes of hint data, got ${data.length}`);
  }
}

async function blockByHash(rpc: RpcClient, hash: Uint8Array, full: boolean): Promise<Json> {
  const block = await rpc.call<Json | null>('eth_getBlockByHash', [bytesToHex(hash), full]);
  if (block === null) throw new PrefetchError(`${rpc.label} block ${bytesToHex(hash)} not found`);
  return block;
}

/** Re-encodes the header and checks it hashes to the block hash before storing it. */
function storeHeader(block: Json, hash: Uint8Array, ctx: PrefetchContext): ReturnType<typeof headerFromJson> {
  const header = headerFromJson(block);
  const rlp = encodeHeader(header);
  if (!equalBytes(keccak256(rlp), hash)) {
    throw new PrefetchError(
      `header rebuilt from JSON hashes to ${bytesToHex(keccak256(rlp))}, not ${bytesToHex(hash)}`,
    );
  }
  ctx.store(keccakKey(hash), rlp);
  return header;
}

/** Stores every node of the ordered trie over `items`, after checking its root. */
function storeOrderedTrie(what: string, items: Uint8Array[], root: Uint8Array, ctx: PrefetchContext): void {
  const { root: built, nodes } = orderedTrie(items).commit();
  if (!equalBytes(built, root)) {
    throw new PrefetchError(
      `${what} trie rebuilt from JSON has root ${bytesToHex(built)}, header says ${bytesToHex(root)}`,
    );
  }
  for (const [hash, node] of nodes) ctx.store(keccakKey(hash), node);
}

async function headerHint(rpc: (s: Sources) => RpcClient, data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('block hash', data, HASH);
  storeHeader(await blockByHash(rpc(s), data, false), data, ctx);
}

async function transactionsHint(rpc: (s: Sources) => RpcClient, data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('block hash', data, HASH);
  const block = await blockByHash(rpc(s), data, true);
  const header = storeHeader(block, data, ctx);
  const list = arr(block, 'transactions', 'block');
  const txs = list.map((t, i) => encodeTransaction(transactionFromJson(t, `tx[${i}]`)));
  // Name the first transaction whose rebuilt bytes do not hash to the node's tx hash: a much
  // better diagnosis than a root mismatch.
  txs.forEach((tx, i) => {
    if (typeof list[i]!.hash === 'string' && bytesToHex(keccak256(tx)) !== list[i]!.hash) {
      throw new PrefetchError(
        `tx[${i}] ${list[i]!.hash} (type ${list[i]!.type}) re-encodes to ${bytesToHex(keccak256(tx))}`,
      );
    }
  });
  storeOrderedTrie('transactions', txs, header.transactionsRoot, ctx);
}

async function blockReceipts(rpc: RpcClient, block: Json): Promise<Json[]> {
  try {
    const all = await rpc.call<Json[] | null>('eth_getBlockReceipts', [block.hash]);
    if (all !== null) return all;
  } catch (e) {
    if ((e as { code?: number }).code !== METHOD_NOT_FOUND && !/not (found|supported)|does not exist/i.test(String(e)))
      throw e;
  }
  // Per-transaction fallback for nodes without eth_getBlockReceipts.
  const hashes = arr(block, 'transactions', 'block').map((t) => (typeof t === 'string' ? t : (t.hash as string)));
  return Promise.all(hashes.map((h) => rpc.call<Json>('eth_getTransactionReceipt', [h])));
}

async function receiptsHint(rpc: (s: Sources) => RpcClient, data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('block hash', data, HASH, HASH + 8);
  const hash = data.subarray(0, HASH);
  const block = await blockByHash(rpc(s), hash, false);
  const header = storeHeader(block, hash, ctx);
  const receipts = await blockReceipts(rpc(s), block);
  const encoded = receipts.map((r, i) => encodeReceipt(receiptFromJson(r, `receipt[${i}]`)));
  storeOrderedTrie('receipts', encoded, header.receiptsRoot, ctx);
}

/** Finds the L1 block with `timestamp` (binary search over numbers; timestamps increase). */
async function l1BlockAtTimestamp(rpc: RpcClient, timestamp: bigint): Promise<Json> {
  const latest = await rpc.call<Json>('eth_getBlockByNumber', ['latest', false]);
  let lo = 0n;
  let hi = q(latest, 'number', 'block');
  while (lo <= hi) {
    const mid = (lo + hi) / 2n;
    const b = await rpc.call<Json>('eth_getBlockByNumber', [`0x${mid.toString(16)}`, false]);
    const t = q(b, 'timestamp', 'block');
    if (t === timestamp) return b;
    if (t < timestamp) lo = mid + 1n;
    else hi = mid - 1n;
  }
  throw new PrefetchError(`no L1 block with timestamp ${timestamp}`);
}

async function blobHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  // Oct-2024 / kona form: versionedHash ++ u64 index ++ u64 timestamp; newest spec drops the index.
  expectLength('l1-blob', data, 48, 40);
  if (!s.beacon) throw new PrefetchError('l1-blob needs --l1.beacon');
  const wanted = data.subarray(0, HASH);
  const timestamp = new DataView(data.buffer, data.byteOffset).getBigUint64(data.length - 8, false);
  // Beacon ids are slots, derived from genesis time and slot length. anvil publishes no spec
  // and takes the EL block number instead (environment-notes §1.1), found by timestamp. The blob
  // is matched by its versioned hash, never by position, so either numbering yields the right
  // blob or a clear failure.
  const slot = await s.beacon.slotAt(timestamp);
  const id = slot !== undefined ? slot : q(await l1BlockAtTimestamp(s.l1, timestamp), 'number', 'block');
  const sidecars = await s.beacon.blobs(id.toString(), [bytesToHex(wanted)]);
  for (const sc of sidecars) {
    const commitment = sc.kzgCommitment ?? blobCommitment(sc.blob);
    if (!equalBytes(versionedHash(commitment), wanted)) continue;
    // A sidecar's commitment is only trusted once the blob reproduces it.
    if (sc.kzgCommitment && !equalBytes(blobCommitment(sc.blob), sc.kzgCommitment)) {
      throw new PrefetchError(`beacon blob ${sc.index} does not match its KZG commitment`);
    }
    for (const [key, value] of blobPreimages(commitment, sc.blob)) ctx.store(key, value);
    return;
  }
  throw new PrefetchError(`no blob with versioned hash ${bytesToHex(wanted)} at L1 timestamp ${timestamp}`);
}

async function precompileHint(withGas: boolean, data: Uint8Array, _s: Sources, ctx: PrefetchContext) {
  const minLength = ADDRESS + (withGas ? 8 : 0);
  if (data.length < minLength)
    throw new PrefetchError(`precompile hint: expected ≥ ${minLength} bytes, got ${data.length}`);
  const address = data.subarray(0, ADDRESS);
  const gas = withGas ? new DataView(data.buffer, data.byteOffset + ADDRESS).getBigUint64(0, false) : 0n;
  const input = data.subarray(minLength);
  const result = await runPrecompile(address, input);
  ctx.store(keccakKeyOf(data), data.slice());
  const value = concatBytes(Uint8Array.of(result.ok ? 1 : 0), result.output);
  // Key type 6 is not verifiable, so it is derived here from the hint bytes the client sent.
  ctx.store(withGas ? precompileKey(address, gas, input) : legacyPrecompileKey(address, input), value);
}

/** OP@v1.0 precompile key: keccak(address ++ input) with type byte 6 (no gas). */
function legacyPrecompileKey(address: Uint8Array, input: Uint8Array): Uint8Array {
  const k = keccak256(concatBytes(address, input));
  k[0] = 6;
  return k;
}

async function proofNodes(
  rpc: RpcClient,
  address: Uint8Array,
  slots: Uint8Array[],
  block: Uint8Array,
  ctx: PrefetchContext,
) {
  const proof = await rpc.call<Json>('eth_getProof', [bytesToHex(address), slots.map(bytesToHex), bytesToHex(block)]);
  for (const node of proof.accountProof as string[]) ctx.store(keccakKeyOf(hexToBytes(node)), hexToBytes(node));
  for (const sp of (proof.storageProof as Json[]) ?? []) {
    for (const node of sp.proof as string[]) ctx.store(keccakKeyOf(hexToBytes(node)), hexToBytes(node));
  }
  return proof;
}

async function accountProofHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  // blockHash ++ address (++ u64 chain id, interop) ++ optional storage slots of 32 bytes.
  if (data.length < HASH + ADDRESS)
    throw new PrefetchError(`l2-account-proof: expected ≥ 52 bytes, got ${data.length}`);
  const block = data.subarray(0, HASH);
  const address = data.subarray(HASH, HASH + ADDRESS);
  let rest = data.subarray(HASH + ADDRESS);
  if (rest.length % 32 === 8) rest = rest.subarray(8);
  const slots: Uint8Array[] = [];
  for (let i = 0; i < rest.length; i += 32) slots.push(rest.subarray(i, i + 32));
  await proofNodes(s.l2, address, slots, block, ctx);
  const code = hexToBytes(await s.l2.call<string>('eth_getCode', [bytesToHex(address), bytesToHex(block)]));
  if (code.length > 0) ctx.store(keccakKeyOf(code), code);
}

async function outputHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('output root', data, HASH, HASH + 8);
  const root = data.subarray(0, HASH);
  const block = await blockByHash(s.l2, s.l2Head, false);
  const header = storeHeader(block, s.l2Head, ctx);
  const proof = await proofNodes(s.l2, MESSAGE_PASSER, [], s.l2Head, ctx);
  const storageRoot = hexToBytes(proof.storageHash as string, HASH);
  const output = concatBytes(new Uint8Array(HASH), header.stateRoot, storageRoot, s.l2Head);
  if (!equalBytes(keccak256(output), root)) {
    throw new PrefetchError(
      `output root at --l2.head is ${bytesToHex(keccak256(output))}, but the client asked for ${bytesToHex(root)}`,
    );
  }
  ctx.store(keccakKey(root), output);
}

/** Asks the debug namespace for a pre-image by hash (the only lookup by hash geth offers). */
async function debugByHash(rpc: RpcClient, methods: [string, unknown[]][], hash: Uint8Array, ctx: PrefetchContext) {
  const errors: string[] = [];
  for (const [method, params] of methods) {
    try {
      const v = await rpc.call<string | null>(method, params);
      if (v) {
        ctx.store(keccakKey(hash), hexToBytes(v));
        return;
      }
      errors.push(`${method}: not found`);
    } catch (e) {
      errors.push((e as { shortMessage?: string }).shortMessage ?? String(e));
    }
  }
  throw new PrefetchError(
    `${bytesToHex(hash)} has no standard-RPC lookup by hash (send l2-account-proof first); ${errors.join('; ')}`,
  );
}

async function codeHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('code hash', data, HASH, HASH + 8);
  const h = data.subarray(0, HASH);
  await debugByHash(
    s.l2,
    [
      ['debug_codeByHash', [bytesToHex(h)]],
      ['debug_dbGet', [bytesToHex(concatBytes(Uint8Array.of(0x63), h))]],
      ['debug_dbGet', [bytesToHex(h)]],
    ],
    h,
    ctx,
  );
}

async function stateNodeHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  expectLength('node hash', data, HASH, HASH + 8);
  const h = data.subarray(0, HASH);
  await debugByHash(s.l2, [['debug_dbGet', [bytesToHex(h)]]], h, ctx);
}

async function payloadWitnessHint(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  const json = JSON.parse(new TextDecoder().decode(data)) as { parentBlockHash: string; payloadAttributes: unknown };
  let witness: Json;
  try {
    witness = await s.l2.call<Json>('debug_executePayload', [json.parentBlockHash, json.payloadAttributes]);
  } catch {
    // Fallback for nodes that only have the block-based witness (geth/reth debug_executionWitness).
    const parent = await blockByHash(s.l2, hexToBytes(json.parentBlockHash, HASH), false);
    const next = `0x${(q(parent, 'number', 'block') + 1n).toString(16)}`;
    witness = await s.l2.call<Json>('debug_executionWitness', [next]);
  }
  for (const field of ['state', 'codes', 'keys']) {
    const list = witness[field];
    const items = Array.isArray(list) ? (list as string[]) : list ? Object.values(list as Record<string, string>) : [];
    for (const item of items) {
      const bytes = hexToBytes(item);
      ctx.store(keccakKeyOf(bytes), bytes);
    }
  }
}

const L1 = (s: Sources) => s.l1;
const L2 = (s: Sources) => s.l2;

export const HINT_HANDLERS: Record<string, HintHandler<Sources>> = {
  [HINT_TYPES.l1BlockHeader]: (d, s, c) => headerHint(L1, d, s, c),
  [HINT_TYPES.l1Transactions]: (d, s, c) => transactionsHint(L1, d, s, c),
  [HINT_TYPES.l1Receipts]: (d, s, c) => receiptsHint(L1, d, s, c),
  [HINT_TYPES.l1Blob]: blobHint,
  [HINT_TYPES.l1Precompile]: (d, s, c) => precompileHint(false, d, s, c),
  [HINT_TYPES.l1PrecompileV2]: (d, s, c) => precompileHint(true, d, s, c),
  [HINT_TYPES.l2BlockHeader]: (d, s, c) => transactionsHint(L2, d.subarray(0, HASH), s, c),
  [HINT_TYPES.l2Transactions]: (d, s, c) => transactionsHint(L2, d.subarray(0, HASH), s, c),
  [HINT_TYPES.l2Receipts]: (d, s, c) => receiptsHint(L2, d, s, c),
  [HINT_TYPES.l2Code]: codeHint,
  [HINT_TYPES.l2StateNode]: stateNodeHint,
  [HINT_TYPES.l2Output]: outputHint,
  [HINT_TYPES.l2AccountProof]: accountProofHint,
  [HINT_TYPES.l2PayloadWitness]: payloadWitnessHint,
};
