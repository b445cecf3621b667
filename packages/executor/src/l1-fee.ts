/**
 * The L1 data fee charged to non-deposit L2 transactions for posting them to L1 (OP spec
 * exec-engine.md "L1-Cost fees"), over the full EIP-2718 encoding of the signed transaction:
 * - Bedrock/Regolith: `(rollupDataGas + overhead) * l1BaseFee * scalar / 1e6`, where
 *   rollupDataGas = zeros*4 + ones*16, plus 68 extra non-zero bytes before Regolith;
 * - Ecotone: `calldataGas * (16*l1BaseFee*baseFeeScalar + blobBaseFee*blobBaseFeeScalar) / 16e6`;
 * - Fjord: `max(100e6, -42_585_600 + 836_500*fastlzSize) * (16*l1BaseFee*baseFeeScalar +
 *   blobBaseFee*blobBaseFeeScalar) / 1e12` (fjord/exec-engine.md, FastLZ estimator).
 * Also the receipt's `l1GasUsed` for each rule. All arithmetic is unbounded bigint, as specified.
 */
import { calldataTokens } from '@faultline/evm';
import { flzCompressLen } from './fastlz.js';

export const ZERO_BYTE_COST = 4n;
export const NONZERO_BYTE_COST = 16n;
/** Pre-Regolith: 68 non-zero bytes were added for the signature of the pre-Bedrock format. */
export const PRE_REGOLITH_EXTRA_NONZERO_BYTES = 68n;
const SCALAR_DECIMALS = 1_000_000n;
const ECOTONE_DIVISOR = 16_000_000n;
const FJORD_DIVISOR = 1_000_000_000_000n;
export const FJORD_COST_INTERCEPT = -42_585_600n;
export const FJORD_COST_FASTLZ_COEF = 836_500n;
/** Fjord's floor on the estimated size: 100 bytes, scaled by 1e6. */
export const FJORD_MIN_TX_SIZE_SCALED = 100n * SCALAR_DECIMALS;

/** What the fee needs to know about a transaction (op-geth calls it RollupCostData). */
export type RollupCostData = { zeros: bigint; ones: bigint; fastlzSize: bigint };

export function rollupCostData(encodedTx: Uint8Array): RollupCostData {
  const { zero, nonZero } = calldataTokens(encodedTx);
  return {
    zeros: BigInt(zero),
    ones: BigInt(nonZero),
    fastlzSize: BigInt(flzCompressLen(encodedTx)),
  };
}

export type L1FeeParams =
  | { rule: 'bedrock'; regolith: boolean; l1BaseFee: bigint; overhead: bigint; scalar: bigint }
  | {
      rule: 'ecotone' | 'fjord';
      l1BaseFee: bigint;
      blobBaseFee: bigint;
      baseFeeScalar: bigint;
      blobBaseFeeScalar: bigint;
    };

export type L1Fee = { fee: bigint; l1GasUsed: bigint };

function calldataGas(data: RollupCostData): bigint {
  return data.zeros * ZERO_BYTE_COST + data.ones * NONZERO_BYTE_COST;
}

/** Fjord's linear regression on the FastLZ size, floored at 100 bytes (scaled by 1e6). */
export function fjordEstimatedSizeScaled(fastlzSize: bigint): bigint {
  const estimate = FJORD_COST_INTERCEPT + FJORD_COST_FASTLZ_COEF * fastlzSize;
  return estimate < FJORD_MIN_TX_SIZE_SCALED ? FJORD_MIN_TX_SIZE_SCALED : estimate;
}

export function l1Fee(params: L1FeeParams, data: RollupCostData): L1Fee {
  if (params.rule === 'bedrock') {
    const extra = params.regolith ? 0n : PRE_REGOLITH_EXTRA_NONZERO_BYTES * NONZERO_BYTE_COST;
    const l1GasUsed = calldataGas(data) + extra + params.overhead;
    return { fee: (l1GasUsed * params.l1BaseFee * params.scalar) / SCALAR_DECIMALS, l1GasUsed };
  }
  const feeScaled =
    NONZERO_BYTE_COST * params.l1BaseFee * params.baseFeeScalar + params.blobBaseFee * params.blobBaseFeeScalar;
  if (params.rule === 'ecotone') {
    const gas = calldataGas(data);
    return { fee: (gas * feeScaled) / ECOTONE_DIVISOR, l1GasUsed: gas };
  }
  const size = fjordEstimatedSizeScaled(data.fastlzSize);
  // Fjord reports the estimate in calldata-gas units: size (bytes, ×1e6) × 16 / 1e6.
  return { fee: (size * feeScaled) / FJORD_DIVISOR, l1GasUsed: (size * NONZERO_BYTE_COST) / SCALAR_DECIMALS };
}

/** The L1 data fee of one EIP-2718-encoded transaction. Deposits pay none (the caller skips them). */
export function l1FeeOfTransaction(params: L1FeeParams, encodedTx: Uint8Array): L1Fee {
  return l1Fee(params, rollupCostData(encodedTx));
}
