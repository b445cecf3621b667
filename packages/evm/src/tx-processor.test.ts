import { hexToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import type { EvmConfig } from './context.js';
import { precompileTable } from './precompiles/index.js';
import { MemoryState } from './state-test/memory-state.js';
import { type EvmTransaction, InvalidTransactionError } from './transaction.js';
import { executeTransaction } from './tx-processor.js';

const SENDER = '0x00000000000000000000000000000000000000aa';
const TO = '0x00000000000000000000000000000000000000bb';
const COINBASE = '0x00000000000000000000000000000000000000cc';
const VAULT = '0x00000000000000000000000000000000000000dd';

function config(): EvmConfig {
  return {
    fork: 'Prague',
    precompiles: precompileTable('Prague'),
    block: {
      number: 1n,
      timestamp: 1n,
      coinbase: COINBASE,
      gasLimit: 30_000_000n,
      baseFee: 10n,
      prevRandao: 0n,
      blobBaseFee: 1n,
      chainId: 1n,
    },
  };
}

function tx(over: Partial<EvmTransaction> = {}): EvmTransaction {
  return {
    type: 2,
    sender: SENDER,
    nonce: 0n,
    gasLimit: 100_000n,
    to: TO,
    value: 5n,
    data: new Uint8Array(0),
    maxFeePerGas: 20n,
    maxPriorityFeePerGas: 2n,
    accessList: [],
    ...over,
  };
}

function state(balance = 10n ** 18n) {
  const s = new MemoryState();
  s.setAccount(SENDER, 0n, balance, new Uint8Array(0), new Map());
  s.setAccount(TO, 0n, 0n, hexToBytes('0x600160005500'), new Map()); // SSTORE(0, 1)
  return s;
}

describe('executeTransaction', () => {
  it('buys gas, executes, refunds and pays the tip to the coinbase', () => {
    const s = state();
    const r = executeTransaction(s, config(), tx());
    s.commit(r.diff);
    expect(r.success).toBe(true);
    expect(r.gasUsed).toBe(21000n + 3n + 3n + 22100n);
    expect(s.getStorage(TO, 0n)).toBe(1n);
    expect(s.getAccount(SENDER)!.nonce).toBe(1n);
    expect(s.getAccount(SENDER)!.balance).toBe(10n ** 18n - r.gasUsed * 12n - 5n);
    expect(s.getAccount(COINBASE)!.balance).toBe(r.gasUsed * 2n);
  });

  it('rejects invalid transactions without touching state', () => {
    const s = state(1000n);
    expect(() => executeTransaction(s, config(), tx())).toThrow(InvalidTransactionError);
    expect(() => executeTransaction(state(), config(), tx({ nonce: 1n }))).toThrow(/NONCE_MISMATCH_TOO_HIGH/);
    expect(() => executeTransaction(state(), config(), tx({ gasLimit: 20_000n }))).toThrow(/INTRINSIC_GAS_TOO_LOW/);
    expect(() => executeTransaction(state(), config(), tx({ maxFeePerGas: 9n, maxPriorityFeePerGas: 1n }))).toThrow(
      /INSUFFICIENT_MAX_FEE_PER_GAS/,
    );
    expect(s.getAccount(SENDER)!.balance).toBe(1000n);
  });

  it('applies the EIP-7623 floor to calldata-heavy transactions', () => {
    const data = new Uint8Array(1000).fill(1);
    const r = executeTransaction(state(), config(), tx({ to: COINBASE, data, value: 0n }));
    // floor = 21000 + 10 * 4 * 1000 > 21000 + 16 * 1000
    expect(r.gasUsed).toBe(61_000n);
  });

  it('lets hooks add an upfront fee and take over fee distribution', () => {
    const s = state();
    const r = executeTransaction(s, config(), tx(), {
      hooks: {
        extraUpfrontFee: () => 1000n,
        distributeFees: ({ world, gasUsed, baseFee }) => world.addBalance(VAULT, gasUsed * baseFee),
      },
    });
    s.commit(r.diff);
    expect(s.getAccount(VAULT)!.balance).toBe(r.gasUsed * 10n);
    expect(s.getAccount(COINBASE)).toBeUndefined();
    expect(s.getAccount(SENDER)!.balance).toBe(10n ** 18n - r.gasUsed * 12n - 5n - 1000n);
  });

  it('supports deposit-style transactions: mint before validation, no gas charged', () => {
    const s = state(0n);
    const r = executeTransaction(s, config(), tx({ nonce: 7n, value: 5n }), {
      hooks: {
        beforeValidation: (_tx, world) => world.addBalance(SENDER, 100n),
        chargesGas: () => false,
      },
    });
    s.commit(r.diff);
    expect(r.success).toBe(true);
    expect(s.getAccount(SENDER)!.balance).toBe(95n);
    expect(s.getAccount(SENDER)!.nonce).toBe(1n);
    expect(s.getAccount(COINBASE)).toBeUndefined();
  });

  it('caps blobs per transaction at 6 from Osaka (EIP-7594) and gas at 2^24 (EIP-7825)', () => {
    const hash1 = new Uint8Array(32);
    hash1[0] = 1; // version KZG
    const blob = (n: number) =>
      tx({ type: 3, maxFeePerBlobGas: 1n, blobVersionedHashes: Array.from({ length: n }, () => hash1) });
    const osaka: EvmConfig = { ...config(), fork: 'Osaka', precompiles: precompileTable('Osaka') };
    const kind = (c: EvmConfig, t: EvmTransaction) => {
      try {
        executeTransaction(state(), c, t);
        return 'valid';
      } catch (e) {
        return (e as InvalidTransactionError).kind;
      }
    };
    expect(kind(config(), blob(7))).toBe('valid'); // Prague: only the block's 9
    expect(kind(osaka, blob(6))).toBe('valid');
    expect(kind(osaka, blob(7))).toBe('TYPE_3_TX_BLOB_COUNT_EXCEEDED');
    expect(kind(osaka, tx({ gasLimit: 1n << 24n }))).toBe('valid');
    expect(kind(osaka, tx({ gasLimit: (1n << 24n) + 1n }))).toBe('GAS_LIMIT_EXCEEDS_MAXIMUM');
    expect(kind(config(), tx({ gasLimit: (1n << 24n) + 1n }))).toBe('valid');
  });
});
