/**
 * The OP Stack's fee rules for non-deposit transactions, plugged into the EVM's transaction
 * processor as `TxHooks` (exec-engine.md "Fee Vaults", "L1-Cost fees"; isthmus/exec-engine.md
 * "Operator Fee"):
 * - the L1 data fee (and, from Isthmus, the operator fee for the whole gas limit) is charged up
 *   front with the gas and is part of the balance check;
 * - after execution the tip goes to the coinbase (the sequencer fee vault), `gasUsed × baseFee`
 *   to the BaseFeeVault instead of being burnt, the L1 fee to the L1FeeVault and the operator
 *   fee for the gas actually used to the OperatorFeeVault, whose unused part is refunded.
 */
import type { EvmTransaction, FeeContext, TxHooks } from '@faultline/evm';
import { bytesToHex } from '@faultline/primitives';
import { PREDEPLOYS } from '@faultline/protocol';
import { type L1Fee, type L1FeeParams, l1FeeOfTransaction } from './l1-fee.js';
import { type OperatorFeeParams, operatorFee, operatorFeeRefund } from './operator-fee.js';

export const FEE_VAULTS = {
  baseFee: bytesToHex(PREDEPLOYS.baseFeeVault),
  l1Fee: bytesToHex(PREDEPLOYS.l1FeeVault),
  operatorFee: bytesToHex(PREDEPLOYS.operatorFeeVault),
} as const;

/** The fee parameters in force for the user transactions of one block. */
export interface OpFeeParams {
  l1: L1FeeParams;
  /** Present from Isthmus on. */
  operator?: OperatorFeeParams | undefined;
}

/** What the hooks charged one transaction (for receipts and debugging). */
export interface OpFeeCharge {
  l1: L1Fee;
  operatorFee: bigint;
}

/**
 * Hooks for one transaction whose EIP-2718 encoding is `encodedTx` (the L1 fee is priced over
 * those exact bytes). `charge` is filled in as the processor calls the hooks.
 */
export function opFeeHooks(params: OpFeeParams, encodedTx: Uint8Array): { hooks: TxHooks; charge: OpFeeCharge } {
  const charge: OpFeeCharge = { l1: l1FeeOfTransaction(params.l1, encodedTx), operatorFee: 0n };
  const operator = params.operator;
  const hooks: TxHooks = {
    extraUpfrontFee(tx: EvmTransaction): bigint {
      return charge.l1.fee + (operator ? operatorFee(operator, tx.gasLimit) : 0n);
    },
    distributeFees(ctx: FeeContext): void {
      const { world, gasUsed, effectiveGasPrice, baseFee } = ctx;
      world.addBalance(ctx.coinbase, gasUsed * (effectiveGasPrice - baseFee));
      world.addBalance(FEE_VAULTS.baseFee, gasUsed * baseFee);
      world.addBalance(FEE_VAULTS.l1Fee, charge.l1.fee);
      if (operator) {
        world.addBalance(ctx.tx.sender, operatorFeeRefund(operator, ctx.tx.gasLimit, gasUsed));
        charge.operatorFee = operatorFee(operator, gasUsed);
        world.addBalance(FEE_VAULTS.operatorFee, charge.operatorFee);
      }
    },
  };
  return { hooks, charge };
}
