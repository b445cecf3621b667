import { bigIntToBytes, concatBytes, sha256 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { createPointEvaluation, type KzgVerifier } from './kzg-point-evaluation.js';

const commitment = Uint8Array.from({ length: 48 }, (_, i) => i);
const versionedHash = (() => {
  const h = sha256(commitment);
  h[0] = 0x01;
  return h;
})();
const z = bigIntToBytes(7n);
const y = bigIntToBytes(9n);
const proof = Uint8Array.from({ length: 48 }, (_, i) => 100 + i);
const input = concatBytes(versionedHash, z, y, commitment, proof);

function recordingVerifier(answer: boolean | Error) {
  const calls: Uint8Array[][] = [];
  const verifier: KzgVerifier = {
    verifyKzgProof(c, zz, yy, p) {
      calls.push([c, zz, yy, p]);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { verifier, calls };
}

// EIP-4844: FIELD_ELEMENTS_PER_BLOB = 4096 and BLS_MODULUS as two big-endian words.
const EXPECTED_OUTPUT = concatBytes(
  bigIntToBytes(4096n),
  bigIntToBytes(52435875175126190479447740508185965837690552500527637822603658699938581184513n),
);

describe('POINT_EVALUATION', () => {
  it('hands commitment, z, y, proof to the verifier and returns the blob constants', () => {
    const { verifier, calls } = recordingVerifier(true);
    expect(createPointEvaluation(verifier).run(input, 50000)).toEqual({
      status: 'success',
      gasUsed: 50000,
      output: EXPECTED_OUTPUT,
    });
    expect(calls).toEqual([[commitment, z, y, proof]]);
  });

  it('fails when the proof does not verify or the verifier rejects the encoding', () => {
    expect(createPointEvaluation(recordingVerifier(false).verifier).run(input, 50000)).toMatchObject({
      status: 'failure',
    });
    const threw = createPointEvaluation(recordingVerifier(new Error('invalid z')).verifier).run(input, 50000);
    expect(threw).toEqual({ status: 'failure', reason: 'point evaluation: invalid z' });
  });

  it('checks the versioned hash (version byte and sha256 tail) before verifying', () => {
    for (const index of [0, 31]) {
      const bad = input.slice();
      bad[index] ^= 1;
      const { verifier, calls } = recordingVerifier(true);
      expect(createPointEvaluation(verifier).run(bad, 50000)).toMatchObject({ status: 'failure' });
      expect(calls).toHaveLength(0);
    }
  });

  it('needs exactly 192 bytes and 50000 gas', () => {
    const p = createPointEvaluation(recordingVerifier(true).verifier);
    expect(p.run(input.subarray(0, 191), 50000)).toEqual({ status: 'failure', reason: 'invalid input length' });
    expect(p.run(concatBytes(input, Uint8Array.of(0)), 50000)).toEqual({
      status: 'failure',
      reason: 'invalid input length',
    });
    expect(p.run(input, 49999)).toEqual({ status: 'failure', reason: 'out of gas' });
  });
});
