/**
 * geth's precompile vectors (core/vm/testdata/precompiles, 29 files): every success vector must
 * produce the expected output at exactly the expected gas, and fail with "out of gas" one gas
 * below it; every `fail-*` vector must fail with geth's error string. Each file is mapped to
 * the address and fork whose pricing it was written for (geth tests repriced variants at
 * private addresses; here the fork selects them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import type { Fork } from '../src/fork.js';
import { PRECOMPILE_ADDRESSES as A, precompileTable } from '../src/precompiles/index.js';

const dir = fixturePath('ethereum-tests/go-ethereum/core/vm/testdata/precompiles');

interface SuccessVector {
  Input: string;
  Expected: string;
  Gas: number;
  Name: string;
}
interface FailureVector {
  Input: string;
  ExpectedError: string;
  Name: string;
}

/** file (without .json) → where and under which fork its vectors apply. */
const FILES: Record<string, { address: string; fork: Fork }> = {
  ecRecover: { address: A.ECRECOVER, fork: 'Frontier' },
  modexp: { address: A.MODEXP, fork: 'Byzantium' }, // EIP-198 pricing
  modexp_eip2565: { address: A.MODEXP, fork: 'Berlin' },
  modexp_eip7883: { address: A.MODEXP, fork: 'Osaka' },
  bn256Add: { address: A.BN254_ADD, fork: 'Istanbul' }, // EIP-1108 pricing (150/6000/34000k+45000)
  bn256ScalarMul: { address: A.BN254_MUL, fork: 'Istanbul' },
  bn256Pairing: { address: A.BN254_PAIRING, fork: 'Istanbul' },
  blake2F: { address: A.BLAKE2F, fork: 'Istanbul' },
  pointEvaluation: { address: A.POINT_EVALUATION, fork: 'Cancun' },
  blsG1Add: { address: A.BLS12_G1ADD, fork: 'Prague' },
  blsG1Mul: { address: A.BLS12_G1MSM, fork: 'Prague' }, // final EIP-2537: MUL is a 1-pair MSM
  blsG1MultiExp: { address: A.BLS12_G1MSM, fork: 'Prague' },
  blsG2Add: { address: A.BLS12_G2ADD, fork: 'Prague' },
  blsG2Mul: { address: A.BLS12_G2MSM, fork: 'Prague' },
  blsG2MultiExp: { address: A.BLS12_G2MSM, fork: 'Prague' },
  blsPairing: { address: A.BLS12_PAIRING_CHECK, fork: 'Prague' },
  blsMapG1: { address: A.BLS12_MAP_FP_TO_G1, fork: 'Prague' },
  blsMapG2: { address: A.BLS12_MAP_FP2_TO_G2, fork: 'Prague' },
  p256Verify: { address: A.P256VERIFY, fork: 'Osaka' }, // EIP-7951 price (6900)
};

/** fail-<x>.json → the precompile of x. */
const FAIL_FILES: Record<string, string> = {
  blake2f: 'blake2F',
  blsG1Add: 'blsG1Add',
  blsG1Mul: 'blsG1Mul',
  blsG1MultiExp: 'blsG1MultiExp',
  blsG2Add: 'blsG2Add',
  blsG2Mul: 'blsG2Mul',
  blsG2MultiExp: 'blsG2MultiExp',
  blsMapG1: 'blsMapG1',
  blsMapG2: 'blsMapG2',
  blsPairing: 'blsPairing',
};

/** Ample gas for the failure vectors, which carry no gas figure; failure must not be OOG. */
const GENEROUS_GAS = 1e12;

function load<T>(file: string): T[] {
  return JSON.parse(readFileSync(join(dir as string, `${file}.json`), 'utf8')) as T[];
}

describe.skipIf(!dir)('geth precompile vectors', () => {
  it('covers every vector file in the directory', () => {
    const files = readdirSync(dir as string).filter((f) => f.endsWith('.json'));
    const mapped = [
      ...Object.keys(FILES).map((f) => `${f}.json`),
      ...Object.keys(FAIL_FILES).map((f) => `fail-${f}.json`),
    ];
    expect(files.sort()).toEqual(mapped.sort());
  });

  for (const [file, { address, fork }] of Object.entries(FILES)) {
    describe(`${file} (${fork})`, () => {
      const precompile = precompileTable(fork).get(address);
      const vectors = dir ? load<SuccessVector>(file) : [];
      it.each(vectors.map((v) => [v.Name, v] as const))('%s', (_name, v) => {
        expect(precompile, `${address} under ${fork}`).toBeDefined();
        const input = hexToBytes(`0x${v.Input}`);
        const copy = input.slice();
        const result = precompile?.run(input, v.Gas);
        expect(result).toEqual({ status: 'success', gasUsed: v.Gas, output: hexToBytes(`0x${v.Expected}`) });
        expect(bytesToHex(input)).toBe(bytesToHex(copy)); // input untouched
        if (v.Gas > 0) {
          expect(precompile?.run(input, v.Gas - 1)).toEqual({ status: 'failure', reason: 'out of gas' });
        }
      });
    });
  }

  for (const [failFile, of] of Object.entries(FAIL_FILES)) {
    const { address, fork } = FILES[of];
    describe(`fail-${failFile} (${fork})`, () => {
      const precompile = precompileTable(fork).get(address);
      const vectors = dir ? load<FailureVector>(`fail-${failFile}`) : [];
      it.each(vectors.map((v) => [v.Name, v] as const))('%s', (_name, v) => {
        const result = precompile?.run(hexToBytes(`0x${v.Input}`), GENEROUS_GAS);
        expect(result).toEqual({ status: 'failure', reason: v.ExpectedError });
      });
    });
  }
});
