import { bigIntToBytes, concatBytes, sha256 } from '@faultline/primitives';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { createP256Verify, P256VERIFY_GAS_EIP7951, P256VERIFY_GAS_RIP7212, verifyP256 } from './p256-verify.js';

const N = p256.Point.Fn.ORDER;
const P = p256.Point.Fp.ORDER;
const secretKey = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const publicKey = p256.getPublicKey(secretKey, false); // 0x04 ‖ x ‖ y
const hash = sha256(new TextEncoder().encode('passkey'));
const sig = p256.Signature.fromBytes(p256.sign(hash, secretKey, { prehash: false }), 'compact');

function input(h: Uint8Array, r: bigint, s: bigint, key: Uint8Array = publicKey.subarray(1)): Uint8Array {
  return concatBytes(h, bigIntToBytes(r), bigIntToBytes(s), key);
}

const ONE = bigIntToBytes(1n);
const EMPTY = new Uint8Array(0);
const fjord = createP256Verify(P256VERIFY_GAS_RIP7212);

describe('P256VERIFY', () => {
  it('returns the word 1 for a valid signature, including its high-s twin', () => {
    expect(fjord.run(input(hash, sig.r, sig.s), 3450)).toEqual({ status: 'success', gasUsed: 3450, output: ONE });
    expect(verifyP256(input(hash, sig.r, N - sig.s))).toBe(true);
  });

  const rejected: [string, Uint8Array][] = [
    ['another hash', input(sha256(hash), sig.r, sig.s)],
    ['r = 0', input(hash, 0n, sig.s)],
    ['s = 0', input(hash, sig.r, 0n)],
    ['r = n', input(hash, N, sig.s)],
    ['s > n', input(hash, sig.r, N + 1n)],
    ['the point at infinity as key', input(hash, sig.r, sig.s, new Uint8Array(64))],
    ['a key off the curve', input(hash, sig.r, sig.s, concatBytes(bigIntToBytes(1n), bigIntToBytes(1n)))],
    ['a coordinate ≥ p', input(hash, sig.r, sig.s, concatBytes(bigIntToBytes(P), publicKey.subarray(33)))],
    ['159 bytes', input(hash, sig.r, sig.s).subarray(0, 159)],
    ['161 bytes', concatBytes(input(hash, sig.r, sig.s), Uint8Array.of(0))],
  ];
  it.each(rejected)('%s: succeeds with empty output at full price', (_name, data) => {
    expect(fjord.run(data, 3450)).toEqual({ status: 'success', gasUsed: 3450, output: EMPTY });
  });

  it('is priced 3450 (RIP-7212) or 6900 (EIP-7951) and fails one gas short', () => {
    const osaka = createP256Verify(P256VERIFY_GAS_EIP7951);
    expect(osaka.run(input(hash, sig.r, sig.s), 6900)).toMatchObject({ gasUsed: 6900, output: ONE });
    expect(osaka.run(input(hash, sig.r, sig.s), 6899)).toEqual({ status: 'failure', reason: 'out of gas' });
    expect(fjord.run(EMPTY, 3449)).toEqual({ status: 'failure', reason: 'out of gas' });
  });
});
