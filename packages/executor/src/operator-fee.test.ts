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
