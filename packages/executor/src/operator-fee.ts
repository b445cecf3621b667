/**
 * The operator fee (OP spec isthmus/exec-engine.md "Operator Fee"): charged to non-deposit
 * transactions on top of the L1 data fee and credited to the OperatorFeeVault. Isthmus:
 * `gas * operatorFeeScalar / 1e6 + operatorFeeConstant`; Jovian (jovian/exec-engine.md "Fee
 * Formula Update"): `gas * operatorFeeScalar * 100 + operatorFeeConstant`, at most 103 bits. Gas
 * is bought up front with the gas limit and the unused part is refunded, so the executor calls
 * this with the gas limit when buying and with the gas used when settling.
 */

import { MAX_U256 } from '@faultline/primitives';

export type OperatorFeeParams = { scalar: bigint; constant: bigint /** Jovian's ×100 formula. */; jovian?: boolean };

const OPERATOR_FEE_SCALAR_DECIMALS = 1_000_000n;
/** jovian/exec-engine.md: the effective per-gas scalar is `100 * operatorFeeScalar`. */
const OPERATOR_FEE_JOVIAN_MULTIPLIER = 100n;

/** Saturates at 2^256 - 1 like the reference (isthmus/predeploys.md getOperatorFee). */
export function operatorFee(params: OperatorFeeParams, gas: bigint): bigint {
  const product = params.jovian
    ? gas * params.scalar * OPERATOR_FEE_JOVIAN_MULTIPLIER
    : (gas * params.scalar) / OPERATOR_FEE_SCALAR_DECIMALS;
  const fee = product + params.constant;
  return fee > MAX_U256 ? MAX_U256 : fee;
}

/** Refund at the end of a transaction: what was charged for the limit minus the cost of what was used. */
export function operatorFeeRefund(params: OperatorFeeParams, gasLimit: bigint, gasUsed: bigint): bigint {
  return operatorFee(params, gasLimit) - operatorFee(params, gasUsed);
}
