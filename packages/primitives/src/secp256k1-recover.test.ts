import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { recoverPublicKeyFast } from './secp256k1-recover.js';
import { recoverPublicKeyWasm, SECP256K1_WASM_AVAILABLE } from './secp256k1-recover-wasm.js';

const N = secp256k1.Point.Fn.ORDER;

function noble(hash: Uint8Array, r: bigint, s: bigint, recid: number): Uint8Array | undefined {
  try {
    return new secp256k1.Signature(r, s, recid).recoverPublicKey(hash).toBytes(false);
  } catch {
    return undefined;
  }
}

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
function bytes(seed: number, length: number): Uint8Array {
  let x = seed * 2654435761 + 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function int(b: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

// Both recoveries, BigInt and WebAssembly, must give noble's answer on every input.
const IMPLEMENTATIONS: [string, typeof recoverPublicKeyFast][] = [
  ['recoverPublicKeyFast (BigInt)', recoverPublicKeyFast],
  ['recoverPublicKeyWasm', recoverPublicKeyWasm],
];

it('runs the WebAssembly recovery under Node (V8 has WebAssembly)', () => {
  expect(SECP256K1_WASM_AVAILABLE).toBe(true);
});

describe.each(IMPLEMENTATIONS)('%s', (_name, recover) => {
  it('recovers the key that signed, for both parities', () => {
    for (let i = 1; i <= 40; i++) {
      const secret = bytes(i, 32);
      const hash = bytes(1000 + i, 32);
      const sig = secp256k1.sign(hash, secret, { prehash: false, format: 'recovered' });
      const recid = sig[0] as number;
      const r = int(sig.subarray(1, 33));
      const s = int(sig.subarray(33));
      expect(recover(hash, r, s, recid)).toEqual(secp256k1.getPublicKey(secret, false));
      // The other parity recovers a different key, the same one noble recovers.
      const other = recover(hash, r, s, recid ^ 1);
      expect(other).toEqual(noble(hash, r, s, recid ^ 1));
      expect(other).not.toEqual(secp256k1.getPublicKey(secret, false));
    }
  });

  it('agrees with noble on arbitrary (hash, r, s), including r off the curve', () => {
    let offCurve = 0;
    for (let i = 0; i < 60; i++) {
      const hash = bytes(5000 + i, 32);
      const r = (int(bytes(7000 + i, 32)) % (N - 1n)) + 1n;
      const s = (int(bytes(9000 + i, 32)) % (N - 1n)) + 1n;
      const want = noble(hash, r, s, i & 1);
      if (want === undefined) offCurve++;
      expect(recover(hash, r, s, i & 1)).toEqual(want);
    }
    expect(offCurve).toBeGreaterThan(0); // about half of all x have no point
  });

  it('agrees with noble on edge scalars: hash 0, hash ≥ n, r = 1 and s = n − 1', () => {
    const cases: [Uint8Array, bigint, bigint][] = [
      [new Uint8Array(32), 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n, 5n],
      [new Uint8Array(32).fill(0xff), 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n, N - 1n],
      [bytes(3, 32), 1n, 1n],
      [bytes(4, 32), N - 1n, N - 1n],
    ];
    for (const [hash, r, s] of cases) {
      for (const recid of [0, 1]) expect(recover(hash, r, s, recid)).toEqual(noble(hash, r, s, recid));
    }
  });

  it('returns undefined when the key would be the point at infinity', () => {
    // r = Gx, R = ±G, s = 1: Q = r⁻¹(R − e·G) is ∞ exactly when e ≡ ±1 on the matching parity.
    const gx = secp256k1.Point.BASE.x;
    const gy = secp256k1.Point.BASE.y;
    const hash = new Uint8Array(32);
    hash[31] = 1;
    const recid = Number(gy & 1n);
    expect(noble(hash, gx, 1n, recid)).toBeUndefined();
    expect(recover(hash, gx, 1n, recid)).toBeUndefined();
    expect(recover(hash, gx, 1n, recid ^ 1)).toEqual(noble(hash, gx, 1n, recid ^ 1));
  });
});
