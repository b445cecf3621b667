/**
 * What each hint fetches (op-program `host/prefetcher/prefetcher.go`, kona `single/handler.rs`),
 * using standard JSON-RPC only: headers are re-encoded from `eth_getBlockByHash` and must hash
 * to the requested hash; transaction and receipt tries are rebuilt from the block's JSON and
 * must reproduce the header's roots; blobs come from the beacon API with their KZG commitment
 * computed here; L2 state is `l2-state-hints.ts`. Every value is stored through `ctx.store`,
 * which checks it against its key.
 *
 * Both programs' hint names are understood (`hintHandlers`); where one name means different
 * bytes, `--program` decides: kona's `l1-precompile` carries the required gas (op-program's
 * `l1-precompile-v2` layout) and kona's `l1-blob` also stores the blob's KZG proof as element
 * 4096. The state hints' two forms differ in length and are read either way.
 */

import { HINT_TYPES, keccakKey, keccakKeyOf, precompileKey } from '@faultline/preimage';
import { bytesToHex, concatBytes, equalBytes, keccak256 } from '@faultline/primitives';
import { encodeHeader, encodeReceipt, encodeTransaction, headerFromJson } from '@faultline/protocol';
import { orderedTrie } from '@faultline/trie';
import type { BootProgram } from '../kv/local-source.js';
import type { BeaconClient } from '../rpc/beacon-client.js';
import { arr, type Json, q } from '../rpc/json.js';
import { receiptFromJson } from '../rpc/receipt-json.js';
import { isMissingMethod, type RpcClient } from '../rpc/rpc-client.js';
import { transactionFromJson } from '../rpc/tx-json.js';
import {
  BlobMismatchError,
  blobCommitment,
  blobKzgProof,
  blobPreimages,
  konaBlobProofKey,
  versionedHash,
} from './blob.js';
import {
  accountProofHint,
  codeHint,
  outputHint,
  payloadWitnessHint,
  proofIndexOf,
  stateNodeHint,
  storageProofHint,
} from './l2-state-hints.js';
import { runPrecompile } from './precompile.js';
import { type HintHandler, type PrefetchContext, PrefetchError } from './prefetcher.js';
import type { ProofIndex } from './proof-index.js';

export interface Sources {
  l1: RpcClient;
  l2: RpcClient;
  beacon: BeaconClient | undefined;
  /** The agreed L2 block: `l2-output` is answered at this block (op-program). */
  l2Head: Uint8Array;
  /** What the L2 proofs fetched so far have shown (made on first use when absent). */
  index?: ProofIndex;
}

const HASH = 32;
const ADDRESS = 20;

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
  return header;
}

async function blockReceipts(rpc: RpcClient, block: Json): Promise<Json[]> {
  try {
    const all = await rpc.call<Json[] | null>('eth_getBlockReceipts', [block.hash]);
    if (all !== null) return all;
  } catch (e) {
    // Also the words of nodes that answer an unknown method with a plain "not found".
    if (!isMissingMethod(e) && !/not (found|supported)|does not exist/i.test(String(e))) throw e;
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

/**
 * `l1-blob`: the blob from the beacon API (`blobs`, else `blob_sidecars`), its commitment
 * computed here with c-kzg — a blob is stored only if that commitment hashes to the versioned
 * hash the client asked for, whatever the beacon says about it.
 */
async function blobHint(konaProof: boolean, data: Uint8Array, s: Sources, ctx: PrefetchContext) {
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
  const { endpoint, blobs } = await s.beacon.blobs(id.toString(), [bytesToHex(wanted)]);
  let first: Uint8Array | undefined;
  for (const sc of blobs) {
    const commitment = blobCommitment(sc.blob);
    // A sidecar's own commitment is never used: only one the blob reproduces.
    if (sc.kzgCommitment && !equalBytes(commitment, sc.kzgCommitment)) {
      throw new BlobMismatchError(`beacon blob ${sc.index} does not match its KZG commitment`);
    }
    const vh = versionedHash(commitment);
    first ??= vh;
    if (!equalBytes(vh, wanted)) continue;
    for (const [key, value] of blobPreimages(commitment, sc.blob)) ctx.store(key, value);
    if (konaProof) {
      // kona stores the blob's KZG proof as element 4096 (for ZK users of its host); computed here.
      const k = konaBlobProofKey(commitment);
      ctx.store(keccakKeyOf(k.preimage), k.preimage);
      ctx.store(k.key, blobKzgProof(sc.blob, commitment));
    }
    return;
  }
  if (first === undefined)
    throw new PrefetchError(`beacon ${endpoint}: no blobs at L1 timestamp ${timestamp} (block id ${id})`);
  throw new BlobMismatchError(
    `beacon ${endpoint} served ${blobs.length} blob(s), none with versioned hash ${bytesToHex(wanted)} (the first commits to ${bytesToHex(first)})`,
  );
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

const L1 = (s: Sources) => s.l1;
const L2 = (s: Sources) => s.l2;

/** An L2 header: stored, and its state root noted as the root of that block's account trie. */
async function l2Header(hash: Uint8Array, s: Sources, ctx: PrefetchContext) {
  const header = storeHeader(await blockByHash(s.l2, hash, false), hash, ctx);
  proofIndexOf(s).addStateRoot(header.stateRoot, bytesToHex(hash));
  return header;
}

async function l2Transactions(data: Uint8Array, s: Sources, ctx: PrefetchContext) {
  const hash = data.subarray(0, HASH);
  const header = await transactionsHint(L2, hash, s, ctx);
  proofIndexOf(s).addStateRoot(header.stateRoot, bytesToHex(hash));
}

/** The names both programs share, with the same bytes. */
const COMMON: Record<string, HintHandler<Sources>> = {
  [HINT_TYPES.l1BlockHeader]: (d, s, c) => headerHint(L1, d, s, c),
  [HINT_TYPES.l1Transactions]: async (d, s, c) => {
    await transactionsHint(L1, d, s, c);
  },
  [HINT_TYPES.l1Receipts]: (d, s, c) => receiptsHint(L1, d, s, c),
  [HINT_TYPES.l1PrecompileV2]: (d, s, c) => precompileHint(true, d, s, c),
  // op-program fetches the transactions with the header; kona's asks for the header alone.
  [HINT_TYPES.l2BlockHeader]: l2Transactions,
  [HINT_TYPES.l2Transactions]: l2Transactions,
  [HINT_TYPES.l2Receipts]: (d, s, c) => receiptsHint(L2, d, s, c),
  [HINT_TYPES.l2Code]: codeHint,
  [HINT_TYPES.l2StateNode]: stateNodeHint,
  [HINT_TYPES.l2Output]: (d, s, c) => outputHint(d, s, c, (h) => l2Header(h, s, c)),
  [HINT_TYPES.startingL2Output]: (d, s, c) => outputHint(d, s, c, (h) => l2Header(h, s, c)),
  [HINT_TYPES.l2AccountProof]: accountProofHint,
  [HINT_TYPES.l2AccountStorageProof]: storageProofHint,
  [HINT_TYPES.l2PayloadWitness]: payloadWitnessHint,
};

/** op-program's meanings: `l1-precompile` is the legacy address ‖ input form. */
export const HINT_HANDLERS: Record<string, HintHandler<Sources>> = {
  ...COMMON,
  [HINT_TYPES.l1Blob]: (d, s, c) => blobHint(false, d, s, c),
  [HINT_TYPES.l1Precompile]: (d, s, c) => precompileHint(false, d, s, c),
};

/** kona's meanings: `l1-precompile` carries the required gas; `l1-blob` stores the KZG proof too. */
export const KONA_HINT_HANDLERS: Record<string, HintHandler<Sources>> = {
  ...COMMON,
  [HINT_TYPES.l1Blob]: (d, s, c) => blobHint(true, d, s, c),
  [HINT_TYPES.l1Precompile]: (d, s, c) => precompileHint(true, d, s, c),
};

/** The hint table a host serving `program` uses. */
export function hintHandlers(program: BootProgram = 'op-program'): Record<string, HintHandler<Sources>> {
  return program === 'kona' ? KONA_HINT_HANDLERS : HINT_HANDLERS;
}
