/**
 * The 65 OpenMIPS / Cannon test programs, run under the harness of Cannon's `evm_common_test.go`
 * as described in the fixture's expected.json: raw code at 0, pc 0, $ra = EndAddr, at most
 * 1000 steps; pass iff EndAddr is reached and the words at 0xBFFFFFF4 / 0xBFFFFFF8 are both 1.
 * Every program also runs one proven step at a time (each proof must pass the stand-alone
 * verifier) and through the block translator; all runs must end in the same state hash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { checkStepProof, InMemoryOracle, MipsState, MipsVM, proveStep, stateHash } from '../src/index.js';

const dir = fixturePath('cannon-mips32-open-mips-tests');
const END_ADDR = 0xa7ef00d0;

interface Expected {
  harness: unknown;
  oracles: {
    'keccak-hello-world': { key: string; preimage_hex: string };
    'precompile-kzg': {
      precompile: string;
      requiredGas: number;
      input_hex: string;
      precompile_key: string;
      precompile_result_hex: string;
    };
  };
  tests: { file: string; expect: string }[];
}

function oracleFor(exp: Expected): InMemoryOracle {
  const o = new InMemoryOracle();
  const hw = exp.oracles['keccak-hello-world'];
  o.set(hexToBytes(hw.key), hexToBytes(`0x${hw.preimage_hex}`));
  const kzg = exp.oracles['precompile-kzg'];
  const gas = new Uint8Array(8);
  new DataView(gas.buffer).setBigUint64(0, BigInt(kzg.requiredGas));
  const keyPre = new Uint8Array([...hexToBytes(kzg.precompile), ...gas, ...hexToBytes(`0x${kzg.input_hex}`)]);
  o.putKeccak(keyPre);
  o.set(hexToBytes(kzg.precompile_key), hexToBytes(`0x${kzg.precompile_result_hex}`));
  return o;
}

function load(file: string): MipsState {
  const st = new MipsState();
  st.memory.setRange(0, new Uint8Array(readFileSync(join(dir!, file))));
  st.registers[31] = END_ADDR | 0;
  return st;
}

describe.skipIf(!dir)('open_mips_tests (Cannon harness)', () => {
  const exp: Expected = dir ? JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) : { tests: [] };
  it('has 65 programs', () => {
    expect(exp.tests.length).toBe(65);
  });
  for (const t of exp.tests) {
    it(t.file, () => {
      const st = load(t.file);
      const vm = new MipsVM(st, oracleFor(exp));
      for (let i = 0; i < 1000 && st.pc !== END_ADDR && !st.exited; i++) vm.step(false);
      if (t.file.endsWith('exit_group.bin')) {
        expect(st.exited).toBe(true);
        expect(st.exitCode).toBe(1);
        expect(st.pc).not.toBe(END_ADDR);
        return;
      }
      expect(st.pc).toBe(END_ADDR);
      expect(st.memory.getWord(0xbffffff4)).toBe(1);
      expect(st.memory.getWord(0xbffffff8)).toBe(1);
    });
    it(`${t.file}: every step proof verifies; proven run = fast run`, () => {
      const fast = load(t.file);
      const fastVm = new MipsVM(fast, oracleFor(exp));
      const proven = load(t.file);
      const vm = new MipsVM(proven, oracleFor(exp));
      for (let i = 0; i < 1000 && proven.pc !== END_ADDR && !proven.exited; i++) {
        const p = proveStep(vm);
        const r = checkStepProof(p);
        expect(r.reason).toBeUndefined();
        expect(r.ok).toBe(true);
        fastVm.step(false);
      }
      expect(stateHash(proven)).toEqual(stateHash(fast));
      // The block translator (run with a budget) must land on exactly the same state.
      const jit = load(t.file);
      new MipsVM(jit, oracleFor(exp), { jitThreshold: 1 }).run(proven.step);
      expect(jit.step).toBe(proven.step);
      expect(stateHash(jit)).toEqual(stateHash(proven));
    });
  }
});
