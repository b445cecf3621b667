import { describe, expect, it } from 'vitest';
import { daFootprint, daUsageEstimate } from './da-footprint.js';
import { flzCompressLen } from './fastlz.js';

describe('Jovian DA footprint: max(100, (−42,585,600 + 836,500 · fastlzSize) // 1e6) · scalar', () => {
  it('floors small transactions at 100 bytes', () => {
    // 836,500 · 50 − 42,585,600 = −760,600 < 100e6 → 100 bytes
    expect(daUsageEstimate(50n)).toBe(100n);
    // 836,500 · 170 − 42,585,600 = 99,619,400 → still below the floor
    expect(daUsageEstimate(170n)).toBe(100n);
  });

  it('divides before multiplying by the scalar', () => {
    // 836,500 · 200 − 42,585,600 = 124,714,400 → 124 bytes (not 124.7144) → × 400 = 49,600
    expect(daUsageEstimate(200n)).toBe(124n);
    let x = 0x12345678;
    const tx = new Uint8Array(1000).map(() => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    }); // xorshift noise: FastLZ cannot shrink it
    const size = BigInt(flzCompressLen(tx));
    expect(size).toBeGreaterThan(900n);
    expect(daFootprint(tx, 400n)).toBe(((836_500n * size - 42_585_600n) / 1_000_000n) * 400n);
    expect(daFootprint(tx, 0n)).toBe(0n);
  });
});
