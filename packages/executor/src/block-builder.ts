/**
 * The stateless OP block builder (exec-engine.md "Block processing", op-geth `StateProcessor` +
 * `miner` for a payload with `noTxPool`, kona's `StatelessL2Builder`): from the parent header,
 * the payload attributes, a source of trie nodes and code, and the rollup config, it executes
 * the block and seals its header. Order of work:
 * 1. header environment: number, OP EIP-1559 base fee (Canyon denominator, Holocene parameters
 *    from the parent's extraData; Jovian: the parent's DA footprint and minimum base fee),
 *    extraData from `eip1559Params` (Holocene) and `minBaseFee` (Jovian);
 * 2. at exactly the Canyon activation time, the Create2Deployer code preinstall; then the
 *    pre-transaction system calls: EIP-4788 beacon root (Ecotone+), EIP-2935 parent hash
 *    (Isthmus+);
 * 3. every transaction of the attributes, in order (`runBlockTransaction`: deposits, user
 *    transactions with the OP fee hooks and, from Jovian, their DA footprint); each diff is
 *    committed before the next one runs;
 * 4. sealing: state/transactions/receipts roots, bloom, gas used, withdrawals root (Canyon: the
 *    empty root; Isthmus: the L2ToL1MessagePasser storage root), blob gas used (Ecotone: 0;
 *    Jovian: the DA footprint) and excess blob gas 0, parent beacon root, requests hash
 *    (Isthmus: the empty requests hash).
 */
import { JumpdestCache, type PrecompileTable } from '@faultline/evm';
import { bytesToHex, keccak256, rlpEncode, sha256 } from '@faultline/primitives';
import {
  assertOpHardforkSupported,
  BLOOM_BYTES,
  type Header,
  headerHash,
  type OpHardfork,
  type OpPayloadAttributes,
  PREDEPLOYS,
  type Receipt,
  type RollupConfig,
  receiptsRoot,
  transactionsRoot,
} from '@faultline/protocol';
import { type BlockHashLookup, type CodeSource, TrieState } from '@faultline/state';
import { EMPTY_TRIE_ROOT, type NodeSource } from '@faultline/trie';
import { opNextBaseFee } from './base-fee.js';
import { opBlockEnv } from './block-env.js';
import { type BlockTxContext, runBlockTransaction, type TxOutcome } from './block-transaction.js';
import { create2DeployerDiff, isCreate2DeployerBlock } from './create2-deployer.js';
import { BlockBuildError } from './errors.js';
import { opBlockExtraData } from './holocene-params.js';
import { beaconRootCall, parentHashCall } from './system-calls.js';

/** keccak256(rlp([])): the ommers hash of every post-merge block. */
export const EMPTY_OMMERS_HASH = keccak256(rlpEncode([]));
/** EIP-7685: sha256 of no requests. */
export const EMPTY_REQUESTS_HASH = sha256(new Uint8Array(0));
const ZERO_NONCE = new Uint8Array(8);
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
  /**
   * Replaces entries of the block's precompile table, e.g. with oracle-backed ones: the
   * fault-proof client answers ecrecover / bn256 pairing / KZG through the host (op-program's
   * `l1-precompile-v2` acceleration) instead of computing them in the VM.
   */
  precompiles?: PrecompileOverlay;
  /** Called after each transaction, in order (progress, per-transaction timing in reports). */
  onTransaction?: (outcome: TxOutcome) => void;
}

/** Given the fork's table and the block's OP forks, the table to execute with. */
export type PrecompileOverlay = (base: PrecompileTable, active: (fork: OpHardfork) => boolean) => PrecompileTable;

export interface BuiltBlock {
  header: Header;
  hash: Uint8Array;
  transactions: Uint8Array[];
  receipts: Receipt[];
  outcomes: TxOutcome[];
  state: TrieState;
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
      blobGasUsed: parent.blobGasUsed,
    },
    timestamp,
  );
  const env = opBlockEnv(rollup, attributes, number, baseFee);
  if (input.precompiles) env.evm = { ...env.evm, precompiles: input.precompiles(env.evm.precompiles, env.active) };
  const form = env.active('jovian') ? 'jovian' : env.active('holocene') ? 'holocene' : 'none';
  const extraData = opBlockExtraData(form, attributes, {
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

  const ctx: BlockTxContext = { state, env, jumpdests, daFootprintUsed: 0n };
  let cumulativeGasUsed = 0n;
  const receipts: Receipt[] = [];
  const outcomes: TxOutcome[] = [];
  const bloom = new Uint8Array(BLOOM_BYTES);
  attributes.transactions.forEach((encoded, index) => {
    const { receipt, outcome } = runBlockTransaction(ctx, index, encoded, cumulativeGasUsed);
    cumulativeGasUsed = receipt.cumulativeGasUsed;
    receipts.push(receipt);
    outcomes.push(outcome);
    input.onTransaction?.(outcome);
    // The header's bloom is the union of the receipts' (Yellow Paper §4.3, eq. 33): OR-ing the
    // receipt's bloom sets the same bits as hashing every address and topic a second time.
    const receiptBloom = receipt.logsBloom;
    for (let i = 0; i < BLOOM_BYTES; i++) bloom[i] = bloom[i]! | receiptBloom[i]!;
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
  if (env.active('canyon'))
    header.withdrawalsRoot = env.active('isthmus') ? state.getStorageRoot(MESSAGE_PASSER) : EMPTY_TRIE_ROOT;
  if (env.active('ecotone')) {
    header.blobGasUsed = env.active('jovian') ? ctx.daFootprintUsed : 0n;
    header.excessBlobGas = 0n;
    header.parentBeaconBlockRoot = attributes.parentBeaconBlockRoot!;
  }
  if (env.active('isthmus')) header.requestsHash = EMPTY_REQUESTS_HASH;
  return { header, hash: headerHash(header), transactions: attributes.transactions, receipts, outcomes, state };
}
