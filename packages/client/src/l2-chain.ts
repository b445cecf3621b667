/**
 * The L2 chain the program builds on (op-program `OracleBackedL2Chain`): it starts at the agreed
 * block, keeps the blocks it builds in memory (headers by number, new state nodes and code in
 * front of the oracle), and answers the output root of any block it knows. Blocks older than the
 * agreed one are reached by walking parent hashes through the oracle.
 */
import { type BuiltBlock, buildBlock, type PrecompileOverlay } from '@faultline/executor';
import { bytesToHex } from '@faultline/primitives';
import {
  type Header,
  type OpPayloadAttributes,
  outputRootV0,
  PREDEPLOYS,
  type RollupConfig,
} from '@faultline/protocol';
import { type CodeSource, MemoryCodeStore, TrieState } from '@faultline/state';
import { MemoryNodeStore, type NodeSource } from '@faultline/trie';
import { OracleDataError } from './errors.js';
import type { L2Oracle } from './l2-oracle.js';

const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);

export class L2Chain {
  private readonly newNodes = new MemoryNodeStore();
  private readonly newCode = new MemoryCodeStore();
  /** Canonical headers by number: the agreed block, its walked ancestors and built blocks. */
  private readonly byNumber = new Map<bigint, { header: Header; hash: Uint8Array }>();
  /** Transactions of built blocks (older ones come from the oracle). */
  private readonly builtTxs = new Map<bigint, readonly Uint8Array[]>();
  readonly nodes: NodeSource;
  readonly code: CodeSource;
  private headNumber: bigint;
  private lowest: bigint;

  constructor(
    private readonly oracle: L2Oracle,
    readonly rollup: RollupConfig,
    agreedHash: Uint8Array,
    /** Overlay for the precompile table of every block built (oracle-backed acceleration). */
    private readonly precompiles?: PrecompileOverlay,
  ) {
    const header = oracle.headerByHash(agreedHash);
    this.byNumber.set(header.number, { header, hash: agreedHash });
    this.headNumber = header.number;
    this.lowest = header.number;
    this.nodes = { get: (h) => this.newNodes.get(h) ?? oracle.stateNodes.get(h) };
    this.code = { get: (h) => this.newCode.get(h) ?? oracle.code.get(h) };
  }

  /** The agreed block at start; then the last block built (the safe head). */
  head(): { header: Header; hash: Uint8Array } {
    return this.byNumber.get(this.headNumber)!;
  }

  /** Header of block `n` ≤ head, walking parent hashes back through the oracle if needed. */
  blockByNumber(n: bigint): { header: Header; hash: Uint8Array } {
    if (n > this.headNumber) throw new OracleDataError(`L2 block ${n} is past the head ${this.headNumber}`);
    // Known blocks are always the contiguous range [lowest, head].
    while (this.lowest > n) {
      const child = this.byNumber.get(this.lowest)!;
      const parent = this.oracle.headerByHash(child.header.parentHash);
      if (parent.number !== child.header.number - 1n) {
        throw new OracleDataError(
          `L2 header ${bytesToHex(child.header.parentHash)} has number ${parent.number}, expected ${child.header.number - 1n}`,
        );
      }
      this.lowest = parent.number;
      this.byNumber.set(parent.number, { header: parent, hash: child.header.parentHash });
    }
    return this.byNumber.get(n)!;
  }

  /** Transactions of block `n` ≤ head (EIP-2718 encoded, deposits first). */
  transactionsOf(n: bigint): readonly Uint8Array[] {
    return this.builtTxs.get(n) ?? this.oracle.transactions(this.blockByNumber(n).hash);
  }

  /** OutputV0 root of block `n` (proposals.md: state root, message-passer storage root, hash). */
  outputRootAt(n: bigint): Uint8Array {
    const { header, hash } = this.blockByNumber(n);
    const state = new TrieState({ root: header.stateRoot, nodes: this.nodes, code: this.code });
    return outputRootV0({
      stateRoot: header.stateRoot,
      messagePasserStorageRoot: state.getStorageRoot(MESSAGE_PASSER),
      blockHash: hash,
    });
  }

  /** Executes payload attributes on the head and makes the result the new head. */
  buildOnHead(attributes: OpPayloadAttributes): BuiltBlock {
    const parent = this.head();
    this.oracle.hintPayloadWitness(parent.hash, attributes);
    const built = buildBlock({
      rollup: this.rollup,
      parent: parent.header,
      attributes,
      nodes: this.nodes,
      code: this.code,
      ancestorHash: (n) => this.blockByNumber(n).hash,
      ...(this.precompiles ? { precompiles: this.precompiles } : {}),
    });
    const commit = built.state.commitNodes();
    this.newNodes.putAll(commit.nodes);
    for (const [hash, code] of commit.codes) this.newCode.put(hash, code);
    this.headNumber = built.header.number;
    this.byNumber.set(built.header.number, { header: built.header, hash: built.hash });
    this.builtTxs.set(built.header.number, built.transactions);
    return built;
  }
}
