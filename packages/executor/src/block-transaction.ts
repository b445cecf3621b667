/**
 * One transaction of an OP block, from its EIP-2718 bytes to its receipt: decode, check it fits
 * the block gas pool, run it (deposits through `executeDeposit`; user transactions validated,
 * sender recovered, and run by the EVM's processor with the OP fee hooks), commit its diff, and
 * build the consensus receipt (deposit receipts carry `depositNonce` from Regolith and
 * `depositReceiptVersion` from Canyon, deposits.md "Deposit Receipt"). From Jovian every user
 * transaction also has a DA footprint that must fit what is left of the block's gas limit
 * (`da-footprint.ts`), and a fork's activation block from Jovian on takes no user transaction
 * at all (jovian/derivation.md "Activation Block Rules"; alloy-op-evm refuses such a block
 * too). Any failure names the
 * transaction's index: an invalid forced transaction makes the payload unbuildable, and a
 * missing pre-image says which transaction needed it.
 */
import {
  type Log as EvmLog,
  executeTransaction,
  InvalidTransactionError,
  type JumpdestCache,
  type StateDiff,
} from '@faultline/evm';
import { BaseError, bigIntToBytes, bytesToHex, hexToBytes, keccak256 } from '@faultline/primitives';
import {
  DEPOSIT_RECEIPT_VERSION,
  decodeTransaction,
  type Log,
  logsBloom,
  PREDEPLOYS,
  type Receipt,
  type Transaction,
  TransactionError,
  TX_TYPE,
  toEvmTransaction,
  validateTransaction,
} from '@faultline/protocol';
import type { TrieState } from '@faultline/state';
import type { OpBlockEnv } from './block-env.js';
import { daFootprint } from './da-footprint.js';
import { executeDeposit } from './deposit-tx.js';
import { BlockBuildError, InvalidBlockTransactionError } from './errors.js';
import {
  daFootprintGasScalarFromSlot,
  L1_BLOCK_SLOTS,
  type L1BlockSlots,
  l1FeeParamsFromSlots,
  operatorFeeParamsFromSlots,
} from './l1-block-info.js';
import type { L1Fee } from './l1-fee.js';
import { type OpFeeParams, opFeeHooks } from './op-fees.js';

const L1_BLOCK = bytesToHex(PREDEPLOYS.l1Block);

/** What one transaction did, for receipts and for debugging a divergence. */
export interface TxOutcome {
  index: number;
  hash: Uint8Array;
  type: number;
  sender: string;
  success: boolean;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  logCount: number;
  error: string | undefined;
  /** Non-deposit transactions only. */
  l1Fee?: L1Fee;
  /** Jovian, non-deposit transactions: the DA footprint (the RPC receipt's `blobGasUsed`). */
  daFootprint?: bigint;
  /** Accounts the transaction changed. */
  touched: number;
}

/** What the transactions of one block share: the state, the environment and caches. */
export interface BlockTxContext {
  state: TrieState;
  env: OpBlockEnv;
  jumpdests: JumpdestCache;
  /** Read from the L1Block predeploy at the first user transaction (after all deposits). */
  fees?: OpFeeParams;
  /** Jovian: the DA footprint gas scalar (same moment) and the footprint used so far. */
  daFootprintGasScalar?: bigint;
  daFootprintUsed: bigint;
}

function protocolLogs(logs: readonly EvmLog[]): Log[] {
  return logs.map((l) => ({ address: hexToBytes(l.address, 20), topics: l.topics, data: l.data }));
}

/**
 * The fee parameters of the block's user transactions, read once after the deposits ran. Slots
 * are read lazily (getters): a stateless witness holds only the slots the fee rule in force
 * reads (e.g. no overhead/scalar from Ecotone on), so touching others would miss pre-images.
 */
const l1BlockSlot = (state: TrieState, s: bigint) => bigIntToBytes(state.getStorage(L1_BLOCK, s), 32);

function feeParams(state: TrieState, env: OpBlockEnv): OpFeeParams {
  const slot = (s: bigint) => l1BlockSlot(state, s);
  const slots: L1BlockSlots = {
    get l1BaseFee() {
      return slot(L1_BLOCK_SLOTS.l1BaseFee);
    },
    get feeScalars() {
      return slot(L1_BLOCK_SLOTS.feeScalars);
    },
    get overhead() {
      return slot(L1_BLOCK_SLOTS.overhead);
    },
    get scalar() {
      return slot(L1_BLOCK_SLOTS.scalar);
    },
    get blobBaseFee() {
      return slot(L1_BLOCK_SLOTS.blobBaseFee);
    },
    get operatorFeeParams() {
      return slot(L1_BLOCK_SLOTS.operatorFeeParams);
    },
  };
  return {
    l1: l1FeeParamsFromSlots(slots, env.rollup.hardforks, env.timestamp),
    operator: operatorFeeParamsFromSlots(slots, env.rollup.hardforks, env.timestamp),
  };
}

function decode(index: number, bytes: Uint8Array): Transaction {
  try {
    return decodeTransaction(bytes);
  } catch (cause) {
    throw new InvalidBlockTransactionError(index, (cause as Error).message, { cause });
  }
}

interface Executed {
  success: boolean;
  gasUsed: bigint;
  logs: EvmLog[];
  diff: StateDiff;
  error: string | undefined;
  sender: string;
  depositNonce?: bigint;
  l1Fee?: L1Fee;
}

export function runBlockTransaction(
  ctx: BlockTxContext,
  index: number,
  encoded: Uint8Array,
  cumulativeGasUsed: bigint,
): { receipt: Receipt; outcome: TxOutcome; logs: Log[] } {
  const { state, env, jumpdests } = ctx;
  const config = env.evm;
  const gasLimit = config.block.gasLimit;
  const regolith = env.active('regolith');
  const tx = decode(index, encoded);
  // Pre-Regolith system deposits (the 150M-gas L1-info tx) do not draw on the block gas pool.
  const systemDeposit = tx.type === TX_TYPE.deposit && tx.isSystemTx;
  if (!systemDeposit && cumulativeGasUsed + tx.gasLimit > gasLimit) {
    throw new InvalidBlockTransactionError(index, `gas limit ${tx.gasLimit} exceeds the gas left in the block`);
  }
  let done: Executed;
  let footprint: bigint | undefined;
  try {
    if (tx.type === TX_TYPE.deposit) {
      const evmTx = toEvmTransaction(tx, tx.from);
      const r = executeDeposit(state, config, evmTx, {
        mint: tx.mint,
        isSystemTx: tx.isSystemTx,
        regolith,
        jumpdests,
      });
      done = { ...r, sender: evmTx.sender, depositNonce: r.nonce };
    } else {
      if (env.userTxsForbidden) {
        throw new InvalidBlockTransactionError(index, 'a fork activation block takes no user transactions');
      }
      if (env.active('jovian')) {
        ctx.daFootprintGasScalar ??= daFootprintGasScalarFromSlot(l1BlockSlot(state, L1_BLOCK_SLOTS.operatorFeeParams));
        footprint = daFootprint(encoded, ctx.daFootprintGasScalar);
        const available = gasLimit - ctx.daFootprintUsed;
        if (footprint > available) {
          throw new InvalidBlockTransactionError(
            index,
            `DA footprint ${footprint} exceeds the ${available} left in the block (jovian/exec-engine.md)`,
          );
        }
      }
      const { sender } = validateTransaction(tx, { fork: config.fork, chainId: env.rollup.l2ChainId, opStack: true });
      const evmTx = toEvmTransaction(tx, sender);
      ctx.fees ??= feeParams(state, env);
      const { hooks, charge } = opFeeHooks(ctx.fees, encoded);
      const r = executeTransaction(state, config, evmTx, { hooks, jumpdests });
      done = { ...r, sender: evmTx.sender, l1Fee: charge.l1 };
    }
  } catch (cause) {
    if (cause instanceof InvalidTransactionError || cause instanceof TransactionError) {
      throw new InvalidBlockTransactionError(index, cause.shortMessage, { cause });
    }
    // e.g. a missing trie node or code pre-image: say which transaction needed it.
    if (cause instanceof BaseError) throw new BlockBuildError(`transaction ${index}: ${cause.shortMessage}`, { cause });
    throw cause;
  }
  state.commit(done.diff);
  if (footprint !== undefined) ctx.daFootprintUsed += footprint;
  const cumulative = cumulativeGasUsed + done.gasUsed;
  const logs = protocolLogs(done.logs);
  const receipt: Receipt = {
    type: tx.type,
    status: done.success,
    cumulativeGasUsed: cumulative,
    logsBloom: logsBloom(logs),
    logs,
  };
  if (done.depositNonce !== undefined && regolith) receipt.depositNonce = done.depositNonce;
  if (done.depositNonce !== undefined && env.active('canyon')) receipt.depositReceiptVersion = DEPOSIT_RECEIPT_VERSION;
  const outcome: TxOutcome = {
    index,
    hash: keccak256(encoded),
    type: tx.type,
    sender: done.sender,
    success: done.success,
    gasUsed: done.gasUsed,
    cumulativeGasUsed: cumulative,
    logCount: logs.length,
    error: done.error,
    touched: done.diff.size,
  };
  if (done.l1Fee) outcome.l1Fee = done.l1Fee;
  if (footprint !== undefined) outcome.daFootprint = footprint;
  return { receipt, outcome, logs };
}
