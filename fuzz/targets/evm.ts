/**
 * Precompile inputs (0x01–0x11 and P256VERIFY at 0x100) under L1 Osaka and under the OP Jovian
 * limits, with a few gas limits, and the host's re-check of a stored precompile result (key type
 * 6). Seeds are go-ethereum's precompile vectors. A precompile never throws: every outcome is a
 * value — success with gas and output, or failure — and a success never uses more gas than given.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { precompileTable } from '@faultline/evm';
import { checkPrecompileResult, PrecompileResultError, precompileResult } from '@faultline/host';
import { precompileKey } from '@faultline/preimage';
import { concatBytes, hexToBytes, u64ToBytes } from '@faultline/primitives';
import { havoc, type MutateContext } from '../mutate.js';
import type { Rng } from '../rng.js';
import { fixtureFiles } from '../seeds.js';
import { InputShapeError, type Target } from '../target.js';

/** `0x` + 40 hex digits of a small precompile number (the table's key). */
const precompileAddress = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

const ADDRESSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x100];
const GAS = [0, 3_000, 150_000, 30_000_000];
const TABLES = [
  precompileTable('Osaka'),
  precompileTable('Prague', { optimism: { fjord: true, granite: true, isthmus: true, jovian: true } }),
];

/** geth vector file → precompile number. */
const FILES: Record<string, number> = {
  ecRecover: 1,
  modexp: 5,
  modexp_eip2565: 5,
  bn256Add: 6,
  bn256ScalarMul: 7,
  bn256Pairing: 8,
  blake2F: 9,
  'fail-blake2f': 9,
  pointEvaluation: 0x0a,
  blsG1Add: 0x0b,
  'fail-blsG1Add': 0x0b,
  blsG1Mul: 0x0c,
  'fail-blsG1Mul': 0x0c,
  blsG1MultiExp: 0x0c,
  'fail-blsG1MultiExp': 0x0c,
  blsG2Add: 0x0d,
  'fail-blsG2Add': 0x0d,
  blsG2Mul: 0x0e,
  blsG2MultiExp: 0x0e,
  'fail-blsG2MultiExp': 0x0e,
  blsPairing: 0x0f,
  'fail-blsPairing': 0x0f,
  blsMapG1: 0x10,
  'fail-blsMapG1': 0x10,
  blsMapG2: 0x11,
  'fail-blsMapG2': 0x11,
  p256Verify: 0x100,
};

/**
 * `selector ++ flags ++ input`; flags: bits 0-1 pick the gas limit, bit 2 the OP table, bit 3
 * adds the host's check of a stored result, bit 4 makes that stored result wrong.
 */
function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const file of fixtureFiles(
    ['ethereum-tests', 'go-ethereum', 'core', 'vm', 'testdata', 'precompiles'],
    '.json',
  )) {
    const n = FILES[basename(file, '.json')];
    if (n === undefined) continue;
    const vectors = JSON.parse(readFileSync(file, 'utf8')) as { Input: string }[];
    for (const v of vectors.slice(0, 12)) {
      out.push(
        concatBytes(
          Uint8Array.of(ADDRESSES.indexOf(n), out.length % 4 === 0 ? 0x1b : 0x0b),
          hexToBytes(`0x${v.Input}`),
        ),
      );
    }
  }
  for (let i = 0; i < ADDRESSES.length; i++) out.push(Uint8Array.of(i, 2));
  return out;
}

function mutate(input: Uint8Array, rng: Rng, ctx: MutateContext): Uint8Array {
  const out = havoc(input.subarray(2), rng, ctx);
  const head = Uint8Array.of(
    rng.oneIn(8) ? rng.int(ADDRESSES.length) : (input[0] ?? 0),
    rng.oneIn(4) ? rng.int(32) : (input[1] ?? 3),
  );
  return concatBytes(head, out);
}

export const precompileTarget: Target = {
  name: 'precompile',
  about:
    'every precompile (Osaka, OP Jovian limits) on hostile input and gas + the host re-check of a stored result (evm, host)',
  maxLength: 8192,
  errors: [PrecompileResultError],
  seeds,
  mutate,
  run(input) {
    if (input.length < 2) throw new InputShapeError('no selector');
    const n = ADDRESSES[input[0]! % ADDRESSES.length]!;
    const gas = GAS[input[1]! & 3]!;
    const table = TABLES[(input[1]! >> 2) & 1]!;
    const data = input.subarray(2);
    const p = table.get(precompileAddress(n));
    if (!p) return;
    const r = p.run(data, gas);
    if (r.status === 'success') {
      if (!(r.gasUsed >= 0 && r.gasUsed <= gas)) throw new Error(`precompile ${n}: used ${r.gasUsed} gas of ${gas}`);
      if (!(r.output instanceof Uint8Array)) throw new Error(`precompile ${n}: output is not bytes`);
    } else if (r.status !== 'failure') throw new Error(`precompile ${n}: unknown status`);
    // The host recomputes a stored result from the call's bytes (address ++ u64 gas ++ input).
    if ((input[1]! & 8) === 0 || gas === 0) return;
    const address = hexToBytes(precompileAddress(n));
    const call = { data: concatBytes(address, u64ToBytes(gas), data), v2: true };
    const key = precompileKey(address, gas, data);
    const expected = precompileResult(TABLES[0]!, call);
    if ((input[1]! & 16) === 0) {
      checkPrecompileResult(key, expected, call, TABLES[0]!);
      return;
    }
    // A stored result that is not the call's (status flipped, or a byte of output) must be refused.
    const wrong = expected.slice();
    wrong[wrong.length > 1 ? 1 + (input.length % (wrong.length - 1)) : 0]! ^= 1;
    checkPrecompileResult(key, wrong, call, TABLES[0]!);
    throw new Error(`precompile ${n}: the host accepted a stored result that differs from the call's`);
  },
  ciCases: 400,
};
