import { bigIntToBytes, concatBytes, keccak256 } from '@faultline/primitives';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { ECRECOVER_GAS, ecrecover } from './ecrecover.js';

const N = secp256k1.Point.Fn.ORDER;
const secretKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const hash = keccak256(new TextEncoder().encode('faultline'));
// The expected signer comes from the public key, not from recovery.
const signerWord = (() => {
  const word = new Uint8Array(32);
  word.set(keccak256(secp256k1.getPublicKey(secretKey, false).subarray(1)).subarray(12), 12);
  return word;
})();

function signatureInput(v: bigint, r: bigint, s: bigint, h = hash): Uint8Array {
  return concatBytes(h, bigIntToBytes(v), bigIntToBytes(r), bigIntToBytes(s));
}

const signature = secp256k1.Signature.fromBytes(secp256k1.sign(hash, secretKey, { prehash: false }), 'compact');
const recovery = (() => {
  for (const bit of [0, 1]) {
    const pub = signature.addRecoveryBit(bit).recoverPublicKey(hash).toBytes(false);
    if (pub.every((b, i) => b === secp256k1.getPublicKey(secretKey, false)[i])) return bit;
  }
  throw new Error('unrecoverable test signature');
})();
const v = BigInt(27 + recovery);

describe('ecrecover', () => {
  it('recovers the signer, left-padded to a word, for 3000 gas', () => {
    expect(ecrecover.run(signatureInput(v, signature.r, signature.s), 100_000)).toEqual({
      status: 'success',
      gasUsed: ECRECOVER_GAS,
      output: signerWord,
    });
  });

  it('accepts a high-s signature (no EIP-2 rule in the precompile)', () => {
    const flipped = BigInt(27 + (1 - recovery));
    const result = ecrecover.run(signatureInput(flipped, signature.r, N - signature.s), 3000);
    expect(result).toEqual({ status: 'success', gasUsed: 3000, output: signerWord });
  });

  it('ignores bytes past the fourth word', () => {
    const input = concatBytes(signatureInput(v, signature.r, signature.s), Uint8Array.of(1, 2, 3));
    expect(ecrecover.run(input, 3000)).toMatchObject({ output: signerWord });
  });

  const invalid: [string, Uint8Array][] = [
    ['v = 29', signatureInput(29n, signature.r, signature.s)],
    ['v = 0', signatureInput(0n, signature.r, signature.s)],
    ['v = 27 with a high byte set', signatureInput(27n + (1n << 100n), signature.r, signature.s)],
    ['r = 0', signatureInput(v, 0n, signature.s)],
    ['s = 0', signatureInput(v, signature.r, 0n)],
    ['r = n', signatureInput(v, N, signature.s)],
    ['s = n', signatureInput(v, signature.r, N)],
    ['r not an x-coordinate', signatureInput(v, 5n, signature.s)],
    ['empty input', new Uint8Array(0)],
  ];
  it.each(invalid)('%s: succeeds with empty output and still costs 3000', (_name, input) => {
    expect(ecrecover.run(input, 3000)).toEqual({ status: 'success', gasUsed: 3000, output: new Uint8Array(0) });
  });

  it('reads a short input as if zero-padded to 128 bytes', () => {
    const full = signatureInput(v, signature.r, signature.s);
    const padded = full.slice();
    padded.fill(0, 100);
    const cut = full.subarray(0, 100);
    expect(ecrecover.run(cut, 3000)).toEqual(ecrecover.run(padded, 3000));
    expect(ecrecover.run(cut, 3000)).not.toEqual(ecrecover.run(full, 3000));
  });

  it('fails with out of gas below 3000, even for a bad signature', () => {
    expect(ecrecover.run(signatureInput(v, signature.r, signature.s), 2999)).toEqual({
      status: 'failure',
      reason: 'out of gas',
    });
    expect(ecrecover.run(new Uint8Array(0), 0)).toMatchObject({ status: 'failure' });
  });
});
