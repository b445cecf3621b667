/**
 * The next block's base fee (EIP-1559) with the OP Stack's parameters (exec-engine.md "1559
 * Parameters"): the chain's denominator before Canyon, `denominatorCanyon` from Canyon, and from
 * Holocene the parameters the *parent* header carries in its `extraData`
 * (holocene/exec-engine.md). The target is `parent.gasLimit / elasticity`. When the *parent* is a
 * Jovian block (jovian/exec-engine.md; op-geth `CalcBaseFee`, reth `compute_jovian_base_fee`)
 * the gas that moves the fee is `max(gasUsed, blobGasUsed)` — the DA footprint counts — and the
 * result is clamped up to the parent's `minBaseFee`. The Jovian activation block itself still
 * follows its Isthmus parent's rule.
 */
import { isOpHardforkActive, type RollupConfig } from '@faultline/protocol';
import {
  decodeHoloceneExtraData,
  decodeJovianExtraData,
  type Eip1559Params,
  Eip1559ParamsError,
} from './holocene-params.js';

export type ParentForBaseFee = {
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  /** Jovian: the parent's DA footprint (header `blobGasUsed`). */
  blobGasUsed?: bigint | undefined;
};

/** EIP-1559 `calc_base_fee` for a post-London parent. */
export function nextBaseFee(
  parent: Pick<ParentForBaseFee, 'gasLimit' | 'gasUsed' | 'baseFeePerGas'>,
  params: Eip1559Params,
): bigint {
  if (params.elasticity === 0n || params.denominator === 0n) {
    throw new Eip1559ParamsError(
      `base fee: elasticity (${params.elasticity}) and denominator (${params.denominator}) must be non-zero`,
    );
  }
  const target = parent.gasLimit / params.elasticity;
  if (target === 0n) throw new Eip1559ParamsError(`base fee: gas target of limit ${parent.gasLimit} is zero`);
  const base = parent.baseFeePerGas;
  if (parent.gasUsed === target) return base;
  if (parent.gasUsed > target) {
    const delta = (base * (parent.gasUsed - target)) / target / params.denominator;
    return base + (delta > 1n ? delta : 1n);
  }
  const delta = (base * (target - parent.gasUsed)) / target / params.denominator;
  return base > delta ? base - delta : 0n;
}

/** The EIP-1559 parameters that govern the child of `parent` on an OP chain. */
export function opEip1559Params(
  rollup: RollupConfig,
  parent: Pick<ParentForBaseFee, 'timestamp' | 'extraData'>,
  childTimestamp: bigint,
): Eip1559Params {
  if (isOpHardforkActive(rollup.hardforks, 'holocene', parent.timestamp))
    return decodeHoloceneExtraData(parent.extraData);
  const canyon = isOpHardforkActive(rollup.hardforks, 'canyon', childTimestamp);
  return {
    denominator: canyon ? rollup.eip1559.denominatorCanyon : rollup.eip1559.denominator,
    elasticity: rollup.eip1559.elasticity,
  };
}

export function opNextBaseFee(rollup: RollupConfig, parent: ParentForBaseFee, childTimestamp: bigint): bigint {
  if (!isOpHardforkActive(rollup.hardforks, 'jovian', parent.timestamp)) {
    return nextBaseFee(parent, opEip1559Params(rollup, parent, childTimestamp));
  }
  const { minBaseFee, ...params } = decodeJovianExtraData(parent.extraData);
  if (parent.blobGasUsed === undefined) throw new Eip1559ParamsError('base fee: Jovian parent without blobGasUsed');
  const gasMetered = parent.gasUsed > parent.blobGasUsed ? parent.gasUsed : parent.blobGasUsed;
  const fee = nextBaseFee({ ...parent, gasUsed: gasMetered }, params);
  return fee < minBaseFee ? minBaseFee : fee;
}
