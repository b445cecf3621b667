/**
 * The L2 node's chain: blocks built with executor's stateless `buildBlock` — the builder the
 * fault-proof client runs, so a block sequenced here and the block the client derives from the
 * same attributes are identical — over an in-memory store of every state node and code ever
 * written (nothing is pruned: any historical block's state can be read and proven). Each block
 * keeps its attributes, receipts and per-transaction outcomes for the JSON-RPC server, and its
 * execution witness can be re-made on demand: the block is rebuilt through a recording node/code
 * source (`debug_executionWitness`, `debug_executePayload` — what kona/op-program hosts ask
 * op-reth for), including the nodes the client then reads for the block's output root.
 */
import type { SafeHead } from '@faultline/derive';
import { type BuiltBlock, buildBlock, type TxOutcome } from '@faultline/executor';
import { BaseError, bytesToHex, type Hex } from '@faultline/primitives';
import {
  encodeHeader,
  type Header,
  type OpPayloadAttributes,
  outputRootV0,
  PREDEPLOYS,
  type Receipt,
  type RollupConfig,
} from '@faultline/protocol';
import { type CodeSource, stateFromAlloc, TrieState } from '@faultline/state';
import { type NodeSource, RecordingNodeSource } from '@faultline/trie';
import type { L2Genesis } from './genesis.js';

const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);

export class L2ChainError extends BaseError {
  override name = 'L2ChainError' as const;
}

export interface L2Block {
  header: Header;
  hash: Uint8Array;
  transactions: readonly Uint8Array[];
  receipts: readonly Receipt[];
  /** Per transaction: hash, sender, gas used, L1 fee (empty for genesis). */
  outcomes: readonly TxOutcome[];
  attributes: OpPayloadAttributes | undefined;
  outputRoot: Uint8Array;
  messagePasserStorageRoot: Uint8Array;
  /** L1 origin and sequence number (genesis: the rollup's genesis L1 block). */
  ref: SafeHead;
}

export interface ExecutionWitness {
  /** Every pre-existing state-trie node the execution read, hex. */
  state: Hex[];
  /** Every pre-existing contract code it read, hex. */
  codes: Hex[];
  keys: Hex[];
  headers: Hex[];
}

export class HexMapStore implements NodeSource, CodeSource {
  readonly entries = new Map<string, Uint8Array>();
  get(hash: Uint8Array): Uint8Array | undefined {
    return this.entries.get(bytesToHex(hash));
  }
  put(hash: Uint8Array, value: Uint8Array): void {
    this.entries.set(bytesToHex(hash), value);
  }
}

/** A code source that remembers what it served, like `RecordingNodeSource` for nodes. */
class RecordingCodeSource implements CodeSource {
  readonly accessed = new Map<string, Uint8Array>();
  constructor(private readonly inner: CodeSource) {}
  get(hash: Uint8Array): Uint8Array | undefined {
    const code = this.inner.get(hash);
    if (code !== undefined) this.accessed.set(bytesToHex(hash), code);
    return code;
  }
}

export class L2Chain {
  readonly nodes = new HexMapStore();
  readonly code = new HexMapStore();
  readonly blocks: L2Block[] = [];
  private readonly byHash = new Map<string, L2Block>();
  private readonly txIndex = new Map<string, { block: L2Block; index: number }>();

  constructor(
    readonly rollup: RollupConfig,
    genesis: L2Genesis,
  ) {
    const commit = stateFromAlloc(genesis.alloc).commitNodes();
    for (const [h, n] of commit.nodes) this.nodes.put(h, n);
    for (const [h, c] of commit.codes) this.code.put(h, c);
    this.record(genesis.header, genesis.hash, [], [], [], undefined, {
      hash: genesis.hash,
      number: 0n,
      timestamp: genesis.header.timestamp,
      l1Origin: rollup.genesis.l1,
      sequenceNumber: 0n,
    });
  }

  get head(): L2Block {
    return this.blocks.at(-1)!;
  }

  byNumber(n: bigint): L2Block | undefined {
    return n < 0n || n >= BigInt(this.blocks.length) ? undefined : this.blocks[Number(n)];
  }

  blockByHash(hash: Uint8Array | string): L2Block | undefined {
    return this.byHash.get(typeof hash === 'string' ? hash.toLowerCase() : bytesToHex(hash));
  }

  transaction(hash: string): { block: L2Block; index: number } | undefined {
    return this.txIndex.get(hash.toLowerCase());
  }

  stateAt(block: L2Block): TrieState {
    return new TrieState({ root: block.header.stateRoot, nodes: this.nodes, code: this.code });
  }

  private record(
    header: Header,
    hash: Uint8Array,
    transactions: readonly Uint8Array[],
    receipts: readonly Receipt[],
    outcomes: readonly TxOutcome[],
    attributes: OpPayloadAttributes | undefined,
    ref: SafeHead,
  ): L2Block {
    const messagePasserStorageRoot = this.stateAt({ header } as L2Block).getStorageRoot(MESSAGE_PASSER);
    const outputRoot = outputRootV0({ stateRoot: header.stateRoot, messagePasserStorageRoot, blockHash: hash });
    const block: L2Block = {
      header,
      hash,
      transactions,
      receipts,
      outcomes,
      attributes,
      outputRoot,
      messagePasserStorageRoot,
      ref,
    };
    this.blocks.push(block);
    this.byHash.set(bytesToHex(hash), block);
    for (const [index, o] of outcomes.entries()) this.txIndex.set(bytesToHex(o.hash), { block, index });
    return block;
  }

  private execute(
    parent: L2Block,
    attributes: OpPayloadAttributes,
    nodes: NodeSource,
    code: CodeSource,
    ancestors?: Set<bigint>,
  ): BuiltBlock {
    return buildBlock({
      rollup: this.rollup,
      parent: parent.header,
      attributes,
      nodes,
      code,
      ancestorHash: (n) => {
        ancestors?.add(n);
        return this.byNumber(n)?.hash;
      },
    });
  }

  /** Executes `attributes` on the head and appends the block; `ref` names its L1 origin. */
  build(attributes: OpPayloadAttributes, ref: Pick<SafeHead, 'l1Origin' | 'sequenceNumber'>): L2Block {
    const built = this.execute(this.head, attributes, this.nodes, this.code);
    const commit = built.state.commitNodes();
    for (const [h, n] of commit.nodes) this.nodes.put(h, n);
    for (const [h, c] of commit.codes) this.code.put(h, c);
    return this.record(built.header, built.hash, built.transactions, built.receipts, built.outcomes, attributes, {
      ...ref,
      hash: built.hash,
      number: built.header.number,
      timestamp: built.header.timestamp,
    });
  }

  /**
   * The execution witness of `attributes` built on `parentHash` (the block is not inserted): the
   * pre-state nodes and code the builder read, and those read to take the new block's output root.
   */
  witness(parentHash: Uint8Array | string, attributes: OpPayloadAttributes): ExecutionWitness {
    const parent = this.blockByHash(parentHash);
    if (!parent)
      throw new L2ChainError(
        `unknown parent block ${typeof parentHash === 'string' ? parentHash : bytesToHex(parentHash)}`,
      );
    const nodes = new RecordingNodeSource(this.nodes);
    const code = new RecordingCodeSource(this.code);
    const ancestors = new Set<bigint>([parent.header.number]);
    const built = this.execute(parent, attributes, nodes, code, ancestors);
    // The client reads the message passer's storage root of its new state for the output root;
    // nodes the block created are the client's own, so only old ones are recorded.
    const created = new Map(built.state.commitNodes().nodes.map(([h, n]) => [bytesToHex(h), n]));
    const overlay: NodeSource = { get: (h) => created.get(bytesToHex(h)) ?? nodes.get(h) };
    new TrieState({ root: built.header.stateRoot, nodes: overlay, code }).getStorageRoot(MESSAGE_PASSER);
    // execution-apis ExecutionWitness: state and codes sorted and deduplicated; headers in
    // ascending order ending with the parent (the ancestors BLOCKHASH read, and the parent).
    const sorted = (items: Iterable<Uint8Array>) => [...new Set([...items].map(bytesToHex))].sort();
    return {
      state: sorted(nodes.entries().map(([, n]) => n)),
      codes: sorted(code.accessed.values()),
      keys: [],
      headers: [...ancestors]
        .sort((a, b) => (a < b ? -1 : 1))
        .map((n) => bytesToHex(encodeHeader(this.byNumber(n)!.header))),
    };
  }

  /** The witness of canonical block `n` (its own attributes on its parent). */
  blockWitness(n: bigint): ExecutionWitness {
    const block = this.byNumber(n);
    if (!block?.attributes) throw new L2ChainError(`no executed L2 block ${n}`);
    return this.witness(this.blocks[Number(n) - 1]!.hash, block.attributes);
  }
}
