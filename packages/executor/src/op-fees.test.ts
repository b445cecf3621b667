import {
  type EvmConfig,
  type EvmTransaction,
  executeTransaction,
  InvalidTransactionError,
  MemoryState,
  precompileTable,
} from '@faultline/evm';
import { describe, expect, it } from 'vitest';
import { l1FeeOfTransaction } from './l1-fee.js';
import { FEE_VAULTS, type OpFeeParams, opFeeHooks } from './op-fees.js';

const SENDER = '0x00000000000000000000000000000000000aaaaa';
const TO = '0x00000000000000000000000000000000000bbbbb';
const COINBASE = '0x4200000000000000000000000000000000000011';
const BASE_FEE = 100n;

const config: EvmConfig = {
  fork: 'Cancun',
  precompiles: precompileTable('Cancun'),
  block: {
    number: 1n,
    timestamp: 1n,
    coinbase: COINBASE,
    gasLimit: 30_000_000n,
    baseFee: BASE_FEE,
    prevRandao: 0n,
    blobBaseFee: 1n,
    chainId: 10n,
  },
};

const tx: EvmTransaction = {
  type: 2,
  sender: SENDER,
  nonce: 0n,
  gasLimit: 50_000n,
  to: TO,
  value: 7n,
  data: new Uint8Array(0),
  accessList: [],
  maxFeePerGas: 150n,
  maxPriorityFeePerGas: 20n,
};
/** Stand-in for the signed EIP-2718 bytes the L1 fee is priced over. */
const ENCODED = Uint8Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? 0 : i));
const params: OpFeeParams = {
  l1: { rule: 'fjord', l1BaseFee: 30_000_000_000n, blobBaseFee: 2n, baseFeeScalar: 1368n, blobBaseFeeScalar: 810_949n },
};

function state(balance: bigint): MemoryState {
  const s = new MemoryState();
  s.setAccount(SENDER, 0n, balance, new Uint8Array(0), new Map());
  return s;
}

describe('opFeeHooks', () => {
  const l1 = l1FeeOfTransaction(params.l1, ENCODED).fee;

  it('charges the L1 fee and splits tip / base fee / L1 fee between coinbase and vaults', () => {
    const s = state(10n ** 18n);
    const { hooks, charge } = opFeeHooks(params, ENCODED);
    const r = executeTransaction(s, config, tx, { hooks });
    s.commit(r.diff);
    expect(l1).toBeGreaterThan(0n);
    expect(charge.l1.fee).toBe(l1);
    expect(r.gasUsed).toBe(21_000n);
    expect(s.getAccount(COINBASE)?.balance).toBe(21_000n * 20n);
    expect(s.getAccount(FEE_VAULTS.baseFee)?.balance).toBe(21_000n * BASE_FEE);
    expect(s.getAccount(FEE_VAULTS.l1Fee)?.balance).toBe(l1);
    expect(s.getAccount(SENDER)?.balance).toBe(10n ** 18n - 21_000n * 120n - 7n - l1);
  });

  it('the L1 fee is part of the up-front balance check', () => {
    const exact = tx.gasLimit * tx.maxFeePerGas! + tx.value;
    expect(() => executeTransaction(state(exact + l1 - 1n), config, tx, opFeeHooks(params, ENCODED))).toThrow(
      InvalidTransactionError,
    );
    expect(() => executeTransaction(state(exact + l1), config, tx, opFeeHooks(params, ENCODED))).not.toThrow();
  });

  it('Isthmus operator fee: charged for the limit, refunded down to the gas used, paid to its vault', () => {
    const s = state(10n ** 18n);
    const withOperator: OpFeeParams = { ...params, operator: { scalar: 2_000_000n, constant: 5n } };
    const r = executeTransaction(s, config, tx, opFeeHooks(withOperator, ENCODED));
    s.commit(r.diff);
    const operatorFee = (21_000n * 2_000_000n) / 1_000_000n + 5n;
    expect(s.getAccount(FEE_VAULTS.operatorFee)?.balance).toBe(operatorFee);
    expect(s.getAccount(SENDER)?.balance).toBe(10n ** 18n - 21_000n * 120n - 7n - l1 - operatorFee);
  });
});
