/**
 * The step-proof verifier as a library API on malformed input (issue 18): wrong-length state
 * data and malformed proof JSON are ProofErrors, never a RangeError or TypeError.
 */
import { describe, expect, it } from 'vitest';
import { MEM_PROOF_SIZE, WITNESS_SIZE } from './constants.js';
import { ProofError } from './errors.js';
import { checkStepProof, stepProofFromJson, verifyStep } from './proof.js';
import { encodeWitness, MipsState } from './state.js';

describe('verifyStep / checkStepProof / stepProofFromJson on malformed input', () => {
  it.each([0, 225, 227, 1000])('state-data of %i bytes is a ProofError', (n) => {
    expect(() => verifyStep(new Uint8Array(n), new Uint8Array(2 * MEM_PROOF_SIZE))).toThrow(ProofError);
    expect(() => verifyStep(new Uint8Array(n), new Uint8Array(0))).toThrow(
      `state-data: expected ${WITNESS_SIZE} bytes, got ${n}`,
    );
    const p = {
      step: 0,
      pre: new Uint8Array(32),
      post: new Uint8Array(32),
      stateData: new Uint8Array(n),
      proofData: new Uint8Array(0),
    };
    expect(() => checkStepProof(p)).toThrow(ProofError);
  });

  it('proof-data of the wrong length is a ProofError', () => {
    expect(() => verifyStep(encodeWitness(new MipsState()), new Uint8Array(10))).toThrow(
      `proof-data: expected ${2 * MEM_PROOF_SIZE} bytes, got 10`,
    );
  });

  it('a step count past 2^53 is a ProofError: its post-state (step + 1) cannot be computed exactly', () => {
    const s = new MipsState();
    s.step = 1;
    const w = encodeWitness(s);
    new DataView(w.buffer).setBigUint64(90, 2n ** 53n + 1n);
    expect(() => verifyStep(w, new Uint8Array(2 * MEM_PROOF_SIZE))).toThrow(
      'state-data: step 9007199254740993 is beyond 2^53 (not a reachable step count)',
    );
  });

  it.each([
    ['null', null, 'proof: expected a JSON object'],
    ['an array', [], 'proof: expected a JSON object'],
    ['a state file', { memory: [], pc: 0 }, 'proof: field "pre" must be a hex string'],
    [
      'a short state-data',
      { pre: `0x${'00'.repeat(32)}`, post: `0x${'00'.repeat(32)}`, 'state-data': '0x00', 'proof-data': '0x' },
      /proof: field "state-data": .*expected 226 bytes, got 1/,
    ],
    ['a fractional step', { step: 1.5 }, 'proof: field "step" must be a non-negative integer, got 1.5'],
  ])('stepProofFromJson(%s) is a ProofError', (_what, json, message) => {
    expect(() => stepProofFromJson(json)).toThrow(ProofError);
    expect(() => stepProofFromJson(json)).toThrow(message);
  });
});
