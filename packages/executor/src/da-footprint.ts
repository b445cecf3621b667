/**
 * Jovian's DA footprint (jovian/exec-engine.md "DA Footprint Block Limit"): every non-deposit
 * transaction's estimated compressed size — Fjord's FastLZ regression, `max(minTransactionSize,
 * (intercept + fastlzCoef · fastlzSize) // 1e6)` bytes — times the block's `daFootprintGasScalar`
 * (from the L1Block predeploy). A block's footprint is the sum; it must stay within the gas limit,
 * becomes the header's `blobGasUsed`, and from the next block on drives the base fee when it
 * exceeds the gas used. The floor division comes before the multiplication, as in op-geth and
 * alloy-op-evm (`jovian_da_footprint_estimation`).
 */

import { flzCompressLen } from './fastlz.js';
import { fjordEstimatedSizeScaled } from './l1-fee.js';

const SCALED = 1_000_000n;

/** Estimated compressed size in bytes (Fjord), floored at 100. */
export function daUsageEstimate(fastlzSize: bigint): bigint {
  return fjordEstimatedSizeScaled(fastlzSize) / SCALED;
}

/** The DA footprint of one EIP-2718-encoded non-deposit transaction. */
export function daFootprint(encodedTx: Uint8Array, daFootprintGasScalar: bigint): bigint {
  return daUsageEstimate(BigInt(flzCompressLen(encodedTx))) * daFootprintGasScalar;
}
