/**
 * The `Deriver` backed by @faultline/derive's `runDerivation` (op-program `Driver.RunComplete`):
 * it starts from the agreed block (L1 origin, sequence number and system config read from its
 * L1-info deposit), lets the driver pull batches from L1 through the oracle, and executes every
 * payload on the L2 chain with the stateless block builder. A payload the builder rejects is
 * reported `invalid` to the driver (dropped pre-Holocene, deposit-only replacement after); a
 * failure to read a pre-image is never a verdict on the payload — it ends the program.
 */
import { type ExecutionResult, runDerivation, type SafeChainSource } from '@faultline/derive';
import { BlockBuildError, InvalidBlockTransactionError } from '@faultline/executor';
import { ChannelClosedError, ChannelIoError, FramingError, PreimageMismatchError } from '@faultline/preimage';
import { bytesToHex, equalBytes } from '@faultline/primitives';
import type { OpPayloadAttributes } from '@faultline/protocol';
import type { Deriver, DeriverContext, DeriverFactory } from './derivation.js';
import { OracleDataError } from './errors.js';
import type { L2Chain } from './l2-chain.js';
import { startingPoint } from './safe-head.js';

const FATAL = [ChannelClosedError, ChannelIoError, FramingError, PreimageMismatchError, OracleDataError];

/** True when `e` or any of its causes is an oracle failure (the host, not the payload, is at fault). */
export function isOracleFailure(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    if (FATAL.some((t) => c instanceof t)) return true;
  }
  return false;
}

function startOf(l2: L2Chain, n: bigint) {
  const { header, hash } = l2.blockByNumber(n);
  return startingPoint(l2.rollup, header, hash, l2.transactionsOf(n)[0]);
}

function execute(l2: L2Chain, attrs: OpPayloadAttributes, parentHash: Uint8Array): ExecutionResult {
  const head = l2.head();
  if (!equalBytes(head.hash, parentHash)) {
    throw new OracleDataError(`driver built on ${bytesToHex(parentHash)}, not on the head ${bytesToHex(head.hash)}`);
  }
  try {
    return { status: 'valid', hash: l2.buildOnHead(attrs).hash };
  } catch (e) {
    if (isOracleFailure(e)) throw e;
    if (e instanceof InvalidBlockTransactionError || e instanceof BlockBuildError) {
      return { status: 'invalid', reason: e.shortMessage };
    }
    throw e;
  }
}

export const opDeriver: DeriverFactory = (ctx: DeriverContext): Deriver => ({
  deriveUntil(target: bigint): bigint {
    const { l2, l1Chain } = ctx;
    const start = startOf(l2, l2.head().header.number);
    const safeChain: SafeChainSource = {
      l2BlockByNumber: (n) => (n <= start.safeHead.number ? startOf(l2, n).safeHead : undefined),
      l2TransactionsByNumber: (n) => (n <= start.safeHead.number ? l2.transactionsOf(n) : undefined),
    };
    const result = runDerivation({
      rollup: l2.rollup,
      l1Source: l1Chain,
      l2SafeHead: start.safeHead,
      systemConfig: start.systemConfig,
      executeAttributes: (attrs, parent) => execute(l2, attrs, parent.hash),
      targetBlockNumber: target,
      l2Chain: safeChain,
    });
    ctx.log?.(
      `derived ${result.blocksDerived} blocks, safe head ${result.safeHead.number} (${result.stop}), ${result.events.length} events`,
    );
    return result.safeHead.number;
  },
});
