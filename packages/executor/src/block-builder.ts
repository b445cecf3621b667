/**
 * The stateless OP block builder (exec-engine.md "Block processing", op-geth `StateProcessor` +
 * `miner` for a payload with `noTxPool`, kona's `StatelessL2Builder`): from the parent header,
 * the payload attributes, a source of trie nodes and code, and the rollup config, it executes
 * the block and seals its header. Order of work:
 * 1. header environment: number, OP EIP-1559 base fee (Canyon denominator, Holocene parameters
 *    from the parent's extraData), Holocene extraData from `eip1559Params`;
 * 2. at exactly the Canyon activation time, the Create2Deployer code preinstall; then the
 *    pre-transaction system calls: EIP-4788 beacon root (Ecotone+), EIP-2935 parent hash
 *    (Isthmus+);
 * 3. every transaction of the attributes, in order: deposits via `executeDeposit`, user
 *    transactions through the EVM's processor with the OP fee hooks (L1 data fee, vaults);
 *    each diff is committed to the trie state before the next transaction runs;
 * 4. sealing: state/transactions/receipts roots, bloom, gas used, withdrawals root (Canyon: the
 *    empty root; Isthmus: the L2ToL1MessagePasser storage root), blob gas 0/0 (Ecotone+),
 *    parent beacon root, requests hash (Isthmus: the empty requests hash).
 */
import {
  type Log as EvmLog,
  executeTransaction,
  InvalidTransactionError,
  JumpdestCache,
  type StateDiff,
} from '@faultline/evm';
import { BaseError, bigIntToBytes, bytesToHex, hexToBytes, keccak256, rlpEncode, sha256 } from '@faultline/primitives';
import {
  assertOpHardforkSupported,
  BLOOM_BYTES,
  DEPOSIT_RECEIPT_VERSION,
  decodeTransaction,
  type Header,
  headerHash,
  type Log,
  logsBloom,
  type OpPayloadAttributes,
  PREDEPLOYS,
  type Receipt,
  type RollupConfig,
  receiptsRoot,
  type Transaction,
  TransactionError,
  toEvmTransaction,
  transactionsRoot,
  validateTransaction,
} from '@faultline/protocol';
import { type BlockHashLookup, type CodeSource, TrieState } from '@faultline/state';
import { EMPTY_TRIE_ROOT, type NodeSource } from '@faultline/trie';
import { opNextBaseFee } from './base-fee.js';
import { type OpBlockEnv, opBlockEnv } from './block-env.js';
import { create2DeployerDiff, isCreate2DeployerBlock } from './create2-deployer.js';
import { executeDeposit } from './deposit-tx.js';
import { BlockBuildError, InvalidBlockTransactionError } from './errors.js';
import { opBlockExtraData } from './holocene-params.js';
import {
  L1_BLOCK_SLOTS,
  type L1BlockSlots,
  l1FeeParamsFromSlots,
  operatorFeeParamsFromSlots,
} from './l1-block-info.js';
import type { L1Fee } from './l1-fee.js';
import { type OpFeeParams, opFeeHooks } from './op-fees.js';
import { beaconRootCall, parentHashCall } from './system-calls.js';

/** keccak256(rlp([])): the ommers hash of every post-merge block. */
export const EMPTY_OMMERS_HASH = keccak256(rlpEncode([]));
/** EIP-7685: sha256 of no requests. */
export const EMPTY_REQUESTS_HASH = sha256(new Uint8Array(0));
const ZERO_NONCE = new Uint8Array(8);
const L1_BLOCK = bytesToHex(PREDEPLOYS.l1Block);
const MESSAGE_PASSER = bytesToHex(PREDEPLOYS.l2ToL1MessagePasser);
/** BLOCKHASH reaches back this many blocks. */
const BLOCKHASH_WINDOW = 256n;

export interface BuildBlockInput {
  rollup: RollupConfig;
  parent: Header;
  attributes: OpPayloadAttributes;
  nodes: NodeSource;
  code: CodeSource;
  /**
   * Hashes of ancestors older than the parent, for BLOCKHASH. Without it only the parent's hash
   * is known and asking for an older one is a `BlockBuildError` (never a silent zero).
   */
  ancestorHash?: BlockHashLookup;
  jumpdests?: JumpdestCache;
}

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
  /** Accounts the transaction changed. */
  touched: number;
}

export interface BuiltBlock {
  header: Header;
  hash: Uint8Array;
  transactions: Uint8Array[];
  receipts: Receipt[];
  outcomes: TxOutcome[];
  state: TrieState;
}

function protocolLogs(logs: readonly EvmLog[]): Log[] {
  return logs.map((l) => ({ address: hexToBytes(l.address, 20), topics: l.topics, data: l.data }));
}

function blockHashLookup(parent: Header, parentHash: Uint8Array, ancestors: BlockHashLookup | undefined) {
  return (n: bigint): Uint8Array | undefined => {
    if (n === parent.number) return parentHash;
    if (n > parent.number || parent.number - n >= BLOCKHASH_WINDOW) return undefined;
    const hash = ancestors?.(n);
    if (hash === undefined) throw new BlockBuildError(`BLOCKHASH(${n}): ancestor hash not available`);
    return hash;
  };
}

/**
 * The fee parameters of the block's user transactions, read once after the deposits ran. Slots
 * are read lazily (getters): a stateless witness holds only the slots the fee rule in force
 * reads (e.g. no overhead/scalar from Ecotone on), so touching others would miss pre-images.
 */
function feeParams(state: TrieState, env: OpBlockEnv): OpFeeParams {
  const slot = (s: bigint) => bigIntToBytes(state.getStorage(L1_BLOCK, s), 32);
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

export function buildBlock(input: BuildBlockInput): BuiltBlock {
  const { rollup, parent, attributes } = input;
  const timestamp = attributes.timestamp;
  assertOpHardforkSupported(rollup.hardforks, timestamp);
  if (parent.baseFeePerGas === undefined) throw new BlockBuildError('parent header has no baseFeePerGas');
  if (timestamp <= parent.timestamp) {
    throw new BlockBuildError(`timestamp ${timestamp} is not after the parent's ${parent.timestamp}`);
  }
  // exec-engine.md: withdrawals must be empty on OP chains (the field exists from Canyon).
  if ((attributes.withdrawals?.length ?? 0) > 0) throw new BlockBuildError('withdrawals must be empty on an OP chain');
  const parentHash = headerHash(parent);
  const number = parent.number + 1n;
  const baseFee = opNextBaseFee(
    rollup,
    {
      gasLimit: parent.gasLimit,
      gasUsed: parent.gasUsed,
      baseFeePerGas: parent.baseFeePerGas,
      timestamp: parent.timestamp,
      extraData: parent.extraData,
    },
    timestamp,
  );
  const env = opBlockEnv(rollup, attributes, number, baseFee);
  const extraData = opBlockExtraData(env.active('holocene'), attributes.eip1559Params, {
    denominator: rollup.eip1559.denominatorCanyon,
    elasticity: rollup.eip1559.elasticity,
  });
  const jumpdests = input.jumpdests ?? new JumpdestCache();
  const state = new TrieState({
    root: parent.stateRoot,
    nodes: input.nodes,
    code: input.code,
    blockHash: blockHashLookup(parent, parentHash, input.ancestorHash),
  });
  const config = env.evm;

  if (isCreate2DeployerBlock(rollup.hardforks.canyon, timestamp)) state.commit(create2DeployerDiff(state, input.code));
  if (env.active('ecotone')) {
    if (attributes.parentBeaconBlockRoot === undefined)
      throw new BlockBuildError('Ecotone block without parentBeaconBlockRoot');
    state.commit(beaconRootCall(state, config, attributes.parentBeaconBlockRoot, jumpdests));
  }
  if (env.active('isthmus')) state.commit(parentHashCall(state, config, parentHash, jumpdests));

  const regolith = env.active('regolith');
  const canyon = env.active('canyon');
  let fees: OpFeeParams | undefined;
  let cumulativeGasUsed = 0n;
  const receipts: Receipt[] = [];
  const outcomes: TxOutcome[] = [];
  const bloom = new Uint8Array(BLOOM_BYTES);

  attributes.transactions.forEach((encoded, index) => {
    const tx = decode(index, encoded);
    // Pre-Regolith system deposits (the 150M-gas L1-info tx) do not draw on the block gas pool.
    const systemDeposit = tx.type === 0x7e && tx.isSystemTx;
    if (!systemDeposit && cumulativeGasUsed + tx.gasLimit > attributes.gasLimit) {
      throw new InvalidBlockTransactionError(index, `gas limit ${tx.gasLimit} exceeds the gas left in the block`);
    }
    let done: Executed;
    try {
      if (tx.type === 0x7e) {
        const evmTx = toEvmTransaction(tx, tx.from);
        const r = executeDeposit(state, config, evmTx, {
          mint: tx.mint,
          isSystemTx: tx.isSystemTx,
          regolith,
          jumpdests,
        });
        done = { ...r, sender: evmTx.sender, depositNonce: r.nonce };
      } else {
        const { sender } = validateTransaction(tx, { fork: config.fork, chainId: rollup.l2ChainId, opStack: true });
        const evmTx = toEvmTransaction(tx, sender);
        fees ??= feeParams(state, env);
        const { hooks, charge } = opFeeHooks(fees, encoded);
        const r = executeTransaction(state, config, evmTx, { hooks, jumpdests });
        done = { ...r, sender: evmTx.sender, l1Fee: charge.l1 };
      }
    } catch (cause) {
      if (cause instanceof InvalidTransactionError || cause instanceof TransactionError) {
        throw new InvalidBlockTransactionError(index, cause.shortMessage, { cause });
      }
      // e.g. a missing trie node or code pre-image: say which transaction needed it.
      if (cause instanceof BaseError)
        throw new BlockBuildError(`transaction ${index}: ${cause.shortMessage}`, { cause });
      throw cause;
    }
    state.commit(done.diff);
    cumulativeGasUsed += done.gasUsed;
    const logs = protocolLogs(done.logs);
    const receipt: Receipt = {
      type: tx.type,
      status: done.success,
      cumulativeGasUsed,
      logsBloom: logsBloom(logs),
      logs,
    };
    if (done.depositNonce !== undefined && regolith) receipt.depositNonce = done.depositNonce;
    if (done.depositNonce !== undefined && canyon) receipt.depositReceiptVersion = DEPOSIT_RECEIPT_VERSION;
    receipts.push(receipt);
    logsBloom(logs, bloom);
    const outcome: TxOutcome = {
      index,
      hash: keccak256(encoded),
      type: tx.type,
      sender: done.sender,
      success: done.success,
      gasUsed: done.gasUsed,
      cumulativeGasUsed,
      logCount: logs.length,
      error: done.error,
      touched: done.diff.size,
    };
    if (done.l1Fee) outcome.l1Fee = done.l1Fee;
    outcomes.push(outcome);
  });

  const header: Header = {
    parentHash,
    ommersHash: EMPTY_OMMERS_HASH,
    beneficiary: attributes.suggestedFeeRecipient,
    stateRoot: state.root(),
    transactionsRoot: transactionsRoot(attributes.transactions),
    receiptsRoot: receiptsRoot(receipts),
    logsBloom: bloom,
    difficulty: 0n,
    number,
    gasLimit: attributes.gasLimit,
    gasUsed: cumulativeGasUsed,
    timestamp,
    extraData,
    mixHash: attributes.prevRandao,
    nonce: ZERO_NONCE,
    baseFeePerGas: baseFee,
  };
  if (canyon) header.withdrawalsRoot = env.active('isthmus') ? state.getStorageRoot(MESSAGE_PASSER) : EMPTY_TRIE_ROOT;
  if (env.active('ecotone')) {
    header.blobGasUsed = 0n;
    header.excessBlobGas = 0n;
    header.parentBeaconBlockRoot = attributes.parentBeaconBlockRoot!;
  }
  if (env.active('isthmus')) header.requestsHash = EMPTY_REQUESTS_HASH;
  return { header, hash: headerHash(header), transactions: attributes.transactions, receipts, outcomes, state };
}
