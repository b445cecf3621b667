/**
 * The execution environment of one OP block: which L1 EVM rules apply (exec-engine.md: Bedrock
 * = London/Paris, Canyon = Shanghai, Ecotone = Cancun, Isthmus = Prague), the OP precompile
 * deviations per fork, and the block context the EVM sees (COINBASE = the suggested fee
 * recipient, BASEFEE from the OP EIP-1559 rules, PREVRANDAO from the attributes, BLOBBASEFEE at
 * the minimum because OP blocks carry no blobs: excessBlobGas stays 0).
 */
import { type BlockContext, type EvmConfig, MIN_BLOB_BASE_FEE, precompileTable } from '@faultline/evm';
import { bytesToBigInt, bytesToHex } from '@faultline/primitives';
import {
  isOpHardforkActivationBlock,
  isOpHardforkActive,
  l1ForkForOpBlock,
  type OpHardfork,
  type OpPayloadAttributes,
  type RollupConfig,
} from '@faultline/protocol';

export interface OpBlockEnv {
  rollup: RollupConfig;
  number: bigint;
  timestamp: bigint;
  baseFee: bigint;
  evm: EvmConfig;
  active(fork: OpHardfork): boolean;
  /** True on the activation block of Jovian or a later fork: deposits only. */
  userTxsForbidden: boolean;
}

/**
 * Forks whose activation block carries deposits only (jovian/derivation.md "Activation Block
 * Rules"; op-node and alloy-op-evm apply the same rule to every fork from Jovian on).
 */
const DEPOSITS_ONLY_ACTIVATIONS: readonly OpHardfork[] = ['jovian', 'karst'];

export function opBlockEnv(
  rollup: RollupConfig,
  attributes: OpPayloadAttributes,
  number: bigint,
  baseFee: bigint,
): OpBlockEnv {
  const timestamp = attributes.timestamp;
  const active = (fork: OpHardfork) => isOpHardforkActive(rollup.hardforks, fork, timestamp);
  const fork = l1ForkForOpBlock(rollup.hardforks, timestamp);
  const block: BlockContext = {
    number,
    timestamp,
    coinbase: bytesToHex(attributes.suggestedFeeRecipient),
    gasLimit: attributes.gasLimit,
    baseFee,
    prevRandao: bytesToBigInt(attributes.prevRandao),
    blobBaseFee: MIN_BLOB_BASE_FEE,
    chainId: rollup.l2ChainId,
  };
  const optimism = {
    fjord: active('fjord'),
    granite: active('granite'),
    isthmus: active('isthmus'),
    jovian: active('jovian'),
    karst: active('karst'),
  };
  const userTxsForbidden = DEPOSITS_ONLY_ACTIVATIONS.some((f) =>
    isOpHardforkActivationBlock(rollup.hardforks, f, timestamp, rollup.blockTime),
  );
  return {
    rollup,
    number,
    timestamp,
    baseFee,
    active,
    userTxsForbidden,
    evm: { fork, precompiles: precompileTable(fork, { optimism }), block },
  };
}
