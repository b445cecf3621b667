import { describe, expect, it } from 'vitest';
import { readTrustedSetupG1Lagrange, reverseBits12 } from '../scripts/kzg-setup-file.js';
import { KZG_SETUP_G1_LAGRANGE_BRP } from './kzg-setup-g1-lagrange.js';

const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;

/** ZCash compressed encoding, written out independently of the client's code. */
function compressedHex(x: bigint, y: bigint): string {
  const top = 0x80 | (y > (P - 1n) / 2n ? 0x20 : 0);
  const hex = x.toString(16).padStart(96, '0');
  return (Number.parseInt(hex.slice(0, 2), 16) | top).toString(16).padStart(2, '0') + hex.slice(2);
}

describe('the generated KZG setup module (kzg-setup-g1-lagrange.ts)', () => {
  it('holds, at line i, the decompressed setup point bit_reversal(i) of c-kzg trusted_setup.txt, on the curve', () => {
    const { lines } = readTrustedSetupG1Lagrange();
    const rows = KZG_SETUP_G1_LAGRANGE_BRP.trim().split('\n');
    expect(rows).toHaveLength(4096);
    for (let i = 0; i < 4096; i++) {
      const bytes = Buffer.from(rows[i]!, 'base64');
      expect(bytes.length).toBe(96);
      const x = BigInt(`0x${bytes.subarray(0, 48).toString('hex')}`);
      const y = BigInt(`0x${bytes.subarray(48).toString('hex')}`);
      expect(x < P && y < P).toBe(true);
      // y² = x³ + 4 (BLS12-381 G1) and the compressed form is the file's line: the same point.
      expect((y * y) % P).toBe((x * x * x + 4n) % P);
      expect(compressedHex(x, y)).toBe(lines[reverseBits12(i)]);
    }
  });
});
