/**
 * What the L2 node's RPC answers from: the chain, the sequencer (for new transactions) and the
 * sync status the batcher maintains — the safe head is the last L2 block whose batch is mined on
 * L1 — plus the L1 view (head, and the L1 block that made the safe head safe), in op-node's
 * `SyncStatus` terms. It also runs calls against any block's state for eth_call/eth_estimateGas.
 */
import { type EvmConfig, executeTransaction, type TxResult } from '@faultline/evm';
import { opBlockEnv } from '@faultline/executor';
import { bytesToHex } from '@faultline/primitives';
import type { L2Block, L2Chain } from './chain.js';
import type { Sequencer } from './sequencer.js';

export interface L1Ref {
  hash: Uint8Array;
  number: bigint;
  parentHash: Uint8Array;
  timestamp: bigint;
}

export interface CallRequest {
  from: string;
  to: string | undefined;
  gas: bigint;
  value: bigint;
  data: Uint8Array;
}

export class L2Node {
  /** Highest L2 block whose batch is included in a mined L1 block. */
  safe = 0n;
  /** The L1 block that included the safe head's batch. */
  safeL1: L1Ref | undefined;
  /** The latest L1 block the node has seen. */
  l1Head: L1Ref | undefined;

  constructor(
    readonly chain: L2Chain,
    readonly sequencer: Sequencer,
    /** rollup.json, served by optimism_rollupConfig. */
    readonly rollupJson: Record<string, unknown>,
  ) {}

  get rollup() {
    return this.chain.rollup;
  }

  safeBlock(): L2Block {
    return this.chain.byNumber(this.safe)!;
  }

  /** The EVM environment of `block` as a call context (base fee 0: calls pay nothing, as geth's). */
  private callConfig(block: L2Block, gasLimit: bigint): EvmConfig {
    const h = block.header;
    const env = opBlockEnv(
      this.rollup,
      {
        timestamp: h.timestamp,
        prevRandao: h.mixHash,
        suggestedFeeRecipient: h.beneficiary,
        transactions: [],
        noTxPool: true,
        gasLimit: gasLimit > h.gasLimit ? gasLimit : h.gasLimit,
      },
      h.number,
      0n,
    );
    return env.evm;
  }

  /** Runs `req` on `block`'s post-state without keeping its changes. */
  call(block: L2Block, req: CallRequest): TxResult {
    const state = this.chain.stateAt(block);
    const nonce = state.getAccount(req.from.toLowerCase())?.nonce ?? 0n;
    return executeTransaction(state, this.callConfig(block, req.gas), {
      type: 0,
      sender: req.from.toLowerCase(),
      nonce,
      gasLimit: req.gas,
      to: req.to?.toLowerCase(),
      value: req.value,
      data: req.data,
      gasPrice: 0n,
      accessList: [],
    });
  }

  /** The smallest gas limit with which `req` succeeds (binary search, like geth's). */
  estimateGas(block: L2Block, req: Omit<CallRequest, 'gas'>, cap: bigint): { gas: bigint } | { failure: TxResult } {
    const run = (gas: bigint) => this.call(block, { ...req, gas });
    const top = run(cap);
    if (!top.success) return { failure: top };
    let lo = top.gasUsed - 1n;
    let hi = cap;
    while (lo + 1n < hi) {
      const mid = (lo + hi) / 2n;
      let ok: boolean;
      try {
        ok = run(mid).success;
      } catch {
        ok = false;
      }
      if (ok) hi = mid;
      else lo = mid;
    }
    return { gas: hi };
  }
}

export function l1RefJson(ref: L1Ref | undefined): Record<string, unknown> {
  const zero = `0x${'00'.repeat(32)}`;
  if (!ref) return { hash: zero, number: 0, parentHash: zero, timestamp: 0 };
  return {
    hash: bytesToHex(ref.hash),
    number: Number(ref.number),
    parentHash: bytesToHex(ref.parentHash),
    timestamp: Number(ref.timestamp),
  };
}

/** op-node's L2BlockRef JSON. */
export function l2RefJson(block: L2Block): Record<string, unknown> {
  return {
    hash: bytesToHex(block.hash),
    number: Number(block.header.number),
    parentHash: bytesToHex(block.header.parentHash),
    timestamp: Number(block.header.timestamp),
    l1origin: { hash: bytesToHex(block.ref.l1Origin.hash), number: Number(block.ref.l1Origin.number) },
    sequenceNumber: Number(block.ref.sequenceNumber),
  };
}
