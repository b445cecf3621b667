/**
 * Stateless validity of a decoded transaction under a fork and chain: the type exists in the
 * fork (EIP-2718/2930/1559/4844/7702), the chain id matches (EIP-155 from Spurious Dragon),
 * integer bounds (EIP-2681 nonce, fee × gas in u256), priority ≤ max fee, initcode size
 * (EIP-3860), blob and authorization list shape, intrinsic gas, and a recoverable signature
 * (low-s from Homestead, EIP-2). Returns the sender. State checks (balance, nonce) are the
 * executor's.
 */
import { type Fork, isForkActive } from '@faultline/evm';
import { MAX_U256 } from '@faultline/primitives';
import { TransactionError } from './errors.js';
import { transactionIntrinsicGas } from './intrinsic-gas.js';
import { recoverSender, transactionChainId } from './transaction.js';
import { type Transaction, TX_TYPE } from './tx-types.js';

/** The fork that introduced each transaction type. */
const TYPE_SINCE: Record<number, Fork> = {
  [TX_TYPE.legacy]: 'Frontier',
  [TX_TYPE.eip2930]: 'Berlin',
  [TX_TYPE.eip1559]: 'London',
  [TX_TYPE.eip4844]: 'Cancun',
  [TX_TYPE.eip7702]: 'Prague',
};

/** EIP-2681: nonces stop at 2^64 - 1 (exclusive). */
export const MAX_NONCE = (1n << 64n) - 1n;
/** EIP-3860 / EIP-170: 2 × 24576. */
export const MAX_INITCODE_SIZE = 49_152;
/** EIP-4844 versioned hash version byte of a KZG commitment. */
export const VERSIONED_HASH_VERSION_KZG = 0x01;

export type ValidationRules = {
  fork: Fork;
  chainId: bigint;
  /**
   * OP Stack chain: 0x7E deposits are accepted and EIP-4844 blob transactions are not
   * (exec-engine.md "Ecotone: disable Blob-transactions").
   */
  opStack?: boolean;
};

export type ValidatedTransaction = { sender: Uint8Array; intrinsicGas: bigint; floorGas: bigint };

function check(condition: boolean, code: ConstructorParameters<typeof TransactionError>[0], message: string): void {
  if (!condition) throw new TransactionError(code, message);
}

export function validateTransaction(tx: Transaction, rules: ValidationRules): ValidatedTransaction {
  const { fork } = rules;
  if (tx.type === TX_TYPE.deposit) {
    check(rules.opStack === true, 'TYPE_NOT_SUPPORTED', 'deposit transactions exist only on OP Stack chains');
  } else if (tx.type === TX_TYPE.eip4844 && rules.opStack) {
    throw new TransactionError('TYPE_NOT_SUPPORTED', 'blob transactions are disabled on OP Stack chains');
  } else {
    check(isForkActive(fork, TYPE_SINCE[tx.type]!), 'TYPE_NOT_SUPPORTED', `type ${tx.type} is not active in ${fork}`);
  }
  const chainId = transactionChainId(tx);
  if (tx.type === TX_TYPE.legacy && chainId !== null) {
    check(isForkActive(fork, 'SpuriousDragon'), 'INVALID_CHAIN_ID', `EIP-155 signatures are not valid in ${fork}`);
  }
  if (chainId !== null) {
    check(chainId === rules.chainId, 'INVALID_CHAIN_ID', `chain id ${chainId}, expected ${rules.chainId}`);
  }
  if ('nonce' in tx) check(tx.nonce < MAX_NONCE, 'NONCE_TOO_BIG', `nonce ${tx.nonce} is not below 2^64-1 (EIP-2681)`);

  const feeCap = 'gasPrice' in tx ? tx.gasPrice : 'maxFeePerGas' in tx ? tx.maxFeePerGas : 0n;
  check(feeCap * tx.gasLimit <= MAX_U256, 'FEE_CAP_OVERFLOW', 'gas limit × fee cap overflows 256 bits');
  if ('maxPriorityFeePerGas' in tx) {
    check(
      tx.maxPriorityFeePerGas <= tx.maxFeePerGas,
      'PRIORITY_ABOVE_MAX_FEE',
      `max priority fee ${tx.maxPriorityFeePerGas} exceeds max fee ${tx.maxFeePerGas}`,
    );
  }
  if (tx.to === null && isForkActive(fork, 'Shanghai')) {
    check(
      tx.data.length <= MAX_INITCODE_SIZE,
      'INITCODE_TOO_LARGE',
      `initcode of ${tx.data.length} bytes exceeds ${MAX_INITCODE_SIZE} (EIP-3860)`,
    );
  }
  if (tx.type === TX_TYPE.eip4844) {
    check(tx.blobVersionedHashes.length > 0, 'BLOB_TX_INVALID', 'blob transaction without blobs');
    for (const h of tx.blobVersionedHashes) {
      check(h[0] === VERSIONED_HASH_VERSION_KZG, 'BLOB_TX_INVALID', `versioned hash version 0x${h[0]!.toString(16)}`);
    }
  }
  if (tx.type === TX_TYPE.eip7702) {
    check(
      tx.authorizationList.length > 0,
      'SET_CODE_TX_INVALID',
      'set-code transaction with an empty authorization list',
    );
  }

  const { gas, floor } = transactionIntrinsicGas(tx, fork);
  // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.max rejects them)
  const needed = gas > floor ? gas : floor;
  check(tx.gasLimit >= needed, 'INTRINSIC_GAS_TOO_LOW', `gas limit ${tx.gasLimit} is below intrinsic gas ${needed}`);

  const sender = recoverSender(tx, { lowS: isForkActive(fork, 'Homestead') });
  return { sender, intrinsicGas: gas, floorGas: floor };
}
