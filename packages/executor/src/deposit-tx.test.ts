import { type EvmConfig, type EvmTransaction, MemoryState, precompileTable } from '@faultline/evm';
import { describe, expect, it } from 'vitest';
import { executeDeposit } from './deposit-tx.js';

const FROM = '0x00000000000000000000000000000000000aaaaa';
const TO = '0x00000000000000000000000000000000000bbbbb';
const REVERTER = '0x00000000000000000000000000000000000ccccc';
const empty = new Uint8Array(0);
/** SSTORE(0, 1) then REVERT(0, 0): burns gas, leaves nothing. */
const REVERT_CODE = Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xfd);

const config: EvmConfig = {
  fork: 'Cancun',
  precompiles: precompileTable('Cancun'),
  block: {
    number: 1n,
    timestamp: 1n,
    coinbase: '0x4200000000000000000000000000000000000011',
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: 0n,
    blobBaseFee: 1n,
    chainId: 10n,
  },
};

function world(): MemoryState {
  const s = new MemoryState();
  s.setAccount(FROM, 5n, 100n, empty, new Map());
  s.setAccount(REVERTER, 1n, 0n, REVERT_CODE, new Map());
  return s;
}

function deposit(to: string, value: bigint, gasLimit: bigint, data = empty): EvmTransaction {
  return { type: 0x7e, sender: FROM, nonce: 0n, gasLimit, to, value, data, accessList: [], gasPrice: 0n };
}

const regolith = { mint: 1000n, isSystemTx: false, regolith: true };

describe('executeDeposit', () => {
  it('mints first, transfers, bumps the nonce and reports the real gas (Regolith)', () => {
    const s = world();
    const r = executeDeposit(s, config, deposit(TO, 1050n, 100_000n), regolith);
    s.commit(r.diff);
    expect(r.success).toBe(true);
    expect(r.gasUsed).toBe(21_000n);
    expect(r.nonce).toBe(5n);
    expect(s.getAccount(FROM)).toMatchObject({ nonce: 6n, balance: 50n });
    expect(s.getAccount(TO)?.balance).toBe(1050n);
  });

  it('a deposit that cannot pay its value fails but keeps the mint and bumps the nonce', () => {
    const s = world();
    const r = executeDeposit(s, config, deposit(TO, 5000n, 100_000n), regolith);
    s.commit(r.diff);
    expect(r.success).toBe(false);
    expect(r.error).toMatch(/^failed deposit: insufficient funds/);
    expect(r.gasUsed).toBe(100_000n);
    expect(s.getAccount(FROM)).toMatchObject({ nonce: 6n, balance: 1100n });
    expect(s.getAccount(TO)).toBeUndefined();
  });

  it('a gas limit below intrinsic gas is a failed deposit using its whole limit', () => {
    const s = world();
    const r = executeDeposit(s, config, deposit(TO, 0n, 20_000n), regolith);
    expect(r.success).toBe(false);
    expect(r.gasUsed).toBe(20_000n);
  });

  it('a reverting call is included: mint kept, nonce bumped, storage untouched, gas actually used', () => {
    const s = world();
    const r = executeDeposit(s, config, deposit(REVERTER, 0n, 100_000n), regolith);
    s.commit(r.diff);
    expect(r.success).toBe(false);
    expect(r.gasUsed).toBeGreaterThan(21_000n);
    expect(r.gasUsed).toBeLessThan(100_000n);
    expect(s.getStorage(REVERTER, 0n)).toBe(0n);
    expect(s.getAccount(FROM)).toMatchObject({ nonce: 6n, balance: 1100n });
  });

  it('before Regolith: gas used is the limit, and 0 for system deposits', () => {
    const pre = { ...regolith, regolith: false };
    expect(executeDeposit(world(), config, deposit(TO, 0n, 100_000n), pre).gasUsed).toBe(100_000n);
    expect(executeDeposit(world(), config, deposit(TO, 0n, 100_000n), { ...pre, isSystemTx: true }).gasUsed).toBe(0n);
  });

  it('from Regolith a system deposit fails (nonce bumped, mint kept, whole gas limit used)', () => {
    const s = world();
    const r = executeDeposit(s, config, deposit(TO, 0n, 100_000n), { ...regolith, isSystemTx: true });
    s.commit(r.diff);
    expect(r.success).toBe(false);
    expect(r.error).toMatch(/system transactions are not supported/);
    expect(r.gasUsed).toBe(100_000n);
    expect(s.getAccount(FROM)).toMatchObject({ nonce: 6n, balance: 1100n });
  });
});
