import { MAX_U256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { operatorFee, operatorFeeRefund } from './operator-fee.js';

describe('Isthmus operator fee: gas · scalar / 1e6 + constant', () => {
  it('computes hand-checked values', () => {
    // 50000 · 2000000 / 1e6 + 100 = 100100
    expect(operatorFee({ scalar: 2_000_000n, constant: 100n }, 50_000n)).toBe(100_100n);
    // 21000 · 1 / 1e6 rounds down to 0: only the constant remains
    expect(operatorFee({ scalar: 1n, constant: 7n }, 21_000n)).toBe(7n);
    expect(operatorFee({ scalar: 0n, constant: 0n }, 1_000_000n)).toBe(0n);
  });
  it('refunds the unused part of the up-front charge (the constant is not refunded)', () => {
    // limit 100000 → 200000 + 5; used 60000 → 120000 + 5; refund 80000
    expect(operatorFeeRefund({ scalar: 2_000_000n, constant: 5n }, 100_000n, 60_000n)).toBe(80_000n);
  });
  it('saturates at 2^256 - 1', () => {
    expect(operatorFee({ scalar: (1n << 32n) - 1n, constant: (1n << 64n) - 1n }, MAX_U256)).toBe(MAX_U256);
  });
});

describe('Jovian operator fee: gas · scalar · 100 + constant', () => {
  it('computes hand-checked values', () => {
    // 50000 · 3 · 100 + 100 = 15,000,100 (Isthmus would give 50000 · 3 / 1e6 + 100 = 100)
    expect(operatorFee({ scalar: 3n, constant: 100n, jovian: true }, 50_000n)).toBe(15_000_100n);
    expect(operatorFee({ scalar: 3n, constant: 100n }, 50_000n)).toBe(100n);
    // refund: limit 100000 → 30,000,000 + 5; used 60000 → 18,000,000 + 5; refund 12,000,000
    expect(operatorFeeRefund({ scalar: 3n, constant: 5n, jovian: true }, 100_000n, 60_000n)).toBe(12_000_000n);
  });
  it('reaches the spec maximum of u64max · u32max · 100 + u64max (103 bits) without saturating', () => {
    const u64 = (1n << 64n) - 1n;
    const u32 = (1n << 32n) - 1n;
    const max = operatorFee({ scalar: u32, constant: u64, jovian: true }, u64);
    expect(max).toBe(u64 * u32 * 100n + u64);
    expect(max.toString(2).length).toBe(103);
    // = 7,922,816,249,600,206,095,627,652,694,115 ≈ 7.9228e30 (2^96 · 100). The spec's "≈ 7.924660923989131e30"
    // is 0.02 % off; the exact product is what the formula gives.
    expect(max).toBe(7_922_816_249_600_206_095_627_652_694_115n);
  });
});
