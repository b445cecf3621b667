/**
 * The L2 chain through pre-images (op-program `client/l2/oracle.go`): the agreed output by root
 * (`l2-output`; a 128-byte OutputV0 pre-image), headers (`l2-block-header`) and transactions
 * (`l2-transactions`) by block hash, and the state as a `NodeSource` (`l2-state-node` before every
 * node) and `CodeSource` (`l2-code`) that `TrieState` and the block builder read through. Each
 * state node and code get sends its own hint, since the host fetches lazily from the last hint.
 */
import { HINT_TYPES, keccakKey } from '@faultline/preimage';
import { bytesToHex, utf8ToBytes } from '@faultline/primitives';
import {
  decodeHeader,
  decodeOutputV0,
  type Header,
  type OpPayloadAttributes,
  type OutputV0,
  payloadAttributesToJson,
} from '@faultline/protocol';
import type { CodeSource } from '@faultline/state';
import type { NodeSource } from '@faultline/trie';
import { OracleDataError } from './errors.js';
import type { HintedOracle } from './hinted-oracle.js';
import { LruCache } from './lru-cache.js';
import { OracleNodeSource, readOrderedTrie } from './oracle-trie.js';

const HEADER_CACHE = 1000;
const CODE_CACHE = 1000;
/** Nodes are re-read by every block built on the same state; a miss costs a round trip. */
const NODE_CACHE = 20_000;

export class L2Oracle {
  private readonly headers = new LruCache<string, Header>(HEADER_CACHE);
  private readonly codes = new LruCache<string, Uint8Array>(CODE_CACHE);
  private readonly nodes = new LruCache<string, Uint8Array>(NODE_CACHE);
  private readonly txNodes: OracleNodeSource;
  /** State trie nodes, hinted one by one. */
  readonly stateNodes: NodeSource;
  /** Contract code, hinted one by one. */
  readonly code: CodeSource;

  constructor(private readonly oracle: HintedOracle) {
    this.txNodes = new OracleNodeSource(oracle);
    this.stateNodes = { get: (hash) => this.nodeByHash(hash) };
    this.code = { get: (hash) => this.codeByHash(hash) };
  }

  outputByRoot(root: Uint8Array): OutputV0 {
    const preimage = this.oracle.fetch(HINT_TYPES.l2Output, root, keccakKey(root));
    try {
      return decodeOutputV0(preimage);
    } catch (e) {
      throw new OracleDataError(`L2 output ${bytesToHex(root)}: ${(e as Error).message}`, { cause: e });
    }
  }

  headerByHash(hash: Uint8Array): Header {
    const id = bytesToHex(hash);
    const cached = this.headers.get(id);
    if (cached) return cached;
    const rlp = this.oracle.fetch(HINT_TYPES.l2BlockHeader, hash, keccakKey(hash));
    let header: Header;
    try {
      header = decodeHeader(rlp);
    } catch (e) {
      throw new OracleDataError(`L2 header ${id}: ${(e as Error).message}`, { cause: e });
    }
    this.headers.set(id, header);
    return header;
  }

  /** The block's transactions in their EIP-2718 encoding. */
  transactions(blockHash: Uint8Array): Uint8Array[] {
    const header = this.headerByHash(blockHash);
    this.oracle.hints.hint(HINT_TYPES.l2Transactions, blockHash);
    return readOrderedTrie(header.transactionsRoot, this.txNodes);
  }

  /**
   * Before a block is built: `l2-payload-witness` with the parent hash and the attributes (kona's
   * `hint_execution_witness`, op-program's payload-witness hint). A host with a node that serves
   * `debug_executePayload` fetches every state node and code the build will read in one call; a
   * host without one ignores it and the per-node hints below still apply.
   */
  hintPayloadWitness(parentHash: Uint8Array, attributes: OpPayloadAttributes): void {
    const json = JSON.stringify({
      parentBlockHash: bytesToHex(parentHash),
      payloadAttributes: payloadAttributesToJson(attributes),
    });
    this.oracle.hints.hint(HINT_TYPES.l2PayloadWitness, utf8ToBytes(json));
  }

  private nodeByHash(hash: Uint8Array): Uint8Array {
    const id = bytesToHex(hash);
    const cached = this.nodes.get(id);
    if (cached) return cached;
    const node = this.oracle.fetch(HINT_TYPES.l2StateNode, hash, keccakKey(hash));
    this.nodes.set(id, node);
    return node;
  }

  private codeByHash(hash: Uint8Array): Uint8Array {
    const id = bytesToHex(hash);
    const cached = this.codes.get(id);
    if (cached) return cached;
    const code = this.oracle.fetch(HINT_TYPES.l2Code, hash, keccakKey(hash));
    this.codes.set(id, code);
    return code;
  }
}
