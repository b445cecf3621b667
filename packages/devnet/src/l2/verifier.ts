/**
 * The node's safe head the way op-node makes it: by deriving the L2 chain from L1. After each L1
 * block the verifier runs derive's `runDerivation` from the last safe block over the L1 blocks the
 * devnet has mined (headers, transactions re-encoded from the node's JSON, receipts) — the same
 * driver the fault-proof client runs — and accepts a derived block only if its payload attributes
 * are exactly the ones the sequencer built that block from. A batch the derivation cannot read,
 * or a block it derives differently, leaves the safe head where it was (and a difference is a
 * `VerifierError`: the devnet would be proposing a chain nobody can derive).
 */
import {
  type DerivationL1Source,
  genesisSystemConfig,
  type L1Block,
  type L1BlockRef,
  type L1TransactionInfo,
  runDerivation,
  type SafeHead,
  systemConfigFromBlock,
} from '@faultline/derive';
import { BaseError, bytesToHex } from '@faultline/primitives';
import {
  type Header,
  type OpPayloadAttributes,
  payloadAttributesToJson,
  type Receipt,
  type RollupConfig,
} from '@faultline/protocol';
import type { L2Chain } from './chain.js';

export class VerifierError extends BaseError {
  override name = 'VerifierError' as const;
}

interface KnownBlock {
  hash: Uint8Array;
  header: Header;
  transactions: readonly L1TransactionInfo[];
  receipts: readonly Receipt[];
}

/** The L1 blocks the devnet has seen, as derivation reads them. */
export class L1View implements DerivationL1Source {
  private readonly byNumber = new Map<bigint, KnownBlock>();
  private readonly byHash = new Map<string, KnownBlock>();

  add(block: KnownBlock): void {
    this.byNumber.set(block.header.number, block);
    this.byHash.set(bytesToHex(block.hash), block);
  }

  private at(ref: L1BlockRef): KnownBlock {
    const b = this.byNumber.get(ref.number);
    if (!b) throw new VerifierError(`verifier: L1 block ${ref.number} is not known`);
    return b;
  }

  header(hash: Uint8Array): Header {
    const b = this.byHash.get(bytesToHex(hash));
    if (!b) throw new VerifierError(`verifier: L1 block ${bytesToHex(hash)} is not known`);
    return b.header;
  }

  nextBlock(block: L1BlockRef): L1Block | undefined {
    const b = this.byNumber.get(block.number + 1n);
    if (!b) return undefined;
    return { hash: b.hash, number: b.header.number, timestamp: b.header.timestamp, parentHash: b.header.parentHash };
  }

  transactions(block: L1BlockRef): readonly L1TransactionInfo[] {
    return this.at(block).transactions;
  }

  receipts(block: L1BlockRef): readonly Pick<Receipt, 'status' | 'logs'>[] {
    return this.at(block).receipts;
  }

  blob(): Uint8Array {
    throw new VerifierError('verifier: the devnet posts no blobs');
  }
}

/**
 * Holocene attributes with all-zero eip1559Params mean the Canyon values (holocene/exec-engine.md),
 * and a system config read back from an L2 block carries those values explicitly (op-node's
 * `PayloadToSystemConfig` does the same): both forms build the same block, so compare them as one.
 */
function canonicalJson(a: OpPayloadAttributes, rollup: RollupConfig): string {
  const params = a.eip1559Params;
  if (params?.every((b) => b === 0)) {
    const p = new Uint8Array(8);
    new DataView(p.buffer).setUint32(0, Number(rollup.eip1559.denominatorCanyon));
    new DataView(p.buffer).setUint32(4, Number(rollup.eip1559.elasticity));
    return JSON.stringify(payloadAttributesToJson({ ...a, eip1559Params: p }));
  }
  return JSON.stringify(payloadAttributesToJson(a));
}

export class Verifier {
  constructor(
    private readonly chain: L2Chain,
    private readonly l1: L1View,
  ) {}

  /** Derives past `safe` as far as L1 allows; returns the new safe head (never below `safe`). */
  verify(safe: bigint): bigint {
    const chain = this.chain;
    const target = chain.head.header.number;
    if (safe >= target) return safe;
    const start = chain.byNumber(safe)!;
    const rollup = chain.rollup;
    const systemConfig =
      safe === 0n ? genesisSystemConfig(rollup) : systemConfigFromBlock(rollup, start.header, start.transactions[0]);
    const refOf = (n: bigint): SafeHead | undefined => (n <= safe ? chain.byNumber(n)?.ref : undefined);
    const result = runDerivation({
      rollup,
      l1Source: this.l1,
      l2SafeHead: start.ref,
      systemConfig,
      targetBlockNumber: target,
      l2Chain: {
        l2BlockByNumber: refOf,
        l2TransactionsByNumber: (n) => (n <= safe ? chain.byNumber(n)?.transactions : undefined),
      },
      executeAttributes: (attrs, parent) => {
        const block = chain.byNumber(parent.number + 1n);
        if (!block?.attributes || canonicalJson(block.attributes, rollup) !== canonicalJson(attrs, rollup)) {
          throw new VerifierError(
            `verifier: L2 block ${parent.number + 1n} derived from L1 differs from the one the sequencer built`,
          );
        }
        return { status: 'valid', hash: block.hash };
      },
    });
    return result.safeHead.number > safe ? result.safeHead.number : safe;
  }
}
