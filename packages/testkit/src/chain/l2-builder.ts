/**
 * An L2 chain grown block by block with executor's stateless `buildBlock` over an in-memory
 * node/code store: the same builder the client uses, so a block built here and a block the
 * client builds from the same attributes are identical. Keeps every state node, code, header
 * and transaction list for the pre-image store.
 */
import type { SafeHead } from '@faultline/derive';
import { buildBlock } from '@faultline/executor';
import { bytesToHex } from '@faultline/primitives';
import {
  type Header,
  type OpPayloadAttributes,
  outputRootV0,
  PREDEPLOYS,
  type RollupConfig,
} from '@faultline/protocol';
import { type CodeSource, stateFromAlloc, TrieState } from '@faultline/state';
import type { NodeSource } from '@faultline/trie';
import type { L2Genesis } from './genesis.js';

const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);

export interface GeneratedL2Block {
  header: Header;
  hash: Uint8Array;
  transactions: readonly Uint8Array[];
  outputRoot: Uint8Array;
  messagePasserStorageRoot: Uint8Array;
  /** Its L1 origin and position in the epoch (the genesis block: the rollup's genesis L1). */
  ref: SafeHead;
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

export class L2Builder {
  readonly nodes = new HexMapStore();
  readonly code = new HexMapStore();
  readonly blocks: GeneratedL2Block[] = [];

  constructor(
    private readonly rollup: RollupConfig,
    genesis: L2Genesis,
  ) {
    // A fresh state per builder: `commitNodes` reports each node only once.
    const commit = stateFromAlloc(genesis.alloc).commitNodes();
    for (const [h, n] of commit.nodes) this.nodes.put(h, n);
    for (const [h, c] of commit.codes) this.code.put(h, c);
    this.record(genesis.header, genesis.hash, [], {
      hash: genesis.hash,
      number: 0n,
      timestamp: genesis.header.timestamp,
      l1Origin: rollup.genesis.l1,
      sequenceNumber: 0n,
    });
  }

  get head(): GeneratedL2Block {
    return this.blocks.at(-1)!;
  }

  private record(
    header: Header,
    hash: Uint8Array,
    transactions: readonly Uint8Array[],
    ref: SafeHead,
  ): GeneratedL2Block {
    const state = new TrieState({ root: header.stateRoot, nodes: this.nodes, code: this.code });
    const messagePasserStorageRoot = state.getStorageRoot(MESSAGE_PASSER);
    const outputRoot = outputRootV0({ stateRoot: header.stateRoot, messagePasserStorageRoot, blockHash: hash });
    const block = { header, hash, transactions, outputRoot, messagePasserStorageRoot, ref };
    this.blocks.push(block);
    return block;
  }

  /** Builds `attributes` on the head; `ref` supplies the L1 origin and sequence number. */
  build(attributes: OpPayloadAttributes, ref: Omit<SafeHead, 'hash' | 'number' | 'timestamp'>): GeneratedL2Block {
    const parent = this.head;
    const built = buildBlock({
      rollup: this.rollup,
      parent: parent.header,
      attributes,
      nodes: this.nodes,
      code: this.code,
      ancestorHash: (n) => this.blocks[Number(n)]?.hash,
    });
    const commit = built.state.commitNodes();
    for (const [h, n] of commit.nodes) this.nodes.put(h, n);
    for (const [h, c] of commit.codes) this.code.put(h, c);
    return this.record(built.header, built.hash, built.transactions, {
      ...ref,
      hash: built.hash,
      number: built.header.number,
      timestamp: built.header.timestamp,
    });
  }
}
